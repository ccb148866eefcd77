"""Run check or fix over many files, in parallel when it pays, results in input order.

Worker processes only compute; the main process writes every file, one at a
time, each write shielded from SIGINT/SIGTERM (see :mod:`transfix.interrupt`),
so an interrupted run leaves each file old or new, no temporary file, and an
exact list of what was written. On any interruption the workers are terminated.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import cast

from transfix.api import CheckResult, FixTextResult, Problem, Processor
from transfix.config import Overrides
from transfix.document import Document, read_document, read_stdin, write_atomic
from transfix.errors import InputError, TransfixError
from transfix.interrupt import deferred, worker_signals

PARALLEL_MIN_FILES = 8  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Options:
    mode: str  # "check" or "fix"
    unsafe: bool = False
    write: bool = True  # fix: write files (not with --diff / --check)
    output: str | None = None  # fix: -o OUT
    report_unused_ignores: bool = False
    force: bool = False  # fix: write read-only files too


@dataclass
class Outcome:
    path: str
    text: str | None = None  # the document's text as read
    check: CheckResult | None = None
    fix: FixTextResult | None = None
    written: str | None = None
    fail_on: str = "fixable"
    error: str | None = None
    fixed_bytes: bytes | None = None  # stdin: the fixed document, for stdout
    pending: tuple[str, bytes] | None = None  # a write still to do: target, bytes

    @property
    def problems(self) -> list[Problem]:
        if self.check is not None:
            return self.check.problems
        if self.fix is not None:
            return self.fix.all_problems()
        return []


def _serve(conn: Connection, overrides: Overrides, options: Options) -> None:
    """A worker process: fix or check each chunk of paths it is sent, until told to stop."""
    worker_signals()
    proc = Processor(overrides)
    proc.report_unused_ignores = options.report_unused_ignores
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the main process is gone
            return
        if task is None:
            return
        index, paths = task
        try:
            reply: object = [process(proc, options, p, defer_write=True) for p in paths]
        except Exception as exc:  # a bug: the main process raises it
            reply = exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")
        conn.send((index, reply))


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


class _Pool:
    """Worker processes with one pipe each; terminated, never abandoned, when anything goes wrong.

    (concurrent.futures is not used: a worker killed while sending its result
    leaves the executor's result thread blocked on a half-read message forever,
    and it is joined at exit.)
    """

    def __init__(self, n: int, overrides: Overrides, options: Options) -> None:
        ctx = multiprocessing.get_context()
        self.workers: list[tuple[BaseProcess, Connection]] = []
        for _ in range(n):
            mine, theirs = ctx.Pipe()
            p = ctx.Process(target=_serve, args=(theirs, overrides, options), daemon=True)
            p.start()
            theirs.close()
            self.workers.append((p, mine))

    def map(self, paths: list[str], chunksize: int) -> Iterator[Outcome]:
        """Outcomes in the order of ``paths``."""
        chunks = [paths[i : i + chunksize] for i in range(0, len(paths), chunksize)]
        idle = [conn for _, conn in self.workers]
        by_conn = {conn: p for p, conn in self.workers}
        busy: dict[Connection, int] = {}
        done: dict[int, list[Outcome]] = {}
        sent = returned = 0
        while returned < len(chunks):
            while idle and sent < len(chunks):
                conn = idle.pop()
                conn.send((sent, chunks[sent]))
                busy[conn] = sent
                sent += 1
            sentinels = {by_conn[c].sentinel: c for c in busy}
            for ready in wait([*busy, *sentinels]):
                conn = sentinels[ready] if isinstance(ready, int) else cast(Connection, ready)
                if conn not in busy:
                    continue  # its result came in this same round
                try:
                    index, reply = conn.recv()
                except EOFError:
                    raise RuntimeError("a worker process died") from None
                if isinstance(reply, BaseException):
                    raise reply
                done[index] = reply
                del busy[conn]
                idle.append(conn)
            while returned in done:
                yield from done.pop(returned)
                returned += 1

    def close(self) -> None:
        for _, conn in self.workers:
            with contextlib.suppress(OSError):
                conn.send(None)
        for p, conn in self.workers:
            p.join()
            conn.close()

    def terminate(self) -> None:
        """End every worker now (SIGTERM; they never write files) and reap it."""
        with deferred():
            for p, _ in self.workers:
                with contextlib.suppress(Exception):
                    p.terminate()
            for p, conn in self.workers:
                with contextlib.suppress(Exception):
                    p.join()
                    conn.close()


def process(proc: Processor, options: Options, path: str, defer_write: bool = False) -> Outcome:
    """Check or fix one file (``-`` is standard input); every failure becomes ``error``.

    With ``defer_write``, a file to write is left in ``pending`` for :func:`finish`.
    """
    try:
        settings = proc.settings(None if path == "-" else path)
        limit = settings.max_file_size
        doc: Document = read_stdin(limit) if path == "-" else read_document(path, limit)
        outcome = Outcome(path=doc.display_name, text=doc.text, fail_on=settings.fail_on)
        if options.mode == "check":
            outcome.check = proc.check(doc, settings)
            return outcome
        result = proc.fix(doc, settings, unsafe=options.unsafe)
        if result.read_only and result.applied and options.write:
            raise InputError("TMX files are read only: transfix check reports their problems", path)
        outcome.fix = result
        fixed = doc.with_text(result.text)
        if path == "-" and options.write and options.output is None:
            outcome.fixed_bytes = fixed.encode()
        elif options.output is not None and options.write:
            outcome.pending = (options.output, fixed.encode())
        elif options.write and result.changed:
            outcome.pending = (path, fixed.encode())
        return outcome if defer_write else finish(outcome, options)
    except TransfixError as exc:
        return Outcome(path=path, error=str(exc))


def finish(outcome: Outcome, options: Options, written: list[str] | None = None) -> Outcome:
    """Do the outcome's pending write, uninterrupted, and record it in ``written``."""
    if outcome.pending is None:
        return outcome
    target, data = outcome.pending
    outcome.pending = None
    try:
        with deferred():
            write_atomic(target, data, force=options.force)
            if written is not None:
                written.append(target)
    except TransfixError as exc:
        return Outcome(path=outcome.path, error=str(exc))
    if options.output is not None:
        outcome.written = target
    return outcome


