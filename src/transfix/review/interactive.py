"""``transfix fix --interactive``: each suggestion asked one by one, as ``git add -p`` asks
about hunks (each safe fix too, with ``--review-all``).

How the text is built (:func:`compose`, then :func:`settle`):

1. ``fix`` runs as usual: the safe fixes are applied to a fixpoint (the *fixed* text);
   every suggestion and safe fix is located in the original text.
2. The editor decides. Every decision becomes one edit on the fixed text: an accepted
   suggestion replaces its fixed-text span with its replacement (or the edited one); a
   rejected safe fix puts the original text of its span back (built from the chosen
   edits, not by re-running without it: the engine need not know about the choice).
   A safe fix inside an accepted suggestion's span is superseded by it, since a
   suggestion's replacement already includes the safe fixes it was widened over.
   Suggestions do not overlap each other (the engine resolves them together).
3. The safe fixpoint runs once more on the result, so that ``transfix fix`` afterwards
   changes nothing; a rejected safe fix is kept out of that pass (its rule may not touch
   the span it was rejected on), and anything the pass changes is reported.

Items not reached (after ``q``) keep their default: safe fixes applied, suggestions
not. ``r`` rejects and records the problem in the baseline (``--baseline``, default
``.transfix-baseline.json``); items found in the baseline are not asked again and
are not applied (a plain ``transfix fix`` still applies safe fixes: it does not read
the baseline). Entries are recorded against the text as written, so that the next
run recognises them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from transfix.api import FixTextResult, Problem, Processor
from transfix.document import Document, read_document, write_atomic
from transfix.edits import Edit, LineIndex, apply_edits
from transfix.engine import Engine, FixResult, OffsetMap, ViewFn
from transfix.errors import FixpointError, TransfixError
from transfix.kinds.base import ScanContext
from transfix.review.baseline import DEFAULT_PATH, Baseline, Entry, fingerprints
from transfix.review.entries import Entries

KEYS = "y,n,a,d,e,s,r,q,?"
HELP = """\
y - apply this {what}
n - do not apply it
a - apply it and every later {what} of this rule in this file
d - do not apply it, nor any later {what} of this rule in this file
e - edit the replacement, then apply it
s - show the rule's entry (transfix explain)
r - reject it and record it in the baseline ({baseline}): not asked again
q - quit: apply what was decided so far (items not reached keep their default)
? - print this help
"""
CONTEXT = 60  # characters of the line shown on each side of the change


# ------------------------------------------------------------------------- the items


@dataclass(frozen=True)
class Item:
    """One suggestion, or one safe fix (overlapping safe fixes merged), to decide on."""

    kind: str  # "suggestion" or "fix"
    start: int  # the span of the original text
    end: int
    old: str  # the original text of the span
    new: str  # what replaces that span (a suggestion's includes the safe fixes inside it)
    rules: tuple[str, ...]
    message: str
    evidence: str | None
    line: int
    column: int
    fixed: tuple[int, int]  # the span of the fixed text it stands on
    problems: tuple[Problem, ...]

    @property
    def rule(self) -> str:
        return self.rules[0]

    @property
    def what(self) -> str:
        return "suggestion" if self.kind == "suggestion" else "fix"


def items(result: FixTextResult, review_all: bool = False) -> list[Item]:
    """The suggestions (and with ``review_all`` the safe fixes) of ``result``, in file order."""
    fix = result.result
    assert fix is not None
    out: list[Item] = []
    for p in result.problems:
        if p.replacement is None or p.safety != "unsafe":
            continue
        out.append(
            Item(
                "suggestion",
                p.start,
                p.end,
                result.original[p.start : p.end],
                p.replacement,
                (p.rule,),
                p.message,
                p.evidence,
                p.line,
                p.column,
                fix.to_fixed(p.start, p.end),
                (p,),
            )
        )
    if review_all:
        out += _fix_items(result, fix)
    out.sort(key=lambda i: (i.start, i.end, i.kind != "fix"))
    return out


def _fix_items(result: FixTextResult, fix: FixResult) -> list[Item]:
    """Safe fixes, merged where they overlap (a later round's edit on an earlier one's)."""
    groups: list[list[Problem]] = []
    end = -1
    for p in sorted(result.applied, key=lambda p: (p.start, p.end)):
        if groups and p.start < end:
            groups[-1].append(p)
            end = max(end, p.end)
        else:
            groups.append([p])
            end = p.end
    out = []
    for g in groups:
        start, stop = g[0].start, max(p.end for p in g)
        a, b = fix.to_fixed(start, stop)
        first = g[0]
        out.append(
            Item(
                "fix",
                start,
                stop,
                result.original[start:stop],
                fix.text[a:b],
                tuple(dict.fromkeys(p.rule for p in g)),
                first.message,
                first.evidence,
                first.line,
                first.column,
                (a, b),
                tuple(g),
            )
        )
    return out


@dataclass
class Decision:
    apply: bool
    text: str  # the replacement: the item's, or the edited one
    edited: bool = False
    baseline: bool = False  # rejected into the baseline (now, or in an earlier run)
    asked: bool = True


def default(item: Item) -> Decision:
    """What ``fix`` does with an item nobody decided on."""
    return Decision(apply=item.kind == "fix", text=item.new, asked=False)


# ----------------------------------------------------------------- building the text


@dataclass(frozen=True)
class Protected:
    """A span of text where a rejected safe fix's rules may not edit (the final pass)."""

    start: int
    end: int
    rules: frozenset[str]

    def blocks(self, e: Edit) -> bool:
        if e.rule_id not in self.rules and e.rule not in self.rules:
            return False
        if e.start < self.end and self.start < e.end:
            return True
        if e.start == e.end:
            return self.start <= e.start <= self.end
        return self.start == self.end and e.start <= self.start <= e.end

    def moved(self, m: OffsetMap) -> Protected:
        a, b = m.forward(self.start, self.end)
        return Protected(a, max(a, b), self.rules)


