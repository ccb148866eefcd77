"""The overlap policy and the text-model helpers."""

from __future__ import annotations

from transfix.edits import Edit, Keep, LineIndex, Safety, apply_edits, resolve, split_lines


def edit(start: int, end: int, rep: str = "x", rule: str = "r", priority: int = 100) -> Edit:
    return Edit(start, end, rep, rule=rule, priority=priority)


def test_longest_match_wins() -> None:
    short, long = edit(4, 10, rule="short"), edit(0, 20, rule="long")
    assert resolve([short, long]) == [long]


def test_equal_length_earliest_start_wins() -> None:
    a, b = edit(5, 10, rule="a"), edit(3, 8, rule="b")
    assert resolve([a, b]) == [b]


def test_equal_span_lower_priority_number_wins() -> None:
    low, high = edit(0, 5, rule="z", priority=10), edit(0, 5, rule="a", priority=50)
    assert resolve([high, low]) == [low]


def test_equal_span_and_priority_rule_id_breaks_the_tie() -> None:
    a, b = edit(0, 5, rule="alpha"), edit(0, 5, rule="beta")
    assert resolve([b, a]) == [a]
    assert resolve([a, b]) == [a]


def test_keep_beats_edit_of_same_length_and_blocks_shorter() -> None:
    keep = Keep(0, 10, rule="terms", entry="standard")
    same = edit(0, 10)
    inner = edit(2, 6)
    assert resolve([same, inner, keep]) == [keep]


def test_longer_edit_beats_keep() -> None:
    keep = Keep(2, 6, rule="terms")
    longer = edit(0, 10)
    assert resolve([keep, longer]) == [longer]


def test_unsafe_longer_edit_blocks_safe_shorter_one() -> None:
    unsafe = Edit(0, 30, "u", rule="u", safety=Safety.UNSAFE)
    safe = edit(10, 20)
    assert resolve([safe, unsafe]) == [unsafe]


def test_non_overlapping_edits_all_win_in_position_order() -> None:
    a, b, c = edit(20, 25), edit(0, 5), edit(5, 10)
    assert resolve([a, b, c]) == [b, c, a]


def test_long_candidate_overlapping_several_winners_is_dropped() -> None:
    winners = [edit(0, 6, rule="a"), edit(6, 12, rule="b")]
    loser = edit(3, 9, rule="c")
    assert resolve([*winners, loser]) == winners


def test_insertions_conflict_only_inside_a_span_or_at_the_same_point() -> None:
    span = edit(0, 10)
    inside, at_end, same_point = edit(5, 5, "i"), edit(10, 10, "j"), edit(10, 10, "k")
    assert resolve([span, inside, at_end, same_point]) == [span, at_end]


def test_resolution_is_independent_of_input_order() -> None:
    items = [edit(0, 4, rule="a"), edit(2, 6, rule="b"), edit(5, 9, rule="c"), edit(1, 3)]
    expected = resolve(items)
    assert resolve(list(reversed(items))) == expected
    assert resolve(items[1:] + items[:1]) == expected


def test_apply_edits_in_any_order() -> None:
    text = "one two three"
    edits = [edit(8, 13, "3"), edit(0, 3, "1")]
    assert apply_edits(text, edits) == "1 two 3"


def test_line_index_counts_lf_crlf_and_cr() -> None:
    text = "a\nbb\r\nccc\rd"
    index = LineIndex(text)
    assert index.line_col(0) == (1, 1)
    assert index.line_col(text.index("bb") + 1) == (2, 2)
    assert index.line_col(text.index("ccc")) == (3, 1)
    assert index.line_col(text.index("d")) == (4, 1)


def test_split_lines_keeps_endings_and_ignores_other_separators() -> None:
    assert split_lines("a\r\nb\x0cc\rd") == ["a\r\n", "b\x0cc\r", "d"]
    assert split_lines("") == []
