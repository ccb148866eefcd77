"""The reference example: `transfix fix` on the Zizhou article gives the expected file.

When a rule or glossary change alters the output on purpose, regenerate the
expected file with ``transfix fix -o examples/zizhou-2022-q2-review.expected.txt
examples/zizhou-2022-q2-review.txt`` and review its diff before committing.
"""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES
from transfix import fix_text
from transfix.document import read_document
from transfix.engine import FixResult

ARTICLE = EXAMPLES / "zizhou-2022-q2-review.txt"
EXPECTED = EXAMPLES / "zizhou-2022-q2-review.expected.txt"
# With every suggestion applied (transfix fix --unsafe): titles, bodies and policy phrases
# all in their standard forms. Regenerate as EXPECTED, with --unsafe.
EXPECTED_UNSAFE = EXAMPLES / "zizhou-2022-q2-review.unsafe.txt"


def _fix(path: Path, unsafe: bool = False) -> FixResult:
    """As `transfix fix` does it: with examples/transfix.yaml (place: Zizhou County)."""
    result = fix_text(read_document(path).text, path=str(path), unsafe=unsafe).result
    assert result is not None
    return result


def test_fix_gives_the_expected_article() -> None:
    doc = read_document(ARTICLE)
    assert doc.with_text(_fix(ARTICLE).text).encode() == EXPECTED.read_bytes()


def test_fix_unsafe_gives_the_article_in_standard_form() -> None:
    doc = read_document(ARTICLE)
    fixed = _fix(ARTICLE, unsafe=True).text
    assert doc.with_text(fixed).encode() == EXPECTED_UNSAFE.read_bytes()
    for standard in (
        "Feng Jie, secretary of the CPC Zizhou County Committee",
        "chairman of the Standing Committee of the Zizhou County People's Congress",
        "chairman of the CPPCC Zizhou County Committee",
        "Zhao Guibo, deputy secretary of the county Party committee and county head",
        "townships (subdistricts, convenience service centers)",
        "investment promotion and work safety",
        "handling public complaints and maintaining stability",
        "the successful convening of the 20th National Congress",
        "On July 18, 2022, Zizhou County held",
    ):
        assert standard in fixed, standard


def test_fixing_the_expected_article_changes_nothing() -> None:
    text = read_document(EXPECTED).text
    assert _fix(EXPECTED).text == text


def test_the_article_defects_that_are_fixed_or_suggested() -> None:
    result = _fix(ARTICLE)
    fixed = {(a.edit.rule, result.original[a.start : a.end]) for a in result.applied}
    suggested = {e.entry for e in result.suggestions}
    assert fixed == {
        ("terms", "county people's Congress"),
        ("terms", "county people's Political Consultative Conference"),
        ("terms", "streets"),  # townships (streets, ...): the bracket lists township-level units
        ("terms", "main responsible persons"),
        ("terms", "Party (industry) committee"),
        ("terms", "the victory of the 20th National Congress"),
        ("names", "an"),  # an Lu
        ("names", "he"),  # he Bingzheng
        ("names", "fan"),  # fan Yuhu
        ("names", "guibo"),  # Zhao guibo
        ("place", "Our county"),  # -> Zizhou County (examples/transfix.yaml gives the place)
        ("place", "our county"),
    }
    assert {
        "county-head",
        "central-environmental-inspection",
        "petitions-and-stability",
        "work-safety-production-safety",
        "investment-promotion",
        "attended-and-addressed",
        "completion",  # On July 18 -> July 18, 2022 (the year stated in the same sentence)
        "full-name",  # the county Party committee -> the CPC Zizhou County Committee
        "after-name",  # Feng Jie, Secretary of ... -> secretary (a capital there is legitimate)
    } <= suggested


def test_the_banner_contradiction_is_reported() -> None:
    result = _fix(ARTICLE)
    messages = [f.message for f in result.findings if f.rule == "dates"]
    assert any(
        "page banner" in m and "second quarter of 2022" in m and "Aug. 28, 2020" in m
        for m in messages
    ), messages
