"""SIGINT and SIGTERM: stop cleanly, never in the middle of a write, and say what was written.

The command line installs :func:`install`: either signal raises
:class:`Interrupted` in the main process, which stops the worker pool (its
processes are terminated, none is left behind) and reaches ``main``, which
reports the files already written and exits 130 (SIGINT) or 143 (SIGTERM).
Code that must not be cut short (writing a file and recording that it was
written) runs inside :func:`deferred`: a signal that arrives meanwhile is acted
on when it ends. Worker processes ignore SIGINT (a Ctrl-C reaches the whole
process group; the main process decides) and die at once on SIGTERM: they
compute, they never write.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived. A BaseException, so that no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_main_pid: int | None = None
_depth = 0
_pending: int | None = None
_written: list[str] | None = None


def record_writes() -> list[str]:
    """A new list for the files a command writes; an interruption reports what it holds."""
    global _written
    _written = []
    return _written


def _handler(signum: int, frame: FrameType | None) -> None:
    global _pending
    if os.getpid() != _main_pid:  # a forked worker before it reset its handlers
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    if _depth:
        _pending = signum
        return
    raise Interrupted(signum)


def install() -> None:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` in this (the main) process."""
    global _main_pid
    _main_pid = os.getpid()
    for sig in _SIGNALS:
        signal.signal(sig, _handler)


def worker_signals() -> None:
    """In a worker process: ignore SIGINT, and let SIGTERM end the process at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Run the block to its end; a signal that arrives meanwhile is raised afterwards."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _pending is not None:
            signum, _pending = _pending, None
            raise Interrupted(signum)


def describe(exc: Interrupted, limit: int = 10) -> str:
    """``interrupted; 37 files were written: a.txt, b.txt, ...`` (the files of
    :func:`record_writes`; just ``interrupted`` for a command that writes none)."""
    if _written is None:
        return "interrupted"
    n = len(_written)
    if n == 0:
        return "interrupted; no files were written"
    shown = ", ".join(_written[:limit]) + (f", ... ({n - limit} more)" if n > limit else "")
    return f"interrupted; {n} file{'s were' if n != 1 else ' was'} written: {shown}"
