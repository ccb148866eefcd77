"""Measure a rule set against a labelled evaluation set: precision and recall.

An evaluation file is YAML::

    roster:                      # optional: people known for this evaluation
      - {en: Zhao Guibo}
    cases:
      - {id: given-001, class: given-lowercase, text: "...", fixed: "...", certain: true}
      - {id: trap-001, class: trap-pronoun, text: "..."}   # no fixed: must not change

* a *certain* case is right when ``fix`` (safe edits only) gives ``fixed``;
* a *suggestion* case (``certain: false``) is right when ``fix`` leaves the text
  alone and ``fix --unsafe`` gives ``fixed``;
* a *trap* is right when even ``fix --unsafe`` leaves the text alone.

Precision counts every case the rules changed (with ``--unsafe``): right when the
change is the expected one, wrong when a trap was touched or the result differs.
Recall is over the certain cases.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfix.engine import Engine
from transfix.errors import DataError
from transfix.ruleset import load_ruleset
from transfix.schema import validate
from transfix.yamlsource import YamlSource, load_yaml

CASES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "description": {"type": "string"},
        "roster": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"en": {"type": "string"}, "zh": {"type": "string"}},
                "required": ["en"],
                "additionalProperties": False,
            },
        },
        "cases": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "class": {"type": "string"},
                    "text": {"type": "string"},
                    "fixed": {"type": "string"},
                    "certain": {"type": "boolean"},
                    "note": {"type": "string"},
                },
                "required": ["id", "class", "text"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["cases"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Case:
    id: str
    cls: str
    text: str
    fixed: str | None
    certain: bool
    origin: str

    @property
    def kind(self) -> str:
        if self.fixed is None:
            return "trap"
        return "certain" if self.certain else "suggestion"


@dataclass(frozen=True)
class Outcome:
    case: Case
    safe_text: str
    unsafe_text: str

    @property
    def changed(self) -> bool:
        return self.unsafe_text != self.case.text

    @property
    def right(self) -> bool:
        c = self.case
        if c.fixed is None:
            return not self.changed
        if c.certain:
            return self.safe_text == c.fixed
        return self.safe_text == c.text and self.unsafe_text == c.fixed


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def by_kind(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.kind == kind]

    @property
    def true_positives(self) -> int:
        return sum(1 for o in self.outcomes if o.changed and o.unsafe_text == o.case.fixed)

    @property
    def false_positives(self) -> int:
        return sum(1 for o in self.outcomes if o.changed and o.unsafe_text != o.case.fixed)

    @property
    def precision(self) -> float:
        changed = self.true_positives + self.false_positives
        return self.true_positives / changed if changed else 1.0

    @property
    def recall(self) -> float:
        certain = self.by_kind("certain")
        return sum(o.right for o in certain) / len(certain) if certain else 1.0

    @property
    def suggestion_recall(self) -> float:
        sugg = self.by_kind("suggestion")
        return sum(o.right for o in sugg) / len(sugg) if sugg else 1.0

    @property
    def traps_touched(self) -> list[Outcome]:
        return [o for o in self.by_kind("trap") if o.changed]

    def classes(self) -> list[tuple[str, int, int]]:
        """(class, cases, right) in order of first appearance."""
        total: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for o in self.outcomes:
            total[o.case.cls] += 1
            right[o.case.cls] += o.right
        return [(cls, total[cls], right[cls]) for cls in total]


def load_cases(path: str | Path) -> tuple[list[Case], list[str], YamlSource]:
    """The cases and roster names of an evaluation file (schema-checked)."""
    source = load_yaml(path)
    if not isinstance(source.data, dict):
        raise source.error("an evaluation file must be a mapping with a 'cases:' list")
    validate(source, CASES_SCHEMA)
    cases = []
    seen: set[str] = set()
    for i, raw in enumerate(source.data["cases"]):
        if raw["id"] in seen:
            raise source.error(f"duplicate case id {raw['id']!r}", ("cases", i, "id"))
        seen.add(raw["id"])
        if raw.get("fixed") is not None and "certain" not in raw:
            raise source.error("a case with 'fixed' needs 'certain'", ("cases", i))
        cases.append(
            Case(
                id=raw["id"],
                cls=raw["class"],
                text=raw["text"],
                fixed=raw.get("fixed"),
                certain=bool(raw.get("certain", False)),
                origin=source.where(("cases", i)),
            )
        )
    roster = [p["en"] for p in source.data.get("roster", [])]
    return cases, roster, source


def roster_yaml(names: list[str]) -> str:
    """A roster glossary file for the evaluation's known people."""
    if not names:
        return "type: roster\npeople: []\n"
    return "type: roster\npeople:\n" + "".join(f"  - en: {n!r}\n" for n in names)


def prepare(
    cases_file: str | Path,
    rule_ids: Sequence[str] = (),
    rules: Sequence[str | Path] = (),
    glossaries: Sequence[str | Path] = (),
) -> tuple[Engine, list[Case]]:
    """The engine (default rules plus the file's roster, only ``rule_ids`` if given) and cases."""
    cases, roster, source = load_cases(cases_file)
    with tempfile.TemporaryDirectory() as tmp:
        roster_file = Path(tmp) / "evaluation-roster.yaml"
        roster_file.write_text(roster_yaml(roster), encoding="utf-8")
        ruleset = load_ruleset(rules, [*glossaries, roster_file])
    unknown = set(rule_ids) - {r.id for r in ruleset.rules}
    if unknown:
        raise DataError(f"unknown rule {sorted(unknown)[0]!r}", source.path)
    return Engine([r for r in ruleset.rules if not rule_ids or r.id in rule_ids]), cases


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    report = Report()
    for case in cases:
        safe = engine.fix(case.text).text
        unsafe = engine.fix(case.text, unsafe=True).text
        report.outcomes.append(Outcome(case, safe, unsafe))
    return report
