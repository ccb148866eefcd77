"""The ``fix`` report: what changed, which rule changed it, and what is only suggested.

Two forms of the same report:

* :func:`render_rich`, for a terminal: each changed line with its number, each
  change as ``old → new`` (old struck through in red, new in green) with the
  rule ids after it; then suggestions and findings, then a summary table.
* :func:`render_plain`, for pipes and ``--no-color``: a plain unified diff (to
  the report stream, so it can be saved as a patch) and the list of changes,
  suggestions and the summary as ``path:line:col: rule: message`` lines (to the
  notes stream, stderr, as ``ruff --diff`` does).

Both are built from the changes ``fix`` located in the original text, never from
a diff of the two texts: the cost grows with the number of changed lines, not
with the size of the document. Every position is a position in the original
file, the same as ``transfix check`` reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from transfix.api import FixTextResult, Problem
from transfix.edits import LineIndex, split_lines
from transfix.renderers import plural

if TYPE_CHECKING:
    from rich.console import Console

CONTEXT = 36  # characters of unchanged text shown around a change on a long line
DIFF_CONTEXT = 3  # lines of context in the unified diff


@dataclass
class Cluster:
    """Overlapping changes: one original span, what it became, and the rules that did it."""

    start: int
    end: int
    new: str = ""
    rules: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "← zh 6:57 何炳正"


def clusters(result: FixTextResult) -> list[Cluster]:
    """The applied changes merged where they overlap (a later round's edit on an earlier one's)."""
    out: list[Cluster] = []
    fix = result.result
    for p in sorted(result.applied, key=lambda p: (p.start, p.end)):
        if out and p.start < out[-1].end:
            last = out[-1]
            last.end = max(last.end, p.end)
            if p.rule not in last.rules:
                last.rules.append(p.rule)
        else:
            out.append(Cluster(p.start, p.end, rules=[p.rule]))
        if p.source is not None and str(p.source) not in out[-1].sources:
            out[-1].sources.append(str(p.source))
    for c in out:
        if fix is not None:
            a, b = fix.to_fixed(c.start, c.end)
            c.new = fix.text[a:b]
        else:  # a bitext file: the change's own text
            c.new = next((p.replacement or "" for p in result.applied if p.start == c.start), c.new)
    return out


@dataclass
class Segment:
    kind: str  # "same", "change"
    old: str
    new: str = ""
    labels: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class LineDiff:
    line: int  # the original line number
    segments: list[Segment]


def line_diffs(result: FixTextResult) -> list[LineDiff]:
    """Each original line with a change, as unchanged text and labelled changes.

    A change that spans a line break is shown on the line where it starts.
    """
    original = result.original
    index = LineIndex(original)
    by_line: dict[int, list[Cluster]] = {}
    for c in clusters(result):
        by_line.setdefault(index.line_col(c.start)[0], []).append(c)
    out = []
    starts = index.starts
    for line_no in sorted(by_line):
        line_start = starts[line_no - 1]
        line_end = starts[line_no] if line_no < len(starts) else len(original)
        pos = line_start
        segments: list[Segment] = []
        for c in by_line[line_no]:
            if c.start > pos:
                segments.append(Segment("same", original[pos : c.start]))
            segments.append(Segment("change", original[c.start : c.end], c.new, c.rules, c.sources))
            pos = max(pos, c.end)
        if pos < line_end:
            segments.append(Segment("same", original[pos:line_end].rstrip("\r\n")))
        out.append(LineDiff(line_no, segments))
    return out


def summary_counts(result: FixTextResult) -> list[tuple[str, int, int, int]]:
    """(rule id, fixed, suggested, findings) for every rule that did anything."""
    fixed = Counter(p.rule for p in result.applied)
    suggested = Counter(p.rule for p in result.problems if p.replacement is not None)
    found = Counter(p.rule for p in result.problems if p.replacement is None)
    rules = sorted({*fixed, *suggested, *found})
    return [(r, fixed[r], suggested[r], found[r]) for r in rules]


def counts_line(result: FixTextResult) -> str:
    suggested = sum(1 for p in result.problems if p.replacement is not None)
    found = sum(1 for p in result.problems if p.replacement is None)
    return f"{len(result.applied)} fixed, {suggested} suggested, {plural(found, 'finding')}"


# ------------------------------------------------------------------------ unified diff


def unified_diff(result: FixTextResult, name: str) -> Iterator[str]:
    """A unified diff (``diff -u``) of the changed lines, built from the located changes."""
    if not result.changed:
        return
    fix = result.result
    if fix is None:  # a bitext file: its changes live in markup; a plain diff of the file
        import difflib

        for line in difflib.unified_diff(
            split_lines(result.original),
            split_lines(result.text),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        ):
            yield line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        return
    old_text, new_text = result.original, result.text
    old_index, new_index = LineIndex(old_text), LineIndex(new_text)
    old_lines_total = len(split_lines(old_text)) if old_text else 0
    # Changed regions as original line ranges [l1, l2) (0-based), merged when they touch.
    regions: list[list[int]] = []
    for c in clusters(result):
        l1 = old_index.line_col(c.start)[0] - 1
        end = c.end - 1 if c.end > c.start else c.end
        l2 = old_index.line_col(max(c.start, end))[0]
        if regions and l1 <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], l2)
        else:
            regions.append([l1, l2])
    if not regions:
        return
    yield f"--- a/{name}\n"
    yield f"+++ b/{name}\n"

    def old_line(i: int) -> str:
        s = old_index.starts[i]
        e = old_index.starts[i + 1] if i + 1 < len(old_index.starts) else len(old_text)
        return old_text[s:e]

    def span_lines(text: str, index: LineIndex, l1: int, l2: int) -> tuple[int, int]:
        s = index.starts[l1] if l1 < len(index.starts) else len(text)
        e = index.starts[l2] if l2 < len(index.starts) else len(text)
        return s, e

    # Group regions into hunks whose context overlaps.
    hunks: list[list[list[int]]] = []
    for r in regions:
        if hunks and r[0] - hunks[-1][-1][1] <= 2 * DIFF_CONTEXT:
            hunks[-1].append(r)
        else:
            hunks.append([r])
    for hunk in hunks:
        h1 = max(0, hunk[0][0] - DIFF_CONTEXT)
        h2 = min(old_lines_total, hunk[-1][1] + DIFF_CONTEXT)
        body: list[str] = []
        n_old = n_new = 0
        pos = h1
        hunk_start = old_index.starts[h1] if h1 < len(old_index.starts) else len(old_text)
        start_new = new_index.line_col(fix.to_fixed(hunk_start, hunk_start)[0])[0]
        for l1, l2 in hunk:
            for i in range(pos, l1):
                body.append(" " + old_line(i))
                n_old += 1
                n_new += 1
            s, e = span_lines(old_text, old_index, l1, l2)
            a, b = fix.to_fixed(s, e)
            for i in range(l1, l2):
                body.append("-" + old_line(i))
                n_old += 1
            for line in split_lines(new_text[a:b]):
                body.append("+" + line)
                n_new += 1
            pos = l2
        for i in range(pos, h2):
            body.append(" " + old_line(i))
            n_old += 1
            n_new += 1
        yield (
            f"@@ -{_range(h1 + 1, n_old)} +{_range(start_new if n_new else start_new - 1, n_new)}"
            " @@\n"
        )
        for line in body:
            if line.endswith(("\n", "\r")):
                yield line
            else:
                yield line + "\n\\ No newline at end of file\n"


def _range(start: int, count: int) -> str:
    if count == 1:
        return str(start)
    return f"{start},{count}"


# ---------------------------------------------------------------------------- plain


def _note(p: Problem) -> str:
    where = f"{p.path}:{p.line}:{p.column}: {p.rule}"
    source = f" {p.source}" if p.source is not None else ""
    if p.replacement is None:
        return f"{where}: {p.severity}: {p.message}{source}\n"
    if p.fixable or p.safety is None:
        return f"{where}: fixed {p.original!r} -> {p.replacement!r} ({p.message}){source}\n"
    return (
        f"{where}: suggestion {p.original!r} -> {p.replacement!r}"
        f" ({p.message}; --unsafe applies it){source}\n"
    )


def render_plain(result: FixTextResult, out: TextIO, notes: TextIO) -> None:
    """Unified diff to ``out``; one line per change, suggestion and finding to ``notes``."""
    out.writelines(unified_diff(result, result.path))
    notes.writelines(_note(p) for p in result.all_problems())
    notes.write(f"{result.path}: {counts_line(result)}\n")


def render_plain_totals(rows: list[tuple[str, int, int, int]], notes: TextIO) -> None:
    if not rows:
        return
    width = max(len(r[0]) for r in rows)
    notes.write(f"{'rule':<{width}}  fixed  suggested  findings\n")
    for rule, fixed, sugg, found in rows:
        notes.write(f"{rule:<{width}}  {fixed:>5}  {sugg:>9}  {found:>8}\n")


# ----------------------------------------------------------------------------- rich


def _windowed(segments: list[Segment]) -> list[Segment]:
    """Shorten long unchanged runs to CONTEXT characters on each side of a change."""
    out: list[Segment] = []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        if seg.kind != "same" or len(seg.old) <= 2 * CONTEXT + 1:
            out.append(seg)
            continue
        head = seg.old[:CONTEXT] if i > 0 else ""
        tail = seg.old[-CONTEXT:] if i < last else ""
        out.append(Segment("same", f"{head}…{tail}"))
    return out


def render_rich(console: Console, result: FixTextResult, written_to: str | None) -> None:
    from rich.table import Table
    from rich.text import Text

    title = Text()
    title.append(result.path, style="bold")
    title.append(f"  {counts_line(result)}", style="dim")
    if written_to:
        title.append(f"  → {written_to}", style="dim")
    console.print(title)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for d in line_diffs(result):
        line = Text()
        for seg in _windowed(d.segments):
            if seg.kind == "same":
                line.append(seg.old)
                continue
            if seg.old:
                line.append(seg.old, style="red strike")
            line.append("→", style="dim")
            line.append(seg.new, style="green bold")
            line.append(f" [{', '.join(seg.labels)}]", style="cyan")
            for source in seg.sources:
                line.append(f" {source}", style="blue")
        grid.add_row(str(d.line), "│", line)
    console.print(grid)
    suggestions = [p for p in result.problems if p.replacement is not None]
    findings = [p for p in result.problems if p.replacement is None]
    if suggestions:
        console.print(Text("Suggestions (not applied; --unsafe applies them):", style="yellow"))
        _rich_items(console, suggestions)
    if findings:
        console.print(Text("Findings:", style="magenta"))
        _rich_items(console, findings)
    console.print()


def _rich_items(console: Console, items: Sequence[Problem]) -> None:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for p in items:
        what = Text()
        if p.replacement is not None:
            what.append(p.original or "", style="red")
            what.append(" → ")
            what.append(p.replacement, style="green")
            what.append(f"  {p.message}", style="dim")
        else:
            what.append(p.message)
        if p.source is not None:
            what.append(f"  {p.source}", style="blue")
        grid.add_row(f"{p.line}:{p.column}", p.rule, what)
    console.print(grid)


def render_rich_totals(console: Console, rows: list[tuple[str, int, int, int]]) -> None:
    from rich.table import Table

    if not rows:
        console.print("No changes.", style="dim")
        return
    table = Table(title="Summary", title_justify="left", show_edge=False)
    table.add_column("rule")
    table.add_column("fixed", justify="right", style="green")
    table.add_column("suggested", justify="right", style="yellow")
    table.add_column("findings", justify="right", style="magenta")
    for rule, fixed, sugg, found in rows:
        table.add_row(rule, str(fixed), str(sugg), str(found))
    console.print(table)
