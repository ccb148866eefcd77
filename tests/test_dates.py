"""The dates rule kind: one house format, and contradictions reported."""

from __future__ import annotations

import datetime as dt

import pytest

from transfix.edits import Safety, Severity
from transfix.engine import Engine
from transfix.kinds.base import ScanContext
from transfix.kinds.dates import Anchor, DatesRule
from transfix.ruleset import RuleSet


@pytest.fixture(scope="module")
def dates(default_ruleset: RuleSet) -> Engine:
    return Engine([r for r in default_ruleset.rules if isinstance(r, DatesRule)])


def fix(engine: Engine, text: str, **ctx: object) -> str:
    return engine.fix(text, ScanContext(**ctx)).text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("July 18th, 2022", "July 18, 2022"),
        ("Jul. 18", "July 18"),
        ("on Oct 9th", "on Oct. 9"),
        ("on October 9", "on Oct. 9"),
        ("18 July 2022", "July 18, 2022"),
        ("1st September, 2021", "Sept. 1, 2021"),
        ("on 2022/7/18 and 2022.7.19", "on July 18, 2022 and July 19, 2022"),
        ("On 2020-8-28 the county", "On Aug. 28, 2020 the county"),
        ("in Dec. 2021", "in December 2021"),
        ("July 18 2022", "July 18, 2022"),
    ],
)
def test_house_format_xinhua(dates: Engine, text: str, fixed: str) -> None:
    assert fix(dates, text, style="xinhua") == fixed


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # no house accepts these: ordinals, day-month order, numeric dates in prose, no comma
        ("July 18th, 2022", "July 18, 2022"),
        ("on Oct 9th", "on Oct 9"),
        ("on Oct. 9th", "on Oct. 9"),
        ("18 July 2022", "July 18, 2022"),
        ("1st Sept, 2021", "Sept 1, 2021"),
        ("July 18 2022", "July 18, 2022"),
        ("from July 8th to 10th", "from July 8 to 10"),
        ("Sep. 6th to 8th", "Sep. 6 to 8"),
        ("July 8th-10th, 2022", "July 8-10, 2022"),
        (
            "the 42th and 53th sessions, the 11st and the 22th",
            "the 42nd and 53rd sessions, the 11th and the 22nd",
        ),
        # a numeric date in prose: the month spelled out, or as the text writes its months
        ("On 2020-8-28 the county", "On August 28, 2020 the county"),
        ("on Oct 9 and on 2022/11/3", "on Oct 9 and on Nov 3, 2022"),
    ],
)
def test_no_house_style_fixes_only_what_no_style_accepts(
    dates: Engine, text: str, fixed: str
) -> None:
    assert fix(dates, text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "On January 24 the county met; on Jan. 25 and Jan 26 too.",
        "Sept 2, Sept. 2, September 2 and Sep 2",
        "in Dec. 2021 and in Sept 2021",
        "Release date: 2020-8-28",
        "Updated: 2021-5-21 08:40",
        "Today is 2022-8-1",
        "Document No. 2022-7-8 was issued.",
        "Download report_2022-7-8.pdf now.",
        "See the file 2022-7-8.docx.",
    ],
)
def test_no_house_style_leaves_every_accepted_form(dates: Engine, text: str) -> None:
    assert dates.fix(text).text == text


def test_mixed_month_styles_are_reported_once_per_minority_form(dates: Engine) -> None:
    text = "Talks on Oct. 9, Nov. 3 and Dec. 1 ended; the next round is on Jan 5."
    findings = [f for f in dates.scan(text).findings if f.entry == "mixed-style"]
    assert [text[f.start : f.end] for f in findings] == ["Jan 5"]
    assert "“Oct. 9”, 3 times" in findings[0].message
    xinhua = dates.scan(text, ScanContext(style="xinhua")).findings
    assert [f for f in xinhua if f.entry == "mixed-style"] == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("on Oct. 9, 2022", "on Oct 9, 2022"),
        ("on 9 October", "on Oct 9"),
        ("on July 18th", "on July 18"),
    ],
)
def test_house_format_chinadaily(dates: Engine, text: str, fixed: str) -> None:
    assert fix(dates, text, style="chinadaily") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Oct. 16-22, 2022",
        "Oct. 16–22",
        "8.17 percent",
        "the 2022-2025 plan",
        "the 14th Five-Year Plan (2021-2025)",
        "On Monday, July 18, 2022, it rained.",
        "July 18, 2022 (Monday)",
        "the May 4th Movement",
        "the 18th National People's Congress of the county",
        "Release date: 2022-07-19",
        "in March 2022",
        "2021-13-45",
        "generated at 2022-04-20T09:30:00",
    ],
)
def test_traps_stay_untouched(dates: Engine, text: str) -> None:
    result = dates.fix(text, unsafe=True)
    assert result.text == text
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


def test_weekday_that_does_not_match(dates: Engine) -> None:
    (finding,) = dates.scan("On Monday, July 19, 2022, the county met.").findings
    assert finding.severity is Severity.ERROR
    assert "“Monday” does not match July 19, 2022, which was a Tuesday" in finding.message


def test_banner_earlier_than_a_reviewed_period(dates: Engine) -> None:
    text = "Today is 2020-8-28\n\nThe county reviewed the second quarter of 2022.\n"
    (finding,) = dates.scan(text).findings
    assert "page banner “Today is 2020-8-28” (line 1)" in finding.message
    assert "“second quarter of 2022” (line 3) is reported as past" in finding.message
    assert "August 28, 2020" in finding.message


