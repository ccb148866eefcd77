"""Checking and fixing one document under its settings; the library API for pipelines.

>>> from transfix import check_text, fix_text
>>> result = fix_text("The county people's Congress met.")
>>> result.text
"The county people's congress met."
>>> [p.rule for p in check_text("Zhao guibo presided.").problems]
['names/given-lowercase']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from transfix.config import Overrides, Resolver, Settings, check_rule_ids
from transfix.document import Document
from transfix.edits import Edit, Finding, LineIndex, Safety, Severity
from transfix.engine import Engine, FixResult, TextView
from transfix.kinds.base import ScanContext
from transfix.markup import View, metadata_for, view_for, with_selection
from transfix.ruleset import RuleSet, load_ruleset

ViewFn = Callable[[str], View]


@dataclass(frozen=True)
class Problem:
    """One edit transfix would make, or one finding, located in the document."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str  # "terms/county-head", "names/given-lowercase", "dates"
    category: str  # the rule's kind: terms, names, dates
    severity: str  # error, warning, info
    message: str
    replacement: str | None  # None for a finding without a fix
    safety: str | None  # "safe" (applied by fix), "unsafe" (a suggestion), None (a finding)
    evidence: str | None
    start: int = field(default=0, compare=False, repr=False)  # offsets in the text
    end: int = field(default=0, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "finding" if self.replacement is None else "edit"

    @property
    def fixable(self) -> bool:
        return self.safety == Safety.SAFE.value


@dataclass
class CheckResult:
    """What ``check`` found in one text: every edit ``fix`` would make, and every finding."""

    path: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class FixTextResult:
    """What ``fix`` did to one text."""

    path: str
    original: str
    text: str
    applied: list[Problem] = field(default_factory=list)  # located in the original text
    problems: list[Problem] = field(default_factory=list)  # suggestions, findings (fixed text)
    result: FixResult | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.original


class Processor:
    """Builds (and reuses) an engine per distinct configuration, and runs it on documents."""

    def __init__(self, overrides: Overrides | None = None) -> None:
        self.resolver = Resolver(overrides or Overrides())
        self._rulesets: dict[tuple[tuple[str, ...], tuple[str, ...]], RuleSet] = {}
        self._engines: dict[tuple[object, ...], Engine] = {}
        self._checked: set[tuple[object, ...]] = set()
        self.report_unused_ignores = False

    def settings(self, path: str | None) -> Settings:
        return self.resolver.for_path(path)

    def ruleset(self, settings: Settings) -> RuleSet:
        key = (settings.rules, settings.glossary)
        if key not in self._rulesets:
            ruleset = load_ruleset(list(settings.rules), list(settings.glossary))
            ruleset.check_style(settings.style)
            self._rulesets[key] = ruleset
        if (settings.source, key) not in self._checked:  # rule ids named in the configuration
            check_rule_ids(settings, {r.id: r.entry_ids() for r in self._rulesets[key].rules})
            self._checked.add((settings.source, key))
        return self._rulesets[key]

    def _engine(self, settings: Settings, path: str | None) -> tuple[Engine, RuleSet]:
        ruleset = self.ruleset(settings)
        sel = settings.for_file(path) if path else settings.selection
        key = (settings.rules, settings.glossary, sel.enable, sel.disable)
        if key not in self._engines:
            rules = [
                r
                for r in ruleset.rules
                if (sel.enable is None or r.id in sel.enable) and r.id not in sel.disable
            ]
            self._engines[key] = Engine(rules)
        return self._engines[key], ruleset

    def _context(self, settings: Settings, doc: Document) -> ScanContext:
        """Settings first, then the document's own metadata (Markdown front matter)."""
        meta = metadata_for(doc.path, doc.text)
        date = settings.date or meta.get("date")
        place = settings.place or meta.get("place")
        return ScanContext(
            path=doc.path,
            date=date if isinstance(date, dt.date) else None,
            style=settings.style,
            place=place if isinstance(place, str) else None,
        )

    def check(self, doc: Document, settings: Settings | None = None) -> CheckResult:
        settings = settings or self.settings(doc.path)
        engine, ruleset = self._engine(settings, doc.path)
        view_fn = self._view_fn(settings, doc.path)
        ctx = self._context(settings, doc)
        scan = engine.scan(doc.text, ctx, view_fn)
        name = doc.display_name
        index = LineIndex(doc.text)
        items: list[Edit | Finding] = [*scan.edits, *scan.findings]
        problems = [
            _problem(name, index, item, ruleset, settings, doc.path)
            for item in sorted(items, key=_position)
        ]
        if scan.view is not None:
            problems += _unused(name, index, scan.view)
        return CheckResult(name, problems)

    def fix(
        self, doc: Document, settings: Settings | None = None, unsafe: bool = False
    ) -> FixTextResult:
        settings = settings or self.settings(doc.path)
        engine, ruleset = self._engine(settings, doc.path)
        view_fn = self._view_fn(settings, doc.path)
        ctx = self._context(settings, doc)
        result = engine.fix(doc.text, ctx, unsafe=unsafe, view_fn=view_fn)
        name = doc.display_name
        old, new = LineIndex(result.original), LineIndex(result.text)
        applied = [
            _problem(name, old, a.edit, ruleset, settings, doc.path, a.start, a.end)
            for a in result.applied
        ]
        rest: list[Edit | Finding] = [*result.suggestions, *result.findings]
        problems = [
            _problem(name, new, item, ruleset, settings, doc.path)
            for item in sorted(rest, key=_position)
        ]
        return FixTextResult(name, result.original, result.text, applied, problems, result)

    def _view_fn(self, settings: Settings, path: str | None) -> ViewFn:
        sel = settings.for_file(path) if path else settings.selection
        entry_disables = tuple(d for d in sel.disable if "/" in d)
        return with_selection(view_for(path), entry_disables, self.report_unused_ignores)


def _position(item: Edit | Finding) -> tuple[int, int, str]:
    return (item.start, item.end, item.rule_id)


def _problem(
    path: str,
    index: LineIndex,
    item: Edit | Finding,
    ruleset: RuleSet,
    settings: Settings,
    file: str | None,
    start: int | None = None,
    end: int | None = None,
) -> Problem:
    start = item.start if start is None else start
    end = item.end if end is None else end
    line, col = index.line_col(start)
    end_line, end_col = index.line_col(end)
    sel = settings.for_file(file) if file else settings.selection
    severity = item.severity.value
    for rid, level in sel.severity:
        if item.rule_id == rid or item.rule_id.startswith(rid + "/"):
            severity = level
    return Problem(
        path=path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        rule=item.rule_id,
        category=ruleset.kind_of(item.rule),
        severity=severity,
        message=item.message,
        replacement=item.replacement if isinstance(item, Edit) else None,
        safety=item.safety.value if isinstance(item, Edit) else None,
        evidence=item.evidence,
        start=start,
        end=end,
    )


def _unused(path: str, index: LineIndex, view: TextView) -> list[Problem]:
    if not isinstance(view, View) or not view.report_unused:
        return []
    out = []
    for s in view.suppressions.unused():
        line, col = index.line_col(s.comment_start)
        end_line, end_col = index.line_col(s.comment_end)
        out.append(
            Problem(
                path=path,
                line=line,
                column=col,
                end_line=end_line,
                end_column=end_col,
                rule="unused-ignore",
                category="suppression",
                severity=Severity.WARNING.value,
                message="this transfix suppression comment suppresses nothing",
                replacement=None,
                safety=None,
                evidence=None,
                start=s.comment_start,
                end=s.comment_end,
            )
        )
    return out


# ------------------------------------------------------------------------ library API


def _processor(
    rules: tuple[str, ...] = (),
    glossary: tuple[str, ...] = (),
    style: str | None = None,
    date: dt.date | None = None,
    config: str | Path | None = None,
) -> Processor:
    return Processor(
        Overrides(
            config=str(config) if config else None,
            rules=tuple(map(str, rules)),
            glossary=tuple(map(str, glossary)),
            style=style,
            date=date,
        )
    )


def check_text(
    text: str,
    *,
    path: str | None = None,
    style: str | None = None,
    date: dt.date | None = None,
    rules: tuple[str, ...] = (),
    glossary: tuple[str, ...] = (),
    config: str | Path | None = None,
) -> CheckResult:
    """Every edit ``fix`` would make to ``text`` and every finding, without changing it.

    ``path`` names the text in results and picks its markup by extension (``.md``,
    ``.html``); configuration is looked up from ``path`` unless ``config`` is given.
    """
    proc = _processor(rules, glossary, style, date, config)
    return proc.check(Document(text=text, path=path))


def fix_text(
    text: str,
    *,
    path: str | None = None,
    unsafe: bool = False,
    style: str | None = None,
    date: dt.date | None = None,
    rules: tuple[str, ...] = (),
    glossary: tuple[str, ...] = (),
    config: str | Path | None = None,
) -> FixTextResult:
    """``text`` with its safe fixes applied (all fixes with ``unsafe``), and what remains."""
    proc = _processor(rules, glossary, style, date, config)
    return proc.fix(Document(text=text, path=path), unsafe=unsafe)
