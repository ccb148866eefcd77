"""The default rule set against the real-text sets (tests/data/realtext*.yaml).

Cases modelled on real pages, labelled before any tool ran on them: correct official English
from Xinhua, China Daily and government sites must come out unchanged, with and without
--unsafe; the defective cases' recall may not fall below the committed baseline
(``tests/data/<set>_baseline.yaml``). ``realtext.yaml`` is the development set (265 cases);
``realtext-places.yaml`` (88 cases) was built for the place-name rule by someone who had not
seen it, and was first run after the rule was written. ``transfix evaluate
tests/data/<set>.yaml`` prints the same figures.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from transfix.evaluate import Report, evaluate, prepare

DATA = Path(__file__).parent / "data"
SETS = ["realtext", "realtext-places"]


@pytest.fixture(scope="module", params=SETS)
def measured(request: pytest.FixtureRequest) -> tuple[Report, dict[str, Any]]:
    name = request.param
    engine, cases = prepare(DATA / f"{name}.yaml")
    baseline = yaml.safe_load((DATA / f"{name}_baseline.yaml").read_text(encoding="utf-8"))
    return evaluate(engine, cases), baseline


def test_the_set_is_large_and_holds_both_house_styles(
    measured: tuple[Report, dict[str, Any]],
) -> None:
    report, baseline = measured
    classes = Counter(o.case.cls for o in report.outcomes)
    assert len(report.outcomes) >= baseline["cases_at_least"]
    correct = sum(n for cls, n in classes.items() if cls.startswith("correct"))
    assert correct >= 0.4 * len(report.outcomes)
    least = baseline["each_house_style_at_least"]
    assert classes["correct-xinhua"] >= least and classes["correct-chinadaily"] >= least


def test_no_correct_text_changes(measured: tuple[Report, dict[str, Any]]) -> None:
    report, _ = measured
    changed = [
        f"{o.case.id}: {o.unsafe_text}"
        for o in report.outcomes
        if o.case.correct is None and (o.safe_text != o.case.text or o.unsafe_text != o.case.text)
    ]
    assert changed == []


def test_recall_holds_the_baseline(measured: tuple[Report, dict[str, Any]]) -> None:
    report, baseline = measured
    real = report.real()
    missed = [o.case.id for o in report.outcomes if o.case.correct is not None and not o.right]
    assert real["auto_right"] >= baseline["auto_right"], missed
    assert real["repaired"] >= baseline["repaired"]
    assert real["repaired_unsafe"] >= baseline["repaired_unsafe"]


def test_wrong_changes_do_not_grow(measured: tuple[Report, dict[str, Any]]) -> None:
    report, baseline = measured
    wrong = [o.case.id for o in report.outcomes if o.case.correct is not None and o.wrong()]
    assert len(wrong) <= baseline["wrong"], wrong