def run(
    paths: list[str],
    overrides: Overrides,
    options: Options,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    processor: Processor | None = None,
    written: list[str] | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``, whatever the number of worker processes.

    Each file written is appended to ``written`` as soon as it is in place.
    """
    jobs = jobs or os.cpu_count() or 1
    files = [p for p in paths if p != "-"]
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and "-" not in paths:
        pool = _Pool(min(jobs, len(files)), overrides, options)
        try:
            for outcome in pool.map(paths, chunksize=max(1, len(paths) // (jobs * 8))):
                outcome = finish(outcome, options, written)
                if progress:
                    progress(1)
                yield outcome
        except BaseException:  # an interruption, a closed pipe, an error, or the caller quit
            pool.terminate()
            raise
        pool.close()
        return
    proc = processor or Processor(overrides)
    proc.report_unused_ignores = options.report_unused_ignores
    for path in paths:
        outcome = finish(process(proc, options, path, defer_write=True), options, written)
        if progress:
            progress(1)
        yield outcome


def failed(outcome: Outcome, fail_on: str | None = None) -> bool:
    """Whether ``outcome`` reaches the ``fail_on`` threshold (check's exit code 1)."""
    level = fail_on or outcome.fail_on
    if level == "never":
        return False
    for p in outcome.problems:
        if p.severity == "error":
            return True
        if level == "fixable" and p.fixable:
            return True
        if level == "suggestion" and p.replacement is not None:
            return True
        if level == "warning" and p.severity == "warning":
            return True
        if level == "info":
            return True
    return False
