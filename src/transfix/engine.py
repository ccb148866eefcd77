"""Run rules over a text: collect, resolve, and fix to a fixpoint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from transfix.edits import Edit, Finding, Keep, Safety, apply_edits, resolve
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


@dataclass(frozen=True)
class Applied:
    """An edit that ``fix`` applied; ``start``/``end`` are offsets in the original text."""

    edit: Edit
    round: int
    start: int
    end: int


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

    @property
    def changed(self) -> bool:
        return self.text != self.original


def _map_back(pos: int, edits: Sequence[Edit]) -> int:
    """Offset ``pos`` in the text after ``edits`` -> offset in the text before them."""
    delta = 0
    for e in sorted(edits, key=lambda e: e.start):
        new_start = e.start + delta
        new_end = new_start + len(e.replacement)
        if pos < new_start:
            break
        if pos < new_end:
            return e.start
        delta += len(e.replacement) - (e.end - e.start)
    return pos - delta


class Engine:
    """A fixed set of rules and the policy that combines what they yield."""

    def __init__(self, rules: Sequence[Rule], max_rounds: int = MAX_ROUNDS) -> None:
        self.rules = list(rules)
        self.max_rounds = max_rounds

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
                else:
                    candidates.append(item)
        edits = [c for c in resolve(candidates) if isinstance(c, Edit)]
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
        applied: list[Applied] = []
        history: list[list[Edit]] = []
        for round_no in range(1, self.max_rounds + 2):
            result = self.scan(current, ctx, view_fn)
            todo = result.edits if unsafe else result.safe
            if not todo:
                return FixResult(
                    original=original,
                    text=current,
                    applied=applied,
                    suggestions=[] if unsafe else result.unsafe,
                    findings=result.findings,
                    rounds=round_no - 1,
                    view=result.view,
                )
            if round_no > self.max_rounds:
                rules = sorted({e.rule_id for e in todo})
                raise FixpointError(
                    f"fixing did not settle after {self.max_rounds} rounds; "
                    f"these rules keep changing the text: {', '.join(rules)}"
                )
            for e in todo:
                start, end = e.start, e.end
                for earlier in reversed(history):
                    start, end = _map_back(start, earlier), _map_back(end, earlier)
                applied.append(Applied(e, round_no, start, max(start, end)))
            history.append(todo)
            current = apply_edits(current, todo)
        raise AssertionError("unreachable")  # pragma: no cover
