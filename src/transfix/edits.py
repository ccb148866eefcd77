"""The text model's core: spans, the edits and findings rules yield, and how edits combine.

Overlap policy (one rule for every rule kind, see :func:`resolve`):

1. the longest span wins;
2. on equal length, a *keep* (a span a rule declares correct as it stands, such
   as a glossary entry's standard or accepted form) wins over an edit;
3. then the earliest start;
4. then the lower rule priority number;
5. then the rule id and the replacement text, so that the result never depends
   on the order in which rules ran.

Every candidate that overlaps a winner is dropped. Safe edits are resolved first
(with the keeps), then suggestions among what is left (:func:`resolve_by_safety`):
a suggestion never blocks a certain fix, and is never left pointing at text that a
safe edit rewrites (the next round looks again at the rewritten text).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Safety(StrEnum):
    """Whether an edit is certain (applied by ``fix``) or a suggestion (needs ``--unsafe``)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def by_fields(self: Any) -> tuple[type, tuple[Any, ...]]:
    """``__reduce__`` of a frozen dataclass with slots: rebuilt from its fields in order.
    (The pickling dataclasses gives them calls ``fields()`` per object: a run with
    ``--jobs`` sends tens of thousands of them between processes.)"""
    cls = type(self)
    get = _FIELD_GETTERS.get(cls)
    if get is None:  # one C call per object: a tuple of its fields
        get = _FIELD_GETTERS[cls] = operator.attrgetter(*cls.__slots__)
    return cls, get(self)


_FIELD_GETTERS: dict[type, Any] = {}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where in the Chinese source an edit or finding got its evidence (1-based line/column)."""

    path: str | None
    line: int
    column: int
    text: str

    __reduce__ = by_fields

    def __str__(self) -> str:
        return f"← zh {self.line}:{self.column} {self.text}"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str
    rule: str
    entry: str | None = None
    origin: str | None = None  # "file:line" of the rule or glossary entry
    message: str = ""
    safety: Safety = Safety.SAFE
    severity: Severity = Severity.WARNING
    priority: int = 100
    evidence: str | None = None
    source: SourceRef | None = None

    __reduce__ = by_fields

    @property
    def rule_id(self) -> str:
        return f"{self.rule}/{self.entry}" if self.entry else self.rule


@dataclass(frozen=True, slots=True)
class Keep:
    """A span that a rule declares correct as it stands: no overlapping edit may change it."""

    start: int
    end: int
    rule: str
    entry: str | None = None
    priority: int = 100

    __reduce__ = by_fields

    @property
    def rule_id(self) -> str:
        return f"{self.rule}/{self.entry}" if self.entry else self.rule


@dataclass(frozen=True, slots=True)
class Finding:
    """Something worth reporting that has no automatic fix."""

    start: int
    end: int
    rule: str
    message: str
    entry: str | None = None
    origin: str | None = None
    severity: Severity = Severity.WARNING
    evidence: str | None = None
    source: SourceRef | None = None

    __reduce__ = by_fields

    @property
    def rule_id(self) -> str:
        return f"{self.rule}/{self.entry}" if self.entry else self.rule


Candidate = Edit | Keep


def _sort_key(c: Candidate) -> tuple[int, int, int, int, str, str]:
    is_edit = 1 if isinstance(c, Edit) else 0
    replacement = c.replacement if isinstance(c, Edit) else ""
    return (-(c.end - c.start), is_edit, c.start, c.priority, c.rule_id, replacement)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start == a_end or b_start == b_end:  # an insertion point
        if a_start == a_end and b_start == b_end:
            return a_start == b_start
        return b_start < a_start < b_end if a_start == a_end else a_start < b_start < a_end
    return a_start < b_end and b_start < a_end


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Choose non-overlapping winners by the module's overlap policy; sorted by position."""
    starts: list[int] = []
    chosen: list[Candidate] = []
    for cand in sorted(candidates, key=_sort_key):
        i = bisect.bisect_left(starts, cand.start)
        neighbours = chosen[max(0, i - 1) : i + 2]
        if any(_overlaps(cand.start, cand.end, n.start, n.end) for n in neighbours):
            continue
        starts.insert(i, cand.start)
        chosen.insert(i, cand)
    return chosen


def resolve_by_safety(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Safe edits and keeps first, by the overlap policy; then suggestions around them."""
    safe: list[Candidate] = []
    unsafe: list[Candidate] = []
    for c in candidates:
        (unsafe if isinstance(c, Edit) and c.safety is Safety.UNSAFE else safe).append(c)
    chosen = resolve(safe)
    if not unsafe:
        return chosen
    fixed = [c for c in chosen if isinstance(c, Edit)]  # sorted, not overlapping
    starts = [e.start for e in fixed]
    rest: list[Candidate] = [c for c in chosen if isinstance(c, Keep)]
    for u in unsafe:
        i = bisect.bisect_right(starts, u.end)
        near = fixed[max(0, i - 2) : i + 1]
        if not any(_overlaps(u.start, u.end, e.start, e.end) for e in near):
            rest.append(u)
    return sorted([*fixed, *resolve(rest)], key=lambda c: (c.start, c.end))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (in any order) to ``text``."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps string offsets to 1-based (line, column); lines end at LF, CRLF or CR."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def split_lines(text: str) -> list[str]:
    """Split into lines that keep their own line endings (LF, CRLF or CR only)."""
    lines: list[str] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        lines.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        lines.append(text[pos:])
    return lines
