"""Text that must come out of the whole default rule set untouched, suggestions included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from transfix import check_text, fix_text

TRAPS = [
    # already standard, at national level
    "Zhao Leji, chairman of the Standing Committee of the National People's Congress, spoke.",
    "Wang Huning, chairman of the National Committee of the Chinese People's Political "
    "Consultative Conference, attended.",
    "Xi Jinping, general secretary of the CPC Central Committee, inspected Suide.",
    "the CPC Zizhou County Committee and the Zizhou County People's Government",
    # ordinary English that contains a glossary phrase's words
    "Workers repaired the streets after the flood.",
    "He sent letters and visited his mother.",
    "They raised production. Safety inspectors came later.",
    "the head of the county's water bureau",
    "the head of the county agriculture bureau",
    "In the long run, he said, an old man and a fan of tai chi will be fine.",
    "Output rose 8.17 percent in the 2022-2025 plan period.",
    "The meeting ran Oct. 16-22, 2022, during the 14th Five-Year Plan (2021-2025).",
]


@pytest.mark.parametrize("text", TRAPS)
def test_trap_is_untouched(text: str) -> None:
    assert fix_text(text, unsafe=True).text == text
    assert [p for p in check_text(text).problems if p.replacement is not None] == []


def test_a_newsroom_style_is_a_yaml_file(
    tmp_path: Path, write: Callable[[str, str | bytes], Path]
) -> None:
    style = write(
        "house.yaml",
        "type: style\nid: house\nbase: xinhua\ndates:\n  months_with_day: {October: Octo.}\n"
        "places: {unit_case: lower}\n",
    )
    result = fix_text("On October 9, Zizhou County met.", glossary=(str(style),), style="house")
    assert result.text == "On Octo. 9, Zizhou county met."
