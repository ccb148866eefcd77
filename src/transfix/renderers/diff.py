"""The ``fix`` report: what changed, which rule changed it, and what is only suggested.

Two forms of the same report:

* :func:`render_rich`, for a terminal: each changed line with its number, the
  removed words struck through in red, the new words in green, and the rule id
  beside each change; then suggestions and findings, then a summary table.
* :func:`render_plain`, for pipes and ``--no-color``: a plain unified diff (to
  the report stream, so it can be saved as a patch) and the list of changes,
  suggestions and the summary as ``path:line:col: rule: message`` lines (to the
  notes stream, stderr, as ``ruff --diff`` does).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from transfix.edits import Edit, Finding, LineIndex, split_lines
from transfix.engine import Applied, FixResult

if TYPE_CHECKING:
    from rich.console import Console

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
CONTEXT = 36  # characters of unchanged text shown around a change on a long line


@dataclass
class Segment:
    kind: str  # "same", "del", "ins"
    text: str
    labels: list[str] = field(default_factory=list)  # rule ids shown after this segment


@dataclass
class LineDiff:
    old_no: int | None
    new_no: int | None
    segments: list[Segment]


def _strip_eol(line: str) -> str:
    return line.rstrip("\r\n")


def line_diffs(result: FixResult) -> list[LineDiff]:
    """Changed lines as word-level segments, each change labelled with its rule ids."""
    old_lines = split_lines(result.original)
    new_lines = split_lines(result.text)
    index = LineIndex(result.original)
    labels_by_line: dict[int, list[Applied]] = {}
    for a in result.applied:
        labels_by_line.setdefault(index.line_col(a.start)[0], []).append(a)
    out: list[LineDiff] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                line_no = i1 + k + 1
                out.append(
                    LineDiff(
                        line_no,
                        j1 + k + 1,
                        _word_segments(
                            _strip_eol(old_lines[i1 + k]),
                            _strip_eol(new_lines[j1 + k]),
                            labels_by_line.get(line_no, []),
                            index.starts[i1 + k],
                        ),
                    )
                )
            continue
        for k in range(i1, i2):
            labels = [a.edit.rule_id for a in labels_by_line.get(k + 1, [])]
            out.append(LineDiff(k + 1, None, [Segment("del", _strip_eol(old_lines[k]), labels)]))
        for k in range(j1, j2):
            out.append(LineDiff(None, k + 1, [Segment("ins", _strip_eol(new_lines[k]))]))
    return out


def _word_segments(
    old: str, new: str, applied: Sequence[Applied], line_start: int
) -> list[Segment]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    pending = sorted(applied, key=lambda x: x.start)
    pos = 0  # offset in the old line
    for tag, i1, i2, j1, j2 in _merged_opcodes(a, b):
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            segments.append(Segment("same", old_text))
        else:
            if old_text:
                segments.append(Segment("del", old_text))
            if new_text:
                segments.append(Segment("ins", new_text))
            change_end = line_start + pos + len(old_text)
            mine = [x for x in pending if x.start <= change_end]
            pending = [x for x in pending if x.start > change_end]
            segments[-1].labels = list(dict.fromkeys(x.edit.rule_id for x in mine))
        pos += len(old_text)
    if pending and segments:
        segments[-1].labels += [x.edit.rule_id for x in pending]
    return segments


def _merged_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Token opcodes, with changes separated only by whitespace merged into one change."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[tuple[str, int, int, int, int]] = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        between = 0 < k < len(ops) - 1 and tag == "equal" and "".join(a[i1:i2]).isspace()
        if merged and merged[-1][0] != "equal" and (tag != "equal" or between):
            _, p1, _, q1, _ = merged[-1]
            merged[-1] = ("replace", p1, i2, q1, j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def summary_counts(result: FixResult) -> list[tuple[str, int, int, int]]:
    """(rule id, fixed, suggested, findings) for every rule that did anything."""
    fixed = Counter(a.edit.rule_id for a in result.applied)
    suggested = Counter(e.rule_id for e in result.suggestions)
    found = Counter(f.rule_id for f in result.findings)
    rules = sorted({*fixed, *suggested, *found})
    return [(r, fixed[r], suggested[r], found[r]) for r in rules]


def _describe(edit: Edit, text: str) -> str:
    return f"{text[edit.start : edit.end]!r} -> {edit.replacement!r}"


# ---------------------------------------------------------------------------- plain


def render_plain(name: str, result: FixResult, out: TextIO, notes: TextIO) -> None:
    """Unified diff to ``out``; one line per change, suggestion and finding to ``notes``."""
    if result.changed:
        for diff_line in difflib.unified_diff(
            split_lines(result.original),
            split_lines(result.text),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        ):
            out.write(diff_line)
            if not diff_line.endswith(("\n", "\r")):
                out.write("\n\\ No newline at end of file\n")
    old_index, new_index = LineIndex(result.original), LineIndex(result.text)
    for a in result.applied:
        line, col = old_index.line_col(a.start)
        old = result.original[a.start : a.end] if a.round == 1 else "…"
        notes.write(
            f"{name}:{line}:{col}: {a.edit.rule_id}: fixed {old!r} -> {a.edit.replacement!r}"
            f" ({a.edit.message})\n"
        )
    for e in result.suggestions:
        line, col = new_index.line_col(e.start)
        notes.write(
            f"{name}:{line}:{col}: {e.rule_id}: suggestion {_describe(e, result.text)}"
            f" ({e.message}; --unsafe applies it)\n"
        )
    for f in result.findings:
        line, col = new_index.line_col(f.start)
        notes.write(f"{name}:{line}:{col}: {f.rule_id}: {f.severity}: {f.message}\n")
    notes.write(_plain_summary(name, result))


def _plain_summary(name: str, result: FixResult) -> str:
    n_fixed, n_sugg, n_find = len(result.applied), len(result.suggestions), len(result.findings)
    return f"{name}: {n_fixed} fixed, {n_sugg} suggested, {n_find} findings\n"


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
        if seg.kind != "same" or len(seg.text) <= 2 * CONTEXT + 1:
            out.append(seg)
            continue
        head = seg.text[:CONTEXT] if i > 0 else ""
        tail = seg.text[-CONTEXT:] if i < last else ""
        out.append(Segment("same", f"{head}…{tail}"))
    return out


def render_rich(console: Console, name: str, result: FixResult, written_to: str | None) -> None:
    from rich.table import Table
    from rich.text import Text

    n_fixed, n_sugg, n_find = len(result.applied), len(result.suggestions), len(result.findings)
    title = Text()
    title.append(name, style="bold")
    title.append(f"  {n_fixed} fixed, {n_sugg} suggested, {n_find} findings", style="dim")
    if written_to:
        title.append(f"  → {written_to}", style="dim")
    console.print(title)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for d in line_diffs(result):
        number = d.old_no if d.old_no is not None else d.new_no
        line = Text()
        for seg in _windowed(d.segments):
            style = {"same": "", "del": "red strike", "ins": "green bold"}[seg.kind]
            line.append(seg.text, style=style)
            for label in seg.labels:
                line.append(f" [{label}]", style="cyan")
        grid.add_row(str(number), "│", line)
    console.print(grid)
    if result.suggestions:
        console.print(Text("Suggestions (not applied; --unsafe applies them):", style="yellow"))
        _rich_items(console, result, result.suggestions)
    if result.findings:
        console.print(Text("Findings:", style="magenta"))
        _rich_items(console, result, result.findings)
    console.print()


def _rich_items(console: Console, result: FixResult, items: Sequence[Edit | Finding]) -> None:
    from rich.table import Table
    from rich.text import Text

    index = LineIndex(result.text)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for item in items:
        line_no, col = index.line_col(item.start)
        what = Text()
        if isinstance(item, Edit):
            what.append(result.text[item.start : item.end], style="red")
            what.append(" → ")
            what.append(item.replacement, style="green")
            what.append(f"  {item.message}", style="dim")
        else:
            what.append(item.message)
        grid.add_row(f"{line_no}:{col}", item.rule_id, what)
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
