"""The Chinese source aligned with the English: what rules ask about a place in the English.

Built once per document (by the bitext rule's ``prepare``); every scan then asks
:meth:`Aligned.unit_for` about an offset of the text it reads. Paragraphs keep
their places across rounds (edits never add or remove blank lines), so an
offset in any round's text finds its paragraph, and the paragraph its bead.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from transfix.bitext.align import Bead, Paragraph, split_units
from transfix.bitext.facts import SourceName
from transfix.bitext.numbers import Quantity
from transfix.edits import LineIndex, SourceRef


@dataclass
class ZhUnit:
    """One unit (paragraph or segment) of the Chinese source and the facts found in it."""

    index: int
    start: int  # offset of the unit in the source text
    text: str
    names: list[SourceName] = field(default_factory=list)
    terms: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def entries(self) -> set[str]:
        return {e for _, _, ids in self.terms for e in ids}


@dataclass
class AlignedUnit:
    """What the source says about one English paragraph."""

    bead: Bead
    zh: list[ZhUnit]
    ref: Callable[[int, int, int], SourceRef]  # (unit index, start, end) -> where in the source

    @property
    def anchored(self) -> bool:
        return self.bead.anchored

    @property
    def entries(self) -> set[str]:
        return {e for u in self.zh for e in u.entries}

    def term_ref(self, entry: str) -> SourceRef | None:
        for u in self.zh:
            for start, end, ids in u.terms:
                if entry in ids:
                    return self.ref(u.index, start, end)
        return None


class Aligned:
    """The source aligned with an English text: beads, and units by English paragraph."""

    def __init__(
        self,
        path: str | None,
        source_text: str,
        en_paragraphs: list[Paragraph],
        zh_units: list[ZhUnit],
        beads: list[Bead],
        belongs: bool,
        locate: Callable[[int], tuple[int, int]] | None = None,
        separator: str | None = None,
    ) -> None:
        self.path = path
        self.source_text = source_text
        self.en_paragraphs = en_paragraphs
        self.zh_units = zh_units
        self.beads = beads
        self.belongs = belongs
        self._locate = locate
        self.separator = separator
        self._lines: LineIndex | None = None
        self._by_en: dict[int, Bead] = {j: b for b in beads for j in b.en}
        self._last: tuple[str, list[int]] | None = None

    def ratio(self) -> float:
        """English characters per Chinese character in this document (2.8 when unknown:
        typical of machine-translated government news)."""
        zh = sum(len(u.text) for u in self.zh_units)
        en = sum(p.end - p.start for p in self.en_paragraphs)
        if zh < 200 or en == 0:
            return 2.8
        return en / zh

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._locate is not None:
            return self._locate(offset)
        if self._lines is None:
            self._lines = LineIndex(self.source_text)
        return self._lines.line_col(offset)

    def ref(self, unit: int, start: int, end: int) -> SourceRef:
        u = self.zh_units[unit]
        line, col = self.line_col(u.start + start)
        return SourceRef(self.path, line, col, u.text[start:end])

    def paragraph_index(self, text: str, pos: int) -> int | None:
        """The English paragraph (of the original count) holding ``pos`` in ``text``."""
        if self._last is None or self._last[0] is not text:
            found = split_units(text, self.separator)
            if len(found) != len(self.en_paragraphs):
                self._last = (text, [])
            else:
                self._last = (text, [p.start for p in found])
        starts = self._last[1]
        if not starts:
            return None
        k = bisect.bisect_right(starts, pos) - 1
        return k if k >= 0 else None

    def paragraph_spans(self, text: str) -> list[Paragraph] | None:
        """The English paragraphs of ``text``, if they are still the original ones."""
        found = split_units(text, self.separator)
        return found if len(found) == len(self.en_paragraphs) else None

    def unit_for(self, text: str, pos: int) -> AlignedUnit | None:
        """The source of the English paragraph at ``pos``: None outside any bead."""
        if not self.belongs:
            return None
        k = self.paragraph_index(text, pos)
        bead = self._by_en.get(k) if k is not None else None
        if bead is None or not bead.zh:
            return None
        return AlignedUnit(bead, [self.zh_units[i] for i in bead.zh], self.ref)

    def bead_for_paragraph(self, k: int) -> Bead | None:
        return self._by_en.get(k)
