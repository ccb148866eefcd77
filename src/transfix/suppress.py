"""Inline suppression comments, and the record of which ones were used.

* ``transfix: ignore`` anywhere on a line: no edit or finding that starts on that
  line; ``transfix: ignore[names, terms/county-head]``: only those rules.
* ``transfix-disable`` ... ``transfix-enable`` (usually inside ``<!-- -->`` in
  Markdown and HTML): everything between, or ``transfix-disable dates, names``
  for those rules only. ``transfix-enable`` with ids re-enables only those.

A rule id matches itself and its entries: ``terms`` matches ``terms/county-head``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transfix.edits import LineIndex

_LINE = re.compile(r"transfix:\s*ignore(?:\[(?P<ids>[^\]\n]*)\])?")
_REGION = re.compile(
    r"transfix-(?P<verb>disable|enable)(?P<ids>(?:[ \t]*,?[ \t]+[A-Za-z][\w/\-]*)*)"
)


def _ids(raw: str | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    ids = tuple(i for i in re.split(r"[\s,]+", raw) if i)
    return ids or None


def matches(rule_id: str, ids: tuple[str, ...] | None) -> bool:
    if ids is None:
        return True
    return any(rule_id == i or rule_id.startswith(i + "/") for i in ids)


@dataclass
class Suppression:
    start: int  # the span of text it covers
    end: int
    ids: tuple[str, ...] | None
    comment_start: int  # where the comment itself stands
    comment_end: int
    used: bool = False

    def covers(self, rule_id: str, pos: int) -> bool:
        return self.start <= pos < self.end and matches(rule_id, self.ids)


@dataclass
class Suppressions:
    items: list[Suppression] = field(default_factory=list)

    def suppressed(self, rule_id: str, pos: int) -> bool:
        hit = False
        for s in self.items:
            if s.covers(rule_id, pos):
                s.used = True
                hit = True
        return hit

    def unused(self) -> list[Suppression]:
        return [s for s in self.items if not s.used]


def parse(text: str) -> Suppressions:
    if "transfix" not in text:
        return Suppressions()
    lines = LineIndex(text)
    starts = lines.starts
    items: list[Suppression] = []
    for m in _LINE.finditer(text):
        line = lines.line_col(m.start())[0]
        line_start = starts[line - 1]
        line_end = starts[line] if line < len(starts) else len(text)
        items.append(Suppression(line_start, line_end, _ids(m.group("ids")), m.start(), m.end()))
    open_regions: list[tuple[int, int, tuple[str, ...] | None]] = []
    for m in _REGION.finditer(text):
        ids = _ids(m.group("ids"))
        if m.group("verb") == "disable":
            open_regions.append((m.end(), m.start(), ids))
            continue
        still_open: list[tuple[int, int, tuple[str, ...] | None]] = []
        for start, comment, region_ids in open_regions:
            if ids is None or region_ids is None or set(region_ids) <= set(ids):
                items.append(Suppression(start, m.start(), region_ids, comment, m.end()))
            else:
                still_open.append((start, comment, region_ids))
        open_regions = still_open
    for start, comment, region_ids in open_regions:  # disabled to the end
        items.append(Suppression(start, len(text), region_ids, comment, comment))
    return Suppressions(items)
