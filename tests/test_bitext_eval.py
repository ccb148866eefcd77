"""The bilingual mode against its labelled set (tests/data/bitext_eval.yaml).

Each case is one Chinese paragraph and its English, run as a one-paragraph document pair
(``transfix fix EN --source ZH``). Safe edits must be right (no case may gain a word change
its label does not have: precision 100 %), correct pairs must come out untouched with no
bitext finding, and the cases right per class may not fall below the committed baseline
(tests/data/bitext_eval_baseline.yaml). Run this file with ``-s`` to see the figures.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from transfix.engine import Engine
from transfix.evaluate import wrong_change
from transfix.kinds.base import ScanContext, SourceDoc
from transfix.ruleset import RuleSet

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (DATA / "bitext_eval.yaml").read_text(encoding="utf-8")
)["cases"]
BASELINE = yaml.safe_load((DATA / "bitext_eval_baseline.yaml").read_text(encoding="utf-8"))


def run(engine: Engine, case: dict[str, Any]) -> dict[str, Any]:
    ctx = ScanContext(source=SourceDoc(text=case["zh"]))
    safe = engine.fix(case["en"], ctx)
    unsafe = engine.fix(case["en"], ctx, unsafe=True)
    found = {f.rule_id for f in safe.findings} | {e.rule_id for e in safe.suggestions}
    expected = case.get("fixed", case["en"])
    need = set(case.get("findings", []))
    forbid = set(case.get("no_findings", []))
    if case["class"] == "correct":
        forbid |= {x for x in found if x.startswith("bitext")}
    right = (
        safe.text == expected
        and unsafe.text == case.get("unsafe", expected)
        and all(any(x == r or x.startswith(r + "/") for x in found) for r in need)
        and not any(x == r or x.startswith(r + "/") for x in found for r in forbid)
    )
    return {"safe": safe.text, "unsafe": unsafe.text, "right": right}


@pytest.fixture(scope="module")
def results(default_ruleset: RuleSet) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    engine = default_ruleset.engine()
    return [(case, run(engine, case)) for case in CASES]


def test_the_set_is_large_and_covers_every_check() -> None:
    classes = Counter(c["class"] for c in CASES)
    assert len(CASES) >= 150
    assert classes["correct"] >= 40
    assert classes["name"] + classes["name-polyphone"] + classes["name-compound"] >= 40


def test_safe_edits_are_always_right(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Precision of safe edits: no word changed that the label does not change."""
    wrong = [
        f"{case['id']}: {r['safe']}"
        for case, r in results
        if wrong_change(case["en"], r["safe"], case.get("fixed", case["en"]))
    ]
    assert wrong == []


def test_correct_pairs_are_left_alone(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    bad = [case["id"] for case, r in results if case["class"] == "correct" and not r["right"]]
    assert bad == []


def test_each_class_holds_its_baseline(
    results: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case, r in results:
        total[case["class"]] += 1
        right[case["class"]] += r["right"]
    print("\nclass            right / cases")
    for cls in sorted(total):
        print(f"{cls:16} {right[cls]:5} / {total[cls]}")
    missed = [case["id"] for case, r in results if not r["right"]]
    for cls, minimum in BASELINE.items():
        assert right[cls] >= minimum, (cls, missed)
