"""Pair the paragraphs of an English text with those of its Chinese source.

Machine-translated government pages keep their paragraphs, so when the counts
match the pairing is 1-1. Otherwise a small dynamic programme chooses beads
(1-1, 1-0, 0-1, 2-1, 1-2) that minimise a length cost (the English/Chinese
length ratio is estimated from the document itself) minus a bonus for shared
anchors: numbers and dates equal as values, glossary terms whose Chinese is in
one and whose English is in the other, and names whose pinyin is spelt in the
English. Every bead says whether it is *anchored*; only anchored beads may
produce safe edits.

The anchor scorer is passed in (:class:`Scorer`), so this module knows nothing
of names or glossaries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: A function that scores how much a Chinese unit and an English unit share (0: nothing).
Scorer = Callable[[int, int], float]

_BLANK_LINE = re.compile(r"\n[ \t\r\x00]*\n")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text: its span (without surrounding whitespace)."""

    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated blocks; if there is no blank line, the lines. Empty ones dropped.

    A masked character (NUL) counts as blank, so a markup view's tags separate paragraphs.
    """
    if _BLANK_LINE.search(text):
        bounds = [(m.start(), m.end()) for m in _BLANK_LINE.finditer(text)]
    else:
        bounds = [(m.start(), m.end()) for m in re.finditer(r"\n", text)]
    out = []
    pos = 0
    for a, b in [*bounds, (len(text), len(text))]:
        chunk = text[pos:a]
        stripped = chunk.strip(" \t\r\n\x00")
        if stripped:
            lead = len(chunk) - len(chunk.lstrip(" \t\r\n\x00"))
            out.append(Paragraph(pos + lead, pos + lead + len(stripped)))
        pos = b
    return out


def split_units(text: str, separator: str | None) -> list[Paragraph]:
    """Units of an English text: paragraphs, or the pieces between ``separator`` (a bitext
    file's segments, each a unit even if empty)."""
    if separator is None:
        return paragraphs(text)
    out = []
    pos = 0
    while True:
        end = text.find(separator, pos)
        if end < 0:
            out.append(Paragraph(pos, len(text)))
            return out
        out.append(Paragraph(pos, end))
        pos = end + len(separator)


@dataclass(frozen=True)
class Bead:
    """Chinese units ``zh`` paired with English units ``en`` (either may be empty)."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    anchored: bool
    score: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


_SHAPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
_SKIP_COST = 6.0  # a paragraph with no counterpart
_MERGE_COST = 1.5  # a 2-1 or 1-2 bead, before its length cost
_ANCHOR_BONUS = 2.5  # per unit of anchor score (capped)


def align(
    zh_lengths: Sequence[int],
    en_lengths: Sequence[int],
    score: Scorer,
    anchor_threshold: float = 1.0,
) -> list[Bead]:
    """Beads covering every unit of both sides, in order.

    ``zh_lengths``/``en_lengths``: characters per unit; ``score(i, j)``: the anchors Chinese
    unit i and English unit j share. A bead is anchored when its units share at least
    ``anchor_threshold``.
    """
    n, m = len(zh_lengths), len(en_lengths)
    if n == m:
        return [_bead((i,), (i,), score, anchor_threshold) for i in range(n)]
    ratio = (sum(en_lengths) or 1) / (sum(zh_lengths) or 1)
    band = max(4, abs(n - m) + 3)
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        center = i * m / n if n else 0
        lo, hi = max(0, int(center) - band), min(m, int(center) + band)
        for j in range(lo, hi + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for di, dj in _SHAPES:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                c = here + _bead_cost(i, j, di, dj, zh_lengths, en_lengths, ratio, score)
                if c < cost[a][b]:
                    cost[a][b] = c
                    back[a][b] = (di, dj)
    if cost[n][m] == inf:  # outside the band: pair in order, nothing anchored
        return [Bead((i,), (i,), False) for i in range(min(n, m))]
    beads = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        zh, en = tuple(range(i - di, i)), tuple(range(j - dj, j))
        beads.append(_bead(zh, en, score, anchor_threshold))
        i, j = i - di, j - dj
    return beads[::-1]


def _bead(zh: tuple[int, ...], en: tuple[int, ...], score: Scorer, threshold: float) -> Bead:
    total = sum(score(i, j) for i in zh for j in en)
    return Bead(zh, en, anchored=bool(zh and en) and total >= threshold, score=total)


def _bead_cost(
    i: int,
    j: int,
    di: int,
    dj: int,
    zh: Sequence[int],
    en: Sequence[int],
    ratio: float,
    score: Scorer,
) -> float:
    if di == 0 or dj == 0:
        return _SKIP_COST
    zl = sum(zh[i : i + di])
    el = sum(en[j : j + dj])
    expected = zl * ratio
    length = abs(math.log((el + 1) / (expected + 1))) * 2.0
    anchors = sum(score(a, b) for a in range(i, i + di) for b in range(j, j + dj))
    extra = _MERGE_COST if di + dj > 2 else 0.0
    return length + extra - _ANCHOR_BONUS * min(anchors, 4.0)
