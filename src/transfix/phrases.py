"""Whole-word, case- and whitespace-insensitive phrase search in one pass over the text.

Every phrase of every glossary entry goes into one Aho-Corasick automaton (a C
implementation, ``pyahocorasick``). The text is *folded* once: lowercased,
every whitespace character turned into a space, runs of spaces collapsed, and
curly apostrophes made straight. The automaton then reports each occurrence of
any phrase in one scan, so the cost does not grow with the number of phrases;
a cheap boundary check keeps whole words only, and offsets are mapped back to
the original text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

import ahocorasick

T = TypeVar("T")

_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
# Marks written for an apostrophe: curly quotes, the modifier letter, the prime, the acute.
APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4"
_FOLD_TABLE = str.maketrans({**{c: " " for c in _WHITESPACE}, **dict.fromkeys(APOSTROPHES, "'")})
_RUNS = re.compile(" {2,}")
_JOINERS = "'-"


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters (such as U+0130) lowercase to two; keep those as they are.
    return "".join(lc if len(lc := c.lower()) == 1 else c for c in text)


def fold_unicode(text: str) -> str:
    """Lowercase, whitespace to spaces, straight apostrophes; same length as ``text``."""
    return _lower_same_length(text).translate(_FOLD_TABLE)


def _latin1_table(space: str, keep: str = "") -> bytes:
    """A byte table: Latin-1 letters lowercased, the ``space`` characters to spaces."""
    out = bytearray(range(256))
    for b in range(256):
        c = chr(b)
        low = c.lower()
        if c in space:
            out[b] = 0x20
        elif len(low) == 1 and ord(low) < 256:
            out[b] = ord(low)
    return bytes(out)


_LATIN1_FOLD = _latin1_table("".join(c for c in _WHITESPACE if ord(c) < 256)).replace(b"\xb4", b"'")
# Characters outside Latin-1 that fold to something else: replaced first, with str.replace.
_WIDE = [(c, " ") for c in _WHITESPACE if ord(c) >= 256] + [
    (c, "'") for c in APOSTROPHES if ord(c) >= 256
]


_LATIN1_LOWER = bytes(
    ord(low) if len(low := chr(b).lower()) == 1 and ord(low) < 256 else b for b in range(256)
)


def lower_latin1(text: str) -> str:
    """``text`` lowercased, same length, every character outside Latin-1 a ``?``: for finding
    words in a long text. ``str.lower`` of a text that is not all ASCII allocates twelve
    bytes per character for the while; this, one."""
    return text.encode("latin-1", "replace").translate(_LATIN1_LOWER).decode("latin-1")


def fold(text: str, extra: dict[str, str] | None = None) -> str:
    """Lowercase, whitespace to spaces, straight apostrophes; same length as ``text``.

    Every character outside Latin-1 that is not whitespace or an apostrophe becomes ``?``,
    except those ``extra`` maps to a control character of their own (the curly quotes a
    glossary phrase holds): the text goes through a byte table, a hundred times faster
    than a ``str.translate`` over a Unicode text.
    """
    for c, rep in _WIDE:
        if c in text:
            text = text.replace(c, rep)
    for c, rep in (extra or {}).items():
        if c in text:
            text = text.replace(c, rep)
    return text.encode("latin-1", "replace").translate(_LATIN1_FOLD).decode("latin-1")


# Control characters free to stand for the characters outside Latin-1 that phrases hold.
_SPARE = [chr(c) for c in (*range(1, 9), *range(0x0E, 0x1C)) if chr(c) not in _WHITESPACE]


def normalize_phrase(phrase: str) -> str:
    """The search key of a phrase: folded, with single spaces and no outer spaces."""
    return _RUNS.sub(" ", fold_unicode(phrase)).strip()


class FoldedText:
    """A text folded for matching, with a map from folded offsets back to the original."""

    def __init__(self, text: str, extra: dict[str, str] | None = None) -> None:
        """``extra``: characters outside Latin-1 that phrases hold, and what they fold to."""
        self.original = text
        self._extra_used = {c: r for c, r in (extra or {}).items() if c in text}
        folded = fold(text, extra)
        #: The fold before runs of whitespace are joined: offsets are the original's.
        self.same_length = folded
        self._bp: list[int] = []  # folded offsets where the shift changes
        self._shift: list[int] = []  # characters removed before that offset
        if "  " in folded:
            removed = 0
            for m in _RUNS.finditer(folded):
                removed += m.end() - m.start() - 1
                self._bp.append(m.end() - removed)
                self._shift.append(removed)
            folded = _RUNS.sub(" ", folded)
        self.folded = folded

    @classmethod
    def of(cls, text: str, extra: dict[str, str] | None = None) -> FoldedText:
        """``FoldedText(text, extra)``, shared by the rules that read the same text: the last
        one made is reused when the text is the same and folds the same (none of the
        ``extra`` characters either asked for occurs in it)."""
        last = _LAST_FOLDED[0]
        if last is not None and last.original is text:
            wanted = {c: r for c, r in (extra or {}).items() if c in text}
            if wanted == last._extra_used:
                return last
        made = cls(text, extra)
        _LAST_FOLDED[0] = made
        return made

    def to_original(self, i: int) -> int:
        k = bisect.bisect_right(self._bp, i) - 1
        return i + self._shift[k] if k >= 0 else i


_LAST_FOLDED: list[FoldedText | None] = [None]


def _is_word(c: str) -> bool:
    return c.isalnum()


# pyahocorasick copies the string it searches at four bytes a character: a long text is
# searched a piece at a time (pieces of this many characters, plus the longest key).
_PIECE = 1 << 16
_LONGEST: dict[int, tuple[Any, int]] = {}  # id(automaton) -> (automaton, its longest key)


def iter_matches(automaton: Any, text: str) -> Iterator[tuple[int, Any]]:
    """``automaton.iter(text)``, the same matches in the same order (by end, the longer
    first), found a piece at a time so that no copy of the whole text is made. Every value
    stored in the automaton starts with its key's length."""
    n = len(text)
    known = _LONGEST.get(id(automaton))
    if known is None or known[0] is not automaton:
        if len(_LONGEST) > 64:
            _LONGEST.clear()
        known = _LONGEST[id(automaton)] = (automaton, automaton.get_stats()["longest_word"])
    longest = known[1]
    if n <= 2 * _PIECE or longest * 4 > _PIECE:
        yield from automaton.iter(text)
        return
    pending: list[tuple[int, Any]] = []  # the last piece's matches that end past it
    base = 0
    while base < n:
        limit = base + _PIECE  # a match starting here or later is the next piece's
        top = min(n, limit + longest - 1)
        final = top >= n
        stop = n if final else limit  # matches ending here or later are looked at one by one
        carry: list[tuple[int, Any]] = []
        hits = automaton.iter(text[base:top])
        # the last piece's tail first, merged in (by end, the longer first); only the first
        # matches of a piece can come after some of it
        for end, value in hits:
            while pending and (pending[0][0], -pending[0][1][0]) < (end + base, -value[0]):
                yield pending.pop(0)
            if not pending:
                hits = itertools.chain(((end, value),), hits)
                break
            yield end + base, value
        yield from pending
        for end, value in hits:
            end += base
            if end >= stop:  # past the piece: the next piece's, or carried to it
                if end - value[0] + 1 < limit:
                    carry.append((end, value))
                continue
            yield end, value
        if final:
            return
        pending = carry
        base = limit


