"""Errors that reach the user as one line: where, then what went wrong."""

from __future__ import annotations

from pathlib import Path


class TransfixError(Exception):
    """An error in the user's input, data or configuration (exit code 2).

    ``str(err)`` is the one line shown to the user: ``path:line:column: cause``.
    Line and column are 1-based.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(TransfixError):
    """A document that cannot be read, decoded or written."""


class DataError(TransfixError):
    """A rule or glossary file that is malformed or inconsistent."""


class FixpointError(TransfixError):
    """Fixing did not settle: some rules keep changing each other's output."""
