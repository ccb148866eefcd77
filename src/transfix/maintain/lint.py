"""``transfix rules lint``: every fault in rule and glossary files, with file:line:column.

Errors (exit 1): YAML that does not parse; schema violations (unknown keys,
wrong types, missing fields); duplicate ids; one wrong form mapped to two
standard forms; a standard form that another entry treats as wrong or that the
rules rewrite (the fix would never settle); regular expressions that do not
compile or that backtrack catastrophically on an adversarial probe.
Warnings: entries without a source or without examples, unknown source ids.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from transfix.errors import DataError, FixpointError
from transfix.kinds import DATA_SCHEMAS, KINDS
from transfix.kinds.base import ScanContext
from transfix.kinds.dates import DatesRule
from transfix.kinds.terms import CONTEXT_WINDOW, ZH_FORM, TermEntry, TermsRule
from transfix.phrases import normalize_phrase
from transfix.ruleset import (
    REFERENCE_SCHEMAS,
    RULE_FILE_SCHEMA,
    RuleSet,
    default_roots,
    load_ruleset,
)
from transfix.schema import schema_errors
from transfix.yamlsource import YamlSource, iter_yaml_files, load_yaml

PROBE_TIMEOUT = 0.25  # seconds a pattern may take on one adversarial probe
# Probes a few times as long as the text a pattern ever sees: an entry's condition reads
# CONTEXT_WINDOW characters on each side; an anchor pattern a window of a few hundred, or
# the whole text. At these lengths a quadratic pattern stays far below the limit (on a
# loaded machine too), while nested quantifiers exceed it many times over.
_SHAPES = ["a", " ", "a ", "aA1.-", "0", "county "]


def _probes(length: int) -> list[str]:
    return [shape * (length // len(shape)) + "!" for shape in _SHAPES]


@dataclass(frozen=True, order=True)
class Message:
    path: str
    line: int
    column: int
    level: str  # "error" or "warning"
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level} {self.code}: {self.message}"


def _at(err: DataError, code: str, level: str = "error") -> Message:
    return Message(err.path or "", err.line or 1, err.column or 1, level, code, err.message)


def _where(origin: str) -> tuple[str, int]:
    path, _, line = origin.rpartition(":")
    return path, int(line) if line.isdigit() else 1


def _msg(origin: str, level: str, code: str, message: str) -> Message:
    path, line = _where(origin)
    return Message(path, line, 1, level, code, message)


def _classify(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Given paths -> (rule files, glossary files), by content: a top-level ``rules:``."""
    rule_files: list[Path] = []
    glossary_files: list[Path] = []
    for p in paths:
        for f in iter_yaml_files(p):
            try:
                head = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                head = ""
            is_rules = any(line.startswith("rules:") for line in head.splitlines())
            (rule_files if is_rules else glossary_files).append(f)
    return rule_files, glossary_files


def lint(
    paths: Sequence[str | Path] = (),
    rules: Sequence[str | Path] = (),
    glossaries: Sequence[str | Path] = (),
    defaults: bool = True,
) -> list[Message]:
    """Every fault found, sorted by file and position."""
    given_rules, given_glossaries = _classify(paths)
    rule_roots: list[str | Path] = [*rules, *given_rules]
    glossary_roots: list[str | Path] = [*glossaries, *given_glossaries]
    if defaults:
        d_rules, d_glossary = default_roots()
        rule_roots.insert(0, d_rules)
        glossary_roots.insert(0, d_glossary)
    messages: list[Message] = []
    try:
        rule_files = [f for r in rule_roots for f in iter_yaml_files(r)]
        glossary_files = [f for g in glossary_roots for f in iter_yaml_files(g)]
    except DataError as exc:
        return [_at(exc, "path")]
    messages += _check_files(rule_files, glossary_files)
    if any(m.level == "error" for m in messages):
        return sorted(set(messages))
    try:
        ruleset = load_ruleset(rule_files, glossary_files, defaults=False)
    except DataError as exc:
        return sorted({*messages, _at(exc, "load")})
    messages += _check_ruleset(ruleset)
    return sorted(set(messages))


