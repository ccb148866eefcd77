"""Facts taken from the Chinese side: person names with their pinyin, glossary terms, values.

Names are looked for where Chinese news puts them: items of a list separated by
、 or ，, right after a title (县委书记冯杰), right before a reporting verb
(胡军通报), after 由 (由何立新主持), and the roster. Where a name ends is left
open (冯杰 or 冯杰出?): every reading is kept, and the English settles it, since
only a reading whose pinyin the English spells is used.

Pinyin follows GB/T 28039-2011: the surname's reading from the surname table
(曾 Zeng, 单 Shan, 翟 Zhai; compound surnames first), the given name from
pypinyin with every heteronym, ü as in the standard (Lü), an apostrophe before a
syllable that starts with a, o or e inside the given name (Yong'an). pypinyin is
imported only when a source is given.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ahocorasick

_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_VOWELS = ("a", "o", "e")
MAX_SPELLINGS = 8


@dataclass(frozen=True)
class Spelling:
    """One way to write a source name in pinyin, and whether it is the standard one."""

    surname: str  # "Zeng"
    given: str  # "Yong'an"
    key: str  # letters only, lowercase, ü as v: "zengyongan"
    standard: bool = True  # False: the surname read as pypinyin reads it ("Ceng")

    @property
    def written(self) -> str:
        return f"{self.surname} {self.given}" if self.given else self.surname


@dataclass(frozen=True)
class SourceName:
    """A name in the Chinese source: where, its characters, and how it may be spelt."""

    start: int
    end: int
    hanzi: str
    spellings: tuple[Spelling, ...]
    #: the surname has more than one surname reading (乐 Yue/Le, 覃 Qin/Tan)
    ambiguous_surname: bool = False
    #: found in a strong context (a list, a title, a reporting verb, the roster)
    strong: bool = True


_NOT_LETTERS = bytes(b for b in range(128) if not 0x61 <= b <= 0x7A)


def letters_key(s: str) -> str:
    """Lowercase letters only, ü as v: ``Zhang Yong 'an`` -> ``zhangyongan``."""
    # ASCII bytes with everything but a-z deleted: ten times faster than a generator
    low = s.lower().replace("ü", "v").encode("ascii", "ignore")
    return low.translate(None, _NOT_LETTERS).decode("ascii")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def given_name(syllables: Sequence[str]) -> str:
    """Syllables as one given name: ``[yong, an]`` -> ``Yong'an``."""
    out = ""
    for i, syl in enumerate(syllables):
        if i and syl[:1] in _VOWELS:
            out += "'"
        out += syl
    return _cap(out)


