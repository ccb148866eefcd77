"""Run check or fix over many files, in parallel when it pays, results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from transfix.api import CheckResult, FixTextResult, Problem, Processor
from transfix.config import Overrides
from transfix.document import Document, read_document, read_stdin, write_atomic
from transfix.errors import TransfixError

PARALLEL_MIN_FILES = 8  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Options:
    mode: str  # "check" or "fix"
    unsafe: bool = False
    write: bool = True  # fix: write files (not with --diff / --check)
    output: str | None = None  # fix: -o OUT
    report_unused_ignores: bool = False


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

    @property
    def problems(self) -> list[Problem]:
        if self.check is not None:
            return self.check.problems
        if self.fix is not None:
            return [*self.fix.applied, *self.fix.problems]
        return []


_worker: tuple[Processor, Options] | None = None


def _init(overrides: Overrides, options: Options) -> None:
    global _worker
    proc = Processor(overrides)
    proc.report_unused_ignores = options.report_unused_ignores
    _worker = (proc, options)


def _one(path: str) -> Outcome:
    assert _worker is not None
    return process(_worker[0], _worker[1], path)


def process(proc: Processor, options: Options, path: str) -> Outcome:
    """Check or fix one file (``-`` is standard input); every failure becomes ``error``."""
    try:
        settings = proc.settings(None if path == "-" else path)
        limit = settings.max_file_size
        doc: Document = read_stdin(limit) if path == "-" else read_document(path, limit)
        outcome = Outcome(path=doc.display_name, text=doc.text, fail_on=settings.fail_on)
        if options.mode == "check":
            outcome.check = proc.check(doc, settings)
            return outcome
        result = proc.fix(doc, settings, unsafe=options.unsafe)
        outcome.fix = result
        fixed = doc.with_text(result.text)
        if path == "-" and options.write and options.output is None:
            outcome.fixed_bytes = fixed.encode()
        elif options.output is not None and options.write:
            write_atomic(options.output, fixed.encode())
            outcome.written = options.output
        elif options.write and result.changed:
            write_atomic(path, fixed.encode())
        return outcome
    except TransfixError as exc:
        return Outcome(path=path, error=str(exc))


def run(
    paths: list[str],
    overrides: Overrides,
    options: Options,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    processor: Processor | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``, whatever the number of worker processes."""
    jobs = jobs or os.cpu_count() or 1
    files = [p for p in paths if p != "-"]
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and "-" not in paths:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(files)), initializer=_init, initargs=(overrides, options)
        ) as pool:
            for outcome in pool.map(_one, paths, chunksize=max(1, len(paths) // (jobs * 8))):
                if progress:
                    progress(1)
                yield outcome
        return
    proc = processor or Processor(overrides)
    proc.report_unused_ignores = options.report_unused_ignores
    for path in paths:
        outcome = process(proc, options, path)
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
