"""The default rule set against the real-text development set (tests/data/realtext.yaml).

265 cases modelled on real pages, labelled before any tool ran on them: correct official
English from Xinhua, China Daily and government sites must come out unchanged, with and
without --unsafe; the defective cases' recall may not fall below the committed baseline
(tests/data/realtext_baseline.yaml). ``transfix evaluate tests/data/realtext.yaml`` prints
the same figures.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from transfix.evaluate import Report, evaluate, prepare

DATA = Path(__file__).parent / "data"
BASELINE = yaml.safe_load((DATA / "realtext_baseline.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    engine, cases = prepare(DATA / "realtext.yaml")
    return evaluate(engine, cases)


def test_the_set_is_large_and_holds_both_house_styles(report: Report) -> None:
    classes = Counter(o.case.cls for o in report.outcomes)
    assert len(report.outcomes) >= 200
    correct = sum(n for cls, n in classes.items() if cls.startswith("correct"))
    assert correct >= 0.4 * len(report.outcomes)
    assert classes["correct-xinhua"] >= 30 and classes["correct-chinadaily"] >= 30


def test_no_correct_text_changes(report: Report) -> None:
    changed = [
        f"{o.case.id}: {o.unsafe_text}"
        for o in report.outcomes
        if o.case.correct is None and (o.safe_text != o.case.text or o.unsafe_text != o.case.text)
    ]
    assert changed == []


def test_recall_holds_the_baseline(report: Report) -> None:
    real = report.real()
    missed = [o.case.id for o in report.outcomes if o.case.correct is not None and not o.right]
    assert real["auto_right"] >= BASELINE["auto_right"], missed
    assert real["repaired"] >= BASELINE["repaired"]
    assert real["repaired_unsafe"] >= BASELINE["repaired_unsafe"]


def test_wrong_changes_do_not_grow(report: Report) -> None:
    wrong = [o.case.id for o in report.outcomes if o.case.correct is not None and o.wrong()]
    assert len(wrong) <= BASELINE["wrong"], wrong
