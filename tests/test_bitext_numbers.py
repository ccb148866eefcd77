"""Values in Chinese and English paragraphs: extraction, the stoplists, numeral parsing
(cn2an as an oracle) and matching on realistic paragraph pairs."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transfix.bitext.numbers import (
    EN_STOPLIST,
    ZH_STOPLIST,
    Matching,
    Quantity,
    en_quantities,
    match,
    parse_zh_numeral,
    zh_quantities,
)

D = Decimal
Expected = tuple[object, ...]


def summary(quantities: list[Quantity]) -> list[Expected]:
    """(text, kind, value[, unit[, approx]]), trailing defaults left out."""
    out: list[Expected] = []
    for q in quantities:
        row: tuple[object, ...] = (q.text, q.kind, q.value, q.unit, q.approx)
        while len(row) > 3 and row[-1] in (None, False):
            row = row[:-1]
        out.append(row)
    return out


# ---------------------------------------------------------------------------------------------
# Chinese extraction
# ---------------------------------------------------------------------------------------------

ZH_CASES: list[tuple[str, list[Expected]]] = [
    # dates
    ("2022年7月18日", [("2022年7月18日", "date", (2022, 7, 18))]),
    ("二〇二二年七月十八日", [("二〇二二年七月十八日", "date", (2022, 7, 18))]),
    ("二零二二年十二月三十一日", [("二零二二年十二月三十一日", "date", (2022, 12, 31))]),
    ("7月18日上午", [("7月18日", "date", (None, 7, 18))]),
    ("7月18号", [("7月18号", "date", (None, 7, 18))]),
    ("２０２２年７月１８日", [("２０２２年７月１８日", "date", (2022, 7, 18))]),
    ("18日，县委召开", [("18日", "date", (None, None, 18))]),
    ("2022年7月", [("2022年7月", "month", (2022, 7))]),
    ("7月份以来", [("7月份", "month", (None, 7))]),
    ("十二月", [("十二月", "month", (None, 12))]),
    ("2022年", [("2022年", "year", 2022)]),
    ("1949年以来", [("1949年", "year", 1949)]),
    ("2022年度", [("2022年", "year", 2022)]),
    ("〔2022〕15号文件", [("2022", "year", 2022), ("15号", "ordinal", 15)]),
    ("中央一号文件", [("一号", "ordinal", 1)]),
    # ranges: each endpoint a quantity
    (
        "7月18日至20日",
        [("7月18日", "date", (None, 7, 18)), ("20日", "date", (None, 7, 20))],
    ),
    ("7月18—20日", [("7月18", "date", (None, 7, 18)), ("20日", "date", (None, 7, 20))]),
    (
        "7月18日至8月2日",
        [("7月18日", "date", (None, 7, 18)), ("8月2日", "date", (None, 8, 2))],
    ),
    ("18—20日", [("18", "date", (None, None, 18)), ("20日", "date", (None, None, 20))]),
    ("2021-2025年", [("2021", "year", 2021), ("2025年", "year", 2025)]),
    ("2021年至2025年", [("2021年", "year", 2021), ("2025年", "year", 2025)]),
    ("1-6月", [("1-6月", "months", (None, 1, 6))]),
    ("今年1至9月份", [("1至9月份", "months", (None, 1, 9))]),
    ("前8个月", [("前8个月", "months", (None, 1, 8))]),
    # quarters and halves
    ("第二季度", [("第二季度", "quarter", (None, 2))]),
    ("二季度", [("二季度", "quarter", (None, 2))]),
    ("一季度", [("一季度", "quarter", (None, 1))]),
    ("2022年第2季度", [("2022年第2季度", "quarter", (2022, 2))]),
    ("二〇二二年第二季度", [("二〇二二年第二季度", "quarter", (2022, 2))]),
    ("前三季度", [("前三季度", "quarters", (None, 3))]),
    ("上半年", [("上半年", "half", (None, 1))]),
    ("2022年下半年", [("2022年下半年", "half", (2022, 2))]),
    ("今年以来，去年同期，全年", []),
    # amounts and counts
    ("3.5亿元", [("3.5亿元", "number", D(350000000), "yuan")]),
    ("1.2万亩", [("1.2万亩", "number", D(12000), "mu")]),
    ("1.2万亿元", [("1.2万亿元", "number", D(1200000000000), "yuan")]),
    ("350万人", [("350万人", "number", D(3500000), "person")]),
    ("12,000元", [("12,000元", "number", D(12000), "yuan")]),
    ("3千万元", [("3千万元", "number", D(30000000), "yuan")]),
    ("5000万美元", [("5000万美元", "number", D(50000000), "dollar")]),
    ("10千米", [("10千米", "number", D(10), "km")]),
    ("3.5万千瓦", [("3.5万千瓦", "number", D(35000), "kw")]),
    ("100平方公里", [("100平方公里", "number", D(100), "sqkm")]),
    ("2000吨", [("2000吨", "number", D(2000), "ton")]),
    ("新建项目12个", [("12个", "number", D(12))]),
    ("12个项目", [("12个", "number", D(12), "project")]),
    ("5家企业", [("5家", "number", D(5), "enterprise")]),
    ("1200户", [("1200户", "number", D(1200), "household")]),
    ("十二个", [("十二个", "number", D(12))]),
    ("二十人", [("二十人", "number", D(20), "person")]),
    ("一百零五户", [("一百零五户", "number", D(105), "household")]),
    ("两千亩", [("两千亩", "number", D(2000), "mu")]),
    ("两万人", [("两万人", "number", D(20000), "person")]),
    ("两个", [("两个", "number", D(2))]),
    ("一万五千人", [("一万五千人", "number", D(15000), "person")]),
    ("三千五百万元", [("三千五百万元", "number", D(35000000), "yuan")]),
    ("全县人口三十二万，", [("三十二万", "number", D(320000))]),
    ("近5年来", [("5年", "number", D(5), "year", True)]),
    ("3个月", [("3个月", "number", D(3), "month")]),
    ("建党100周年", [("100周年", "number", D(100), "anniversary")]),
    ("四大主导产业", [("四大", "number", D(4))]),
    ("增长2倍", [("2倍", "number", D(2), "times")]),
    (
        "亿元以上项目12个",
        [("亿元以上", "number", D(10**8), "yuan", True), ("12个", "number", D(12))],
    ),
    ("超亿元项目", [("亿元", "number", D(10**8), "yuan", True)]),
    ("每万元GDP能耗", [("万元", "number", D(10000), "yuan")]),
    ("千万元级项目", [("千万元", "number", D(10**7), "yuan")]),
    ("千万不要，千万家", []),
    ("万人大会", []),
    # hedges
    ("约3000人", [("3000人", "number", D(3000), "person", True)]),
    ("300余人", [("300余人", "number", D(300), "person", True)]),
    ("3000多人", [("3000多人", "number", D(3000), "person", True)]),
    ("超过1.2万亩", [("1.2万亩", "number", D(12000), "mu", True)]),
    ("三百余万元", [("三百余万元", "number", D(3000000), "yuan", True)]),
    ("一百多个", [("一百多个", "number", D(100), None, True)]),
    # percent
    ("增长12.5%", [("12.5%", "percent", D("12.5"))]),
    ("增长12.5％", [("12.5％", "percent", D("12.5"))]),
    ("百分之五十", [("百分之五十", "percent", D(50))]),
    ("百分之十二点五", [("百分之十二点五", "percent", D("12.5"))]),
    ("80%以上", [("80%以上", "percent", D(80), None, True)]),
    ("八成以上", [("八成以上", "percent", D(80), None, True)]),
    ("3个百分点", [("3个百分点", "percent", D(3), "point")]),
    # ordinals, plans, fractions, times
    ("第3名", [("第3", "ordinal", 3)]),
    ("第一书记", [("第一", "ordinal", 1)]),
    ("十九届六中全会", [("十九届", "ordinal", 19), ("六中全会", "ordinal", 6)]),
    ("党的二十大", [("二十大", "ordinal", 20)]),
    ("“十四五”规划", [("十四五", "plan", 14)]),
    ("十四五时期", [("十四五", "plan", 14)]),
    ("第十四个五年规划", [("第十四个五年规划", "plan", 14)]),
    ("三分之一", [("三分之一", "fraction", D(1) / D(3))]),
    ("上午9时30分", [("上午9时30分", "time", (9, 30))]),
    ("下午3点", [("下午3点", "time", (3, 0))]),
    ("9:30开会", [("9:30", "time", (9, 30))]),
    ("8点开会", [("8点", "time", (8, 0))]),
    ("上午8点半", [("上午8点半", "time", (8, 30))]),
    ("3点建议", [("3", "number", D(3))]),
    # not values
    ("1990年代", []),
    ("5G基站", []),
    ("PM2.5浓度", []),
    ("COVID-19", []),
    ("1．加强领导", []),
    ("（1）加强领导", []),
    ("几十万人", []),
    ("上百家企业", []),
    ("数千人", []),
    ("成千上万人", []),
    ("十几个", []),
    ("周一上午", []),
    ("正月初一", []),
    ("十万火急", []),
    ("一亿五", []),  # no unit: not in a numeric context
]


@pytest.mark.parametrize(("text", "expected"), ZH_CASES, ids=[c[0] for c in ZH_CASES])
def test_zh_quantities(text: str, expected: list[Expected]) -> None:
    assert summary(zh_quantities(text)) == expected


def test_zh_spans_point_into_the_original_text() -> None:
    text = "２０２２年，全县新建项目１２个。"
    for q in zh_quantities(text):
        assert text[q.start : q.end] == q.text


def test_zh_spelled_numbers_are_marked() -> None:
    spelled = {q.text: q.spelled for q in zh_quantities("新建三个项目，投资12亿元")}
    assert spelled == {"三个": True, "12亿元": False}


# ---------------------------------------------------------------------------------------------
# English extraction
# ---------------------------------------------------------------------------------------------

EN_CASES: list[tuple[str, list[Expected]]] = [
    # dates
    ("July 18, 2022", [("July 18, 2022", "date", (2022, 7, 18))]),
    ("July 18 2022", [("July 18 2022", "date", (2022, 7, 18))]),
    ("On July 18, the county", [("July 18", "date", (None, 7, 18))]),
    ("18 July 2022", [("18 July 2022", "date", (2022, 7, 18))]),
    ("on 18 July", [("18 July", "date", (None, 7, 18))]),
    ("Jul. 18", [("Jul. 18", "date", (None, 7, 18))]),
    ("Sept 2", [("Sept 2", "date", (None, 9, 2))]),
    ("Oct. 9th", [("Oct. 9th", "date", (None, 10, 9))]),
    ("the 18th of July", [("18th of July", "date", (None, 7, 18))]),
    ("on 2022-07-18 the", [("2022-07-18", "date", (2022, 7, 18))]),
    ("on 2022/7/18", [("2022/7/18", "date", (2022, 7, 18))]),
    ("July 18-20", [("July 18", "date", (None, 7, 18)), ("20", "date", (None, 7, 20))]),
    (
        "July 18-20, 2022",
        [("July 18", "date", (2022, 7, 18)), ("20, 2022", "date", (2022, 7, 20))],
    ),
    (
        "from July 18 to August 2",
        [("July 18", "date", (None, 7, 18)), ("August 2", "date", (None, 8, 2))],
    ),
    ("18-20 July", [("18", "date", (None, 7, 18)), ("20 July", "date", (None, 7, 20))]),
    # months, years
    ("in July", [("July", "month", (None, 7))]),
    ("since mid-July", [("July", "month", (None, 7))]),
    ("in May 2022", [("May 2022", "month", (2022, 5))]),
    ("It may be. May we go.", []),
    ("March forward", []),
    ("January-June", [("January-June", "months", (None, 1, 6))]),
    ("from January to June this year", [("January to June", "months", (None, 1, 6))]),
    ("in 2022, the county", [("2022", "year", 2022)]),
    ("from 2021 to 2025", [("2021", "year", 2021), ("2025", "year", 2025)]),
    ("2021-2025", [("2021", "year", 2021), ("2025", "year", 2025)]),
    ("2020-21", [("2020", "year", 2020), ("21", "year", 2021)]),
    ("the 1990s", []),
    # periods
    ("in the second quarter", [("second quarter", "quarter", (None, 2))]),
    ("the second quarter of 2022", [("second quarter of 2022", "quarter", (2022, 2))]),
    ("Q2", [("Q2", "quarter", (None, 2))]),
    ("Q2 2022", [("Q2 2022", "quarter", (2022, 2))]),
    ("the first three quarters", [("first three quarters", "quarters", (None, 3))]),
    ("the first half of the year", [("first half of the year", "half", (None, 1))]),
    ("the second half of 2022", [("second half of 2022", "half", (2022, 2))]),
    ("in the second half, we", [("second", "ordinal", 2)]),
    ("the first eight months", [("first eight months", "months", (None, 1, 8))]),
    # percent
    ("12.5 percent", [("12.5 percent", "percent", D("12.5"))]),
    ("12.5%", [("12.5%", "percent", D("12.5"))]),
    ("12.5 per cent", [("12.5 per cent", "percent", D("12.5"))]),
    ("3 percentage points", [("3 percentage points", "percent", D(3), "point")]),
    ("five percent", [("five percent", "percent", D(5))]),
    # amounts
    ("350 million yuan", [("350 million yuan", "number", D(350000000), "yuan")]),
    ("3.5 billion yuan", [("3.5 billion yuan", "number", D(3500000000), "yuan")]),
    ("1.2 million", [("1.2 million", "number", D(1200000))]),
    ("RMB 3.5 billion", [("RMB 3.5 billion", "number", D(3500000000), "yuan")]),
    ("US$1.2 million", [("US$1.2 million", "number", D(1200000), "dollar")]),
    ("ten thousand yuan", [("ten thousand yuan", "number", D(10000), "yuan")]),
    ("3.5 hundred million yuan", [("3.5 hundred million yuan", "number", D(350000000), "yuan")]),
    ("12,000 mu", [("12,000 mu", "number", D(12000), "mu")]),
    ("20,000 people", [("20,000 people", "number", D(20000), "person")]),
    ("800 hectares", [("800 hectares", "number", D(800), "hectare")]),
    ("3 square kilometers", [("3 square kilometers", "number", D(3), "sqkm")]),
    ("10km", [("10km", "number", D(10), "km")]),
    ("2,000 tonnes", [("2,000 tonnes", "number", D(2000), "ton")]),
    ("12 new key projects", [("12 new key projects", "number", D(12), "project")]),
    ("1,200 poor households", [("1,200 poor households", "number", D(1200), "household")]),
    ("5 of the projects", [("5", "number", D(5))]),
    ("three-year action plan", [("three-year", "number", D(3), "year")]),
    ("a 10-day campaign", [("10-day", "number", D(10), "day")]),
    ("seven projects", [("seven projects", "number", D(7), "project")]),
    ("Three villages", [("Three villages", "number", D(3), "village")]),
    ("twenty-five households", [("twenty-five households", "number", D(25), "household")]),
    ("a hundred villages", [("a hundred villages", "number", D(100), "village")]),
    ("tripled 3 times", [("3 times", "number", D(3), "times")]),
    # hedges
    ("about 3,000 people", [("3,000 people", "number", D(3000), "person", True)]),
    ("more than 300 people", [("300 people", "number", D(300), "person", True)]),
    ("nearly 12,000 mu", [("12,000 mu", "number", D(12000), "mu", True)]),
    ("some 50 villages", [("50 villages", "number", D(50), "village", True)]),
    ("300 or so", [("300", "number", D(300), None, True)]),
    # ordinals, plans, fractions, times
    ("the 14th Five-Year Plan", [("14th Five-Year Plan", "plan", 14)]),
    ("the 14th Five-Year Plan (2021-2025)", [("14th Five-Year Plan", "plan", 14)]),
    ("the fourteenth meeting", [("fourteenth", "ordinal", 14)]),
    ("the twenty-first century", [("twenty-first", "ordinal", 21)]),
    ("the 20th National Congress", [("20th", "ordinal", 20)]),
    ("No. 3 Middle School", [("No. 3", "ordinal", 3)]),
    ("No.5 Road", [("No.5", "ordinal", 5)]),
    ("one third", [("one third", "fraction", D(1) / D(3))]),
    ("two-thirds of villages", [("two-thirds", "fraction", D(2) / D(3))]),
    ("at 9:30 a.m.", [("9:30 a.m.", "time", (9, 30))]),
    ("at 3 p.m.", [("3 p.m.", "time", (3, 0))]),
    # not values
    ("dozens of villages and hundreds of people", []),
    ("tens of thousands of people", []),
    ("one of the main tasks", []),
    ("one-to-one negotiations", []),
    ("first of all", []),
    ("no one", []),
    ("at first", []),
    ("one by one", []),
    ("a five-year plan", []),
    ("COVID-19 prevention", []),
    ("5G base stations", []),
    ("PM2.5 concentration", []),
    ("the G20 summit", []),
    ("1. Strengthen leadership", []),
    ("(1) Strengthen leadership", []),
    ("two-way exchanges", []),
    ("this year and last year", []),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES, ids=[c[0] for c in EN_CASES])
def test_en_quantities(text: str, expected: list[Expected]) -> None:
    assert summary(en_quantities(text)) == expected


def test_en_spans_point_into_the_text() -> None:
    text = "On July 18, 2022, about 3,000 people in 12 villages received RMB 3.5 million."
    quantities = en_quantities(text)
    assert len(quantities) == 4
    for q in quantities:
        assert text[q.start : q.end] == q.text


# ---------------------------------------------------------------------------------------------
# Stoplists
# ---------------------------------------------------------------------------------------------


def _overlapping(quantities: list[Quantity], start: int, end: int) -> list[Quantity]:
    return [q for q in quantities if q.start < end and start < q.end]


@pytest.mark.parametrize("phrase", ZH_STOPLIST)
def test_zh_stoplist_phrase_is_not_a_number(phrase: str) -> None:
    for text in (phrase, f"会议强调{phrase}", f"全县{phrase}部署项目"):
        start = text.index(phrase)
        assert _overlapping(zh_quantities(text), start, start + len(phrase)) == [], text


@pytest.mark.parametrize(
    "text",
    [
        *("几十万人", "数百家企业", "上千名群众", "成千上万名"),
        *("十几个乡镇", "百来人", "星期三下午", "周五"),
    ],
)
def test_zh_stop_patterns(text: str) -> None:
    assert zh_quantities(text) == []


def test_zh_stop_phrase_does_not_hide_a_number_before_it() -> None:
    assert summary(zh_quantities("3个统一")) == [("3个", "number", D(3))]


@pytest.mark.parametrize("phrase", EN_STOPLIST)
def test_en_stoplist_phrase_is_not_a_number(phrase: str) -> None:
    for text in (phrase, f"We stressed {phrase} talks."):
        start = text.index(phrase)
        assert _overlapping(en_quantities(text), start, start + len(phrase)) == [], text


# ---------------------------------------------------------------------------------------------
# Chinese numerals: a small renderer, parsed back, with cn2an as the oracle
# ---------------------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def render_zh(n: int, *, bare_ten: bool = True, liang: bool = False) -> str:
    """Standard Chinese numeral for 0 <= n < 10**12 (一万零五, 十亿零三百万)."""
    if n == 0:
        return "零"
    out: list[str] = []
    started = skipped_section = False
    for section, section_unit in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if section == 0:
            skipped_section = skipped_section or started
            continue
        # a 零 before a section that starts with zeros or follows an empty one: 一万零五
        need_zero = started and (section < 1000 or skipped_section)
        skipped_section = in_section = False
        for digit, unit in zip(f"{section:04d}", ("千", "百", "十", ""), strict=True):
            if digit == "0":
                need_zero = need_zero or in_section  # 一千零五, but not 一千零 at the end
                continue
            if need_zero:
                out.append("零")
                need_zero = False
            word = _DIGITS[int(digit)]
            if liang and digit == "2" and unit in ("千", "百"):
                word = "两"
            out.append(word + unit)
            started = in_section = True
        out.append(section_unit)
    text = "".join(out)
    if bare_ten and text.startswith("一十"):
        text = text[1:]  # 十二, not 一十二, at the start
    return text


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.integers(0, 10**12 - 1), st.integers(0, 10**5)),
    st.booleans(),
    st.booleans(),
)
def test_zh_numerals_parse_back(n: int, bare_ten: bool, liang: bool) -> None:
    text = render_zh(n, bare_ten=bare_ten, liang=liang)
    assert cn2an.cn2an(text, "normal") == n  # the renderer writes real Chinese
    assert parse_zh_numeral(text) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**8 - 1), st.integers(1, 9))
def test_zh_decimals_parse_back(whole: int, tenths: int) -> None:
    text = f"{render_zh(whole)}点{_DIGITS[tenths]}"
    expected = Decimal(f"{whole}.{tenths}")
    assert Decimal(str(cn2an.cn2an(text, "normal"))) == expected
    assert parse_zh_numeral(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一千零五十", 1050),
        ("两千", 2000),
        ("两万三千", 23000),
        ("十万零五", 100005),
        ("一万五", 15000),  # colloquial: a lone digit after 万 counts thousands
        ("七十万零一千", 701000),  # loose, but written
        ("一百五", 150),
        ("三千五", 3500),
        ("一亿零一", 100000001),
        ("一万亿", 10**12),
        ("三点五", Decimal("3.5")),
        ("零点八", Decimal("0.8")),
    ],
)
def test_zh_numeral_forms(text: str, value: int | Decimal) -> None:
    assert parse_zh_numeral(text) == value


@pytest.mark.parametrize(
    "text",
    [
        *("九三", "十四五", "三百五千", "零零", "十两", "百"),
        *("千万", "亿万", "两十", "一万五十", "三点"),
    ],
)
def test_zh_malformed_numerals_are_rejected(text: str) -> None:
    assert parse_zh_numeral(text) is None


# ---------------------------------------------------------------------------------------------
# Matching on paragraph pairs (county news and its machine translation)
# ---------------------------------------------------------------------------------------------

PAIRS: list[tuple[str, str, list[str], list[str], list[tuple[str, str]]]] = [
    # (zh, en, zh_only, en_only, completions)
    (
        "2022年7月18日，我县召开2022年第二季度重点工作推进会。",
        "On July 18, 2022, our county held a meeting to promote key work in the second quarter"
        " of 2022.",
        [],
        [],
        [],
    ),
    (
        "2022年7月18日，县委书记冯杰主持召开县委常委会会议。",
        "On July 18, Feng Jie, secretary of the county Party committee, presided over a meeting"
        " of the Standing Committee of the county Party committee.",
        [],
        [],
        [("2022年7月18日", "July 18")],
    ),
    (
        "全年完成固定资产投资3.5亿元，同比增长12.5%。",
        "Fixed asset investment of 350 million yuan was completed in the whole year, up 12.5"
        " percent year on year.",
        [],
        [],
        [],
    ),
    (
        "全年完成固定资产投资3.5亿元，同比增长12.5%。",
        "Fixed asset investment of 3.5 billion yuan was completed, up 12.5% year on year.",
        ["3.5亿元"],
        ["3.5 billion yuan"],
        [],
    ),
    (
        "今年以来，全县流转土地1.2万亩，带动3000余人就业。",
        "Since the beginning of this year, the county has transferred 12,000 mu of land,"
        " driving the employment of more than 3,000 people.",
        [],
        [],
        [],
    ),
    (
        "全县流转土地1.2万亩。",
        "The county has transferred 800 hectares of land.",
        [],
        [],
        [],
    ),
    (
        "全县共有十二个乡镇、二百三十个行政村。",
        "The county has 12 townships and 230 administrative villages.",
        [],
        [],
        [],
    ),
    (
        "新建两所学校和两万平方米校舍。",
        "Two schools and 20,000 square meters of school buildings were built.",
        [],
        [],
        [],
    ),
    (
        "坚持统一部署、一体推进，一是强化领导，二是压实责任。",
        "We should adhere to unified deployment and integrated promotion. First, strengthen"
        " leadership; second, consolidate responsibilities.",
        [],
        [],
        [],
    ),
    (
        "“十四五”时期，全县将建设重点项目120个，总投资约86亿元。",
        "During the 14th Five-Year Plan period, the county will build 120 key projects with a"
        " total investment of about 8.6 billion yuan.",
        [],
        [],
        [],
    ),
    (
        "深入学习贯彻党的十九届六中全会精神，以优异成绩迎接党的二十大胜利召开。",
        "We should thoroughly study and implement the spirit of the Sixth Plenary Session of"
        " the 19th CPC Central Committee and welcome the victory of the 20th National Congress"
        " of the Communist Party of China with outstanding achievements.",
        [],
        [],
        [],
    ),
    (
        "上半年，全县地区生产总值增长6.5%。",
        "In the first half of the year, the county's GDP grew by 6.5%.",
        [],
        [],
        [],
    ),
    (
        "上半年，全县地区生产总值增长6.5%。",
        "In the first half, the county's GDP grew by 6.5 percent.",
        [],
        [],
        [],
    ),
    (
        "1-9月，全县完成工业总产值45.6亿元。",
        "In the first three quarters, the county's total industrial output value reached 4.56"
        " billion yuan.",
        [],
        [],
        [],
    ),
    (
        "7月18日至20日，县人大常委会开展安全生产执法检查。",
        "From July 18 to 20, the Standing Committee of the county People's Congress conducted"
        " law enforcement inspections on production safety.",
        [],
        [],
        [],
    ),
    (
        "2021-2025年，全县计划投资100亿元实施乡村振兴项目。",
        "From 2021 to 2025, the county plans to invest 10 billion yuan in rural revitalization"
        " projects.",
        [],
        [],
        [],
    ),
    (
        "贫困发生率由12.5%下降到百分之零点八。",
        "The poverty incidence dropped from 12.5% to 0.8%.",
        [],
        [],
        [],
    ),
    (
        "今年新建项目12个，完成投资2.3亿元。",
        "This year, 13 new projects were built, with an investment of 230 million yuan.",
        ["12个"],
        ["13 new projects"],
        [],
    ),
    (
        "全县共排查安全隐患326处，整改到位318处。",
        "The county investigated 326 hidden safety hazards and rectified them.",
        ["318处"],
        [],
        [],
    ),
    (
        "2022年7月，县政府印发《乡村振兴实施方案》。",
        "In July 2022, the county government issued the Implementation Plan for Rural"
        " Revitalization.",
        [],
        [],
        [],
    ),
    (
        "全县城镇化率达到58.3%，比上年提高3个百分点。",
        "The county's urbanization rate reached 58.3 percent, 3 percentage points higher than"
        " the previous year.",
        [],
        [],
        [],
    ),
    (
        "几十万群众参与志愿服务，数千名党员下沉社区。",
        "Hundreds of thousands of people took part in volunteer services, and thousands of"
        " Party members went down to communities.",
        [],
        [],
        [],
    ),
    (
        "2021年10月9日，县委召开全会。",
        "On October 9, 2022, the county Party committee held a plenary session.",
        ["2021年10月9日"],
        ["October 9, 2022"],
        [],
    ),
    (
        "18日，县委召开常委会会议。",
        "On the 18th, the county Party committee held a meeting of its Standing Committee.",
        [],
        [],
        [],
    ),
    (
        "7月18日上午9时30分，全县防汛工作视频会议召开。",
        "At 9:30 a.m. on July 18, a video conference on flood control was held.",
        [],
        [],
        [],
    ),
    (
        "县第三中学共有学生2600余名。",
        "No. 3 Middle School of the county has more than 2,600 students.",
        [],
        [],
        [],
    ),
    (
        "2022年，全县经济运行稳中向好。2022年也是“十四五”关键之年。",
        "In 2022, the county's economy was stable and improving, a key year of the 14th"
        " Five-Year Plan.",
        [],
        [],
        [],
    ),
    (
        "全年完成一般公共预算收入12345.67万元。",
        "General public budget revenue of 123.46 million yuan was completed in the year.",
        [],
        [],
        [],
    ),
    (
        "县委召开一次专题会议，研究三个方面的问题。",
        "The county Party committee held a special meeting to study three aspects of the problems.",
        [],
        [],
        [],
    ),
    (
        "全县八成以上的村实现集体经济“清零”，粮食产量增长2倍。",
        "More than 80 percent of villages in the county eliminated collective-economy"
        " shortfalls, and grain output tripled.",
        [],
        [],
        [],
    ),
    (
        "项目总投资5000万元。",
        "The project has a total investment of US$7.5 million.",
        [],
        [],
        [],
    ),
    (
        "两会期间，县领导深入代表团参加审议。",
        "During the two sessions, county leaders joined the delegations in deliberations.",
        [],
        [],
        [],
    ),
    (
        "7月18日（星期一），县政府召开常务会议。",
        "On Monday, July 18, the county government held an executive meeting.",
        [],
        [],
        [],
    ),
    (
        "约3.46亿元用于基础设施建设。",
        "About 350 million yuan was used for infrastructure construction.",
        [],
        [],
        [],
    ),
    (
        "全县新增就业岗位3000个，其中返乡创业带动1200人。",
        "The county added 3,000 jobs, including 1,200 people driven by returning entrepreneurs,"
        " and 300 more were trained.",
        [],
        ["300"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("zh", "en", "zh_only", "en_only", "completions"), PAIRS, ids=[p[0][:16] for p in PAIRS]
)
def test_match_paragraph_pairs(
    zh: str,
    en: str,
    zh_only: list[str],
    en_only: list[str],
    completions: list[tuple[str, str]],
) -> None:
    result = match(zh_quantities(zh), en_quantities(en))
    assert [q.text for q in result.zh_only] == zh_only
    assert [q.text for q in result.en_only] == en_only
    assert [(z.text, e.text) for z, e in result.completions] == completions


@pytest.mark.parametrize(("zh", "en"), [p[:2] for p in PAIRS], ids=[p[0][:16] for p in PAIRS])
def test_indexed_matching_agrees_with_a_full_scan(zh: str, en: str) -> None:
    zq, eq = zh_quantities(zh), en_quantities(en)
    indexed, scanned = match(zq, eq, indexed=True), match(zq, eq, indexed=False)
    assert indexed == scanned


def _pairs(result: Matching) -> list[tuple[str, str]]:
    return [(z.text, e.text) for z, e in result.pairs]


def test_match_pairs_amounts_dates_and_periods() -> None:
    result = match(
        zh_quantities("2022年第二季度，全县投资3.5亿元，流转土地1.2万亩。"),
        en_quantities(
            "In the second quarter of 2022, the county invested 350 million yuan and"
            " transferred 12,000 mu of land."
        ),
    )
    assert _pairs(result) == [
        ("2022年第二季度", "second quarter of 2022"),
        ("3.5亿元", "350 million yuan"),
        ("1.2万亩", "12,000 mu"),
    ]


def test_a_year_is_covered_by_the_year_of_a_date() -> None:
    result = match(
        zh_quantities("2022年，县委于7月18日召开会议。"),
        en_quantities("On July 18, 2022, the county Party committee held a meeting."),
    )
    assert _pairs(result) == [("2022年", "July 18, 2022"), ("7月18日", "July 18, 2022")]
    assert result.zh_only == result.en_only == result.completions == []


def test_a_quarter_matches_the_same_month_span() -> None:
    result = match(zh_quantities("1-3月"), en_quantities("in the first quarter"))
    assert _pairs(result) == [("1-3月", "first quarter")]


def test_different_years_do_not_match() -> None:
    result = match(zh_quantities("2022年第二季度"), en_quantities("the second quarter of 2021"))
    assert [q.text for q in result.zh_only] == ["2022年第二季度"]
    assert [q.text for q in result.en_only] == ["second quarter of 2021"]


def test_unit_conversions_are_unmatched_but_not_reported() -> None:
    result = match(zh_quantities("1.2万亩"), en_quantities("800 hectares"))
    assert result.pairs == [] and result.zh_only == [] and result.en_only == []
    assert [q.text for q in result.zh_unreported] == ["1.2万亩"]
    assert [q.text for q in result.en_unreported] == ["800 hectares"]


def test_the_same_value_in_another_unit_is_not_a_match() -> None:
    result = match(zh_quantities("1.2万亩"), en_quantities("12,000 hectares"))
    assert result.pairs == []
    assert result.zh_only == result.en_only == []  # mu and hectares: not checked


def test_a_different_count_unit_still_matches() -> None:
    result = match(zh_quantities("1200户"), en_quantities("1,200 people"))
    assert _pairs(result) == [("1200户", "1,200 people")]


def test_hedged_values_match_within_five_percent() -> None:
    near = match(zh_quantities("约3000人"), en_quantities("2,900 people"))
    assert _pairs(near) == [("3000人", "2,900 people")]
    far = match(zh_quantities("约3000人"), en_quantities("2,800 people"))
    assert far.pairs == []
    assert [q.text for q in far.zh_only] == ["3000人"]


def test_exact_values_match_within_the_rounding_of_the_coarser_side() -> None:
    assert _pairs(match(zh_quantities("3.46亿元"), en_quantities("346 million yuan")))
    assert not match(zh_quantities("3.46亿元"), en_quantities("350 million yuan")).pairs
    assert _pairs(match(zh_quantities("3.5亿元"), en_quantities("348 million yuan")))


def test_weak_quantities_are_never_reported() -> None:
    result = match(
        zh_quantities("召开一次会议，建立三项制度，第一书记，18日，增长2倍，三分之一"),
        en_quantities("No one spoke; the Three Gorges; the first time; twice; a third"),
    )
    assert result.zh_only == result.en_only == []


# ---------------------------------------------------------------------------------------------
# Hostile input: no traceback, whatever the text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "一十百千万亿" * 1000 + "元",
        "亿" * 5000 + "一元",
        "9" * 20000 + "亿元",
        "1" + ",000" * 5000 + " yuan",
        "3" + " million" * 2000,
        "\x00" * 100 + "12个",
        "twenty-" * 2000,
    ],
    ids=["numeral run", "yi run", "long digits", "long commas", "scales", "nul", "hyphens"],
)
def test_hostile_text_gives_values_or_nothing(text: str) -> None:
    zh, en = zh_quantities(text), en_quantities(text)
    result = match(zh, en)
    assert len(result.pairs) <= len(zh) + len(en)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet="0123456789,.%-—至年月日号季度万亿元个人第前上下半点分之两零一二三十百 aJulyQth"
    )
)
def test_random_text_never_raises(text: str) -> None:
    match(zh_quantities(text), en_quantities(text))


def test_a_long_paragraph_is_matched_whole() -> None:
    zh = "2022年7月18日，全县投资3.5亿元。" * 2000
    en = "On July 18, 2022, the county invested 350 million yuan. " * 2000
    result = match(zh_quantities(zh), en_quantities(en))
    assert len(result.pairs) == 4000
    assert result.zh_only == result.en_only == []