@dataclass
class Composition:
    text: str
    map: OffsetMap  # fixed text -> composed text
    protected: list[Protected] = field(default_factory=list)


def compose(
    fix: FixResult, chosen: Sequence[Item], decisions: Mapping[int, Decision]
) -> Composition:
    """The fixed text with the decisions made: accepted suggestions applied, rejected (or
    edited) safe fixes undone (or replaced); see the module's docstring."""
    accepted = [
        (it, decisions[i])
        for i, it in enumerate(chosen)
        if it.kind == "suggestion" and decisions[i].apply
    ]
    edits: list[tuple[Edit, frozenset[str] | None]] = []
    for it, d in accepted:
        edits.append((Edit(it.fixed[0], it.fixed[1], d.text, it.rule), None))
    for i, it in enumerate(chosen):
        d = decisions[i]
        if it.kind != "fix" or (d.apply and not d.edited):
            continue
        a, b = it.fixed
        if any(_supersedes(s, it) for s, _ in accepted):
            continue
        text = d.text if d.apply else it.old
        # the editor decided this span: its safe rules may not rewrite it in the final pass
        edits.append((Edit(a, b, text, it.rule), frozenset(it.rules)))
    edits.sort(key=lambda x: (x[0].start, x[0].end))
    kept: list[tuple[Edit, frozenset[str] | None]] = []
    for e, rules in edits:
        if kept and e.start < kept[-1][0].end:
            continue  # never happens with the engine's results; the earlier edit stands
        kept.append((e, rules))
    plain = [e for e, _ in kept]
    protected = []
    delta = 0
    for e, rules in kept:
        if rules is not None:
            protected.append(
                Protected(e.start + delta, e.start + delta + len(e.replacement), rules)
            )
        delta += len(e.replacement) - (e.end - e.start)
    return Composition(apply_edits(fix.text, plain), OffsetMap(plain), protected)


