"""transfix: clean up machine-translated Chinese government English.

The library API for pipelines written in Python::

    from transfix import check_text, fix_text

    result = fix_text(text, path="article.md")   # -> FixTextResult
    result.text, result.applied, result.problems
    check_text(text).problems                    # -> list of Problem
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["CheckResult", "FixTextResult", "Problem", "__version__", "check_text", "fix_text"]

if TYPE_CHECKING:
    from transfix.api import CheckResult, FixTextResult, Problem, check_text, fix_text


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `transfix --help` and the CLI start fast.
    if name in ("CheckResult", "FixTextResult", "Problem", "check_text", "fix_text"):
        from transfix import api

        return getattr(api, name)
    raise AttributeError(f"module 'transfix' has no attribute {name!r}")
