"""Rule kind ``names``: repair pinyin personal names broken by machine translation.

Evidence, not guesses. A change is *certain* (safe) only when the name's shape
proves it or the context gives evidence; otherwise it is a suggestion or
nothing at all. Each edit's message names the evidence it used.

Shapes (GB/T 28039-2011: surname and given name each start with a capital; a
given name is one word; a compound surname is one word):

* ``Zhao guibo`` -> ``Zhao Guibo`` (given name lowercased);
* ``fan Yuhu`` -> ``Fan Yuhu`` (surname lowercased; when the surname is also an
  English word such as *he*, *an*, *fan*, only with evidence);
* ``huang zhiliang, wu xi`` -> ``Huang Zhiliang, Wu Xi`` (both lowercased, in a
  list of names or before a title);
* ``Chang XiangQian`` -> ``Chang Xiangqian``; ``OuYang Wen`` -> ``Ouyang Wen``;
* ``Liu lixiang`` after ``Liu Lixiang`` in the same document: unified;
* suggestions only (certain when the roster or the document names the person):
  run-together ``Hujun`` -> ``Hu Jun``, hyphenated ``Zhao Gui-bo``, reversed
  ``xiao-ming Yang`` -> ``Yang Xiaoming``, three tokens ``Zhang Si Zhi``.

Evidence for a surname that is also an English word, or for a token that is an
English word: a list of names (comma- or *and*-separated with another name), a
title apposition after it (``, deputy county head``), a title before it, *an*
before a consonant-initial pinyin name (ungrammatical as an article), the
roster, or the same name written correctly elsewhere in the document.

Speed: one Aho-Corasick automaton (C) finds every whole-word surname, title
word and roster name in one pass over a case-folded copy of the text; only the
few tokens around each hit are looked at in Python, and every distinct token is
classified once (see :mod:`transfix.kinds.pinyin`). No loop over surnames.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import Any, ClassVar

import ahocorasick

from transfix.edits import Edit, Finding, Keep, Safety
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.kinds.pinyin import (
    COMPOUND,
    ENGLISH,
    ESURNAME,
    FUNCTION,
    GIVEN,
    HYPHEN,
    ICAP,
    LEXICON_SCHEMAS,
    LOWER,
    PLACE,
    RUN,
    SINGLE,
    SURNAME,
    TITLE,
    UPPER,
    Lexicon,
    TokenFlags,
    cap,
    name_key,
    split_possessive,
)
from transfix.phrases import iter_matches
from transfix.schema import SOURCES, STRINGS
from transfix.yamlsource import YamlSource

# ----------------------------------------------------------------------------- schemas

_META: dict[str, Any] = {
    "description": {"type": "string"},
    "source": SOURCES,
}

ROSTER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"const": "roster"},
        **_META,
        "people": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "en": {"type": "string", "pattern": "^[A-Z][a-zü]+ [A-Z][a-zü']+$"},
                    "zh": {"type": "string"},
                    "note": {"type": "string"},
                    "source": SOURCES,
                },
                "required": ["en"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["people"],
    "additionalProperties": False,
}
OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "titles_after": STRINGS,
        "titles_before": STRINGS,
        "place_words": STRINGS,
        "places": STRINGS,
        "not_names": STRINGS,
        "function_words": STRINGS,
        "verbs_after": STRINGS,
        # words right before which a name stands ("by ma Xiaolin", "met fan Jianhua")
        "name_slot_words": STRINGS,
        # surnames machine translation spells otherwise: {lv: Lü}
        "respell": {"type": "object", "additionalProperties": {"type": "string"}},
        # surnames translated as English words: {high: Gao, white: Bai} (suggestions only)
        "literal_surnames": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "additionalProperties": False,
}

_TOKEN_SPLIT = re.compile(r"([A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*)")
# Lowercase ASCII letters (and ü); every other ASCII character becomes a space, so an
# automaton key " wang " matches the whole word only.
# A byte table (the text goes through Latin-1, "?" standing for anything beyond): a hundred
# times faster than str.translate over a Unicode text.
_FOLD = bytes(
    0x20
    if b < 128 and not chr(b).isalpha()
    else (ord(chr(b).lower()) if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00dc" else b)
    for b in range(256)
)
# Inline markup between the words of a name ("**Zhao** guibo", "<b>Zhao</b> guibo", which a
# view masks as NUL): the words stay one name when a space stands between them too.
_MARKUP = "\x00*_~"
_M = re.escape(_MARKUP)
_NEXT_TOKEN = re.compile(
    rf"[{_M}]*[ \t\r\n][ \t\r\n{_M}]*([A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*)"
)
_PREV_TOKEN = re.compile(rf"([A-Za-z]+)[{_M}]*[ \t][ \t{_M}]*\Z")
_PREV_HYPHENATED = re.compile(r"([A-Za-z]+-[A-Za-z]+)[ \t\r\n]+\Z")
_LIST_SEPARATORS = (",", "、", "，", ";")
_ARTICLES = ("the", "a", "an")
# Words that stay English before a capitalised pinyin word: only evidence makes them names.
_GRAMMATICAL = frozenset({"a", "an", "he", "she", "me", "you", "e", "o", "ye"})
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "every",
        "each",
        "folk",
        "pop",
        "big",
        "new",
        "old",
    }
)
_CONSONANTS = frozenset("bcdfgjklmnpqrstvwxyz")  # not h: "an hour"
_BEFORE, _AFTER = 60, 90  # characters of context around a hit (enough for 6 tokens)
_REACH = 1500  # a window reaches this far, so the next hits (a list of names ...) reuse it

_SURNAME_KEY, _TITLE_KEY, _ROSTER_KEY, _VERB_KEY, _BEFORE_KEY, _LITERAL_KEY = 1, 2, 3, 4, 5, 6

_MESSAGES = {
    "given-lowercase": "a given name starts with a capital (GB/T 28039)",
    "surname-lowercase": "a surname starts with a capital (GB/T 28039)",
    "both-lowercase": "surname and given name start with capitals (GB/T 28039)",
    "internal-capital": "a given name is one word with one capital (GB/T 28039)",
    "compound-surname": "a compound surname is one word with one capital (GB/T 28039)",
    "inconsistent": "the same person is written this way elsewhere in the document",
    "run-together": "surname and given name are two words (GB/T 28039)",
    "hyphenated": "a given name is one word, without a hyphen (GB/T 28039)",
    "reversed": "surname first, then the given name as one word (GB/T 28039)",
    "split-given": "a given name is one word (GB/T 28039)",
    "respelled": "the surname as GB/T 28039 spells it",
    "apostrophe": "an apostrophe inside a given name takes no space (GB/T 28039)",
    "literal-surname": "a surname translated as an English word: its pinyin",
    "western-order": "surname first, then the given name (GB/T 28039)",
}


@dataclass
class _Candidate:
    start: int
    end: int
    replacement: str
    cls: str
    key: str
    certain: bool
    evidence: str | None
    suggest: bool = False  # offered as a suggestion when nothing confirms it
    token_edits: list[tuple[int, int, str]] = field(default_factory=list)


class NamesRule(Rule):
    kind = "names"
    sub_ids: ClassVar[dict[str, str]] = _MESSAGES  # every class of repair, as its message says
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {
        **LEXICON_SCHEMAS,
        "roster": ROSTER_SCHEMA,
    }

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.lex = Lexicon.from_data(data, opts)
        self.titles_after = frozenset(w.lower() for w in opts.get("titles_after", ()))
        self.titles_before = frozenset(w.lower() for w in opts.get("titles_before", ()))
        self.verbs_after = frozenset(w.lower() for w in opts.get("verbs_after", ()))
        self.name_slot_words = frozenset(w.lower() for w in opts.get("name_slot_words", ()))
        self.not_names = frozenset(name_key(*n.split()) for n in opts.get("not_names", ()))
        # the first word of every listed non-name, and every word that a non-name could start
        # with once run together ("taichi"): a pair starting otherwise is never one
        self.not_name_starts = frozenset(
            w
            for n in opts.get("not_names", ())
            for w in (n.split()[0].lower(), name_key(*n.split()))
        ) | frozenset(
            name_key(*n.split())[:i] for n in opts.get("not_names", ()) for i in range(2, 7)
        )
        self.respell = {k.lower(): v for k, v in opts.get("respell", {}).items()}
        self.literal = {k.lower(): v for k, v in opts.get("literal_surnames", {}).items()}
        self.roster: dict[str, tuple[str, str]] = {}
        for src in data.get("roster", ()):
            for i, person in enumerate(src.data.get("people", ())):
                key = name_key(*person["en"].split())
                self.roster[key] = (person["en"], src.where(("people", i)))
        # One automaton finds, in one pass, every whole-word surname, title word after
        # which a run-together name may stand, and run-together roster name.
        self._automaton = ahocorasick.Automaton()
        for word, code in [
            *((w, _TITLE_KEY) for w in self.titles_after),
            *((w, _VERB_KEY) for w in self.verbs_after),
            *((w, _ROSTER_KEY) for w in self.roster),
            *(
                (w, _SURNAME_KEY)
                for w in self.lex.surnames | self.lex.compounds | set(self.respell)
            ),
            *((w, _BEFORE_KEY) for w in self.titles_before - self.titles_after),
            *((w, _LITERAL_KEY) for w in self.literal),
        ]:
            self._automaton.add_word(f" {word} ", (len(word) + 2, code))
        self._automaton.make_automaton()
        self._flags = TokenFlags(self.lex)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_flags"] = None  # a per-process memo, rebuilt on load
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._flags = TokenFlags(self.lex)

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        known: dict[str, str] = {}  # name key -> the name as correctly written in this text
        candidates: list[_Candidate] = []
        seen: set[int] = set()
        padded = " " + text.encode("latin-1", "replace").translate(_FOLD).decode("latin-1") + " "
        flags = self._flags
        done = 0
        window: _Window | None = None  # reused for the next hits it covers (lists of names)
        for last, (length, code) in iter_matches(self._automaton, padded):
            start = last - length + 1  # padded offset of the key's leading space = text offset
            if start < done:
                continue
            # Cheap checks first: most hits ("he", "an", "long") start no name.
            if code == _SURNAME_KEY:
                nxt = _NEXT_TOKEN.match(text, start + length - 2)
                if not (nxt and flags[nxt.group(1)] & (GIVEN | ICAP | HYPHEN)):
                    prev = _PREV_HYPHENATED.search(text, max(0, start - 40), start)
                    if not (prev and flags[prev.group(1)] & HYPHEN):
                        prev = _PREV_TOKEN.search(text, max(0, start - 40), start)
                        if not (
                            prev and flags[prev.group(1)] & TITLE and flags[prev.group(1)] & GIVEN
                        ):
                            continue  # nor "Jiaxiang Huang" (a name in Western order)
            elif code in (_TITLE_KEY, _BEFORE_KEY):
                if "," not in text[max(0, start - 6) : start]:
                    # "secretary GuRongjin": a title before a run-together name
                    word = padded[start + 1 : start + length - 1]
                    nxt = _NEXT_TOKEN.match(text, start + length - 2)
                    if not (
                        word in self.titles_before and nxt and flags[nxt.group(1)] & (RUN | ICAP)
                    ):
                        continue
            elif code == _LITERAL_KEY:
                nxt = _NEXT_TOKEN.match(text, start + length - 2)
                if not (nxt and flags[nxt.group(1)] & TITLE and flags[nxt.group(1)] & GIVEN):
                    continue
            elif code == _VERB_KEY:
                prev = _PREV_TOKEN.search(text, max(0, start - 40), start)
                if not (prev and flags[prev.group(1)] & RUN):
                    continue
            if window is None or not window.covers(start):
                window = _Window(self, text, start, known, candidates, seen)
            else:
                window.move_to(start)
            done = max(done, window.handle(code))
        yield from self._emit(candidates, known)

    def _emit(self, candidates: list[_Candidate], known: dict[str, str]) -> Iterator[Edit]:
        for c in sorted(candidates, key=lambda c: c.start):
            certain, evidence, cls = c.certain, c.evidence, c.cls
            roster = self.roster.get(c.key)
            written = " ".join(c.replacement.split())
            if not certain and roster is not None and roster[0] == written:
                certain, evidence = True, f"in the roster ({roster[1]})"
            elif not certain and known.get(c.key) == written:
                certain = True
                evidence = f"written “{written}” elsewhere in this text"
                if cls in ("given-lowercase", "surname-lowercase", "both-lowercase"):
                    cls = "inconsistent"
            if not certain and not c.suggest:
                continue
            message = _MESSAGES[cls] + (f"; evidence: {evidence}" if evidence else "")
            safety = Safety.SAFE if certain else Safety.UNSAFE
            for start, end, replacement in c.token_edits or [(c.start, c.end, c.replacement)]:
                yield self.edit(
                    start, end, replacement, cls, message, safety=safety, evidence=evidence
                )


class _Window:
    """The tokens around one automaton hit, and the name patterns and evidence there."""

    def __init__(
        self,
        rule: NamesRule,
        text: str,
        start: int,
        known: dict[str, str],
        out: list[_Candidate],
        seen: set[int],
    ) -> None:
        self.rule, self.lex, self.known, self.out, self.seen = rule, rule.lex, known, out, seen
        lo = max(0, start - _BEFORE)
        if lo:
            lo = text.rfind(" ", 0, lo) + 1
        hi = text.find(" ", start + _REACH)
        hi = len(text) if hi < 0 else hi
        self.hi, self.complete = hi, hi == len(text)
        parts = _TOKEN_SPLIT.split(text[lo:hi])
        self.toks: list[str] = parts[1::2]
        self.seps: list[str] = parts[0::2]
        ends = list(accumulate(map(len, parts)))
        self.starts = [lo + ends[2 * k] for k in range(len(self.toks))]
        self.memo = rule._flags
        self.move_to(start)

    def covers(self, start: int) -> bool:
        """The window still holds enough context after ``start`` for a name there."""
        return self.complete or start + _AFTER <= self.hi

    def move_to(self, start: int) -> None:
        self.k = bisect.bisect_left(self.starts, start)
        if self.k >= len(self.toks) or self.starts[self.k] != start:
            self.k = -1  # the hit is inside a longer token (Xi'an)

    # tokens -------------------------------------------------------------------------

    def flag(self, k: int) -> int:
        return self.memo[self.toks[k]] if 0 <= k < len(self.toks) else 0

    def tok(self, k: int) -> str:
        return self.toks[k] if 0 <= k < len(self.toks) else ""

    def tight(self, k: int) -> bool:
        """Tokens k-1 and k stand apart by whitespace only (no blank line)."""
        sep = self.seps[k] if 0 < k < len(self.toks) else "x"
        if not sep.isspace():  # inline markup: "**Zhao** guibo"
            for c in _MARKUP:
                sep = sep.replace(c, "")
        return sep.isspace() and sep.count("\n") < 2

    def end(self, k: int) -> int:
        return self.starts[k] + len(self.toks[k])

    def after_number(self, k: int) -> bool:
        """A number right before token k (``9840 mu``, ``30 li``): a unit, not a name."""
        return self.seps[k].rstrip()[-1:].isdigit()

    # evidence -----------------------------------------------------------------------

    def name_like(self, i: int) -> bool:
        """Tokens i, i+1 look like a person's name (a neighbour in a list)."""
        f1, f2 = self.flag(i), self.flag(i + 1)
        if not f1 & (SURNAME | COMPOUND) or not f2 & (GIVEN | ICAP) or not self.tight(i + 1):
            return False
        if f2 & (PLACE | FUNCTION) or f1 & PLACE:
            return False
        if f1 & ESURNAME and not f1 & TITLE and f2 & ENGLISH:
            return False  # "long men", "sun hat": English words both
        return not (self.flag(i + 2) & PLACE and self.tight(i + 2))

    def list_evidence(self, k0: int, k1: int) -> bool:
        before = self.seps[k0].rstrip()
        if before.endswith(_LIST_SEPARATORS):
            if self.name_like(k0 - 2):
                return True
        elif self.tok(k0 - 1) == "and" and self.tight(k0) and self.name_like(k0 - 3):
            return True
        after = self.seps[k1 + 1].lstrip() if k1 + 1 < len(self.toks) else ""
        if after.startswith(_LIST_SEPARATORS):
            return self.name_like(k1 + 1) or (self.tok(k1 + 1) == "and" and self.name_like(k1 + 2))
        return self.tok(k1 + 1) == "and" and self.tight(k1 + 1) and self.name_like(k1 + 2)

    def title_after(self, k1: int) -> str | None:
        if k1 + 1 >= len(self.toks) or self.seps[k1 + 1].strip() != ",":
            return None
        nxt = self.tok(k1 + 1).lower()
        if nxt in _ARTICLES:
            nxt = self.tok(k1 + 2).lower()
        return nxt if nxt in self.rule.titles_after else None

    def title_before(self, k0: int) -> str | None:
        prev = self.tok(k0 - 1)
        return prev if prev.lower() in self.rule.titles_before and self.tight(k0) else None

    def evidence(self, k0: int, k1: int, given: str | None = None) -> str | None:
        if self.list_evidence(k0, k1):
            return "in a list of names"
        title = self.title_after(k1)
        if title:
            return f"followed by a title (“{title} …”)"
        before = self.title_before(k0)
        if before:
            return f"after the title “{before}”"
        if (
            given
            and self.toks[k0] == "an"
            and given[0].isupper()
            and given[0].lower() in _CONSONANTS
        ):
            return "“an” before a consonant is not the article here"
        return None

    # dispatch -----------------------------------------------------------------------

    def handle(self, code: int) -> int:
        """Look for a name at the hit; return the text offset up to which all is done."""
        k = self.k
        if k < 0:
            return 0
        if code in (_TITLE_KEY, _BEFORE_KEY):
            self.title_hit(k)
            return 0
        if code == _LITERAL_KEY:
            self.literal_surname(k)
            return 0
        if code == _ROSTER_KEY:
            self.run_together(k)
            return self.end(k)
        if code == _VERB_KEY:
            if self.tight(k) and self.flag(k - 1) & (TITLE | LOWER):
                self.run_together(k - 1)
            return 0
        return self.surname_hit(k)

    def surname_hit(self, k: int) -> int:
        f = self.flag(k)
        if self.after_number(k):
            return self.end(k)
        prev = self.flag(k - 1)
        if f & TITLE and prev & TITLE and prev & (SURNAME | COMPOUND) and self.tight(k):
            return self.end(k)  # the given name of "Gao Peng", not a surname
        if self.flag(k - 1) & HYPHEN and self.tight(k):
            done = self.reversed(k - 1)
            if done:
                return done
        if (
            f & TITLE
            and prev & TITLE
            and prev & GIVEN
            and not prev & (SINGLE | SURNAME | COMPOUND | ENGLISH | PLACE | FUNCTION)
            and self.tight(k)
            and not (self.flag(k + 1) & TITLE and self.flag(k + 1) & GIVEN and self.tight(k + 1))
        ):
            return self.western_order(k - 1)
        if not self.tight(k + 1):
            return self.end(k)
        g = self.flag(k + 1)
        if self.toks[k].lower() in self.rule.respell:
            return self.respelled(k)
        if g & SINGLE and self.flag(k + 2) & SINGLE and self.tight(k + 2):
            if not (self.flag(k + 3) & (GIVEN | PLACE) and self.tight(k + 3)):
                return self.split_given(k)
            return self.end(k)
        if f & (SURNAME | COMPOUND) and g & (GIVEN | ICAP | HYPHEN):
            return self.pair(k)
        return self.end(k)

    def title_hit(self, k: int) -> None:
        """``Zhaoguibo, deputy ...``: a run-together name before a title apposition; and
        ``secretary GuRongjin``: one after a title."""
        j = k - 1
        if self.tok(j).lower() in _ARTICLES and self.tight(j + 1):
            j -= 1
        if j >= 0 and self.seps[j + 1].strip() == "," and self.flag(j) & (RUN | ICAP):
            self.run_together(j)
        if (
            self.toks[k].lower() in self.rule.titles_before
            and self.tight(k + 1)
            and self.flag(k + 1) & (RUN | ICAP)
        ):
            self.run_together(k + 1)

    def neighbours(self, k0: int, k1: int) -> None:
        """Run-together names next to a name in a list: ``Wang Wei, Hujun and Zhang Xiaorui``."""
        found = []
        if self.tok(k0 - 1) == "and":
            found.append(k0 - 2)
        elif self.seps[k0].strip() in _LIST_SEPARATORS:
            found.append(k0 - 1)
        if self.tok(k1 + 1) == "and":
            found.append(k1 + 2)
        elif k1 + 1 < len(self.toks) and self.seps[k1 + 1].strip() in _LIST_SEPARATORS:
            found.append(k1 + 1)
        for j in found:
            if self.flag(j) & (RUN | ICAP):
                self.run_together(j)

    def _name_slot_before(self, k: int) -> bool:
        """Right before token k: the start of a sentence or clause, or a word after which a
        name stands ("by", "met", "and" ...), not a noun it could belong to."""
        sep = self.seps[k] if k < len(self.seps) else ""
        if k == 0 or any(c in sep for c in ",;:(\n") or sep.rstrip().endswith((".", "!", "?")):
            return True
        return self.tight(k) and self.tok(k - 1).lower() in self.rule.name_slot_words

    def _blocked(self, k0: int, k1: int) -> bool:
        """Not a person: a listed non-name, a place, or followed by a place word."""
        toks = self.toks[k0 : k1 + 1]
        flag = self.flag
        if any(flag(i) & PLACE for i in range(k0, k1 + 1)):
            return True
        if flag(k1 + 1) & PLACE and self.tight(k1 + 1):
            return True
        if toks[0].lower() not in self.rule.not_name_starts:
            return False  # the common case: no listed non-name starts with this word
        not_names = self.rule.not_names
        return name_key(*toks) in not_names or any(
            name_key(a, b) in not_names for a, b in pairwise(toks)
        )

    def _add(self, cand: _Candidate) -> None:
        if cand.start not in self.seen:
            self.seen.add(cand.start)
            self.out.append(cand)

    # patterns -----------------------------------------------------------------------

    def pair(self, k: int) -> int:
        sur, giv = self.toks[k], self.toks[k + 1]
        fs, fg = self.flag(k), self.flag(k + 1)
        done = self.end(k + 1)
        if self._blocked(k, k + 1):
            return done
        if fs & TITLE and fg & TITLE and "'" not in giv and "’" not in giv and "-" not in giv:
            # the common case, written as it should be: remember it, look at its neighbours
            if not (fs & FUNCTION and fg & (ENGLISH | FUNCTION)):  # not "He Ran", "An Ma"
                self.known.setdefault((sur + giv).lower(), f"{sur} {giv}")
            self.apostrophe(k + 1)
            self.neighbours(k, k + 1)
            return done
        giv_base, suffix = split_possessive(giv)
        target_sur = cap(sur)
        target_giv = cap(giv_base.replace("-", "")) + suffix
        key = name_key(sur, giv_base)
        if sur == target_sur and giv == target_giv:
            if not (fs & FUNCTION and fg & (ENGLISH | FUNCTION)):  # not "He Ran", "An Ma"
                self.known.setdefault(key, f"{target_sur} {target_giv}")
            self.apostrophe(k + 1)
            self.neighbours(k, k + 1)
            return done
        certain, evidence, suggest = False, None, False
        if fg & HYPHEN:
            cls, suggest = "hyphenated", True
            evidence = self.evidence(k, k + 1)
        elif fs & COMPOUND and sur != target_sur and fs & (ICAP | LOWER | UPPER):
            cls = "compound-surname"
            certain = bool(fg & (TITLE | LOWER | ICAP)) and not fg & FUNCTION
        elif fg & ICAP and fs & TITLE:
            cls, certain = "internal-capital", True
        elif fs & TITLE and fg & LOWER:
            cls = "given-lowercase"
            if fg & FUNCTION:
                return self.end(k)
            evidence = self.evidence(k, k + 1) if fg & ENGLISH else None
            certain = evidence is not None or not fg & ENGLISH
        elif fs & LOWER and fg & TITLE:
            cls = "surname-lowercase"
            if fg & FUNCTION:
                return self.end(k)
            needs = bool(fs & ESURNAME or fg & ENGLISH)
            evidence = self.evidence(k, k + 1, giv_base) if needs else None
            if (
                evidence is None
                and needs
                and not fg & (ENGLISH | SINGLE | SURNAME | COMPOUND | PLACE)
                and sur not in _GRAMMATICAL
                and self.lex.syllable_count(giv_base.lower().replace("'", "")) == 2
                and name_key(giv_base) not in self.rule.not_names  # "ran Xinhua's report"
                and self._name_slot_before(k)
            ):
                # "a speech by ma Xiaolin": no English reading of the pair is possible
                evidence = f"“{giv_base}” is a two-syllable pinyin given name"
            certain = evidence is not None or not needs
        elif fs & LOWER and fg & LOWER:
            cls = "both-lowercase"
            if fg & FUNCTION:
                return self.end(k)
            # "he ran", "an ad": only the roster or the text itself can tell
            evidence = None if fs & FUNCTION and fg & ENGLISH else self.evidence(k, k + 1)
            certain = evidence is not None
        else:
            return self.end(k)
        edits = []
        if sur != target_sur:
            edits.append((self.starts[k], self.end(k), target_sur))
        if giv != target_giv:
            edits.append((self.starts[k + 1], done, target_giv))
        self.apostrophe(k + 1)
        self._add(
            _Candidate(
                self.starts[k],
                done,
                f"{target_sur}{self.seps[k + 1]}{target_giv}",
                cls,
                key,
                certain,
                evidence,
                suggest=suggest,
                token_edits=edits,
            )
        )
        if certain:
            self.known.setdefault(key, f"{target_sur} {target_giv}")
        self.neighbours(k, k + 1)
        return done

    def split_given(self, k: int) -> int:
        """``Zhang Si Zhi`` -> ``Zhang Sizhi`` (a suggestion)."""
        done = self.end(k + 2)
        if self._blocked(k, k + 2):
            return done
        g1f, g2f = self.flag(k + 1), self.flag(k + 2)
        if (g1f | g2f) & (FUNCTION | ENGLISH) or (g1f & (TITLE | LOWER)) != (g2f & (TITLE | LOWER)):
            return self.end(k)
        if self.flag(k) & ESURNAME and not self.flag(k) & TITLE:
            return done
        sur, g1, g2 = self.toks[k : k + 3]
        # "Zhang xun tu": lowercase syllables after a capitalised surname have no other reading
        lowercase = bool(g1f & LOWER and g2f & LOWER and self.flag(k) & TITLE)
        self._add(
            _Candidate(
                self.starts[k],
                done,
                f"{cap(sur)} {cap(g1 + g2)}",
                "split-given",
                name_key(sur, g1, g2),
                lowercase,
                self.evidence(k, k + 2)
                or ("a given name in lowercase syllables" if lowercase else None),
                suggest=True,
            )
        )
        return done

    def apostrophe(self, k: int) -> None:
        """``Zhang Yong 'an`` -> ``Zhang Yong'an``: no space before the apostrophe."""
        if k + 1 >= len(self.toks) or self.seps[k + 1].strip() not in ("'", "’"):
            return
        if self.seps[k + 1] in ("'", "’"):
            return
        nxt = self.toks[k + 1]
        if not (nxt.islower() and nxt[:1] in "aoe" and self.flag(k + 1) & SINGLE):
            return
        mark = self.seps[k + 1].strip()
        self._add(
            _Candidate(
                self.end(k),
                self.end(k + 1),
                f"{mark}{nxt}",
                "apostrophe",
                name_key(self.toks[k], nxt),
                True,
                "a syllable that starts with a vowel follows",
            )
        )

    def respelled(self, k: int) -> int:
        """``LV Bin`` -> ``Lü Bin``: a surname spelt as machine translation spells it."""
        target = self.rule.respell[self.toks[k].lower()]
        g = self.flag(k + 1)
        if not (g & TITLE and g & GIVEN) or g & (FUNCTION | PLACE):
            return self.end(k)
        evidence = self.evidence(k, k + 1)
        if g & ENGLISH and evidence is None:
            return self.end(k)  # "LV Bags": English words both
        certain = not g & SINGLE or evidence is not None
        self._add(
            _Candidate(
                self.starts[k],
                self.end(k),
                target,
                "respelled",
                name_key(target, self.toks[k + 1]),
                certain,
                f"before the given name “{self.toks[k + 1]}”",
                suggest=True,
            )
        )
        return self.end(k + 1)

    def western_order(self, k: int) -> int:
        """``Jiaxiang Huang`` -> ``Huang Jiaxiang``: a suggestion, where a name stands."""
        given, sur = self.toks[k], self.toks[k + 1]
        if self._blocked(k, k + 1):
            return self.end(k + 1)
        evidence = self.evidence(k, k + 1)
        if evidence is None:
            return self.end(k + 1)
        self._add(
            _Candidate(
                self.starts[k],
                self.end(k + 1),
                f"{sur} {given}",
                "western-order",
                name_key(sur, given),
                False,
                evidence,
                suggest=True,
            )
        )
        return self.end(k + 1)

    def run_together(self, k: int) -> None:
        """``hujun`` -> ``Hu Jun``, ``JiaoJiLin`` -> ``Jiao Jilin``, only where a name stands.

        Certain in a name slot (a list, a title, a reporting verb) when the token has no
        other reading: lowercase, camel case, or three syllables; a capitalised two-syllable
        token ("Hujun") stays a suggestion, since one-word names exist.
        """
        tok = self.toks[k]
        f = self.flag(k)
        if f & (ENGLISH | PLACE | UPPER) or tok.lower() in self.lex.compounds:
            return
        if self.flag(k - 1) & (SURNAME | COMPOUND) and self.tight(k):
            return  # a given name after its surname ("fan Yuhu"), not a name on its own
        if self.flag(k - 1) & TITLE and self.flag(k - 1) & GIVEN and self.tight(k):
            return  # "Dan Wenhua": a given name after a name we do not know as a surname
        nxt = self.flag(k + 1)
        if nxt & TITLE and nxt & (SURNAME | COMPOUND) and self.tight(k + 1):
            return  # "Jiaxiang Huang": a given name before its surname (Western order)
        key = name_key(tok)
        if key in self.rule.not_names:
            return
        camel = self.lex.camel_split(tok) if f & ICAP else None
        split = camel if camel is not None else None
        if split is None and not f & ICAP:
            split = self.lex.run_split(tok.lower())
        if split is None:
            return
        syllables = 3 if camel is not None else 1 + self.lex.syllable_count(split[1])
        evidence = None
        if key not in self.rule.roster:
            evidence = self.evidence(k, k)
            verb = self.tok(k + 1).lower()
            inside_proper_noun = self.flag(k - 1) & (TITLE | UPPER) and self.tight(k)
            if (
                evidence is None
                and verb in self.rule.verbs_after
                and self.tight(k + 1)
                and not inside_proper_noun  # "China Shenhua said": a company
            ):
                evidence = f"followed by “{verb}”"
        unambiguous = camel is not None or tok.islower() or syllables >= 3
        self._add(
            _Candidate(
                self.starts[k],
                self.end(k),
                f"{cap(split[0])} {cap(split[1])}",
                "run-together",
                key,
                evidence is not None and unambiguous,
                evidence,
                suggest=evidence is not None or key in self.rule.roster,
            )
        )

    def literal_surname(self, k: int) -> None:
        """``high Jianguo`` -> ``Gao Jianguo``: a surname translated (a suggestion)."""
        word = self.toks[k]
        target = self.rule.literal.get(word.lower())
        if target is None or not self.tight(k + 1) or self._blocked(k + 1, k + 1):
            return
        g = self.flag(k + 1)
        if g & (ENGLISH | FUNCTION | SURNAME | COMPOUND) or g & SINGLE:
            return
        evidence = self.evidence(k, k + 1)
        if evidence is None:
            return
        self._add(
            _Candidate(
                self.starts[k],
                self.end(k),
                target,
                "literal-surname",
                name_key(target, self.toks[k + 1]),
                False,
                evidence,
                suggest=True,
            )
        )

    def reversed(self, k: int) -> int:
        """``xiao-ming Yang`` -> ``Yang Xiaoming`` (a suggestion)."""
        given, sur = self.toks[k], self.toks[k + 1]
        if self._blocked(k, k + 1) or (self.flag(k + 2) & GIVEN and self.tight(k + 2)):
            return 0
        if not self.flag(k + 1) & TITLE or any(
            self.memo[half] & ENGLISH for half in given.lower().split("-")
        ):
            return 0  # "a long-time fan of": English words, not a reversed name
        self._add(
            _Candidate(
                self.starts[k],
                self.end(k + 1),
                f"{cap(sur)} {cap(given.replace('-', ''))}",
                "reversed",
                name_key(sur, given),
                False,
                self.evidence(k, k + 1),
                suggest=True,
            )
        )
        return self.end(k + 1)