def _check_files(rule_files: list[Path], glossary_files: list[Path]) -> list[Message]:
    out: list[Message] = []
    rule_ids: dict[str, str] = {}
    entry_ids: dict[tuple[str, Any], str] = {}
    for path in rule_files:
        source = _load(path, out)
        if source is None:
            continue
        out += [_at(e, "schema") for e in schema_errors(source, RULE_FILE_SCHEMA)]
        raw_rules = source.data.get("rules") if isinstance(source.data, dict) else None
        for i, raw in enumerate(raw_rules if isinstance(raw_rules, list) else []):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                continue
            key = ("rules", i)
            cls = KINDS.get(raw.get("kind", ""))
            if cls is not None and isinstance(raw.get("options"), dict):
                out += [
                    _at(e, "schema")
                    for e in schema_errors(source, cls.options_schema, (*key, "options"))
                ]
            out += _duplicate(rule_ids, raw["id"], f"rule id {raw['id']!r}", source, key)
    schemas = {**DATA_SCHEMAS, **REFERENCE_SCHEMAS}
    for path in glossary_files:
        source = _load(path, out)
        if source is None:
            continue
        if not isinstance(source.data, dict):
            out.append(_message_at(source, (), "schema", "a glossary file must be a mapping"))
            continue
        data_type = source.data.get("type", "terms")
        schema = schemas.get(data_type) if isinstance(data_type, str) else None
        if schema is None:
            known = ", ".join(sorted(schemas))
            message = f"unknown glossary type {data_type!r} (known: {known})"
            out.append(_message_at(source, ("type",), "schema", message))
            continue
        errors = schema_errors(source, schema)
        out += [_at(e, "schema") for e in errors]
        if errors:
            continue
        for list_key in ("entries", "anchors"):
            for i, raw in enumerate(source.data.get(list_key, [])):
                eid = raw.get("id")
                if eid is not None:
                    out += _duplicate(
                        entry_ids, (data_type, eid), f"id {eid!r}", source, (list_key, i)
                    )
    return out


def _message_at(source: YamlSource, key: tuple[str | int, ...], code: str, message: str) -> Message:
    line, column = source.position(key)
    return Message(source.path, line, column, "error", code, message)


def _duplicate(
    seen: dict[Any, str],
    ident: Any,
    label: str,
    source: YamlSource,
    key: tuple[str | int, ...],
) -> list[Message]:
    """An error if ``ident`` was seen before; else remember where it is defined."""
    if ident in seen:
        return [
            _message_at(
                source, (*key, "id"), "duplicate-id", f"{label} is also defined at {seen[ident]}"
            )
        ]
    seen[ident] = source.where(key)
    return []


def _load(path: Path, out: list[Message]) -> YamlSource | None:
    try:
        return load_yaml(path)
    except DataError as exc:
        out.append(_at(exc, "yaml"))
        return None


def _check_ruleset(ruleset: RuleSet) -> list[Message]:
    out: list[Message] = []
    known_sources = {
        s["id"] for src in ruleset.glossaries.get("sources", []) for s in src.data["sources"]
    } | {"K"}
    engine = ruleset.engine()
    for rule in ruleset.rules:
        if not rule.spec.examples:
            out.append(
                _msg(rule.spec.origin, "warning", "no-examples", f"rule {rule.id} has no examples")
            )
        if isinstance(rule, TermsRule):
            out += _check_terms(rule, known_sources, engine)
        if isinstance(rule, DatesRule):
            for anchor in rule.anchors:
                out += _probe(anchor.pattern, anchor.origin, f"anchor {anchor.id}")
    return out


def _condition_patterns(entry: TermEntry) -> Iterable[tuple[str, regex.Pattern[str]]]:
    for label, cond in (("when", entry.when), ("unless", entry.unless)):
        if cond is None:
            continue
        for side, pattern in (("before", cond.before), ("after", cond.after)):
            if pattern is not None:
                yield f"{label}.{side}", pattern


