"""Renderers turn engine results into output: the diff report, text, JSON, SARIF, GitHub."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``, ``0 findings``; ``many`` for an irregular plural."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
