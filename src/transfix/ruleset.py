"""Load rule files and glossaries into configured rules.

The default ``rules/`` and ``glossary/`` directories ship inside the wheel
(``transfix/_data``); in a source checkout they are read from the repository.
Extra files or directories given with ``--rules``/``--glossary`` are added.

A rule file has a top-level ``rules:`` list; each rule names its ``kind``. A
glossary file declares its ``type`` (default ``terms``), and the rules whose
kind consumes that type receive it. Every file is validated against its JSON
schema before anything is built, so a fault is reported with file:line:column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transfix.cache import cached, content_key
from transfix.edits import Severity
from transfix.engine import Engine
from transfix.kinds import DATA_SCHEMAS, KINDS
from transfix.kinds.base import EXAMPLES_SCHEMA, Example, Rule, RuleSpec, parse_examples
from transfix.schema import validate
from transfix.styles import load_styles, pick
from transfix.yamlsource import YamlSource, display_path, iter_yaml_files, load_yaml, read_bytes

RULE_FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "description": {"type": "string"},
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                    "kind": {"enum": sorted(KINDS)},
                    "description": {"type": "string"},
                    "severity": {"enum": [s.value for s in Severity]},
                    "priority": {"type": "integer"},
                    "options": {"type": "object"},
                    "examples": EXAMPLES_SCHEMA,
                },
                "required": ["id", "kind"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["rules"],
    "additionalProperties": False,
}

#: Glossary files that carry reference data only (consumed by no rule kind).
REFERENCE_SCHEMAS: dict[str, dict[str, Any]] = {
    "sources": {
        "type": "object",
        "properties": {
            "type": {"const": "sources"},
            "description": {"type": "string"},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {
                            "oneOf": [
                                {"type": "string"},
                                {"type": "array", "items": {"type": "string"}},
                            ]
                        },
                        "note": {"type": "string"},
                    },
                    "required": ["id", "title"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["sources"],
        "additionalProperties": False,
    },
}


def default_roots() -> tuple[Path, Path]:
    """The bundled ``rules/`` and ``glossary/`` directories."""
    pkg = Path(__file__).resolve().parent
    data = pkg / "_data"
    if data.is_dir():
        return data / "rules", data / "glossary"
    repo = pkg.parents[1]  # src/transfix -> repository root (source checkout)
    return repo / "rules", repo / "glossary"


#: Glossary types whose raw files the rule set keeps (read after loading: styles by name,
#: sources by catalog, explain and lint).
KEPT_RAW = frozenset({"style", "sources"})


@dataclass
class RuleSet:
    rules: list[Rule]
    files: list[str]
    glossaries: dict[str, list[YamlSource]]

    def engine(self) -> Engine:
        return Engine(self.rules)

    def examples(self) -> list[Example]:
        return [ex for rule in self.rules for ex in rule.examples()]

    def kind_of(self, rule_id: str) -> str:
        """The kind of the rule ``rule_id`` ("terms", "names", ...)."""
        return next((r.spec.kind for r in self.rules if r.id == rule_id), rule_id)

    def check_style(self, name: str | None) -> None:
        """Raise a :class:`DataError` unless ``name`` (if given) is a loaded house style."""
        if name is None:
            return
        pick(load_styles(self.glossaries.get("style", [])), name)


def _files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(iter_yaml_files(p))
    return out


def _load_glossary(path: Path, data: bytes) -> tuple[str, YamlSource]:
    source = load_yaml(path, data)
    if not isinstance(source.data, dict):
        raise source.error("a glossary file must be a mapping with an 'entries:' list")
    data_type = source.data.get("type", "terms")
    schemas = {**DATA_SCHEMAS, **REFERENCE_SCHEMAS}
    schema = schemas.get(data_type) if isinstance(data_type, str) else None
    if schema is None:
        known = ", ".join(sorted(schemas))
        raise source.error(f"unknown glossary type {data_type!r} (known: {known})", ("type",))
    validate(source, schema)
    return data_type, source


def _rule_specs(path: Path, data: bytes) -> list[tuple[RuleSpec, YamlSource, int]]:
    source = load_yaml(path, data)
    if not isinstance(source.data, dict):
        raise source.error("a rule file must be a mapping with a 'rules:' list")
    validate(source, RULE_FILE_SCHEMA)
    specs = []
    for i, raw in enumerate(source.data["rules"]):
        key = ("rules", i)
        cls = KINDS[raw["kind"]]
        if "options" in raw:
            validate(source, cls.options_schema, (*key, "options"))
        spec = RuleSpec(
            id=raw["id"],
            kind=raw["kind"],
            origin=source.where(key),
            description=raw.get("description", ""),
            severity=Severity(raw.get("severity", "warning")),
            priority=raw.get("priority", 100),
            options=raw.get("options", {}),
            examples=tuple(parse_examples(source, (*key, "examples"), raw["id"], unsafe=False)),
        )
        specs.append((spec, source, i))
    return specs


def load_ruleset(
    rules: Sequence[str | Path] = (),
    glossaries: Sequence[str | Path] = (),
    defaults: bool = True,
) -> RuleSet:
    """Load the default rules and glossaries (unless ``defaults`` is false) plus the given ones.

    The compiled result is cached by content (see :mod:`transfix.cache`).
    """
    rule_roots: list[str | Path] = []
    glossary_roots: list[str | Path] = []
    if defaults:
        d_rules, d_glossary = default_roots()
        rule_roots.append(d_rules)
        glossary_roots.append(d_glossary)
    rule_files = [(p, read_bytes(p)) for p in _files([*rule_roots, *rules])]
    glossary_files = [(p, read_bytes(p)) for p in _files([*glossary_roots, *glossaries])]
    key = content_key(
        (f"{role}:{path}", data)
        for role, files in (("rules", rule_files), ("glossary", glossary_files))
        for path, data in files
    )
    return cached("ruleset", key, lambda: _build(rule_files, glossary_files), RuleSet)


def _build(
    rule_files: list[tuple[Path, bytes]], glossary_files: list[tuple[Path, bytes]]
) -> RuleSet:
    by_type: dict[str, list[YamlSource]] = {}
    for path, data in glossary_files:
        data_type, source = _load_glossary(path, data)
        by_type.setdefault(data_type, []).append(source)

    built: list[Rule] = []
    seen: dict[str, str] = {}
    for path, data in rule_files:
        for spec, source, i in _rule_specs(path, data):
            if spec.id in seen:
                raise source.error(
                    f"duplicate rule id {spec.id!r} (first defined at {seen[spec.id]})",
                    ("rules", i, "id"),
                )
            seen[spec.id] = spec.origin
            cls = KINDS[spec.kind]
            built.append(cls(spec, {t: by_type.get(t, []) for t in cls.data_schemas}))
    return RuleSet(
        rules=built,
        files=[display_path(p) for p, _ in [*rule_files, *glossary_files]],
        # The rules hold what they need of their data; the raw files kept are the ones read
        # later (house styles, sources), so the cached rule set stays small and quick to load.
        glossaries={t: s for t, s in by_type.items() if t in KEPT_RAW},
    )