def _probe(
    pattern: regex.Pattern[str], origin: str, what: str, length: int = 3000
) -> list[Message]:
    for probe in _probes(length):
        try:
            pattern.search(probe, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            return [
                _msg(
                    origin,
                    "error",
                    "slow-regex",
                    f"{what}: /{pattern.pattern}/ took over {PROBE_TIMEOUT}s on a "
                    f"{len(probe)}-character probe (catastrophic backtracking?)",
                )
            ]
    return []


def _check_terms(rule: TermsRule, known_sources: set[str], engine: Any) -> list[Message]:
    out: list[Message] = []
    examples: dict[str, list[Any]] = defaultdict(list)
    for ex in rule.examples():
        examples[ex.subject].append(ex)
    by_wrong: dict[str, list[TermEntry]] = defaultdict(list)
    for entry in rule.entries:
        subject = f"{rule.id}/{entry.id}"
        for form in entry.zh:
            if not ZH_FORM.match(form):
                out.append(
                    _msg(
                        entry.origin,
                        "warning",
                        "zh-notation",
                        f"entry {entry.id}: zh {form!r} is a notation, not a term a Chinese "
                        "source contains; list each form (zh: [A, B])",
                    )
                )
        if not entry.source:
            out.append(
                _msg(entry.origin, "warning", "no-source", f"entry {entry.id} cites no source")
            )
        unknown = set(entry.source) - known_sources
        if unknown:
            out.append(
                _msg(
                    entry.origin,
                    "warning",
                    "unknown-source",
                    f"entry {entry.id} cites unknown sources {sorted(unknown)}",
                )
            )
        mine = examples.get(subject, [])
        if not any(e.fixed is not None for e in mine) or not any(e.keep is not None for e in mine):
            out.append(
                _msg(
                    entry.origin,
                    "warning",
                    "no-examples",
                    f"entry {entry.id} needs a text/fixed example and a keep example",
                )
            )
        for label, pattern in _condition_patterns(entry):
            out += _probe(pattern, entry.origin, f"entry {entry.id} {label}", 5 * CONTEXT_WINDOW)
        for w in entry.wrong:
            by_wrong[normalize_phrase(w)].append(entry)
        out += _stability(entry, engine)
    for phrase, entries in by_wrong.items():
        for a, b in itertools.combinations(entries, 2):
            if normalize_phrase(a.en) == normalize_phrase(b.en) or a.match_case or b.match_case:
                continue
            conditional = any(e.when or e.unless for e in (a, b))
            out.append(
                _msg(
                    b.origin,
                    "warning" if conditional else "error",
                    "wrong-twice",
                    f"“{phrase}” is wrong in {a.id} (→ “{a.en}”) and in {b.id} "
                    f"(→ “{b.en}”)"
                    + ("; their conditions must not overlap" if conditional else ""),
                )
            )
    for entry in rule.entries:
        for other in by_wrong.get(normalize_phrase(entry.en), []):
            if other is not entry and not other.match_case:
                out.append(
                    _msg(
                        entry.origin,
                        "error",
                        "never-settles",
                        f"the standard form of {entry.id} (“{entry.en}”) is a wrong form "
                        f"of {other.id}",
                    )
                )
    return out


def _stability(entry: TermEntry, engine: Any) -> list[Message]:
    """The standard form must come out of the whole rule set unchanged."""
    try:
        result = engine.fix(entry.en, ScanContext(), unsafe=True)
    except FixpointError as exc:
        return [_msg(entry.origin, "error", "never-settles", f"entry {entry.id}: {exc}")]
    if result.text == entry.en:
        return []
    by = sorted({a.edit.rule_id for a in result.applied})
    return [
        _msg(
            entry.origin,
            "error",
            "never-settles",
            f"the standard form of {entry.id} (“{entry.en}”) is rewritten to "
            f"“{result.text}” by {', '.join(by)}",
        )
    ]


def report(messages: Sequence[Message]) -> str:
    errors = sum(1 for m in messages if m.level == "error")
    warnings = len(messages) - errors
    lines = [str(m) for m in messages]
    plural = ("" if errors == 1 else "s", "" if warnings == 1 else "s")
    lines.append(f"{errors} error{plural[0]}, {warnings} warning{plural[1]}")
    return "\n".join(lines)
