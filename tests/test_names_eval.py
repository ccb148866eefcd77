"""The names rule against its labelled evaluation set (tests/data/names_eval.yaml).

Fails when any trap changes (precision must stay 100 %) or when recall drops
below the committed baseline (tests/data/names_eval_baseline.yaml). The same
figures are printed by ``transfix evaluate tests/data/names_eval.yaml --rule names``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from transfix.evaluate import Report, evaluate, prepare

DATA = Path(__file__).parent / "data"
BASELINE = yaml.safe_load((DATA / "names_eval_baseline.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    engine, cases = prepare(DATA / "names_eval.yaml", ["names"])
    return evaluate(engine, cases)


def test_the_set_is_large_and_mostly_traps(report: Report) -> None:
    kinds = Counter(o.case.kind for o in report.outcomes)
    assert sum(kinds.values()) >= 200
    assert kinds["trap"] >= 80


def test_no_trap_is_touched(report: Report) -> None:
    touched = [f"{o.case.origin} {o.case.id}: {o.unsafe_text}" for o in report.traps_touched]
    assert touched == []
    assert report.precision >= BASELINE["precision"]


def test_certain_recall_holds_the_baseline(report: Report) -> None:
    missed = [o.case.id for o in report.by_kind("certain") if not o.right]
    assert report.recall >= BASELINE["recall"], missed


def test_suggestion_recall_holds_the_baseline(report: Report) -> None:
    missed = [o.case.id for o in report.by_kind("suggestion") if not o.right]
    assert report.suggestion_recall >= BASELINE["suggestion_recall"], missed


def test_every_class_is_measured(report: Report) -> None:
    classes = {o.case.cls for o in report.outcomes}
    for cls in (
        "given-lowercase",
        "surname-lowercase",
        "both-lowercase",
        "internal-capital",
        "compound-surname",
        "inconsistent",
        "run-together",
        "reversed-hyphenated",
        "roster",
    ):
        assert cls in classes