class PhraseIndex(Generic[T]):
    """Phrases with payloads; :meth:`search` yields every whole-word occurrence."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._keys: dict[str, int] = {}
        self._payloads: list[list[T]] = []
        self._built = False
        #: characters outside Latin-1 that phrases hold -> the control characters for them
        self.extra: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._payloads)

    def add(self, phrase: str, payload: T) -> None:
        key = normalize_phrase(phrase)
        if not key:
            raise ValueError("empty phrase")
        if max(key) > "\xff":  # characters outside Latin-1 (curly quotes): each its own mark
            for c in {c for c in key if ord(c) > 255}:
                if c not in self.extra:
                    if len(self.extra) >= len(_SPARE):
                        raise ValueError(f"too many characters outside Latin-1 in phrases: {c!r}")
                    self.extra[c] = _SPARE[len(self.extra)]
            key = "".join(self.extra.get(c, c) for c in key)
        idx = self._keys.get(key)
        if idx is None:
            idx = self._keys[key] = len(self._payloads)
            self._payloads.append([])
            self._automaton.add_word(key, (len(key), idx, _is_word(key[0]), _is_word(key[-1])))
        self._payloads[idx].append(payload)
        self._built = False

    def build(self) -> None:
        if self._payloads and not self._built:
            self._automaton.make_automaton()
        self._built = True

    def search(self, text: FoldedText) -> Iterator[tuple[int, int, list[T]]]:
        """Yield ``(start, end, payloads)`` in original offsets for every whole-word match."""
        if not self._payloads:
            return
        self.build()
        folded = text.folded
        n = len(folded)
        to_original = text.to_original
        payloads = self._payloads
        for last, (length, idx, word_start, word_end) in iter_matches(self._automaton, folded):
            start = last - length + 1
            end = last + 1
            if word_start and start > 0:
                before = folded[start - 1]
                if before.isalnum():
                    continue
                if before in _JOINERS and start > 1 and folded[start - 2].isalnum():
                    continue
            if word_end and end < n:
                after = folded[end]
                if after.isalnum():
                    continue
                if after in _JOINERS and end + 1 < n and folded[end + 1].isalnum():
                    continue
            yield to_original(start), to_original(last) + 1, payloads[idx]
