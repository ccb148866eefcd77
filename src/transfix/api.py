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
import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from transfix.config import Overrides, Resolver, Settings, check_rule_ids
from transfix.document import Document, read_document
from transfix.edits import Edit, Finding, LineIndex, Safety, Severity, SourceRef, by_fields
from transfix.engine import Engine, FixResult, TextView
from transfix.errors import InputError
from transfix.kinds.base import ScanContext, SourceDoc
from transfix.markup import View, metadata_for, view_for, with_selection
from transfix.ruleset import RuleSet, load_ruleset
from transfix.yamlsource import display_path

ViewFn = Callable[[str], View]


@dataclass(frozen=True, slots=True)
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
    start: int = field(default=0, compare=False, repr=False)  # offsets in the original text
    end: int = field(default=0, compare=False, repr=False)
    original: str | None = field(default=None, compare=False, repr=False)  # its text there
    #: where in the Chinese source the evidence is (bilingual mode)
    source: SourceRef | None = field(default=None, compare=False)

    __reduce__ = by_fields

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
    applied: list[Problem] = field(default_factory=list)  # the changes made
    problems: list[Problem] = field(default_factory=list)  # suggestions and findings
    result: FixResult | None = None
    #: a format transfix reads but does not write (TMX): `fix` reports, `check` is fine
    read_only: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def all_problems(self) -> list[Problem]:
        """Changes, suggestions and findings in file order: what ``check`` reports.

        Every position refers to the original text.
        """
        return sorted([*self.applied, *self.problems], key=lambda p: (p.start, p.end, p.rule))


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
        """The rule set for ``settings`` (loaded once; then frozen out of the collector)."""
        key = (settings.rules, settings.glossary)
        if key not in self._rulesets:
            ruleset = load_ruleset(list(settings.rules), list(settings.glossary))
            ruleset.check_style(settings.style)
            self._rulesets[key] = ruleset
            gc.freeze()  # long-lived: the collector need not walk the rule set again
        if (settings.source, key) not in self._checked:  # rule ids named in the configuration
            check_rule_ids(settings, {r.id: r.entry_ids() for r in self._rulesets[key].rules})
            self._checked.add((settings.source, key))
        return self._rulesets[key]

    def _engine(self, settings: Settings, path: str | None) -> tuple[Engine, RuleSet]:
        ruleset = self.ruleset(settings)
        sel = settings.for_file(path) if path else settings.selection
        key = (settings.rules, settings.glossary, sel.enable, sel.disable, sel.safe, sel.unsafe)
        if key not in self._engines:
            rules = [
                r
                for r in ruleset.rules
                if (sel.enable is None or r.id in sel.enable) and r.id not in sel.disable
            ]
            self._engines[key] = Engine(rules, safe=sel.safe, unsafe=sel.unsafe)
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
            source=self._source(settings, doc),
        )

    def source_path(self, settings: Settings, path: str | None) -> Path | None:
        """The Chinese source of ``path``: ``--source``, else the ``source:`` pattern's file
        if it exists."""
        explicit = self.resolver.overrides.source
        if explicit is not None:
            return Path(explicit)
        if path is None or settings.source_pattern is None:
            return None
        found = settings.source_for(path)
        return found if found is not None and found.is_file() else None

    def _source(self, settings: Settings, doc: Document) -> SourceDoc | None:
        path = self.source_path(settings, doc.path)
        if path is None:
            return None
        source = read_document(path)
        text = view_for(str(path))(source.text).text
        if not _HAN.search(text):
            raise InputError("no Chinese text in the source", display_path(path))
        return SourceDoc(text=text, path=display_path(path))

    def check(self, doc: Document, settings: Settings | None = None) -> CheckResult:
        """Every edit ``fix`` would make and every finding: the same run as ``fix``."""
        result = self.fix(doc, settings)
        return CheckResult(result.path, result.all_problems())

    def fix(
        self, doc: Document, settings: Settings | None = None, unsafe: bool = False
    ) -> FixTextResult:
        settings = settings or self.settings(doc.path)
        if is_bitext(doc.path):
            return self._fix_bitext(doc, settings, unsafe)
        engine, ruleset = self._engine(settings, doc.path)
        view_fn = self._view_fn(settings, doc.path)
        ctx = self._context(settings, doc)
        result = engine.fix(doc.text, ctx, unsafe=unsafe, view_fn=view_fn)
        make = _ProblemMaker(doc.display_name, result.original, ruleset, settings, doc.path)
        applied = [make(a.edit, a.start, a.end, a.new) for a in result.applied]
        problems = [
            make(x.item, x.start, x.end, x.replacement)
            for x in sorted(result.located(), key=lambda x: (x.start, x.end, x.item.rule_id))
        ]
        if result.view is not None:
            problems += _unused(make.path, make.index, result.view, result)
        return FixTextResult(make.path, result.original, result.text, applied, problems, result)

    def _fix_bitext(self, doc: Document, settings: Settings, unsafe: bool) -> FixTextResult:
        """A bitext file: its targets as one English text, its sources as the source."""
        from transfix.bitext.formats import parse
        from transfix.bitext.joined import SEPARATOR, Joined

        bf = parse(doc.text, doc.path)
        joined = Joined.of(bf)
        engine, ruleset = self._engine(settings, doc.path)
        sel = settings.for_file(doc.path) if doc.path else settings.selection
        entry_disables = tuple(d for d in sel.disable if "/" in d)
        protected = joined.protected()

        def view(text: str) -> View:
            return View(text=text, protected=protected)

        ctx = replace(
            self._context(settings, Document(text="", path=None)),
            path=doc.path,
            source=SourceDoc(
                text=joined.chinese,
                path=doc.display_name,
                units=tuple(joined.zh_spans),
                locate=joined.zh_line_col,
                en_separator=SEPARATOR,
            ),
        )
        result = engine.fix(
            joined.english,
            ctx,
            unsafe=unsafe,
            view_fn=with_selection(view, entry_disables, self.report_unused_ignores),
        )
        new_text = doc.text
        if result.changed and bf.writable:
            new_text, _skipped = joined.write(_merged_changes(result))
        make = _ProblemMaker(doc.display_name, doc.text, ruleset, settings, doc.path)

        def where(start: int, end: int) -> tuple[int, int]:
            a = joined.to_file(start)
            return a, max(a, joined.to_file(end))

        applied = [make(a.edit, *where(a.start, a.end), a.new) for a in result.applied]
        problems = [
            make(x.item, *where(x.start, x.end), x.replacement)
            for x in sorted(result.located(), key=lambda x: (x.start, x.end, x.item.rule_id))
        ]
        for missing in bf.missing:
            problems.append(make.missing(missing))
        out = FixTextResult(make.path, doc.text, new_text, applied, problems, None)
        out.read_only = not bf.writable
        return out

    def _view_fn(self, settings: Settings, path: str | None) -> ViewFn:
        sel = settings.for_file(path) if path else settings.selection
        entry_disables = tuple(d for d in sel.disable if "/" in d)
        return with_selection(view_for(path), entry_disables, self.report_unused_ignores)