@dataclass
class SurnameTable:
    """Surname characters with their surname readings (single and compound)."""

    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # hanzi -> pinyin
    #: names already spelt (:func:`spellings`): officials' names recur across a batch
    spelt: dict[str, tuple[tuple[Spelling, ...], bool]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def from_data(cls, sources: Iterable[Mapping[str, object]]) -> SurnameTable:
        """From glossary data: ``surnames`` files (pinyin with hanzi) and ``surname-readings``."""
        table: dict[str, list[str]] = {}
        overrides: dict[str, list[str]] = {}
        for data in sources:
            for group in ("surnames", "compound"):
                for s in data.get(group, ()) or ():  # type: ignore[attr-defined]
                    for h in s.get("hanzi", ()):
                        table.setdefault(h, [])
                        if s["pinyin"] not in table[h]:
                            table[h].append(s["pinyin"])
            for r in data.get("readings", ()) or ():  # type: ignore[attr-defined]
                overrides[r["hanzi"]] = list(r["pinyin"])
        table.update(overrides)
        return cls({h: tuple(p) for h, p in table.items()})

    def split(self, hanzi: str) -> list[tuple[str, str]]:
        """(surname characters, given characters): a compound surname first, then a single
        one; never a name that is a compound surname alone (欧阳 is not Ou Yang)."""
        out = []
        if len(hanzi) >= 3 and hanzi[:2] in self.readings:
            out.append((hanzi[:2], hanzi[2:]))
        if hanzi[:1] in self.readings and hanzi not in self.readings:
            out.append((hanzi[:1], hanzi[1:]))
        return [(s, g) for s, g in out if g]


def spellings(hanzi: str, table: SurnameTable) -> tuple[tuple[Spelling, ...], bool]:
    """Every pinyin spelling of a name (at most MAX_SPELLINGS standard ones), and whether its
    surname has two readings."""
    known = table.spelt.get(hanzi)
    if known is None:
        if len(table.spelt) >= 50_000:
            table.spelt.clear()
        known = table.spelt[hanzi] = _spellings(hanzi, table)
    return known


def _spellings(hanzi: str, table: SurnameTable) -> tuple[tuple[Spelling, ...], bool]:
    from pypinyin import Style, pinyin

    out: list[Spelling] = []
    ambiguous = False
    for sur_chars, given_chars in table.split(hanzi):
        readings = table.readings[sur_chars]
        ambiguous = ambiguous or len(readings) > 1
        given_options = (
            pinyin(given_chars, style=Style.NORMAL, heteronym=True, v_to_u=True)
            if given_chars
            else []
        )
        combos = list(itertools.islice(itertools.product(*given_options), MAX_SPELLINGS))
        for reading in readings:
            for combo in combos:
                given = given_name(combo) if combo else ""
                out.append(Spelling(reading, given, letters_key(reading + given)))
                if "ü" in reading + given:  # Lyu: the passport form of Lü, also accepted
                    yu_sur, yu_given = reading.replace("ü", "yu"), given.replace("ü", "yu")
                    out.append(Spelling(yu_sur, yu_given, letters_key(yu_sur + yu_given)))
        # the surname read as its characters read elsewhere (曾 ceng, 单 dan, 长孙 changsun)
        others = [  # per character: a phrase's reading hides the others (长孙 -> zhang sun)
            pinyin(c, style=Style.NORMAL, heteronym=True, v_to_u=True)[0] for c in sur_chars
        ]
        known = {letters_key(r) for r in readings}
        for variant in itertools.islice(itertools.product(*others), 4):
            wrong = "".join(variant)
            if letters_key(wrong) in known:
                continue
            for combo in combos:
                given = given_name(combo) if combo else ""
                out.append(Spelling(_cap(wrong), given, letters_key(wrong + given), standard=False))
    return tuple(out), ambiguous


@dataclass(frozen=True)
class NameContexts:
    """Where Chinese news puts names (data: rules/bitext.yaml)."""

    titles: tuple[str, ...]  # 书记, 县长 ... (longest first)
    verbs: tuple[str, ...]  # 出席, 主持, 通报 ...
    roster: tuple[str, ...] = ()  # names known in hanzi


_LIST_SEP = "、，,；;：:"
# A name does not end in, nor run on into, a unit of a place: 石桥镇 is a town, not the
# person 石桥 (路, 山, 河 ... do end given names: 安路).
_PLACE_AFTER = frozenset("镇乡村县区市省街")
_CLAUSE_END = "。！？\n"


def find_names(text: str, table: SurnameTable, ctx: NameContexts) -> list[tuple[int, int, bool]]:
    """Candidate name spans ``(start, end, strong)`` in a Chinese paragraph; several may start
    at one place (冯杰 / 冯杰出): the English settles which. A candidate is *strong* when both
    its ends are delimited (a title, 由, a list separator or a clause's start before it; a
    reporting verb, a separator or the clause's end after it): only strong names are reported
    when the English lacks them."""
    n = len(text)
    starts: dict[int, bool] = {}  # candidate start -> delimited on the left

    def surname_at(i: int) -> bool:
        return i < n and (text[i] in table.readings or text[i : i + 2] in table.readings)

    for title in ctx.titles:
        pos = text.find(title)
        while pos >= 0:
            if surname_at(pos + len(title)):
                starts[pos + len(title)] = True
            pos = text.find(title, pos + 1)
    for i, c in enumerate(text):
        if (c in _LIST_SEP or c in _CLAUSE_END or c == "由") and surname_at(i + 1):
            starts[i + 1] = True
        elif c in "和与及" and surname_at(i + 1):
            starts.setdefault(i + 1, False)  # 刘伟和孙立新: maybe a second name
    if surname_at(0):
        starts[0] = True
    for name in ctx.roster:
        pos = text.find(name)
        while pos >= 0:
            starts.setdefault(pos, False)
            pos = text.find(name, pos + 1)

    def right_delimited(end: int) -> bool:
        if end >= n or text[end] in _LIST_SEP or text[end] in _CLAUSE_END:
            return True
        return any(text.startswith(v, end) for v in ctx.verbs)

    found: set[tuple[int, int, bool]] = set()
    for start, left in starts.items():
        for length in (2, 3, 4):
            end = start + length
            if end > n or not all(_HAN.match(c) for c in text[start:end]):
                break
            if text[end - 1] in _PLACE_AFTER or (end < n and text[end] in _PLACE_AFTER):
                continue  # 石桥镇: a place
            found.add((start, end, left and right_delimited(end)))
    for name in ctx.roster:
        pos = text.find(name)
        while pos >= 0:
            found.add((pos, pos + len(name), True))
            pos = text.find(name, pos + 1)
    # keep one entry per span, strong if any reading of it is
    best: dict[tuple[int, int], bool] = {}
    for a, b, strong in found:
        best[a, b] = best.get((a, b), False) or strong
    return sorted((a, b, strong) for (a, b), strong in best.items())


class TermIndex:
    """Every glossary entry's Chinese forms in one automaton, matched leftmost-longest."""

    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        """``forms``: (zh form, entry id)."""
        self._automaton = ahocorasick.Automaton()
        by_form: dict[str, list[str]] = {}
        for form, entry in forms:
            by_form.setdefault(form, []).append(entry)
        for form, entries in by_form.items():
            self._automaton.add_word(form, (len(form), tuple(entries)))
        self._empty = not by_form
        if not self._empty:
            self._automaton.make_automaton()

    def hits(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """``(start, end, entry ids)``: longest matches; one inside a longer one is dropped
        (副县长 does not also give 县长)."""
        if self._empty:
            return []
        raw = [
            (end - length + 1, end + 1, entries)
            for end, (length, entries) in self._automaton.iter(text)
        ]
        raw.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, tuple[str, ...]]] = []
        reach = -1
        for start, end, entries in raw:
            if end <= reach:
                continue  # inside a longer match already kept
            if start < reach:
                continue  # overlaps it
            out.append((start, end, entries))
            reach = end
        return out


def han_runs(text: str) -> list[tuple[int, int]]:
    """Spans of Han characters (Chinese left in an English text)."""
    return [(m.start(), m.end()) for m in _HAN_RUN.finditer(text)]
