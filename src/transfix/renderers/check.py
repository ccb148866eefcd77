"""The ``check`` report as text: one line per problem, then a summary.

``path:line:col: rule severity: message [fix: 'old' -> 'new']``, the same on a
terminal (with colour) and off it, so editors and CI logs can link to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from transfix.api import Problem
from transfix.renderers import plural

if TYPE_CHECKING:
    from rich.console import Console

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}


def _fix_note(p: Problem, original: str | None) -> str:
    if p.replacement is None:
        return ""
    old = f"{original!r} -> " if original is not None else ""
    label = "fix" if p.fixable else "suggestion (--unsafe)"
    return f" [{label}: {old}{p.replacement!r}]"


def summary_line(problems: Sequence[Problem], files: int, errors: int) -> str:
    fixable = sum(1 for p in problems if p.fixable)
    suggestions = sum(1 for p in problems if p.safety == "unsafe")
    findings = sum(1 for p in problems if p.replacement is None)
    parts = [
        f"{plural(len(problems), 'problem')} in {plural(files, 'file')}",
        f"{fixable} fixable with `transfix fix`",
        f"{plural(suggestions, 'suggestion')} (--unsafe)",
        plural(findings, "finding"),
    ]
    if errors:
        parts.append(f"{plural(errors, 'file')} could not be checked")
    return "; ".join(parts)


def render_plain(
    problems: Sequence[Problem], texts: dict[str, str], out: TextIO, files: int, errors: int
) -> None:
    for p in problems:
        text = texts.get(p.path)
        original = text[p.start : p.end] if text is not None and p.replacement is not None else None
        source = f" {p.source}" if p.source is not None else ""
        out.write(
            f"{p.path}:{p.line}:{p.column}: {p.rule} {p.severity}: {p.message}"
            f"{_fix_note(p, original)}{source}\n"
        )
    out.write(summary_line(problems, files, errors) + "\n")


def render_rich(
    console: Console, problems: Sequence[Problem], texts: dict[str, str], files: int, errors: int
) -> None:
    from rich.table import Table
    from rich.text import Text

    current = None
    for p in problems:
        if p.path != current:
            if current is not None:
                console.print()
            console.print(Text(p.path, style="bold underline"))
            current = p.path
        line = Text("  ")
        line.append(f"{p.line}:{p.column}", style="dim")
        line.append("  ")
        line.append(p.severity, style=_SEVERITY_STYLE.get(p.severity, ""))
        line.append("  ")
        line.append(p.rule, style="cyan")
        line.append(f"  {p.message}")
        if p.replacement is not None:
            text = texts.get(p.path)
            line.append("\n      ")
            if text is not None:
                line.append(text[p.start : p.end], style="red strike")
                line.append(" → ")
            line.append(p.replacement, style="green" if p.fixable else "yellow")
            if not p.fixable:
                line.append("  (suggestion: --unsafe applies it)", style="dim")
        console.print(line)
    if problems:
        console.print()
        by_rule = Counter(p.rule for p in problems)
        table = Table(show_edge=False, title="Summary", title_justify="left")
        table.add_column("rule")
        table.add_column("count", justify="right")
        for rule, n in sorted(by_rule.items()):
            table.add_row(rule, str(n))
        console.print(table)
    console.print(summary_line(problems, files, errors), style="bold")
