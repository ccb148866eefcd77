"""Run rules over a text: collect, resolve, and fix to a fixpoint.

``check`` and ``fix`` run the same fixpoint (:meth:`Engine.fix`), so ``check``
reports exactly what ``fix`` does. Every result carries its span in the
*original* text: an edit made in a later round, on text an earlier round wrote,
is widened to the original span it came from, with the original text (``old``)
and what that span finally became (``new``). Offsets are mapped through one
table per round (:class:`OffsetMap`), so the cost grows with the number of
edits times their logarithm, never with their square.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from transfix.edits import (
    Edit,
    Finding,
    Keep,
    Safety,
    apply_edits,
    by_fields,
    resolve_by_safety,
)
from transfix.errors import FixpointError
from transfix.kinds.base import Rule, ScanContext

MAX_ROUNDS = 5


class TextView(Protocol):
    """What rules read of a text, and which of their results stand (see transfix.markup)."""

    text: str

    def allows(self, item: Edit | Keep | Finding) -> bool: ...


ViewFn = Callable[[str], TextView]


@dataclass(frozen=True)
class ScanResult:
    """The edits that won overlap resolution (safe and unsafe) and the findings."""

    edits: list[Edit]
    findings: list[Finding]
    view: TextView | None = None

    @property
    def safe(self) -> list[Edit]:
        return [e for e in self.edits if e.safety is Safety.SAFE]

    @property
    def unsafe(self) -> list[Edit]:
        return [e for e in self.edits if e.safety is Safety.UNSAFE]


class OffsetMap:
    """One round of edits: maps offsets between the text before and the text after it."""

    __slots__ = ("_new_ends", "_new_starts", "_old_ends", "_old_starts")

    def __init__(self, edits: Sequence[Edit]) -> None:
        """``edits``: non-overlapping, sorted by start, as applied to the text before."""
        self._old_starts: list[int] = []
        self._old_ends: list[int] = []
        self._new_starts: list[int] = []
        self._new_ends: list[int] = []
        delta = 0
        for e in edits:
            self._old_starts.append(e.start)
            self._old_ends.append(e.end)
            self._new_starts.append(e.start + delta)
            delta += len(e.replacement) - (e.end - e.start)
            self._new_ends.append(e.end + delta)

    def back(self, start: int, end: int) -> tuple[int, int]:
        """A span of the text after -> the smallest span before that produced it."""
        return (
            self._map(start, self._new_starts, self._new_ends, self._old_starts, self._old_ends),
            self._map_end(end, self._new_starts, self._new_ends, self._old_ends),
        )

    def forward(self, start: int, end: int) -> tuple[int, int]:
        """A span of the text before -> the smallest span after that it became."""
        return (
            self._map(start, self._old_starts, self._old_ends, self._new_starts, self._new_ends),
            self._map_end(end, self._old_starts, self._old_ends, self._new_ends),
        )

    @staticmethod
    def _map(
        pos: int, starts: list[int], ends: list[int], to_starts: list[int], to_ends: list[int]
    ) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0:
            return pos
        if pos < ends[k] or (pos == starts[k] == ends[k]):
            return to_starts[k]  # inside a rewritten span: from its start
        return pos - ends[k] + to_ends[k]

    @staticmethod
    def _map_end(pos: int, starts: list[int], ends: list[int], to_ends: list[int]) -> int:
        k = bisect.bisect_left(starts, pos) - 1
        if k < 0:
            return pos
        if pos < ends[k]:
            return to_ends[k]  # inside a rewritten span: to its end
        return pos - ends[k] + to_ends[k]


@dataclass(frozen=True, slots=True)
class Applied:
    """An edit that ``fix`` applied, located in the original text.

    ``start``/``end`` is the original span it came from (widened over text that an
    earlier round rewrote), ``old`` that span's original text and ``new`` what the
    span finally became.
    """

    edit: Edit
    round: int
    start: int
    end: int
    old: str = ""
    new: str = ""

    __reduce__ = by_fields


@dataclass(frozen=True, slots=True)
class Located:
    """A suggestion or finding on the fixed text, also located in the original text.

    ``item`` keeps its offsets in the fixed text; ``start``/``end`` is the original span
    it stands on, and for a suggestion ``replacement`` rewrites that original span (it
    includes the safe fixes inside the span, if the suggestion was widened over them).
    """

    item: Edit | Finding
    start: int
    end: int
    replacement: str | None = None

    __reduce__ = by_fields


@dataclass(frozen=True)
class FixResult:
    original: str
    text: str
    applied: list[Applied] = field(default_factory=list)
    #: Unsafe edits left as suggestions (offsets in the fixed text).
    suggestions: list[Edit] = field(default_factory=list)
    #: Findings on the fixed text.
    findings: list[Finding] = field(default_factory=list)
    rounds: int = 0
    #: The view of the fixed text that the last scan read (suppressions used, ...).
    view: TextView | None = None
    maps: tuple[OffsetMap, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the fixed text -> the original span it stands on."""
        for m in reversed(self.maps):
            start, end = m.back(start, end)
        return start, max(start, end)

    def to_fixed(self, start: int, end: int) -> tuple[int, int]:
        """A span of the original text -> the span of the fixed text it became."""
        for m in self.maps:
            start, end = m.forward(start, end)
        return start, max(start, end)

    def located(self) -> list[Located]:
        """Suggestions and findings, each also located in the original text."""
        out = []
        items: list[Edit | Finding] = [*self.suggestions, *self.findings]
        for item in items:
            start, end = self.to_original(item.start, item.end)
            replacement = None
            if isinstance(item, Edit):
                a, b = self.to_fixed(start, end)
                replacement = self.text[a : item.start] + item.replacement + self.text[item.end : b]
            out.append(Located(item, start, end, replacement))
        return out


