"""Phrase matching: one automaton, whole words, any case, any whitespace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transfix.phrases import FoldedText, PhraseIndex, normalize_phrase


def find(phrases: list[str], text: str) -> list[str]:
    index: PhraseIndex[str] = PhraseIndex()
    for p in phrases:
        index.add(p, p)
    return [text[s:e] for s, e, _ in index.search(FoldedText(text))]


def test_case_insensitive() -> None:
    assert find(["letters and visits"], "Letters And VISITS rose") == ["Letters And VISITS"]


def test_whole_words_only() -> None:
    assert find(["streets"], "mainstreets streetsweeper streets.") == ["streets"]


def test_hyphen_and_apostrophe_join_words() -> None:
    assert find(["county"], "county-level county's county") == ["county"]
    assert find(["county people"], "county people's congress") == []


def test_across_line_breaks_and_runs_of_whitespace() -> None:
    text = "the county people's\r\n  Congress and the county\tpeople's  Congress"
    assert find(["county people's congress"], text) == [
        "county people's\r\n  Congress",
        "county\tpeople's  Congress",
    ]


def test_curly_apostrophe_matches_straight() -> None:
    assert find(["people's congress"], "the people’s Congress") == ["people’s Congress"]


def test_punctuation_is_not_whitespace() -> None:
    assert find(["production safety"], "raised production. Safety inspectors") == []


def test_overlapping_phrases_all_reported() -> None:
    assert find(
        ["head of the county", "the county government"], "head of the county government"
    ) == [
        "head of the county",
        "the county government",
    ]


def test_phrase_with_punctuation_at_the_edges() -> None:
    assert find(["(industry)"], "Party (industry) committee") == ["(industry)"]


def test_offsets_map_back_after_collapsed_whitespace() -> None:
    text = "a  b\n\n\nc   d e"
    folded = FoldedText(text)
    assert folded.folded == "a b c d e"
    for i, ch in enumerate(folded.folded):
        if ch != " ":
            assert text[folded.to_original(i)] == ch


def test_characters_whose_lowercase_is_longer_do_not_shift_offsets() -> None:
    text = "İstanbul and letters and visits"
    assert find(["letters and visits"], text) == ["letters and visits"]


def test_normalize_phrase() -> None:
    assert normalize_phrase("  County  People’s\nCongress ") == "county people's congress"


def test_payloads_are_shared_per_phrase() -> None:
    index: PhraseIndex[int] = PhraseIndex()
    index.add("streets", 1)
    index.add("Streets", 2)
    assert len(index) == 1
    assert [p for _, _, p in index.search(FoldedText("streets"))] == [[1, 2]]


# ------------------------------------------------------------------ searching a piece at a time

_KEYS = st.lists(st.text(alphabet="ab c", min_size=1, max_size=3), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    keys=_KEYS, text=st.text(alphabet="ab c", min_size=30, max_size=300), piece=st.integers(12, 40)
)
def test_a_long_text_searched_in_pieces_gives_every_match_in_order(
    keys: list[str], text: str, piece: int
) -> None:
    """The same matches, in the same order (by end, the longer first), as one search over the
    whole text, whatever the pieces' size."""
    import ahocorasick

    import transfix.phrases as phrases

    automaton = ahocorasick.Automaton()
    for key in set(keys):
        automaton.add_word(key, (len(key), key))
    automaton.make_automaton()
    old = phrases._PIECE
    phrases._PIECE = piece
    try:
        assert list(phrases.iter_matches(automaton, text)) == list(automaton.iter(text))
    finally:
        phrases._PIECE = old