def _supersedes(suggestion: Item, fix_item: Item) -> bool:
    """Whether an accepted suggestion's replacement already includes this safe fix."""
    sa, sb = suggestion.fixed
    fa, fb = fix_item.fixed
    inside_original = suggestion.start <= fix_item.start and fix_item.end <= suggestion.end
    return inside_original and sa <= fa and fb <= sb


@dataclass
class Settled:
    text: str
    maps: list[OffsetMap]
    changes: list[tuple[str, str, str]]  # (rule id, old, new) made by the final pass


def settle(
    engine: Engine,
    text: str,
    ctx: ScanContext,
    view_fn: ViewFn | None,
    protected: Sequence[Protected] = (),
) -> Settled:
    """The safe fixpoint on ``text`` (as ``Engine.fix``), keeping ``protected`` spans."""
    maps: list[OffsetMap] = []
    changes: list[tuple[str, str, str]] = []
    guard = list(protected)
    for round_no in range(1, engine.max_rounds + 2):
        scan = engine.scan(text, ctx, view_fn)
        todo = [e for e in scan.safe if not any(p.blocks(e) for p in guard)]
        if not todo:
            return Settled(text, maps, changes)
        if round_no > engine.max_rounds:
            rules = sorted({e.rule_id for e in todo})
            raise FixpointError(
                f"fixing did not settle after {engine.max_rounds} rounds; "
                f"these rules keep changing the text: {', '.join(rules)}"
            )
        todo.sort(key=lambda e: (e.start, e.end))
        changes += [(e.rule_id, text[e.start : e.end], e.replacement) for e in todo]
        m = OffsetMap(todo)
        maps.append(m)
        text = apply_edits(text, todo)
        guard = [p.moved(m) for p in guard]
    raise AssertionError("unreachable")  # pragma: no cover


# ---------------------------------------------------------------------- the terminal


