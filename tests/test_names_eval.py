"""The names rule against its labelled evaluation sets.

``names_eval.yaml`` was written alongside the rule; ``names_holdout.yaml`` was
written independently of it. Each fails when any trap changes (precision must
stay 100 %) or when recall drops below its committed baseline
(tests/data/names_eval_baseline.yaml). The same figures are printed by
``transfix evaluate tests/data/<set> --rule names``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from transfix.evaluate import Report, evaluate, prepare

DATA = Path(__file__).parent / "data"
BASELINE = yaml.safe_load((DATA / "names_eval_baseline.yaml").read_text(encoding="utf-8"))


SETS = sorted(BASELINE)


@pytest.fixture(scope="module", params=SETS)
def measured(request: pytest.FixtureRequest) -> tuple[Report, dict[str, float]]:
    engine, cases = prepare(DATA / request.param, ["names"])
    return evaluate(engine, cases), BASELINE[request.param]


def test_the_development_set_is_large_and_mostly_traps() -> None:
    _, cases = prepare(DATA / "names_eval.yaml", ["names"])
    kinds = Counter(c.kind for c in cases)
    assert sum(kinds.values()) >= 200
    assert kinds["trap"] >= 80


def test_no_trap_is_touched(measured: tuple[Report, dict[str, float]]) -> None:
    report, baseline = measured
    touched = [f"{o.case.origin} {o.case.id}: {o.unsafe_text}" for o in report.traps_touched]
    assert touched == []
    assert report.precision >= baseline["precision"]


def test_certain_recall_holds_the_baseline(measured: tuple[Report, dict[str, float]]) -> None:
    report, baseline = measured
    missed = [o.case.id for o in report.by_kind("certain") if not o.right]
    assert report.recall >= baseline["recall"], missed


def test_suggestion_recall_holds_the_baseline(measured: tuple[Report, dict[str, float]]) -> None:
    report, baseline = measured
    missed = [o.case.id for o in report.by_kind("suggestion") if not o.right]
    assert report.suggestion_recall >= baseline["suggestion_recall"], missed


def test_the_development_set_measures_every_class() -> None:
    _, cases = prepare(DATA / "names_eval.yaml", ["names"])
    classes = {c.cls for c in cases}
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
