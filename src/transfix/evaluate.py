"""Measure a rule set against a labelled evaluation set: precision and recall.

Two case shapes. A rule's own set (names) labels what ``fix`` must give; a
real-text set labels what an editor would publish (``correct``) and, of that,
what a precise tool should change by itself (``auto``), with document context::

    cases:
      - {id: rt-001, class: correct-xinhua, url: "...", text: "..."}   # must not change
      - id: rt-120
        class: defect-body
        text: "... county people's Congress ... investment attraction ..."
        correct: "... county people's congress ... investment promotion ..."
        auto: "... county people's congress ... investment attraction ..."  # default: correct
        place: Zizhou County     # optional context: place, date, style

For such a set the report also counts correct texts changed (with and without
``--unsafe``), defective texts fully repaired, untouched, and changed wrongly (a
word added or removed that the correct text does not add or remove).

A rule's own set is YAML::

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

import datetime as dt
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfix.engine import Engine
from transfix.errors import DataError
from transfix.kinds.base import ScanContext
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
                    "url": {"type": "string"},
                    "correct": {"type": "string"},
                    "auto": {"type": "string"},
                    "place": {"type": "string"},
                    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                    "style": {"type": "string"},
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
    fixed: str | None  # what fix (safe edits) must give; for real text, `auto`
    certain: bool
    origin: str
    correct: str | None = None  # real text: the fully corrected text
    context: ScanContext = field(default_factory=ScanContext)

    @property
    def kind(self) -> str:
        if self.fixed is None:
            return "trap"
        return "certain" if self.certain else "suggestion"

    @property
    def real(self) -> bool:
        """A real-text case (labelled with ``correct``/``auto``), or a correct one of that set."""
        return self.correct is not None or self.cls.startswith("correct")


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
        if c.correct is not None:
            return self.safe_text == c.fixed
        if c.certain:
            return self.safe_text == c.fixed
        return self.safe_text == c.text and self.unsafe_text == c.fixed

    @property
    def repaired(self) -> bool:
        """Real text: ``fix`` gave the fully corrected text."""
        return self.case.correct is not None and self.safe_text == self.case.correct

    @property
    def repaired_unsafe(self) -> bool:
        return self.case.correct is not None and self.unsafe_text == self.case.correct

    def wrong(self, unsafe: bool = False) -> bool:
        """Real text: a word added or removed that the correct text does not add or remove."""
        out = self.unsafe_text if unsafe else self.safe_text
        target = self.case.correct if self.case.correct is not None else self.case.text
        return wrong_change(self.case.text, out, target)


_WORDS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def wrong_change(text: str, output: str, correct: str) -> bool:
    """Whether ``output`` changes ``text`` in a way ``correct`` does not (word multisets)."""
    if output == text:
        return False
    before, after, right = (Counter(_WORDS.findall(t)) for t in (text, output, correct))
    added, removed = after - before, before - after
    return bool(added - (right - before)) or bool(removed - (before - right))


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

    # ---- real text

    def real(self) -> dict[str, int]:
        """Counts for a real-text set (see the module docstring)."""
        correct = [o for o in self.outcomes if o.case.real and o.case.correct is None]
        defective = [o for o in self.outcomes if o.case.correct is not None]
        return {
            "correct": len(correct),
            "correct_changed": sum(o.safe_text != o.case.text for o in correct),
            "correct_changed_unsafe": sum(o.unsafe_text != o.case.text for o in correct),
            "defective": len(defective),
            "repaired": sum(o.repaired for o in defective),
            "repaired_unsafe": sum(o.repaired_unsafe for o in defective),
            "auto_right": sum(o.right for o in defective),
            "untouched": sum(o.safe_text == o.case.text for o in defective),
            "untouched_unsafe": sum(o.unsafe_text == o.case.text for o in defective),
            "wrong": sum(o.wrong() for o in defective),
            "wrong_unsafe": sum(o.wrong(unsafe=True) for o in defective),
        }

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
        context = ScanContext(
            place=raw.get("place"),
            style=raw.get("style"),
            date=dt.date.fromisoformat(raw["date"]) if "date" in raw else None,
        )
        correct = raw.get("correct")
        if correct is not None:
            auto = raw.get("auto", correct)
            cases.append(
                Case(
                    id=raw["id"],
                    cls=raw["class"],
                    text=raw["text"],
                    fixed=auto,
                    certain=auto != raw["text"],
                    origin=source.where(("cases", i)),
                    correct=correct,
                    context=context,
                )
            )
            continue
        cases.append(
            Case(
                id=raw["id"],
                cls=raw["class"],
                text=raw["text"],
                fixed=raw.get("fixed"),
                certain=bool(raw.get("certain", False)),
                origin=source.where(("cases", i)),
                context=context,
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
        safe = engine.fix(case.text, case.context).text
        unsafe = engine.fix(case.text, case.context, unsafe=True).text
        report.outcomes.append(Outcome(case, safe, unsafe))
    return report
