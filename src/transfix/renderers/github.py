"""The ``check`` report as GitHub Actions workflow commands (annotations on the diff)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from transfix.api import Problem

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(problems: Sequence[Problem], errors: Sequence[str], out: TextIO) -> None:
    for p in problems:
        props = (
            f"file={_prop(p.path)},line={p.line},col={p.column},"
            f"endLine={p.end_line},endColumn={p.end_column},title={_prop(p.rule)}"
        )
        message = p.message
        if p.replacement is not None:
            label = "fix" if p.fixable else "suggestion"
            message += f" ({label}: {p.replacement!r})"
        out.write(f"::{_LEVEL.get(p.severity, 'warning')} {props}::{_data(message)}\n")
    for e in errors:
        out.write(f"::error::{_data(e)}\n")