class Style:
    def __init__(self, color: bool, readline: bool = False) -> None:
        self.color = color
        self.readline = readline  # prompts are read by readline: mark escapes as invisible

    def _sgr(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def old(self, text: str) -> str:
        return self._sgr("31;9", text) if self.color else f"[-{text}-]"

    def new(self, text: str) -> str:
        return self._sgr("32;1", text) if self.color else f"{{+{text}+}}"

    def rule(self, text: str) -> str:
        return self._sgr("36", text)

    def dim(self, text: str) -> str:
        return self._sgr("2", text)

    def prompt(self, text: str) -> str:
        if self.color and self.readline:
            return f"\x01\x1b[34;1m\x02{text}\x01\x1b[0m\x02"
        return self._sgr("34;1", text)


def _visible(text: str) -> str:
    return text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵").replace("\t", "→")


def change_line(text: str, item: Item, style: Style, replacement: str | None = None) -> str:
    """The original line of ``item`` with the change marked (cut to CONTEXT each side)."""
    line_start = max(text.rfind("\n", 0, item.start), text.rfind("\r", 0, item.start)) + 1
    ends = [i for i in (text.find("\n", item.end), text.find("\r", item.end)) if i >= 0]
    line_end = min(ends) if ends else len(text)
    before = text[line_start : item.start]
    after = text[item.end : line_end]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    if len(after) > CONTEXT:
        after = after[:CONTEXT] + "…"
    new = item.new if replacement is None else replacement
    return (
        _visible(before)
        + style.old(_visible(item.old))
        + style.new(_visible(new))
        + _visible(after)
    )


def read_prefilled(prompt: str, text: str) -> str | None:
    """A line from the terminal, with ``text`` already typed in (when readline is there)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - no readline on this platform
        try:
            return input(prompt)
        except EOFError:
            return None
    readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        return input(prompt)
    except EOFError:
        return None
    finally:
        readline.set_startup_hook()


def read_line(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


@dataclass
class Prompter:
    """The session's input and output (a terminal; tests can pass other functions)."""

    out: TextIO
    style: Style
    read: Callable[[str], str | None] = read_line
    read_edit: Callable[[str, str], str | None] = read_prefilled

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()


@dataclass
class FileReview:
    """The decisions about one document's items."""

    path: str
    original: str
    items: list[Item]
    decisions: dict[int, Decision] = field(default_factory=dict)
    quit: bool = False

    def walk(
        self,
        ui: Prompter,
        explain: Callable[[str], str],
        known: set[int],
        baseline_name: str,
    ) -> None:
        """Ask about every item not in ``known`` (the baseline's), in file order."""
        askable = [i for i in range(len(self.items)) if i not in known]
        for i in known:
            self.decisions[i] = Decision(False, self.items[i].new, baseline=True, asked=False)
        for n, i in enumerate(askable, 1):
            if i in self.decisions:
                continue  # decided by an earlier 'a' or 'd'
            it = self.items[i]
            self._show(ui, it, n, len(askable))
            decision = self._ask(ui, it, explain, baseline_name)
            if decision is None:  # q
                self.quit = True
                break
            key, d = decision
            self.decisions[i] = d
            if key in ("a", "d"):  # decide the rule's later items in this file now
                for j in askable[n:]:
                    later = self.items[j]
                    if (later.kind, later.rule) == (it.kind, it.rule):
                        self.decisions.setdefault(j, Decision(key == "a", later.new, asked=False))
        for i, it in enumerate(self.items):
            self.decisions.setdefault(i, default(it))

    def _show(self, ui: Prompter, it: Item, n: int, total: int) -> None:
        s = ui.style
        ui.say()
        kind = "suggestion" if it.kind == "suggestion" else "safe fix"
        ui.say(
            f"({n}/{total}) {self.path}:{it.line}:{it.column} "
            f"{s.rule(', '.join(it.rules))} ({kind})"
        )
        ui.say("  " + change_line(self.original, it, s))
        ui.say("  " + it.message)
        if it.evidence:
            ui.say(s.dim(f"  evidence: {it.evidence}"))

    def _ask(
        self, ui: Prompter, it: Item, explain: Callable[[str], str], baseline_name: str
    ) -> tuple[str, Decision] | None:
        question = f"Apply this {it.what} [{KEYS}]? "
        while True:
            answer = ui.read(ui.style.prompt(question))
            if answer is None:
                ui.say()
                return None
            key = answer.strip().lower()[:1]
            if key == "":
                continue
            if key in ("y", "a"):
                return key, Decision(True, it.new)
            if key in ("n", "d"):
                return key, Decision(False, it.new)
            if key == "q":
                return None
            if key == "r":
                ui.say(f"  rejected; recorded in {baseline_name}")
                return key, Decision(False, it.new, baseline=True)
            if key == "s":
                ui.say(explain(it.rule))
                continue
            if key == "e":
                edited = ui.read_edit(f"Replace {it.old!r} with: ", it.new)
                if edited is None or edited == "":
                    ui.say("  (empty: nothing changed; asking again)")
                    continue
                ui.say("  " + change_line(self.original, it, ui.style, edited))
                return key, Decision(True, edited, edited=edited != it.new)
            ui.say(HELP.format(what=it.what, baseline=baseline_name).rstrip())


# ----------------------------------------------------------------------- one document


@dataclass
class Written:
    text: str
    applied: list[tuple[Item, Decision]]
    changes: list[tuple[str, str, str]]
    entries: list[Entry]  # this document's baseline entries, against the text written


Span = tuple[int, int, tuple[str, ...]]  # a span of the original text and its rules


def finish(
    proc: Processor,
    doc: Document,
    result: FixTextResult,
    review: FileReview,
    keep: Sequence[Span],
    key_path: str,
) -> Written:
    """The text the decisions give, settled; and baseline entries for it: one for each
    span in ``keep`` (problems to keep in the baseline) still reported in that text."""
    fix = result.result
    assert fix is not None and doc.path is not None
    settings = proc.settings(doc.path)
    engine, _ = proc._engine(settings, doc.path)
    comp = compose(fix, review.items, review.decisions)
    ctx = proc._context(settings, doc.with_text(comp.text))
    settled = settle(engine, comp.text, ctx, proc._view_fn(settings, doc.path), comp.protected)
    applied = [
        (it, d)
        for i, it in enumerate(review.items)
        if (d := review.decisions[i]).apply and (it.kind == "suggestion" or d.asked)
    ]
    entries: list[Entry] = []
    if keep:
        again = proc.fix(doc.with_text(settled.text), settings).all_problems()
        prints = fingerprints(key_path, settled.text, again)
        for start, end, rules in keep:
            a, b = comp.map.forward(*fix.to_fixed(start, end))
            for m in settled.maps:
                a, b = m.forward(a, b)
            b = max(a, b)
            same = [k for k, p in enumerate(again) if p.rule in rules]
            exact = [k for k in same if (again[k].start, again[k].end) == (a, b)]
            near = [k for k in same if again[k].start < b and a < again[k].end]
            entries += [prints[k] for k in (exact or near)[:1]]
    return Written(settled.text, applied, settled.changes, list(dict.fromkeys(entries)))


# ------------------------------------------------------------------------ the command


def _error(message: str) -> None:
    sys.stderr.write(f"transfix: error: {message}\n")


def refuse(
    conflicts: Mapping[str, bool], review_all: bool, interactive: bool, baseline: bool = False
) -> str | None:
    """Why these ``fix`` options cannot go together, or None."""
    if not interactive:
        if review_all:
            return "--review-all goes with --interactive (-i)"
        if baseline:
            return "fix takes --baseline only with --interactive (-i); check takes it alone"
        return None
    for name, given in conflicts.items():
        if given:
            return f"--interactive decides each change itself; it does not go with {name}"
    return None


def run(
    paths: Sequence[str],
    proc: Processor,
    *,
    review_all: bool = False,
    baseline_path: str | None = None,
    output: str | None = None,
    color: bool | None = None,
    stdin: TextIO | None = None,
    ui: Prompter | None = None,
) -> int:
    """Review ``paths`` one by one; the exit code (0, or 2 when something could not be done)."""
    stdin = stdin or sys.stdin
    if ui is None and not stdin.isatty():
        _error(
            "--interactive needs a terminal, and standard input is not one "
            "(use --unsafe to apply every suggestion, or --diff to see them)"
        )
        return 2
    if "-" in paths:
        _error("--interactive reads files, not standard input (-)")
        return 2
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if ui is None:
        try:
            import readline  # noqa: F401  (line editing for every answer, and for e)

            has_readline = True
        except ImportError:  # pragma: no cover - no readline on this platform
            has_readline = False
        ui = Prompter(sys.stdout, Style(color, has_readline))
    try:
        baseline = Baseline.load(baseline_path or DEFAULT_PATH, missing_ok=True)
    except TransfixError as exc:
        _error(str(exc))
        return 2
    status = 0
    for n, path in enumerate(paths):
        before = list(baseline.entries)
        try:
            quit_now = _one(proc, path, baseline, review_all, output, ui)
            if baseline.entries != before:
                baseline.save()  # after each file: its decisions are on disk, so are these
        except TransfixError as exc:
            baseline.entries = before  # this file was not written: nor are its entries
            _error(str(exc))
            status = 2
            continue
        if quit_now:
            rest = len(paths) - n - 1
            if rest:
                ui.say(f"stopped: {rest} more file{'s' if rest != 1 else ''} left as they were")
            break
    return status


def _one(
    proc: Processor,
    path: str,
    baseline: Baseline,
    review_all: bool,
    output: str | None,
    ui: Prompter,
) -> bool:
    """Review one file and write it; whether the editor quit."""
    doc = read_document(path)
    settings = proc.settings(path)
    result = proc.fix(doc, settings)
    chosen = items(result, review_all)
    known_entries = baseline.contains()
    prints = fingerprints(baseline.key_path(path), doc.text, result.all_problems())
    by_problem = {id(p): e for p, e in zip(result.all_problems(), prints, strict=True)}
    known = {
        i
        for i, it in enumerate(chosen)
        if any(by_problem.get(id(p)) in known_entries for p in it.problems)
    }
    review = FileReview(doc.display_name, doc.text, chosen)
    entries = Entries(proc.ruleset(settings))
    if chosen and len(known) < len(chosen):
        asked = len(chosen) - len(known)
        ui.say(
            f"{doc.display_name}: {asked} to review"
            + (f" ({len(known)} more in the baseline)" if known else "")
        )
    review.walk(ui, entries.explain, known, str(baseline.path))
    # Problems to keep in the baseline, found again in the text written (accepted changes
    # nearby change their context): those it knew, and those rejected into it now.
    target = output or path
    in_place = os.path.abspath(target) == os.path.abspath(path)
    known_problems = [p for p in result.all_problems() if by_problem[id(p)] in known_entries]
    keep: list[Span] = [(p.start, p.end, (p.rule,)) for p in known_problems]
    keep += [
        (it.start, it.end, it.rules)
        for i, it in enumerate(chosen)
        if review.decisions[i].baseline and i not in known
    ]
    written = finish(proc, doc, result, review, keep, baseline.key_path(target))
    if written.text != doc.text or output is not None:
        write_atomic(target, doc.with_text(written.text).encode())
    if in_place:  # with -o elsewhere, the file read keeps its entries; the output gets its own
        old = {by_problem[id(p)] for p in known_problems}
        baseline.entries = [e for e in baseline.entries if e not in old]
    baseline.entries = [*baseline.entries, *written.entries]
    _report(ui, doc.display_name, result, review, written, target)
    return review.quit


def _report(
    ui: Prompter,
    name: str,
    result: FixTextResult,
    review: FileReview,
    written: Written,
    target: str,
) -> None:
    s = ui.style
    index = LineIndex(result.original)
    for it, d in written.applied:
        line, col = index.line_col(it.start)
        note = " (edited)" if d.edited else ""
        ui.say(
            f"{name}:{line}:{col}: {', '.join(it.rules)}: applied {it.old!r} -> {d.text!r}{note}"
        )
    for rule, old, new in written.changes:
        ui.say(f"{name}: {rule}: then fixed {old!r} -> {new!r}")
    decisions = review.decisions
    n_sugg = sum(1 for it in review.items if it.kind == "suggestion")
    n_sugg_applied = sum(
        1 for i, it in enumerate(review.items) if it.kind == "suggestion" and decisions[i].apply
    )
    fixes = [i for i, it in enumerate(review.items) if it.kind == "fix"]
    if fixes:
        n_fix = f"{sum(1 for i in fixes if decisions[i].apply)} of {len(fixes)} safe fixes"
    else:
        n_fix = f"{len(result.applied)} safe fixes"
    edited = sum(1 for d in decisions.values() if d.edited)
    recorded = sum(1 for d in decisions.values() if d.baseline and d.asked)
    parts = [f"{n_fix} and {n_sugg_applied} of {n_sugg} suggestions applied"]
    if edited:
        parts.append(f"{edited} edited")
    if recorded:
        parts.append(f"{recorded} recorded in the baseline")
    if written.text == result.original and target == result.path:
        parts.append("nothing to write")
    else:
        parts.append(f"written to {target}")
    ui.say(s.dim(f"{name}: ") + "; ".join(parts))
