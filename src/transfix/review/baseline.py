"""A baseline: the problems a site already has, so that ``check`` reports only new ones.

An entry is keyed by the file (its path relative to the baseline file's folder),
the rule id, the matched original text and up to :data:`CONTEXT` characters on
each side of it (whitespace runs folded to one space), and an occurrence index
among the problems of that file with the same key. No line numbers: editing
elsewhere in a file does not bring old problems back, and a problem that moves
with its sentence stays known. The format is documented in docs/baseline.md.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transfix.api import Problem
from transfix.edits import Severity
from transfix.errors import InputError

if TYPE_CHECKING:
    from transfix.runner import Outcome as RunOutcome

VERSION = 1
CONTEXT = 20  # characters of context on each side, after folding whitespace
DEFAULT_PATH = ".transfix-baseline.json"
UNUSED_RULE = "unused-baseline"
_MAX_WINDOW = 4096  # raw characters read for a context (a huge whitespace run stops here)
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Every run of whitespace as one space (leading and trailing spaces kept as one)."""
    return _WS.sub(" ", text)


def _left(text: str, start: int) -> str:
    size = CONTEXT
    while True:
        window = text[max(0, start - size) : start]
        folded = fold(window)
        if len(folded) >= CONTEXT or start - size <= 0 or size >= _MAX_WINDOW:
            return folded[-CONTEXT:]
        size *= 4


def _right(text: str, end: int) -> str:
    size = CONTEXT
    while True:
        window = text[end : end + size]
        folded = fold(window)
        if len(folded) >= CONTEXT or end + size >= len(text) or size >= _MAX_WINDOW:
            return folded[:CONTEXT]
        size *= 4


@dataclass(frozen=True, order=True)
class Key:
    """What identifies a problem without its position."""

    path: str
    rule: str
    text: str
    before: str
    after: str


@dataclass(frozen=True, order=True)
class Entry:
    key: Key
    occurrence: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.key.path,
            "rule": self.key.rule,
            "text": self.key.text,
            "before": self.key.before,
            "after": self.key.after,
            "occurrence": self.occurrence,
        }


def fingerprints(path: str, text: str, problems: Sequence[Problem]) -> list[Entry]:
    """One entry per problem (same order), located by ``text``, the document they are in."""
    seen: Counter[Key] = Counter()
    out = []
    for p in problems:
        key = Key(
            path,
            p.rule,
            fold(text[p.start : p.end]),
            _left(text, p.start),
            _right(text, p.end),
        )
        out.append(Entry(key, seen[key]))
        seen[key] += 1
    return out


def _shape_error(path: Path, where: str, expected: str) -> InputError:
    return InputError(
        f"not a transfix baseline: {where} should be {expected} (see docs/baseline.md)", path
    )


def _parse(path: Path, raw: str) -> list[Entry]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path, exc.lineno, exc.colno) from None
    if not isinstance(data, dict):
        raise _shape_error(path, "the top level", "an object")
    version = data.get("version")
    if version != VERSION:
        if isinstance(version, int) and not isinstance(version, bool):
            raise InputError(
                f"baseline version {version} is not supported (this transfix reads {VERSION})",
                path,
            )
        raise _shape_error(path, "'version'", f"the number {VERSION}")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise _shape_error(path, "'entries'", "a list")
    out = []
    for i, item in enumerate(entries):
        if not isinstance(item, dict):
            raise _shape_error(path, f"entries[{i}]", "an object")
        values = []
        for name in ("path", "rule", "text", "before", "after"):
            value = item.get(name)
            if not isinstance(value, str):
                raise _shape_error(path, f"entries[{i}].{name}", "a string")
            values.append(value)
        occurrence = item.get("occurrence", 0)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
            raise _shape_error(path, f"entries[{i}].occurrence", "a whole number >= 0")
        out.append(Entry(Key(*values), occurrence))
    return out


@dataclass
class Outcome:
    """What a baseline did to one document's problems."""

    kept: list[Problem]
    suppressed: int
    matched: set[Entry] = field(default_factory=set)