class _ProblemMaker:
    """Builds report records for one document: located in its original text."""

    def __init__(
        self, path: str, original: str, ruleset: RuleSet, settings: Settings, file: str | None
    ) -> None:
        self.path = path
        self.original = original
        self._index: LineIndex | None = None
        sel = settings.for_file(file) if file else settings.selection
        self.severity = sel.severity
        self.kinds = {r.id: r.spec.kind for r in ruleset.rules}

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.original)
        return self._index

    def missing(self, unit: Any) -> Problem:
        """A bitext unit with a source and no target: ``bitext/dropped``."""
        offset = self.index.starts[unit.line - 1] + unit.column - 1
        return Problem(
            path=self.path,
            line=unit.line,
            column=unit.column,
            end_line=unit.line,
            end_column=unit.column,
            rule="bitext/dropped",
            category="bitext",
            severity=Severity.WARNING.value,
            message=f"unit {unit.id} has no English target (source: {unit.source[:30]})",
            replacement=None,
            safety=None,
            evidence=None,
            start=offset,
            end=offset,
        )

    def __call__(
        self, item: Edit | Finding, start: int, end: int, replacement: str | None
    ) -> Problem:
        line, col = self.index.line_col(start)
        end_line, end_col = self.index.line_col(end)
        severity = item.severity.value
        rule_id = item.rule_id
        for rid, level in self.severity:
            if rule_id == rid or rule_id.startswith(rid + "/"):
                severity = level
        is_edit = isinstance(item, Edit)
        return Problem(
            path=self.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            rule=rule_id,
            category=self.kinds.get(item.rule, item.rule),
            severity=severity,
            message=item.message,
            replacement=replacement if is_edit else None,
            safety=item.safety.value if isinstance(item, Edit) else None,
            evidence=item.evidence,
            start=start,
            end=end,
            original=self.original[start:end],
            source=item.source,
        )


_HAN = re.compile(r"[\u3400-\u9fff]")
BITEXT_SUFFIXES = (".tsv", ".tab", ".tmx", ".xlf", ".xliff", ".po", ".pot")


def is_bitext(path: str | None) -> bool:
    return path is not None and path.lower().endswith(BITEXT_SUFFIXES)


def _merged_changes(result: FixResult) -> list[tuple[int, int, str]]:
    """The applied changes as non-overlapping spans of the original and their final text."""
    out: list[tuple[int, int, str]] = []
    for a in sorted(result.applied, key=lambda a: (a.start, a.end)):
        if out and a.start < out[-1][1]:
            start = out[-1][0]
            end = max(out[-1][1], a.end)
            x, y = result.to_fixed(start, end)
            out[-1] = (start, end, result.text[x:y])
        else:
            out.append((a.start, a.end, a.new))
    return out


def _unused(path: str, index: LineIndex, view: TextView, result: FixResult) -> list[Problem]:
    if not isinstance(view, View) or not view.report_unused:
        return []
    out = []
    for s in view.suppressions.unused():
        start, end = result.to_original(s.comment_start, s.comment_end)
        line, col = index.line_col(start)
        end_line, end_col = index.line_col(end)
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
                start=start,
                end=end,
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