def test_a_banner_that_is_no_date_dates_nothing(dates: Engine) -> None:
    # "Today is 2022-2-30" raised ValueError (an internal error) when taken as the page's date
    text = "Today is 2022-2-30\n\nThe county reviewed the second quarter of 2022.\n"
    findings = dates.scan(text).findings
    assert [f.message for f in findings] == ["“2022-2-30” is not a date"]


def test_future_period_is_not_a_contradiction(dates: Engine) -> None:
    text = "Today is 2020-8-28\n\nWe will promote growth in the second quarter of 2022.\n"
    assert dates.scan(text).findings == []


def test_period_reported_complete_before_it_ended(dates: Engine) -> None:
    text = "In the first half of the year, output grew 8 percent."
    (finding,) = dates.scan(text, ScanContext(date=dt.date(2022, 4, 20))).findings
    assert "reported as complete before it ended (June 30, 2022)" in finding.message
    assert "the document date 2022-04-20" in finding.message


def test_anchored_event_after_the_document_date(dates: Engine) -> None:
    text = "Cadres studied the spirit of the 20th CPC National Congress."
    (finding,) = dates.scan(text, ScanContext(date=dt.date(2022, 9, 1))).findings
    assert "closed on Oct. 22, 2022" in finding.message
    assert "after October 22, 2022" in finding.message and "September 1, 2022" in finding.message
    assert finding.entry == "anchor-spirit-20th-congress"


def test_greeting_the_congress_before_it_opened_is_fine(dates: Engine) -> None:
    text = "to welcome the victory of the 20th National Congress of the Communist Party of China"
    assert dates.scan(text, ScanContext(date=dt.date(2022, 7, 18))).findings == []
    late = dates.scan(text, ScanContext(date=dt.date(2022, 11, 1))).findings
    assert len(late) == 1 and "before October 16, 2022" in late[0].message


def test_year_less_date_completed_from_the_same_sentence(dates: Engine) -> None:
    result = dates.fix("On July 18, the county reviewed the second quarter of 2022.")
    (sugg,) = result.suggestions
    assert sugg.safety is Safety.UNSAFE and sugg.replacement == "July 18, 2022"
    assert sugg.evidence == "the year 2022 stated in the same sentence"


def test_year_less_date_without_any_year_is_reported(dates: Engine) -> None:
    (finding,) = dates.scan("On July 18, the county met.").findings
    assert "has no year" in finding.message and finding.severity is Severity.INFO


def test_day_without_month_takes_the_month_of_the_document_date(dates: Engine) -> None:
    result = dates.fix("On the 16th, the team arrived.", ScanContext(date=dt.date(2018, 7, 18)))
    (sugg,) = result.suggestions
    assert sugg.replacement == "On July 16"
    assert result.text == "On the 16th, the team arrived."


def test_bare_month_day_is_a_suggestion(dates: Engine) -> None:
    result = dates.fix("On 8 17, the county met.", unsafe=True)
    assert result.text == "On August 17, the county met."
    assert dates.fix("On 8 17, the county met.").text == "On 8 17, the county met."
    # the same shape at the start of a sentence, as real pages have it
    result = dates.fix("8 17, Datong county Party committee held a meeting.", unsafe=True)
    assert result.text == "On August 17, Datong county Party committee held a meeting."
    assert dates.fix("In 2021 8 17, 18 and 19 were held.", unsafe=True).text == (
        "In 2021 8 17, 18 and 19 were held."
    )


def test_mixed_formats_reported_before_fixing(dates: Engine) -> None:
    findings = dates.scan("On July 18, 2022 and 19 July 2022 and 2022/7/20.").findings
    mixed = [f for f in findings if "formats" in f.message]
    assert len(mixed) == 1 and "3 formats" in mixed[0].message


def test_fix_is_idempotent_on_every_form(dates: Engine) -> None:
    text = "July 18th, 2022; 18 July; 2022/7/18; Today is 2020-8-28; Oct 9th; Sept 2021"
    once = fix(dates, text)
    assert fix(dates, once) == once


def test_every_anchor_finds_its_examples_and_only_them(default_ruleset: RuleSet) -> None:
    anchors: list[Anchor] = [
        a for r in default_ruleset.rules if isinstance(r, DatesRule) for a in r.anchors
    ]
    assert anchors
    for anchor in anchors:
        for text in anchor.match:
            assert anchor.pattern.search(text), f"{anchor.origin}: misses {text!r}"
        for text in anchor.no_match:
            assert not anchor.pattern.search(text), f"{anchor.origin}: finds {text!r}"


def test_a_dateline_with_a_year_dates_the_document(dates: Engine) -> None:
    text = (
        "YULIN, Shaanxi, Sept. 15, 2021 (Xinhua) -- Officials reviewed the third quarter "
        "of 2021 results.\n"
    )
    (finding,) = dates.scan(text).findings
    assert "the dateline “YULIN, Shaanxi, Sept. 15, 2021 (Xinhua)”" in finding.message
    assert "reported as complete before it ended (Sept. 30, 2021)" in finding.message


def test_this_year_and_last_year_against_a_stated_year(dates: Engine) -> None:
    ctx = ScanContext(date=dt.date(2022, 7, 19))
    (finding,) = dates.scan("Last year, in 2020, output grew.", ctx).findings
    assert "“Last year” is 2021 by the document date 2022-07-19" in finding.message
    assert "states 2020" in finding.message
    assert dates.scan("This year, in 2022, output grew.", ctx).findings == []
    assert dates.scan("Last year, in 2021, output grew.", ctx).findings == []