class Engine:
    """A fixed set of rules and the policy that combines what they yield."""

    def __init__(
        self,
        rules: Sequence[Rule],
        max_rounds: int = MAX_ROUNDS,
        safe: Sequence[str] = (),
        unsafe: Sequence[str] = (),
    ) -> None:
        """``safe``/``unsafe``: rule or entry ids whose edits are made certain / suggestions
        (a project's overrides; the more specific id wins, and unsafe on a tie)."""
        self.rules = list(rules)
        self.guards = [r for r in self.rules if r.is_guard]
        self.max_rounds = max_rounds
        self.overrides: list[tuple[str, Safety]] = sorted(
            [*((i, Safety.SAFE) for i in safe), *((i, Safety.UNSAFE) for i in unsafe)],
            key=lambda o: ("/" in o[0], o[1] is Safety.UNSAFE),
        )

    def _safety(self, edit: Edit) -> Edit:
        """The edit with the project's safety override applied, if one matches."""
        chosen = None
        rule_id = edit.rule_id
        for ident, safety in self.overrides:
            if rule_id == ident or edit.rule == ident:
                chosen = safety  # later (more specific, then unsafe) overrides win
        if chosen is None or chosen is edit.safety:
            return edit
        return replace(edit, safety=chosen)

    def prepare(self, text: str, ctx: ScanContext, view_fn: ViewFn | None = None) -> ScanContext:
        """Every rule's ``prepare`` hook, in order, on the text the rules will read."""
        preparing = [r for r in self.rules if type(r).prepare is not Rule.prepare]
        if not preparing:
            return ctx
        scanned = view_fn(text).text if view_fn is not None else text
        for rule in preparing:
            ctx = rule.prepare(scanned, ctx)
        return ctx

    def scan(
        self, text: str, ctx: ScanContext | None = None, view_fn: ViewFn | None = None
    ) -> ScanResult:
        """Every rule over ``text`` (or over its view), then the overlap policy."""
        ctx = ctx or ScanContext()
        view = view_fn(text) if view_fn is not None else None
        scanned = view.text if view is not None else text
        candidates: list[Edit | Keep] = []
        findings: list[Finding] = []
        for rule in self.rules:
            for item in rule.scan(scanned, ctx):
                if view is not None and not view.allows(item):
                    continue
                if isinstance(item, Finding):
                    findings.append(item)
                elif self.overrides and isinstance(item, Edit):
                    candidates.append(self._safety(item))
                else:
                    candidates.append(item)
        if self.guards:
            candidates = [
                c
                for c in candidates
                if not (isinstance(c, Edit) and any(g.vetoes(scanned, c) for g in self.guards))
            ]
        edits = [c for c in resolve_by_safety(candidates) if isinstance(c, Edit)]
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return ScanResult(edits, findings, view)

    def fix(
        self,
        text: str,
        ctx: ScanContext | None = None,
        unsafe: bool = False,
        view_fn: ViewFn | None = None,
    ) -> FixResult:
        """Apply safe edits (all edits with ``unsafe``) until the text stops changing.

        Each round rescans the text, since one edit can make another apply.
        Reaching ``max_rounds`` without settling raises :class:`FixpointError`.
        """
        original = current = text
        rounds: list[tuple[int, list[Edit]]] = []
        maps: list[OffsetMap] = []
        ctx = self.prepare(text, ctx or ScanContext(), view_fn)
        for round_no in range(1, self.max_rounds + 2):
            result = self.scan(current, ctx, view_fn)
            todo = result.edits if unsafe else result.safe
            if not todo:
                return FixResult(
                    original=original,
                    text=current,
                    applied=_locate_applied(original, current, rounds, maps),
                    suggestions=[] if unsafe else result.unsafe,
                    findings=result.findings,
                    rounds=round_no - 1,
                    view=result.view,
                    maps=tuple(maps),
                )
            if round_no > self.max_rounds:
                rules = sorted({e.rule_id for e in todo})
                raise FixpointError(
                    f"fixing did not settle after {self.max_rounds} rounds; "
                    f"these rules keep changing the text: {', '.join(rules)}"
                )
            todo.sort(key=lambda e: (e.start, e.end))
            rounds.append((round_no, todo))
            maps.append(OffsetMap(todo))
            current = apply_edits(current, todo)
        raise AssertionError("unreachable")  # pragma: no cover


def _locate_applied(
    original: str, final: str, rounds: list[tuple[int, list[Edit]]], maps: list[OffsetMap]
) -> list[Applied]:
    """Every applied edit with its original span, original text and final text."""
    out: list[Applied] = []
    for k, (round_no, edits) in enumerate(rounds):
        for e in edits:
            start, end = e.start, e.end
            for m in reversed(maps[:k]):
                start, end = m.back(start, end)
            end = max(start, end)
            a, b = start, end
            for m in maps:
                a, b = m.forward(a, b)
            out.append(Applied(e, round_no, start, end, original[start:end], final[a : max(a, b)]))
    out.sort(key=lambda x: (x.start, x.end, x.round))
    return out