@dataclass
class Baseline:
    """The entries of one baseline file."""

    path: Path
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path, missing_ok: bool = False) -> Baseline:
        """Read ``path``; every problem with it is an :class:`InputError` (one line, exit 2)."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            if missing_ok:
                return cls(p)
            raise InputError("no such baseline (create it with --write-baseline)", p) from None
        except IsADirectoryError:
            raise InputError("is a directory, expected a baseline file", p) from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), p) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("not JSON: the file is not UTF-8", p) from None
        return cls(p, _parse(p, text))

    def key_path(self, doc_path: str | None) -> str:
        """A document's path as entries name it: relative to the baseline's folder."""
        if doc_path is None or doc_path == "<stdin>":
            return "<stdin>"
        base = os.path.abspath(self.path.parent)
        target = os.path.abspath(doc_path)
        try:
            rel = os.path.relpath(target, base)
        except ValueError:  # another drive (Windows)
            rel = target
        return Path(rel).as_posix()

    def contains(self) -> set[Entry]:
        return set(self.entries)

    def filter(self, doc_path: str | None, text: str, problems: Sequence[Problem]) -> Outcome:
        """The problems not in the baseline, how many were, and the entries that matched."""
        known = self.contains()
        key_path = self.key_path(doc_path)
        counted = [p for p in problems if p.rule != UNUSED_RULE]
        kept = [p for p in problems if p.rule == UNUSED_RULE]
        matched: set[Entry] = set()
        suppressed = 0
        for p, entry in zip(counted, fingerprints(key_path, text, counted), strict=True):
            if entry in known:
                matched.add(entry)
                suppressed += 1
            else:
                kept.append(p)
        kept.sort(key=lambda p: (p.start, p.end, p.rule))
        return Outcome(kept, suppressed, matched)

    def unused(self, doc_path: str | None, display: str, matched: set[Entry]) -> list[Problem]:
        """``unused-baseline`` problems for the entries of this document that matched nothing."""
        key_path = self.key_path(doc_path)
        out = []
        for e in self.entries:
            if e.key.path != key_path or e in matched:
                continue
            nth = f" (occurrence {e.occurrence + 1})" if e.occurrence else ""
            out.append(
                Problem(
                    path=display,
                    line=1,
                    column=1,
                    end_line=1,
                    end_column=1,
                    rule=UNUSED_RULE,
                    category="suppression",
                    severity=Severity.WARNING.value,
                    message=(
                        f"the baseline entry {e.key.rule} {e.key.text!r}{nth} in {self.path} "
                        "no longer matches anything (--write-baseline drops it)"
                    ),
                    replacement=None,
                    safety=None,
                    evidence=f"…{e.key.before}[{e.key.text}]{e.key.after}…",
                )
            )
        return out

    def replace_document(self, key_path: str, entries: Iterable[Entry]) -> None:
        """This document's entries become ``entries``; other documents' stay."""
        self.entries = [e for e in self.entries if e.key.path != key_path]
        self.entries.extend(entries)

    def prune_missing(self) -> None:
        """Drop entries of files that no longer exist (relative to the baseline's folder)."""
        base = self.path.parent
        self.entries = [
            e for e in self.entries if e.key.path == "<stdin>" or (base / e.key.path).is_file()
        ]

    def dumps(self) -> str:
        """The file's text: one entry per line, so that version control diffs stay readable.

        Entries are grouped by file (sorted), in file order within a file.
        """
        entries = sorted(dict.fromkeys(self.entries), key=lambda e: e.key.path)
        lines = [json.dumps(e.as_dict(), ensure_ascii=False) for e in entries]
        body = ",\n    ".join(lines)
        return (
            "{\n"
            f'  "version": {VERSION},\n'
            '  "tool": "transfix",\n'
            f'  "context": {CONTEXT},\n'
            '  "entries": [' + (f"\n    {body}\n  " if lines else "") + "]\n"
            "}\n"
        )

    def save(self) -> None:
        """Write the file atomically (temporary file + rename)."""
        from transfix.review import write_file

        write_file(self.path, self.dumps().encode("utf-8"))


# ------------------------------------------------------------------ check's outcomes


def _counted(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.rule != UNUSED_RULE]


def record(baseline: Baseline, outcomes: Iterable[RunOutcome]) -> int:
    """``--write-baseline``: every checked file's current problems become its entries.

    Entries of files not checked in this run stay, unless the file no longer exists.
    Returns the number of entries written for the checked files.
    """
    written = 0
    for o in outcomes:
        if o.check is None or o.text is None:
            continue
        problems = _counted(o.check.problems)
        key_path = baseline.key_path(None if o.path == "<stdin>" else o.path)
        baseline.replace_document(key_path, fingerprints(key_path, o.text, problems))
        written += len(problems)
    baseline.prune_missing()
    baseline.save()
    return written


def apply(baseline: Baseline, outcomes: Iterable[RunOutcome], report_unused: bool) -> int:
    """Drop the problems the baseline knows from each outcome; add ``unused-baseline``
    problems (with ``report_unused``) for entries of checked files that matched nothing.

    Returns how many problems were suppressed. Exit codes then follow from what is left.
    """
    suppressed = 0
    for o in outcomes:
        if o.check is None or o.text is None:
            continue
        doc_path = None if o.path == "<stdin>" else o.path
        result = baseline.filter(doc_path, o.text, o.check.problems)
        suppressed += result.suppressed
        problems = result.kept
        if report_unused:
            problems = problems + baseline.unused(doc_path, o.path, result.matched)
        o.check.problems = problems
    return suppressed


def open_for(path: str | None, write: bool) -> Baseline:
    """The baseline ``check --baseline FILE [--write-baseline]`` works with."""
    if path is None:
        raise InputError("--write-baseline needs --baseline FILE (the file to write)")
    return Baseline.load(path, missing_ok=write)


def run(
    baseline: Baseline, outcomes: Sequence[RunOutcome], write: bool, report_unused: bool
) -> None:
    """``check``'s baseline step: record (``write``), then keep only what is not known.

    A note on standard error says how many problems the baseline holds back.
    """
    import sys

    if write:
        n = record(baseline, outcomes)
        sys.stderr.write(
            f"transfix: recorded {n} problem{'s' if n != 1 else ''} in {baseline.path}\n"
        )
    suppressed = apply(baseline, outcomes, report_unused)
    if suppressed and not write:
        sys.stderr.write(
            f"transfix: {suppressed} known problem{'s' if suppressed != 1 else ''} "
            f"in {baseline.path} not shown\n"
        )
