"""The terms rule kind, driven by small inline glossaries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from transfix.edits import Safety
from transfix.engine import Engine
from transfix.errors import DataError

GLOSSARY = """\
type: terms
entries:
  - id: subdistricts
    en: subdistricts
    wrong: [streets]
    when: {before: '\\btownships\\s*\\('}
    source: [S18]
  - id: petitions
    en: petitions
    wrong: [letters and visits]
    unless: {after: 'bureau\\b'}
    accept: [public complaints and proposals]
    source: [S19]
  - id: congress-case
    en: county people's congress
    wrong: ["county people's Congress"]
    match_case: true
    source: [S1e]
  - id: main-responsible
    en: principal officials
    wrong: [main responsible persons]
    source: [K]
    safety: unsafe
  - id: cppcc
    en: county CPPCC committee
    wrong: [county people's Political Consultative Conference]
    source: [S42]
"""


@pytest.fixture
def engine(engine_from: Callable[[str], Engine]) -> Engine:
    return engine_from(GLOSSARY)


def fixed(engine: Engine, text: str, unsafe: bool = False) -> str:
    return engine.fix(text, unsafe=unsafe).text


def test_when_before_condition(engine: Engine) -> None:
    assert fixed(engine, "townships (streets, centres)") == "townships (subdistricts, centres)"
    assert fixed(engine, "they swept the streets") == "they swept the streets"


def test_unless_after_condition(engine: Engine) -> None:
    assert fixed(engine, "letters and visits rose") == "petitions rose"
    assert fixed(engine, "the letters and visits bureau") == "the letters and visits bureau"


def test_edit_records_evidence_of_its_condition(engine: Engine) -> None:
    (edit,) = engine.scan("townships (streets)").edits
    assert edit.evidence is not None and "townships" in edit.evidence
    assert edit.rule_id == "terms/subdistricts"
    assert edit.origin is not None and edit.origin.endswith("test.yaml:3")


def test_match_case_only_fixes_the_listed_casing(engine: Engine) -> None:
    assert fixed(engine, "the county people's Congress") == "the county people's congress"
    assert fixed(engine, "the Zizhou County People's Congress") == (
        "the Zizhou County People's Congress"
    )


def test_match_case_allows_a_sentence_initial_capital(engine: Engine) -> None:
    assert fixed(engine, "Done. County people's Congress met.") == (
        "Done. County people's congress met."
    )
    assert fixed(engine, "Done. County people's congress met.") == (
        "Done. County people's congress met."
    )


def test_sentence_initial_capital_is_kept(engine: Engine) -> None:
    assert fixed(engine, "Letters and visits rose.") == "Petitions rose."
    assert fixed(engine, 'He said: "Letters and visits rose."') == 'He said: "Petitions rose."'
    assert fixed(engine, "line one\nLetters and visits rose.") == "line one\nPetitions rose."


def test_mid_sentence_capital_takes_the_standard_form(engine: Engine) -> None:
    assert fixed(engine, "the Letters and Visits rose") == "the petitions rose"


def test_line_break_inside_a_phrase_survives(engine: Engine) -> None:
    text = "chairman of the county people's\r\nPolitical Consultative Conference, and"
    assert fixed(engine, text) == "chairman of the county CPPCC\r\ncommittee, and"


def test_unsafe_entry_is_a_suggestion_unless_asked(engine: Engine) -> None:
    result = engine.fix("The main responsible persons attended.")
    assert result.text == "The main responsible persons attended."
    assert [e.rule_id for e in result.suggestions] == ["terms/main-responsible"]
    assert result.suggestions[0].safety is Safety.UNSAFE
    assert fixed(engine, "The main responsible persons attended.", unsafe=True) == (
        "The principal officials attended."
    )


def test_accepted_form_is_left_alone(engine: Engine) -> None:
    assert engine.scan("public complaints and proposals").edits == []


def test_standard_form_is_a_keep(engine: Engine) -> None:
    assert engine.scan("the county people's congress").edits == []


GOOD_ENTRY = "  - {id: a, en: b, wrong: [c], source: [S1]}\n"


@pytest.mark.parametrize(
    ("body", "where", "cause"),
    [
        ("  - {id: a, en: b, wrong: [c], colour: red}\n", ":2:", "unknown key 'colour'"),
        ("  - {id: a, wrong: [c]}\n", ":2:", "'en' is a required property"),
        ("  - {id: a, en: b, wrong: c}\n", ":2:", "'c' is not of type 'array'"),
        ("  - {id: a, en: b, wrong: [c], when: {before: '(['}}\n", ":2:", "invalid regular"),
        ("  - {id: a, en: b, wrong: [c], source: [K]}\n", ":2:", "must be 'safety: unsafe'"),
        (GOOD_ENTRY + GOOD_ENTRY, ":3:", "duplicate entry id 'a'"),
        ("  - {id: a, en: b, wrong: [c]\n", ":3:", "invalid YAML"),
        ("  - id: a\n    id: b\n", ":3:", "duplicate key 'id'"),
    ],
)
def test_malformed_glossary_names_file_line_and_cause(
    engine_from: Callable[[str], Engine], body: str, where: str, cause: str
) -> None:
    with pytest.raises(DataError) as info:
        engine_from("entries:\n" + body)
    message = str(info.value)
    assert "test.yaml" + where in message
    assert cause in message
    assert "\n" not in message


def test_unknown_glossary_type_is_an_error(engine_from: Callable[[str], Engine]) -> None:
    with pytest.raises(DataError, match="unknown glossary type 'colours'"):
        engine_from("type: colours\nentries: []\n")
