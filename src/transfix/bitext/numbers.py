"""Numbers, dates and amounts in a Chinese paragraph and its English translation, as values.

Translation-QA tools compare digit strings and so misfire on zh->en: ``2022年7月18日`` is
``July 18, 2022`` and ``3.5亿元`` is ``350 million yuan``. This module extracts quantities from
each side, normalises them to values and matches them, so that only real differences remain.

``zh_quantities(text)`` and ``en_quantities(text)`` return :class:`Quantity` items (span, kind,
value, unit, hedge) in text order; ``match(zh, en)`` pairs them and returns a :class:`Matching`.

Kinds and values (all hashable):

========  ==================================  ===============================================
kind      value                               examples
========  ==================================  ===============================================
date      (year | None, month | None, day)    2022年7月18日, 7月18日, 18日; July 18, 2022
month     (year | None, month)                2022年7月, 7月份; July 2022, in July
months    (year | None, first, last)          1-6月, 前8个月; January-June, first eight months
quarter   (year | None, n)                    2022年第二季度, 二季度; the second quarter, Q2
quarters  (year | None, n): quarters 1..n     前三季度; the first three quarters
half      (year | None, 1 or 2)               上半年; the first half of the year
year      int                                 2022年, 2021-2025年; 2022, from 2021 to 2025
percent   Decimal                             12.5%, 百分之十二点五, 八成; 12.5 percent
number    Decimal (3.5亿 -> 350000000)         1.2万亩, 300余人; 12,000 mu, 1.2 million
ordinal   int                                 第三, 十九届, 二十大; 14th, fourth, No. 3
plan      int: the n-th Five-Year Plan        “十四五”; the 14th Five-Year Plan
time      (hour % 12, minute)                 上午9时30分; 9:30 a.m.
fraction  Decimal                             三分之一; one third, two-thirds
========  ==================================  ===============================================

``unit`` is a normalised unit when there is one (yuan, dollar, mu, hectare, sqm, sqkm, km, m,
ton, kg, kw, kwh, m3, year, month, day, person, household, enterprise, project, case, village
...; "point" for percentage points) or None. ``approx`` marks a hedge: 约, 近, 超过, 逾, 余, 多,
左右, 以上; about, nearly, more than, over, some, or so.

Chinese side. Regexes only where the context is numeric, no segmenter: Arabic digits (also
full-width), and Chinese numerals only before a unit or measure word, 年/月/日/号/季度, 万/亿,
%, after 第 or in 百分之/分之. Numerals are parsed by :func:`parse_zh_numeral` (十二 = 12,
二十 = 20, 一百零五 = 105, 两千 = 2000, 一万五 = 15000, 三点五 = 3.5); a malformed run (九三, 十四五
outside a plan name) is dropped, never guessed. 今年 and 去年 carry no number. Fixed expressions
are never numbers: :data:`ZH_STOPLIST` (literal phrases, matched at each numeral they contain,
so 统一部署 and 三番五次 are both caught) and :data:`ZH_STOP_PATTERNS` (几十万, 上百, 数千, 十几,
weekdays, lunar days). Decisions: 两 is 2 (两万 = 20000, 两个 = 2); 十九届六中全会 gives two
ordinals, 19 and 6, because the English always says "19th" and "sixth" and ordinals are never
reported; “十四五” is a ``plan`` 14; N大 is an ordinal (a party congress) for 11..30 and a count
("four major") up to 10; N号 is an ordinal (〔2022〕15号, 一号文件); 增长2倍 is a number with unit
"times" (never reported: 倍 is ambiguous). A bare 亿, 千万 or 万亿 before a unit is one of
it (超亿元, 亿元以上项目: 100 million yuan), and a bare 万 only in 万元 (每万元GDP), since 万人
and 万家 are idioms more often than amounts. 8点 is a time only when followed by what a time
is (8点半, 8点召开, a comma), not in 3点建议.

English side. Month-name dates (July 18, 2022; 18 July; Jul. 18; Sept 2; July 18-20), ISO and
slashed dates in prose, years and year ranges, quarters (the second quarter, Q2), halves
("of the year" or "of 2022" required), the first N months, percent and percentage points,
digits with scale words (1.2 million, 3.5 billion, ten thousand) and units, number words to
ninety-nine, fractions, ordinals, "No. 3". Not values: "one of", "one-to-one", "no one",
"first of all", a bare "second half", "dozens of", "hundreds of", "this year"; digits glued to
letters (COVID-19, G20, 5G, 1990s); list markers starting a paragraph, "(1)". A date keeps a
year only when the text gives one.

Matching. Phases, each greedy in text order: equal values; compatible values; years covered by
dates; repeats. Compatible means: a date with a year and the same month/day with the same year
or none (then also a ``completions`` item: the English may be completed); month, months,
quarter, quarters and half compare as month spans (上半年 = the first six months = January-June);
numbers and percentages equal within the rounding of the coarser side (at most 5 %), or within
5 % when either side is hedged; units equal, missing on one side, or both plain count units
(person, household, project ...); ordinals, plan numbers, integral counts and a day without a
month by equal integers (第五条 ~ Article 5). A year is covered by the year of a date or period
on the other side. A value repeated on one side that the other gives once is paired with the
counterpart of its first mention.

Never reported (``zh_unreported``/``en_unreported`` instead of ``zh_only``/``en_only``):

- ordinals, plan numbers, fractions, permille values, multiples (倍, times);
- counts of one (一个, 一项, 一年来; "one") and numbers written in words up to ten without a
  physical unit (三农-style slogans, "Three Gorges", "two sessions");
- a day with no month (18日, "the 18th");
- a zh half (上半年): "in the first half" alone is not extracted on the English side;
- an amount with a measurement unit when the other side has an unmatched amount of the same
  dimension in another unit (亩 vs hectares, 万千瓦 vs MW, 元 vs US dollars): a conversion is
  not checked, and different units never pair.

Reported although sometimes legitimate: an English year where the Chinese has only 今年, 去年
or 当年 (not values here); a check that wants to allow it can look for those words in the
source before reporting an ``en_only`` year.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import defaultdict, deque
from collections.abc import Callable, Container, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeAlias

__all__ = [
    "EN_STOPLIST",
    "ZH_STOPLIST",
    "ZH_STOP_PATTERNS",
    "Matching",
    "Quantity",
    "en_quantities",
    "match",
    "parse_zh_numeral",
    "zh_quantities",
]

Value: TypeAlias = Decimal | int | tuple[int | None, ...]


@dataclass(frozen=True)
class Quantity:
    """One value found in a paragraph: its span, kind, normalised value, unit and hedge."""

    start: int
    end: int
    text: str
    kind: str
    value: Value
    unit: str | None = None
    approx: bool = False
    #: place value of the last written digit (3.5亿 -> 10000000), for the rounding tolerance
    resolution: Decimal | None = field(default=None, compare=False)
    #: written in words (三个, "three") rather than digits
    spelled: bool = field(default=False, compare=False)


@dataclass
class Matching:
    """The result of :func:`match`. Only ``zh_only`` and ``en_only`` are meant for a report."""

    pairs: list[tuple[Quantity, Quantity]] = field(default_factory=list)
    zh_only: list[Quantity] = field(default_factory=list)
    en_only: list[Quantity] = field(default_factory=list)
    #: (zh date with a year, en date without one, same month and day): the English may be
    #: completed with the year
    completions: list[tuple[Quantity, Quantity]] = field(default_factory=list)
    #: unmatched, but deliberately not reported (see the module docstring)
    zh_unreported: list[Quantity] = field(default_factory=list)
    en_unreported: list[Quantity] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Data: stoplists and units
# ---------------------------------------------------------------------------------------------

#: Chinese fixed expressions that contain numerals but are not quantities. Each is matched at
#: every numeral it contains, before any number is read there.
ZH_STOPLIST: tuple[str, ...] = (
    # slogans, names, festivals
    "一带一路", "九三学社", "五四青年节", "五四运动", "三农", "两会", "两委", "两新", "两岸",
    "两学一做", "三严三实", "三会一课", "四个全面", "五位一体", "两个确立", "两个维护",
    "一国两制", "一网通办", "一站式", "一体化", "一把手", "一线", "一流", "五一", "七一",
    "八一", "十一黄金周", "三八妇女节", "六一儿童节", "五年规划", "五年计划",
    # words in which a numeral is not a number
    "统一", "唯一", "同一", "单一", "专一", "划一", "逐一", "不一", "之一", "合一", "万一",
    "一是", "二是", "三是", "四是", "五是", "六是", "一些", "一起", "一致", "一律", "一同",
    "一道", "一度", "一直", "一向", "一切", "一定", "一般", "一旦", "一再", "一贯", "一系列",
    "一方面", "一手", "一心", "一次性", "进一步", "第一时间", "一带", "一举", "一路", "一并",
    "一齐", "一概", "一番", "一点", "一下", "一块", "万万", "亿万", "十分", "万分",
    "百分百", "十足", "十万火急", "三番五次", "七上八下", "千方百计", "五湖四海", "四面八方",
    "一五一十", "三令五申", "一成不变", "零件", "零部件", "零售", "零星", "零距离", "零容忍",
    "两手", "两难", "两样", "两极", "两节", "三番两次", "接二连三", "独一无二", "一分为二",
    "万家灯火", "千家万户", "万人空巷", "百万雄师",
)  # fmt: skip
#: Families of non-quantities. Each branch starts at a numeral; what precedes it is a
#: lookbehind: approximate magnitudes (几十万, 上百, 数千, 成千上万, 十几, 百来), weekdays
#: (周一, 星期三), lunar days (初一), and 千万 as "by all means" (千万元 is an amount).
ZH_STOP_PATTERNS: tuple[str, ...] = (
    "千万(?!元)",
    "[十百千万亿](?<=[几数上成好].)[十百千万亿]*(?:[几余多]+[十百千万亿]*)*",
    "[十百千万][几来]+",
    "[一二三四五六](?:(?<=周.)|(?<=星期.)|(?<=礼拜.))",
    "[一二三四五六七八九十](?<=初.)",
)
#: English phrases with number words that are not quantities, matched at each number word
#: they contain. Plural scale words ("dozens of", "hundreds of", "tens of thousands") never
#: start a number, so they need no entry.
EN_STOPLIST: tuple[str, ...] = (
    "May Fourth",  # the May Fourth Movement, May Fourth Youth Day (五四)
    "one of",
    "one-to-one",
    "one to one",
    "one another",
    "no one",
    "one by one",
    "one-stop",
    "one-off",
    "one-time",
    "the one",
    "every one",
    "one day",
    "first of all",
    "at first",
    "first-ever",
    "one or two",
    "two or three",
    "five-year plan",
)

#: zh unit or measure word -> normalised unit (None: a generic classifier such as 个)
_ZH_UNITS: dict[str, str | None] = {
    "元": "yuan", "块": "yuan", "美元": "dollar", "欧元": "euro", "港元": "hkd",
    "亩": "mu", "公顷": "hectare", "平方米": "sqm", "平米": "sqm", "㎡": "sqm",
    "平方公里": "sqkm", "平方千米": "sqkm", "公里": "km", "千米": "km", "米": "m",
    "吨": "ton", "公斤": "kg", "千克": "kg", "斤": "jin", "克": "g",
    "千瓦时": "kwh", "度": "kwh", "千瓦": "kw", "兆瓦": "mw", "立方米": "m3", "方": "m3",
    "年": "year", "个月": "month", "个多月": "month", "个余月": "month", "周": "week",
    "天": "day", "日": "day", "小时": "hour", "个小时": "hour", "分钟": "minute",
    "岁": "year", "周岁": "year", "周年": "anniversary",
    "人次": "person", "人": "person", "名": "person", "位": "person", "户": "household",
    "家": "enterprise", "项": "item", "个": None, "件": "case", "起": "case", "宗": "case",
    "所": "institution", "座": None, "台": "set", "辆": "vehicle", "条": None, "处": "place",
    "个村": "village", "村": "village", "镇": "town", "乡": "township", "次": "time",
    "场": "session", "期": "session", "批": "batch", "支": "team", "只": "head", "头": "head",
    "株": "tree", "棵": "tree", "套": "set", "张": "sheet", "本": "copy", "篇": "article",
    "份": "copy", "种": "kind", "类": "kind", "级": "level", "层": "floor", "栋": "building",
    "幢": "building", "间": "room", "艘": "ship", "架": "aircraft", "部": None, "门": None,
    "分": "point", "倍": "times",
    # read specially in _zh_number
    "%": "%", "％": "%", "‰": "‰", "个百分点": "point", "百分点": "point", "成": "tenth",
    "届": "ordinal", "中全会": "ordinal", "号": "ordinal", "大": "major",
}  # fmt: skip
# units a Chinese numeral may not take: they read as words (十分, 两方, 一度, 十日谈)
_ZH_DIGITS_ONLY_UNITS = frozenset({"度", "方", "分", "块", "日", "克", "米", "%", "％", "‰"})
# nouns after a generic classifier that name the unit: 12个项目, 5家企业
_ZH_NOUNS: dict[str, str] = {
    "项目": "project", "企业": "enterprise", "公司": "enterprise", "村": "village",
    "社区": "community", "乡镇": "township", "镇": "town", "学校": "school",
    "部门": "department", "案件": "case", "问题": "issue", "贫困户": "household",
    "农户": "household",
}  # fmt: skip

#: units with a dimension: different units of one dimension may be a conversion
_MEASURE_DIMENSION: dict[str, str] = {
    "yuan": "money", "dollar": "money", "euro": "money", "hkd": "money",
    "mu": "area", "hectare": "area", "sqm": "area", "sqkm": "area", "acre": "area",
    "km": "length", "m": "length", "ton": "mass", "kg": "mass", "jin": "mass", "g": "mass",
    "kw": "power", "mw": "power", "gw": "power", "kwh": "energy", "m3": "volume",
    "year": "time", "month": "time", "week": "time", "day": "time", "hour": "time",
    "minute": "time", "times": "times",
}  # fmt: skip
_PHYSICAL = frozenset({"money", "area", "length", "mass", "power", "energy", "volume"})

# English measurement units: the word right after a number (and its scale word); two-word
# units by their first word.
_EN_MEASURE_WORDS: dict[str, str] = {
    "yuan": "yuan", "rmb": "yuan", "renminbi": "yuan", "cny": "yuan",
    "dollar": "dollar", "dollars": "dollar", "usd": "dollar", "euro": "euro", "euros": "euro",
    "hkd": "hkd", "mu": "mu", "hectare": "hectare", "hectares": "hectare", "ha": "hectare",
    "acre": "acre", "acres": "acre", "km2": "sqkm", "km²": "sqkm", "sqkm": "sqkm",
    "m2": "sqm", "m²": "sqm", "sqm": "sqm", "km": "km", "kilometer": "km", "kilometers": "km",
    "kilometre": "km", "kilometres": "km", "meter": "m", "meters": "m", "metre": "m",
    "metres": "m", "ton": "ton", "tons": "ton", "tonne": "ton", "tonnes": "ton", "kg": "kg",
    "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg", "jin": "jin",
    "gram": "g", "grams": "g", "kwh": "kwh", "kilowatt-hour": "kwh", "kilowatt-hours": "kwh",
    "kw": "kw", "kilowatt": "kw", "kilowatts": "kw", "mw": "mw", "megawatt": "mw",
    "megawatts": "mw", "gw": "gw", "gigawatt": "gw", "gigawatts": "gw", "m3": "m3",
    "m³": "m3", "times": "times", "fold": "times",
}  # fmt: skip
_EN_MEASURE_PAIRS: dict[tuple[str, str], str] = {
    ("square", "kilometers"): "sqkm", ("square", "kilometres"): "sqkm",
    ("square", "kilometer"): "sqkm", ("sq", "km"): "sqkm", ("square", "meters"): "sqm",
    ("square", "metres"): "sqm", ("square", "meter"): "sqm", ("sq", "m"): "sqm",
    ("cubic", "meters"): "m3", ("cubic", "metres"): "m3", ("metric", "tons"): "ton",
    ("us", "dollars"): "dollar", ("kilowatt", "hours"): "kwh", ("hong", "kong"): "hkd",
}  # fmt: skip
_EN_PERSON_WORDS = (
    "people", "persons", "person", "residents", "resident", "villagers", "individuals",
    "workers", "employees", "participants", "students", "patients", "visitors", "tourists",
    "cadres", "officials", "members", "volunteers", "farmers", "person-times",
)  # fmt: skip
# English count and time nouns, possibly after up to two modifiers (12 new projects)
_EN_COUNT_WORDS: dict[str, str] = {
    **{w: "year" for w in ("year", "years", "year-old", "years-old")},
    **{w: "month" for w in ("month", "months")},
    **{w: "week" for w in ("week", "weeks")},
    **{w: "day" for w in ("day", "days")},
    **{w: "hour" for w in ("hour", "hours")},
    **{w: "minute" for w in ("minute", "minutes")},
    **dict.fromkeys(_EN_PERSON_WORDS, "person"),
    **{w: "household" for w in ("household", "households", "families")},
    **dict.fromkeys(
        ("enterprise", "enterprises", "company", "companies", "firms", "businesses"), "enterprise"
    ),
    **{w: "project" for w in ("project", "projects")},
    **{w: "case" for w in ("case", "cases", "incidents")},
    **{w: "village" for w in ("village", "villages")},
    **{w: "township" for w in ("township", "townships")},
    **{w: "town" for w in ("town", "towns")},
    "communities": "community",
    **{w: "school" for w in ("school", "schools")},
    **{w: "department" for w in ("department", "departments")},
    **{w: "item" for w in ("item", "items")},
    **{w: "vehicle" for w in ("vehicle", "vehicles")},
    **{w: "session" for w in ("session", "sessions")},
    "anniversary": "anniversary",
}
# words that end the search for a count noun (12 of the projects is not "12 projects")
_EN_NOT_MODIFIERS = frozenset(
    (
        "of", "in", "to", "and", "or", "for", "the", "a", "an", "by", "with", "from", "on", "at",
        "as", "than", "is", "are", "was", "were", "which", "that", "this", "these", "those",
        "who", "per",
    )
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------------------------

_CN_DIGIT_VALUE: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_MAX_NUMERAL = 40  # characters


def _zh_section(s: str) -> int | None:
    """A numeral below 10,000 without 万/亿: 三千零五, 十二, 一百五 (= 150); None if malformed."""
    value = 0
    pending: int | None = None  # a digit waiting for its unit
    pending_char = ""
    last_unit = 10000
    zero = False  # a 零 since the last unit
    for ch in s:
        unit = _CN_SMALL_UNIT.get(ch)
        if unit is None:
            digit = _CN_DIGIT_VALUE.get(ch)
            if digit is None or pending is not None:
                return None  # not a numeral, or two digits in a row (九三)
            if digit == 0:
                if zero or (last_unit == 10000 and len(s) > 1):
                    return None  # 零零, or a leading 零
                zero = True
                continue
            pending, pending_char = digit, ch
            continue
        if unit >= last_unit:
            return None  # units must fall: 三百五千 is malformed
        if pending is None:
            if unit != 10 or value or zero:
                return None  # 百/千 need a digit; only a leading 十 stands alone (十二)
            pending = 1
        elif pending_char == "两" and unit == 10:
            return None  # 两十
        value += pending * unit
        pending = None
        last_unit = unit
        zero = False
    if pending is not None:
        if pending_char == "两" and last_unit != 10000:
            return None  # 十两 (liang, a weight), 一百两
        if zero or last_unit in (10000, 10):
            value += pending
        else:
            value += pending * (last_unit // 10)  # 一百五 = 150, 三千五 = 3500
    elif zero:
        return None  # a trailing 零
    return value


def _zh_below_yi(s: str) -> int | None:
    """A numeral below 10**8, possibly with 万; a lone digit after 万 counts thousands."""
    if "万" not in s:
        return _zh_section(s) if s else None
    high, _, low = s.partition("万")
    h = _zh_section(high) if high else None
    if not h:
        return None
    if not low:
        return h * 10000
    if len(low) == 1 and low in _CN_DIGIT_VALUE and low not in "〇零两":
        return h * 10000 + _CN_DIGIT_VALUE[low] * 1000  # 一万五 = 15000
    if low[0] in "〇零":
        rest = _zh_section(low[1:])
        if not rest:
            return None
        return h * 10000 + rest  # 一万零五; also the loose 七十万零一千
    rest = _zh_section(low)
    if rest is None or rest < 1000:
        return None  # 一万五十 is malformed (一万零五十)
    return h * 10000 + rest


def _zh_integer(s: str) -> int | None:
    if "亿" not in s:
        return _zh_below_yi(s)
    high, _, low = s.rpartition("亿")
    h = _zh_integer(high) if high else None
    if not h:
        return None
    if not low:
        return h * 10**8
    if len(low) == 1 and low in _CN_DIGIT_VALUE and low not in "〇零两":
        return h * 10**8 + _CN_DIGIT_VALUE[low] * 10**7  # 一亿五 = 150000000
    if low[0] in "〇零":
        rest = _zh_below_yi(low[1:])
        if not rest:
            return None
        return h * 10**8 + rest
    rest = _zh_below_yi(low)
    if rest is None or rest < 10**7:
        return None
    return h * 10**8 + rest


def parse_zh_numeral(s: str) -> Decimal | None:
    """The value of a Chinese numeral (一百零五, 两千, 三点五, 一万亿), or None when malformed.

    Digit-by-digit forms (二〇二二, 九三) are not numerals here: only years are read that way.
    """
    if len(s) > _MAX_NUMERAL or s.count("亿") > 2:
        return None  # no real numeral is that long
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = 0 if whole in ("零", "〇") else _zh_integer(whole)
        if w is None or not frac or any(ch not in _CN_DIGIT_VALUE or ch == "两" for ch in frac):
            return None
        return Decimal(f"{w}.{''.join(str(_CN_DIGIT_VALUE[ch]) for ch in frac)}")
    if s in ("零", "〇"):
        return Decimal(0)
    if s == "两":
        return Decimal(2)
    if s[0] == "两" and s[1:2] not in ("百", "千", "万", "亿"):
        return None
    value = _zh_integer(s)
    return None if value is None else Decimal(value)


def _zh_small(s: str) -> int | None:
    """A month, day, hour or ordinal: Arabic digits or a Chinese numeral."""
    if s.isdigit():
        return int(s)
    v = parse_zh_numeral(s)
    return None if v is None or v != v.to_integral_value() else int(v)


def _zh_digit_string(s: str) -> int | None:
    """A year written digit by digit: 二〇二二 -> 2022 (also Arabic digits)."""
    if s.isdigit():
        return int(s)
    out = 0
    for ch in s:
        d = _CN_DIGIT_VALUE.get(ch)
        if d is None or ch == "两":
            return None
        out = out * 10 + d
    return out


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _clean(d: Decimal) -> Decimal:
    """A canonical Decimal: integral values without exponent, others normalised."""
    if d == d.to_integral_value():
        return Decimal(int(d))
    return d.normalize()


def _arabic(lit: str) -> tuple[Decimal, Decimal] | None:
    """Value and resolution of an Arabic literal ("12,000" -> 12000, 1; "3.5" -> 3.5, 0.1)."""
    s = lit.replace(",", "").replace("．", ".")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    _, _, frac = s.partition(".")
    return value, (Decimal(1).scaleb(-len(frac)) if frac else Decimal(1))


def _zh_resolution(value: Decimal) -> Decimal:
    """Place value of the last digit of a Chinese numeral (三千五百万 -> 10**6, 三点五 -> 0.1)."""
    if value != value.to_integral_value():
        exponent = value.normalize().as_tuple().exponent
        return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    digits = str(int(value))
    return Decimal(10) ** (len(digits) - len(digits.rstrip("0"))) if int(value) else Decimal(1)


def _anchored_alternation(phrases: Sequence[str], anchors: Callable[[str], list[int]]) -> str:
    """Regex branches for fixed phrases, one per anchor (numeral or number word) in each: the
    branch starts at the anchor, and what comes before it is a lookbehind, so a scan that
    stops at any anchor sees the phrase: 进一步 -> 一(?<=进一)步; 三番五次 -> 三番五次 and
    五(?<=三番五)次."""
    branches = []
    for phrase in sorted(phrases, key=len, reverse=True):
        for k in anchors(phrase):
            head = re.escape(phrase[k])
            behind = f"(?<={re.escape(phrase[: k + 1])})" if k else ""
            branches.append(head + behind + re.escape(phrase[k + 1 :]))
    return "|".join(branches)


_TrieNode: TypeAlias = dict[str, "_TrieNode"]


def _trie(words: Sequence[str]) -> str:
    """A regex for a set of words, as a trie: each branch starts with a literal (so that a
    search can skip in C), and longer words are tried before their prefixes."""
    root: _TrieNode = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _TrieNode) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _new(
    text: str,
    start: int,
    end: int,
    kind: str,
    value: Value,
    unit: str | None = None,
    approx: bool = False,
    resolution: Decimal | None = None,
    spelled: bool = False,
) -> Quantity:
    return Quantity(start, end, text[start:end], kind, value, unit, approx, resolution, spelled)


# ---------------------------------------------------------------------------------------------
# Chinese extraction
# ---------------------------------------------------------------------------------------------

_CN_D = "〇零一二三四五六七八九"
_CN_ALL = "〇零一二三四五六七八九十百千万亿两"
_AR = r"[0-9]++(?:,[0-9]{3}(?![0-9]))*+(?:[.．][0-9]++)?"
_CNR = f"[{_CN_ALL}]++(?:点[{_CN_D}]++)?"
_NB = f"(?<![0-9{_CN_ALL}])"  # no numeral just before
_ZY = f"(?:(?:1[89][0-9]{{2}}|20[0-9]{{2}})(?![0-9])|[{_CN_D}]{{4}})"
_ZM = "(?:1[0-2](?![0-9])|0?[1-9](?![0-9])|十[一二]?|[一二三四五六七八九])"
_ZD = (
    "(?:3[01](?![0-9])|[12][0-9](?![0-9])|0?[1-9](?![0-9])"
    "|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
)
_ZRS = "(?:至|到|——|—|–|-|－|~|～|−)"  # range separators
_ZTP = "(?:上午|下午|晚上|早上|凌晨|中午|傍晚|早晨|夜间|晚)"  # time-of-day prefixes
_ZAR2 = "[0-9]{1,2}(?![0-9])"
_ZCN_SMALL = "(?:[一二三四五六七八九十]{1,3}|两)"
_ZMIN = f"(?:{_ZAR2}|[一二三四五六七八九十]{{1,3}})分"
# what may follow 8点 for it to be a time of day (not 3点建议, three suggestions)
_ZCLOCK_AFTER = r"(?=左右|许|前|后|起|开始|开会|召开|举行|至|到|[-—～~，。、；,.\s]|$)"

_ZH_UNIT_KEYS = sorted(_ZH_UNITS, key=len, reverse=True)
_ZH_UNIT_FIRST = "".join(sorted({u[0] for u in _ZH_UNIT_KEYS} | set("余多万亿")))


def _zh_anchors(phrase: str) -> list[int]:
    return [i for i, ch in enumerate(phrase) if ch in _CN_ALL or ch in "第前"]


_ZH_STOP = "|".join([_anchored_alternation(ZH_STOPLIST, _zh_anchors), *ZH_STOP_PATTERNS])

_ZH_MASTER = re.compile(
    f"""
    (?P<stop>{_ZH_STOP})
  | (?P<pct>百分之(?:{_AR}|{_CNR}))
  | (?P<frac>(?:[0-9]++|[{_CN_ALL}]++)分之(?:{_AR}|{_CNR}))
  | (?P<plan>第(?:[一二三四五六七八九十]++|[0-9]++)个五年(?:规划|计划)
      | [“"「]十[一二三四五六七八九]五[”"」]
      | 十[一二三四五六七八九]五(?=规划|时期|期间|末|初|以来|开局|收官|发展|目标))
  | {_NB}(?:
      (?P<zq>(?:{_ZY}年度?)?(?:第|前)?(?:[一二三四1-4]|两)个?季度)
    | (?P<zh>(?:{_ZY}年度?)?[上下]半年)
    | (?P<zfm>(?:{_ZY}年)?前(?:[0-9]{{1,2}}|{_ZCN_SMALL})个月)
    | (?P<zmr>(?:{_ZY}年)?{_ZM}月?{_ZRS}{_ZM}月份?)
    | (?P<zd>(?:{_ZY}年)?{_ZM}月份?(?:{_ZD}[日号]?{_ZRS})?{_ZD}[日号]
          (?:{_ZRS}(?:{_ZM}月)?{_ZD}[日号])?)
    | (?P<zm>(?:{_ZY}年)?{_ZM}月份?)
    | (?P<zyr>{_ZY}年?{_ZRS}{_ZY}年(?!代))
    | (?P<zy>{_ZY}年(?!代))
    | (?P<zdd>{_ZD}[日号]?{_ZRS}{_ZD}日)
    | (?P<zday>{_ZD}日)
    | (?P<ztime>{_ZTP}(?:{_ZAR2}|{_ZCN_SMALL})[时点](?:{_ZMIN}|半)?
        | {_ZAR2}时(?:{_ZAR2}分)? | {_ZAR2}点{_ZAR2}分 | {_ZAR2}[:：][0-5][0-9](?![0-9])
        | {_ZAR2}点(?:半|钟|整)?{_ZCLOCK_AFTER})
    )
  | (?P<ord>第(?:{_AR}|[{_CN_ALL}]++))
  | (?P<num>{_NB}(?:{_AR}|{_CNR}(?:(?<=[万亿])|(?=[{_ZH_UNIT_FIRST}]))))
    """,
    re.VERBOSE,
)

# Where a master branch may match: a digit; a Chinese numeral run followed by a character that
# can start a unit, a date word or 分之; 第/前 before a numeral; 上半年, 下午 ...; a quoted
# plan. Every branch starts with a literal, so that the search skips in C.
_ZH_TAIL = "".join(sorted(set(_ZH_UNIT_FIRST) | set("年月日号季分点")))
_ZH_TRIGGER = re.compile(
    "|".join(
        [
            *"0123456789",
            *(f"{c}[{_CN_ALL}]*(?:点[{_CN_D}]+)?(?=[{_ZH_TAIL}])" for c in _CN_ALL),
            "十[一二三四五六七八九]五",
            f"第(?=[0-9{_CN_ALL}])",
            f"前(?=[0-9{_CN_ALL}])",
            "上(?:半年|午)",
            "下(?:半年|午)",
            f"晚(?:上)?(?=[0-9{_CN_ALL}])",
            "早(?:上|晨)",
            "凌晨",
            "傍晚",
            "夜间",
            "中午",
            "“十",
            '"十',
            "「十",
        ]
    )
)
_ZH_FULLWIDTH_DIGIT = re.compile("[０-９]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

_ZH_SUFFIX = re.compile(
    "(?P<ap1>余|多)?(?P<mult>万亿|千万|百万|亿|万|千(?![米瓦克])|百(?!分))?(?P<ap2>余|多)?"
    f"(?P<unit>{_trie(_ZH_UNIT_KEYS)})?(?P<ap3>左右|以上|上下|以下|以内|之多|有余|多)?"
)
_ZH_MULT = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4}
_ZH_BARE_MULT = dict(_ZH_MULT)  # no bare 千 or 百: 千方百计, 百姓
_ZH_MULT |= {"千": 1000, "百": 100}
_ZH_APPROX_BEFORE = (
    "约", "近", "超过", "超", "逾", "多达", "不到", "不足", "不少于", "至少", "最多", "左右",
)  # fmt: skip
_ZH_NOUN = re.compile(_trie(list(_ZH_NOUNS)))
_ZH_LATIN_UNIT = re.compile(r"(?i:km2|km|kwh|kw|mw|kg|m2|m3)(?![A-Za-z])")
_ZH_LATIN_UNITS = {"km2": "sqkm", "km": "km", "kwh": "kwh", "kw": "kw", "mw": "mw", "kg": "kg"}
_ZH_LATIN_UNITS |= {"m2": "sqm", "m3": "m3"}
_ZH_CHUNK = re.compile(f"[0-9]+|[{_CN_ALL}]+")
_ZH_LIST_MARK = re.compile(r"[(（]?[0-9]{1,2}[)）.．、](?![0-9])")
_ZH_LEAD_YEAR = re.compile(f"({_ZY})年度?")
_ZH_RANGE_SPLIT = re.compile(f"({_ZRS})")
_ZH_NUMERALS = re.compile(f"[0-9]+|[{_CN_ALL}]+")
_ZH_TENTH_FOLLOW = re.compile(r"以上|左右|多|的|[，。、；,.;]|$")


def zh_quantities(text: str) -> list[Quantity]:
    """Quantities in a Chinese paragraph, in text order (see the module docstring)."""
    t = text.translate(_FULLWIDTH) if _ZH_FULLWIDTH_DIGIT.search(text) else text
    out: list[Quantity] = []
    search, match_at = _ZH_TRIGGER.search, _ZH_MASTER.match
    pos = 0
    while (tm := search(t, pos)) is not None:
        p = tm.start()
        m = match_at(t, p)
        if m is None:
            pos = p + 1
            continue
        group = m.lastgroup
        if group is not None and group != "stop":
            _ZH_HANDLERS[group](t, text, m, out)
        pos = max(m.end(), p + 1, out[-1].end if out else 0)  # past a unit read after it
    return out


def _zh_approx_before(t: str, start: int) -> bool:
    return t.endswith(_ZH_APPROX_BEFORE, max(0, start - 3), start)


def _zh_number_literal(lit: str) -> tuple[Decimal, Decimal, bool] | None:
    """(value, resolution, spelled) of an Arabic or Chinese numeral."""
    if lit[0].isdigit():
        parsed = _arabic(lit)
        return None if parsed is None else (parsed[0], parsed[1], False)
    value = parse_zh_numeral(lit)
    return None if value is None else (value, _zh_resolution(value), True)


def _zh_pct(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    parsed = _zh_number_literal(m.group()[3:])
    if parsed is None:
        return
    value, resolution, spelled = parsed
    approx = _zh_approx_before(t, m.start()) or t.startswith(("左右", "以上", "多"), m.end())
    out.append(
        _new(text, m.start(), m.end(), "percent", _clean(value), None, approx, resolution, spelled)
    )


def _zh_frac(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    den_s, _, num_s = m.group().partition("分之")
    den, num = _zh_number_literal(den_s), _zh_number_literal(num_s)
    if den is None or num is None or not den[0]:
        return
    value = _clean(num[0] / den[0])
    out.append(_new(text, m.start(), m.end(), "fraction", value, spelled=den[2]))


def _zh_plan(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    if s[0] == "第":
        n = _zh_small(s[1 : s.index("个五年")])
        start, end = m.start(), m.end()
    else:
        i = s.index("十")
        n = _zh_small(s[i : i + 2])
        start, end = m.start() + i, m.start() + i + 3
    if n is not None:
        out.append(_new(text, start, end, "plan", n))


def _zh_lead_year(s: str) -> tuple[int | None, int]:
    """(year, length of a leading 'YYYY年' or 'YYYY年度') of a date or period expression."""
    ym = _ZH_LEAD_YEAR.match(s)
    if ym is None:
        return None, 0
    return _zh_digit_string(ym.group(1)), ym.end()


def _zh_quarter(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    year, skip = _zh_lead_year(s)
    rest = s[skip:]
    digit = rest.lstrip("第前")[0]
    n = int(digit) if digit.isdigit() else _CN_DIGIT_VALUE[digit]
    if rest[0] == "前":
        if 2 <= n <= 4:
            out.append(_new(text, m.start(), m.end(), "quarters", (year, n)))
    elif 1 <= n <= 4 and digit != "两":
        out.append(_new(text, m.start(), m.end(), "quarter", (year, n)))


def _zh_half(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    year, skip = _zh_lead_year(s)
    out.append(_new(text, m.start(), m.end(), "half", (year, 1 if s[skip] == "上" else 2)))


def _zh_first_months(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    year, skip = _zh_lead_year(s)
    n = _zh_small(s[skip + 1 : -2])
    if n is not None and 1 <= n <= 12:
        out.append(_new(text, m.start(), m.end(), "months", (year, 1, n)))


def _zh_month_range(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    year, skip = _zh_lead_year(s)
    nums = _ZH_NUMERALS.findall(s, skip)
    a, b = (_zh_small(nums[0]), _zh_small(nums[1])) if len(nums) == 2 else (None, None)
    if a is not None and b is not None and 1 <= a < b <= 12:
        out.append(_new(text, m.start(), m.end(), "months", (year, a, b)))


def _zh_dates(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    """Dates, day ranges, months and lone days (zd, zm, zdd, zday): one per endpoint."""
    s = m.group()
    year, skip = _zh_lead_year(s)
    pos = m.start() + skip
    month: int | None = None
    endpoints: list[tuple[int, int, int | None, int | None]] = []  # start, end, month, day
    for i, part in enumerate(_ZH_RANGE_SPLIT.split(s[skip:])):
        if i % 2 == 0:
            day: int | None = None
            for c in _ZH_CHUNK.finditer(part):
                n = _zh_small(c.group())
                if n is None:
                    return
                if part[c.end() : c.end() + 1] == "月":
                    if not 1 <= n <= 12:
                        return
                    month = n
                elif 1 <= n <= 31:
                    day = n
                else:
                    return
            endpoints.append((pos, pos + len(part), month, day))
        pos += len(part)
    for k, (start, end, mon, day) in enumerate(endpoints):
        start = m.start() if k == 0 else start
        if day is not None:
            out.append(_new(text, start, end, "date", (year, mon, day)))
        elif m.lastgroup == "zm" and mon is not None:
            out.append(_new(text, start, end, "month", (year, mon)))


def _zh_years(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    pos = m.start()
    for i, part in enumerate(_ZH_RANGE_SPLIT.split(m.group())):
        if i % 2 == 0:
            ym = re.match(_ZY, part)
            y = _zh_digit_string(ym.group()) if ym else None
            if y is not None:
                out.append(_new(text, pos, pos + len(part), "year", y))
        pos += len(part)


def _zh_time(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    nums = _ZH_NUMERALS.findall(m.group())
    hour = _zh_small(nums[0]) if nums else None
    minute = _zh_small(nums[1]) if len(nums) > 1 else (30 if m.group().endswith("半") else 0)
    if hour is not None and minute is not None and hour <= 24 and minute <= 59:
        out.append(_new(text, m.start(), m.end(), "time", (hour % 12, minute)))


def _zh_ordinal(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    parsed = _zh_number_literal(m.group()[1:])
    if parsed is None or parsed[0] != parsed[0].to_integral_value():
        return
    out.append(_new(text, m.start(), m.end(), "ordinal", int(parsed[0]), spelled=parsed[2]))


def _zh_number(t: str, text: str, m: re.Match[str], out: list[Quantity]) -> None:
    start, end = m.start(), m.end()
    lit = m.group()
    arabic = lit[0].isdigit()
    if arabic:
        if len(lit) > 1 and lit[0] == "0" and lit[1] not in ".．":
            return  # 0912: a code, not a number
        prev = t[start - 1 : start]
        if prev.isascii() and prev.isalpha():
            return  # G20
        before = t[start - 2 : start - 1]
        if prev == "-" and before.isascii() and before.isalpha():
            return  # COVID-19
        if prev in ("(", "（") and t[end : end + 1] in (")", "）"):
            return  # (1)
        if _ZH_LIST_MARK.match(t, start) and not t[:start].strip():
            return  # a list marker at the start of the paragraph
    bare = _ZH_BARE_MULT.get(lit)  # 亿元以上, 超亿元, 每万元 GDP: one 亿, one 万
    parsed = (Decimal(bare), Decimal(bare), True) if bare else _zh_number_literal(lit)
    if parsed is None:
        return
    value, resolution, spelled = parsed
    sm = _ZH_SUFFIX.match(t, end)
    assert sm is not None  # every part is optional
    mult_s, unit_s = sm.group("mult"), sm.group("unit")
    approx = bool(sm.group("ap1") or sm.group("ap2") or sm.group("ap3"))
    approx = approx or _zh_approx_before(t, start)
    if bare:
        if mult_s or unit_s is None or (lit == "万" and unit_s != "元"):
            return  # 万人, 万家: idioms more often than amounts
        approx = approx or t[start - 1 : start] in ("过", "破")
    stop = sm.end()
    unit: str | None = None
    if spelled:
        if mult_s and not sm.group("ap1"):
            return  # 三万万 is malformed; 三百余万 is not
        if unit_s is None or unit_s in _ZH_DIGITS_ONLY_UNITS:
            if not lit.endswith(("万", "亿")):
                return  # a Chinese numeral needs a unit
            unit_s, stop = None, end + len(sm.group("ap1") or "")
    elif unit_s is None and not mult_s:
        latin = _ZH_LATIN_UNIT.match(t, end)
        if latin:
            unit, stop = _ZH_LATIN_UNITS[latin.group().lower()], latin.end()
        elif t[end : end + 1].isascii() and t[end : end + 1].isalpha():
            return  # 5G
    if mult_s:
        mult = _ZH_MULT[mult_s]
        value, resolution = value * mult, resolution * mult
    kind = "number"
    if unit_s is not None:
        unit = _ZH_UNITS[unit_s]
        if unit == "%":
            kind, unit = "percent", None
        elif unit == "‰":
            kind, unit = "percent", "permille"
        elif unit == "point" and unit_s != "分":
            kind = "percent"  # 3个百分点
        elif unit == "tenth":  # 八成 = 80 %
            if not spelled or value > 10 or not _ZH_TENTH_FOLLOW.match(t, stop):
                return
            kind, unit, value, resolution = "percent", None, value * 10, Decimal(10)
        elif unit == "ordinal":  # 十九届, 六中全会
            kind, unit = "ordinal", None
        elif unit == "major":  # 二十大 (a congress), 四大 (four major)
            if 11 <= value <= 30 and not approx:
                kind, unit = "ordinal", None
            elif value <= 10:
                unit = None
            else:
                return
        elif unit_s == "年" and t[stop : stop + 1] == "代":
            return  # 1990年代: a decade
        elif unit_s in ("个", "家", "所", "座", "项"):
            noun = _ZH_NOUN.match(t, stop)
            if noun:
                unit = _ZH_NOUNS[noun.group()]
    if kind == "ordinal":
        if value == value.to_integral_value():
            out.append(_new(text, start, stop, "ordinal", int(value), spelled=spelled))
        return
    if (
        kind == "number"
        and unit is None
        and not mult_s
        and not spelled
        and not approx
        and len(lit) == 4
        and 1900 <= value <= 2100
    ):
        out.append(_new(text, start, end, "year", int(value)))  # a bare 2022
        return
    out.append(_new(text, start, stop, kind, _clean(value), unit, approx, resolution, spelled))


_Handler = Callable[[str, str, "re.Match[str]", list[Quantity]], None]
_ZH_HANDLERS: dict[str, _Handler] = {
    "pct": _zh_pct,
    "frac": _zh_frac,
    "plan": _zh_plan,
    "zq": _zh_quarter,
    "zh": _zh_half,
    "zfm": _zh_first_months,
    "zmr": _zh_month_range,
    "zd": _zh_dates,
    "zm": _zh_dates,
    "zdd": _zh_dates,
    "zday": _zh_dates,
    "zyr": _zh_years,
    "zy": _zh_years,
    "ztime": _zh_time,
    "ord": _zh_ordinal,
    "num": _zh_number,
}


# ---------------------------------------------------------------------------------------------
# English extraction
# ---------------------------------------------------------------------------------------------

_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_EN_MONTH_NUMBER: dict[str, int] = {m.lower(): i + 1 for i, m in enumerate(_EN_MONTHS)}
_EN_MONTH_NUMBER |= {m[:3].lower(): i + 1 for i, m in enumerate(_EN_MONTHS)} | {"sept": 9}
_EN_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_ORD_ONES = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
_EN_WORD_VALUE: dict[str, int] = {w: i for i, w in enumerate(_EN_ONES)}
_EN_WORD_VALUE |= {w: 20 + 10 * i for i, w in enumerate(_EN_TENS)}
_EN_ORD_VALUE: dict[str, int] = {w: i for i, w in enumerate(_EN_ORD_ONES) if i}
_EN_ORD_VALUE |= {w[:-1] + "ieth": 20 + 10 * i for i, w in enumerate(_EN_TENS)}
_EN_ORD_VALUE["hundredth"] = 100
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_EN_SCALE |= {"trillion": 10**12, "bn": 10**9, "mln": 10**6}
_EN_FRACTION_DEN = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5}
_EN_FRACTION_DEN["tenth"] = 10

_MON = (
    "(?-i:January|February|March|April|May|June|July|August|September|October|November"
    "|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?![A-Za-z])\\.?"
)
_DAY = r"\b(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9A-Za-z])"
_YEAR = r"\b(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])"
_ERS = r"(?:\s*[-–—]\s*|\s+(?:to|through|till|until|and)\s+)"  # between days
_MRS = r"(?:\s*[-–—]\s*|\s+(?:to|through|till|until)\s+)"  # between months
_ONES_RE = "|".join(sorted(_EN_ONES[1:], key=len, reverse=True))
_TENS_RE = "|".join(_EN_TENS)
_NUMW = f"(?:(?:{_TENS_RE})(?:-(?:{'|'.join(_EN_ONES[1:10])}))?|{_ONES_RE})"
_ORD_ONES_RE = "|".join(sorted(_EN_ORD_ONES[1:], key=len, reverse=True))
_ORDW = (
    f"(?:(?:{_TENS_RE})-(?:{'|'.join(_EN_ORD_ONES[1:10])})"
    f"|{'|'.join(w[:-1] + 'ieth' for w in _EN_TENS)}|hundredth|{_ORD_ONES_RE})"
)
_SCALE_RE = r"(?:\s*(?:hundred|thousand|million|billion|trillion)\b|\s*(?:bn|mln)\b)"
_YQUAL = rf"\s+of\s+(?:the\s+(?:same\s+)?year|this\s+year|last\s+year|{_YEAR})"
_CURRENCY = r"(?:(?:RMB|CNY|USD)\s*)"

_EN_ANCHOR_WORDS = [
    *_EN_ONES[1:],
    *_EN_TENS,
    *_EN_ORD_ONES[1:],
    *(w[:-1] + "ieth" for w in _EN_TENS),
    "hundredth",
]
_EN_ANCHOR_SET = frozenset(_EN_ANCHOR_WORDS)


def _en_anchors(phrase: str) -> list[int]:
    found = []
    for w in re.finditer(r"[A-Za-z]+", phrase):
        if w.group().lower() in _EN_ANCHOR_SET:
            found.append(w.start())
    return found


_EN_STOP = _anchored_alternation(EN_STOPLIST, _en_anchors)

# The master branches, split by what their anchor starts with (a digit or a letter), so that
# each scan tries only the branches that can match there.
_EN_BRANCHES: dict[str, str] = {
    "stop": f"(?:{_EN_STOP})(?![A-Za-z])",
    "eiso": (
        f"{_YEAR}(?P<isep>[-/.])(?:1[0-2]|0?[1-9])(?P=isep)(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
    ),
    "emdy": rf"{_MON}\s*{_DAY}(?:{_ERS}(?:{_MON}\s*)?{_DAY})?(?:,?\s+{_YEAR})?",
    "edmy": rf"{_DAY}(?:{_ERS}{_DAY})?\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?",
    "emonr": rf"{_MON}{_MRS}{_MON}(?:,?\s+{_YEAR})?",
    "emon": rf"{_MON}(?!\s*{_DAY})(?!{_MRS}{_MON})(?:,?\s+{_YEAR})?",
    "eq": rf"(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?![A-Za-z])(?:{_YQUAL})?",
    "eqq": rf"(?-i:Q)[1-4](?![0-9A-Za-z])(?:\s+{_YEAR})?",
    "eqs": rf"first\s+(?:two|three|2|3)\s+quarters(?:{_YQUAL})?",
    "eh": rf"(?:first|second)\s+half{_YQUAL}",
    "efm": rf"first\s+(?:{_NUMW}|[0-9]{{1,2}})\s+months(?:{_YQUAL})?",
    "eplan": (
        rf"(?P<eplann>[0-9]{{1,2}}(?:st|nd|rd|th)|{_ORDW})\s+Five-Year\s+Plan"
        rf"(?:\s*\(\s*{_YEAR}\s*[-–—]\s*{_YEAR}\s*\))?"
    ),
    "eyr": (rf"{_YEAR}(?:\s*[-–—]\s*(?:{_YEAR}|[0-9]{{2}}(?![0-9]))|\s+(?:to|through)\s+{_YEAR})"),
    "etime": (
        r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?![0-9])(?:\s*(?:a\.m\.|p\.m\.|am\b|pm\b))?"
        r"|(?:1[0-2]|0?[1-9])\s*(?:a\.m\.|p\.m\.|o'clock)"
    ),
    "efrac": (
        r"(?:one|a|two|three|four|five)[\s-]"
        r"(?:half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)\b"
    ),
    "ord": rf"[0-9]+(?:st|nd|rd|th)\b|{_ORDW}\b",
    "num": (
        rf"{_CURRENCY}?(?:(?:[0-9]{{1,3}}(?:,[0-9]{{3}}(?![0-9]))+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
        rf"|{_NUMW}\b|a(?=\s+(?:hundred|thousand|million|billion)\b)){_SCALE_RE}*"
        r"(?P<pctw>\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    ),
}
_EN_DIGIT_FIRST = ("eiso", "edmy", "eq", "eplan", "eyr", "etime", "ord", "num")
_EN_WORD_FIRST = (
    "stop", "emdy", "emonr", "emon", "eq", "eqq", "eqs", "eh", "efm", "eplan", "efrac", "ord",
    "num",
)  # fmt: skip


def _en_master(names: Sequence[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<{name}>{_EN_BRANCHES[name]})" for name in names), re.IGNORECASE
    )


_EN_DIGIT_MASTER = _en_master(_EN_DIGIT_FIRST)
_EN_WORD_MASTER = _en_master(_EN_WORD_FIRST)
# master groups that close last inside an outer group, and the outer groups in order
_EN_INNER = frozenset({"isep", "eplann", "pctw"})

# Where a master branch may match: after a non-alphanumeric character, a digit, a month name,
# a number or ordinal word, "a hundred", RMB, Q1-Q4. Searched in " " + text; the leading
# character class lets the search skip in C.
_EN_MONTH_NAMES = [*_EN_MONTHS, "Sept", *(m[:3] for m in _EN_MONTHS if len(m) > 3)]
_EN_TRIGGER = re.compile(
    "[^A-Za-z0-9]"
    + _trie(
        [
            *_EN_MONTH_NAMES,
            *_EN_ANCHOR_WORDS,
            *(w.capitalize() for w in _EN_ANCHOR_WORDS),
            *(f"{a} {w}" for a in "aA" for w in ("hundred", "thousand", "million", "billion")),
            *(f"{a} {w}" for a in "aA" for w in ("third", "quarter", "half")),
            *("RMB", "CNY", "USD", "Q1", "Q2", "Q3", "Q4"),
            *"0123456789",
        ]
    )
)


_EN_NEXT_WORDS = re.compile(
    r"(?:\s*-\s*|\s+)([A-Za-z][A-Za-z0-9²³]*(?:-[A-Za-z]+)*)"
    r"(?:\.?\s+([A-Za-z]+(?:-[A-Za-z]+)*))?(?:\s+([A-Za-z]+(?:-[A-Za-z]+)*))?"
)


def _en_unit(text: str, end: int) -> tuple[str | None, int]:
    """The unit named by the words after a number, and where it ends (12,000 mu; 12 new
    projects; 10-day; 3 square kilometers)."""
    nm = _EN_NEXT_WORDS.match(text, end)
    if nm is None:
        return None, end
    w1 = nm.group(1).lower()
    measure = _EN_MEASURE_WORDS.get(w1)
    if measure:
        return measure, nm.end(1)
    w2 = nm.group(2)
    if w2 is not None:
        pair = _EN_MEASURE_PAIRS.get((w1.rstrip("."), w2.lower()))
        if pair:
            g = 3 if pair == "hkd" and nm.group(3) else 2
            return pair, nm.end(g)
    for g in (1, 2, 3):
        word = nm.group(g)
        if word is None:
            break
        low = word.lower()
        unit = _EN_COUNT_WORDS.get(low)
        if unit:
            return unit, nm.end(g)
        if low in _EN_NOT_MODIFIERS or not word.islower():
            break
    return None, end


_EN_APPROX_WORDS = frozenset(
    (
        "about", "around", "approximately", "nearly", "almost", "over", "some", "roughly",
        "above", "below", "under", "exceeding", "exceeded", "approx.", "approx",
    )
)  # fmt: skip
_EN_APPROX_PAIRS = frozenset(
    (
        "more than", "close to", "up to", "at least", "less than", "fewer than", "upwards of",
        "as many", "as much", "an estimated", "excess of",
    )
)  # fmt: skip
_EN_APPROX_AFTER = re.compile(r"\s*(?:or\s+so\b|or\s+more\b|-plus\b|-odd\b|\+)", re.IGNORECASE)
_EN_PREPOSITIONS = frozenset(
    (
        "in", "since", "until", "till", "by", "from", "to", "through", "early", "late", "mid",
        "of", "before", "after", "during", "and", "or", "between", "this", "last", "next", "end",
        "beginning", "start",
    )
)  # fmt: skip
_EN_SCALE_WORD = re.compile(r"hundred|thousand|million|billion|trillion|bn|mln", re.IGNORECASE)
_EN_LIST_MARK = re.compile(r"[0-9]{1,2}[.)](?:\s|$)")
_EN_ATTACHED = re.compile(r"(?i:km2|km|kwh|kw|mw|gw|kg|ha|mu)(?![A-Za-z0-9])")
_EN_CURRENCY_WORD = re.compile(_CURRENCY)
_EN_CURRENCY_SIGN = re.compile(r"(?:US\$|HK\$|\$|¥|￥|€)\s*$")
_EN_CURRENCY_UNIT = {"US$": "dollar", "$": "dollar", "HK$": "hkd", "€": "euro"}
_EN_LITERAL = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?|[A-Za-z]+(?:-[A-Za-z]+)?")
_EN_YEAR = re.compile(_YEAR)
_EN_YQUAL = re.compile(_YQUAL, re.IGNORECASE)
_EN_MON = re.compile(_MON)
_EN_DIGITS = re.compile(r"[0-9]+")
_EN_DATE_PARTS = re.compile(
    f"(?P<mon>{_MON})|(?P<day>{_DAY})|(?P<sep>{_ERS})|(?P<year>,?\\s+{_YEAR})", re.IGNORECASE
)
_EN_PLAN_END = re.compile(r"[^(]*Plan", re.IGNORECASE)


def en_quantities(text: str) -> list[Quantity]:
    """Quantities in an English paragraph, in text order (see the module docstring)."""
    out: list[Quantity] = []
    padded = " " + text  # the trigger needs a character before the anchor
    search, digit_at, word_at = _EN_TRIGGER.search, _EN_DIGIT_MASTER.match, _EN_WORD_MASTER.match
    pos = 0
    while (tm := search(padded, pos)) is not None:
        p = tm.start()  # the anchor's index in text
        m = digit_at(text, p) if text[p].isdigit() else word_at(text, p)
        if m is None:
            pos = p + 1
            continue
        group = m.lastgroup
        if group in _EN_INNER:
            group = next(g for g, v in m.groupdict().items() if v is not None)
        if group is not None and group != "stop":
            _EN_HANDLERS[group](text, m, out)
        pos = max(m.end(), p + 1, out[-1].end if out else 0)  # past a unit read after it
    return out


def _en_approx_before(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start]
    if not before or not before[-1].isspace():
        return False
    words = before.lower().split()
    if not words:
        return False
    return words[-1] in _EN_APPROX_WORDS or " ".join(words[-2:]) in _EN_APPROX_PAIRS


def _en_year_in(s: str) -> int | None:
    ym = _EN_YEAR.search(s)
    return int(ym.group()) if ym else None


def _en_month(s: str) -> int:
    return _EN_MONTH_NUMBER[s.rstrip(".").lower()]


def _en_ordinal_value(s: str) -> int | None:
    s = s.lower()
    digits = _EN_DIGITS.match(s)
    if digits:
        return int(digits.group())
    if "-" in s:
        tens, _, ones = s.partition("-")
        return _EN_WORD_VALUE[tens] + _EN_ORD_VALUE[ones]
    return _EN_ORD_VALUE.get(s)


def _en_dates(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    """Month-day dates and their ranges, one date per endpoint; a year applies to all."""
    year = None
    endpoints: list[list[int]] = []  # [start, end, month, day]
    month = 0
    seg_start = m.start()
    for p in _EN_DATE_PARTS.finditer(text, m.start(), m.end()):
        part = p.lastgroup
        if part == "mon":
            month = _en_month(p.group())
            if not endpoints or endpoints[-1][3]:
                seg_start = p.start()
        elif part == "day":
            day = int(_EN_DIGITS.match(p.group()).group())  # type: ignore[union-attr]
            endpoints.append([seg_start, p.end(), month, day])
        elif part == "sep":
            seg_start = p.end()
        elif part == "year":
            year = _en_year_in(p.group())
    if m.lastgroup == "edmy" or year is not None:
        endpoints[-1][1] = m.end()  # 18-20 July 2022: the month and year close the last one
    for start, end, mon, day in endpoints:
        mon = mon or month  # a day before its month (18-20 July)
        if mon and 1 <= day <= 31:
            out.append(_new(text, start, end, "date", (year, mon, day)))


def _en_iso(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    y, mo, d = (int(x) for x in re.split(r"[-/.]", m.group()))
    out.append(_new(text, m.start(), m.end(), "date", (y, mo, d)))


def _en_month_range(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    months = _EN_MON.findall(m.group())
    a, b = _en_month(months[0]), _en_month(months[1])
    if a < b:
        out.append(_new(text, m.start(), m.end(), "months", (_en_year_in(m.group()), a, b)))


def _en_month_year(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    """July 2022; a month alone only after a preposition (in July, since mid-July)."""
    year = _en_year_in(m.group())
    if year is None:
        before = text[max(0, m.start() - 16) : m.start()].lower().replace("-", " ").split()
        if not before or before[-1] not in _EN_PREPOSITIONS:
            return
    mon = _EN_MON.match(m.group())
    assert mon is not None
    out.append(_new(text, m.start(), m.end(), "month", (year, _en_month(mon.group()))))


def _en_period(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    group = m.lastgroup
    start, end = m.start(), m.end()
    if group == "eqq":
        out.append(_new(text, start, end, "quarter", (_en_year_in(s), int(s[1]))))
        return
    qual = _EN_YQUAL.search(s)
    year = _en_year_in(qual.group()) if qual else None
    words = s.lower().split()
    if group == "eq":
        n = _en_ordinal_value(words[0])
        if n is not None:
            out.append(_new(text, start, end, "quarter", (year, n)))
    elif group == "eh":
        out.append(_new(text, start, end, "half", (year, 1 if words[0] == "first" else 2)))
    else:
        count = words[1]
        n = int(count) if count.isdigit() else _EN_WORD_VALUE.get(count, 0)
        if group == "eqs" and 2 <= n <= 3:
            out.append(_new(text, start, end, "quarters", (year, n)))
        elif group == "efm" and 1 <= n <= 12:
            out.append(_new(text, start, end, "months", (year, 1, n)))


def _en_plan(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    n = _en_ordinal_value(m.group("eplann"))
    plan = _EN_PLAN_END.match(m.group())
    assert plan is not None
    if n is not None:  # a "(2021-2025)" after the name is part of it, not two years
        out.append(_new(text, m.start(), m.start() + plan.end(), "plan", n))


def _en_years(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    first = _EN_YEAR.match(text, m.start())
    assert first is not None
    y1 = int(first.group())
    out.append(_new(text, first.start(), first.end(), "year", y1))
    last = list(_EN_DIGITS.finditer(text, first.end(), m.end()))[-1]
    lit = last.group()
    y2 = int(lit) if len(lit) == 4 else y1 // 100 * 100 + int(lit)
    if y2 > y1:
        out.append(_new(text, last.start(), last.end(), "year", y2))


def _en_time(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    nums = [int(x) for x in _EN_DIGITS.findall(m.group())]
    minute = nums[1] if len(nums) > 1 else 0
    out.append(_new(text, m.start(), m.end(), "time", (nums[0] % 12, minute)))


def _en_fraction(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    num_s, den_s = re.split(r"[\s-]", m.group().lower(), maxsplit=1)
    num = 1 if num_s == "a" else _EN_WORD_VALUE[num_s]
    value = _clean(Decimal(num) / _EN_FRACTION_DEN[den_s.rstrip("s")])
    out.append(_new(text, m.start(), m.end(), "fraction", value, spelled=True))


def _en_ordinal(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    s = m.group()
    n = _en_ordinal_value(s)
    if n is not None:
        out.append(_new(text, m.start(), m.end(), "ordinal", n, spelled=not s[0].isdigit()))


def _en_number(text: str, m: re.Match[str], out: list[Quantity]) -> None:
    start, end = m.start(), m.end()
    s = m.group()
    unit: str | None = None
    cur = _EN_CURRENCY_WORD.match(s)
    body = s[cur.end() :] if cur else s
    if cur:
        unit = "dollar" if cur.group().strip() == "USD" else "yuan"
    else:
        prev = text[start - 1 : start]
        sign = _EN_CURRENCY_SIGN.search(text, max(0, start - 4), start)
        if sign:
            unit = _EN_CURRENCY_UNIT.get(sign.group().strip(), "yuan")
            start = sign.start()
        elif prev == "-" and text[start - 2 : start - 1].isalpha():
            return  # COVID-19
        elif prev == "(" and text[end : end + 1] == ")":
            return  # (1)
        elif _EN_LIST_MARK.match(text, start) and not text[:start].strip():
            return  # a list marker at the start of the paragraph
        elif text.endswith("No.", max(0, start - 4), start - (prev == " ")):
            if s.isdigit():  # No. 3
                out.append(_new(text, text.rindex("No.", 0, start), end, "ordinal", int(s)))
            return
        elif prev in (".", ",") and text[start - 2 : start - 1].isdigit():
            return  # the tail of PM2.5
    pct = m.group("pctw")
    if pct:
        body = body[: len(body) - len(pct)]
    lit_m = _EN_LITERAL.match(body)
    assert lit_m is not None
    lit = lit_m.group()
    spelled = not lit[0].isdigit()
    if spelled:
        word = lit.lower()
        if word == "a":
            number = 1
        elif "-" in word:
            tens, _, ones = word.partition("-")
            number = _EN_WORD_VALUE[tens] + _EN_WORD_VALUE[ones]
        else:
            number = _EN_WORD_VALUE[word]
        value, resolution = Decimal(number), Decimal(1)
    else:
        if len(lit) > 1 and lit[0] == "0" and lit[1] != ".":
            return  # a code
        parsed = _arabic(lit)
        if parsed is None:
            return
        value, resolution = parsed
    scale = 1
    for w in _EN_SCALE_WORD.findall(body, len(lit)):
        scale *= _EN_SCALE[w.lower()]
    if scale != 1:
        value, resolution = value * scale, resolution * scale
    approx = _en_approx_before(text, start)
    stop = end
    if pct:
        kind = "percent"
        unit = "point" if "point" in pct.lower() else None
    else:
        kind = "number"
        after = text[end : end + 1]
        if after.isalpha() and not _EN_ATTACHED.match(text, end):
            return  # 5G, 1990s
        if unit is None:
            attached = _EN_ATTACHED.match(text, end)
            if attached:
                unit, stop = _EN_MEASURE_WORDS[attached.group().lower()], attached.end()
            else:
                unit, stop = _en_unit(text, end)
        if (
            unit is None
            and after == "-"
            and text[end + 1 : end + 2].isalpha()
            and not _EN_APPROX_AFTER.match(text, end)
        ):
            return  # two-way, 12-member
    if _EN_APPROX_AFTER.match(text, stop):
        approx = True
    if (
        kind == "number"
        and unit is None
        and not spelled
        and scale == 1
        and len(lit) == 4
        and lit.isdigit()
        and 1900 <= value <= 2100
    ):
        out.append(_new(text, start, end, "year", int(value)))  # a bare 2022
        return
    out.append(_new(text, start, stop, kind, _clean(value), unit, approx, resolution, spelled))


_EnHandler = Callable[[str, "re.Match[str]", list[Quantity]], None]
_EN_HANDLERS: dict[str, _EnHandler] = {
    "eiso": _en_iso,
    "emdy": _en_dates,
    "edmy": _en_dates,
    "emonr": _en_month_range,
    "emon": _en_month_year,
    "eq": _en_period,
    "eqq": _en_period,
    "eqs": _en_period,
    "eh": _en_period,
    "efm": _en_period,
    "eplan": _en_plan,
    "eyr": _en_years,
    "etime": _en_time,
    "efrac": _en_fraction,
    "ord": _en_ordinal,
    "num": _en_number,
}


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------

_CATEGORY = {
    "date": "date",
    "month": "period",
    "months": "period",
    "quarter": "period",
    "quarters": "period",
    "half": "period",
    "year": "year",
    "percent": "percent",
    "number": "number",
    "ordinal": "ordinal",
    "plan": "ordinal",
    "time": "time",
    "fraction": "fraction",
}
_FIVE_PERCENT = Decimal("0.05")
_LOG_BUCKET = math.log(1.1)
_PROBE_LIMIT = 64  # unused candidates examined per quantity in the tolerant phases
_SCAN_LIMIT = 2500  # zh x en quantities up to which the tolerant phases scan everything


def _span(q: Quantity) -> tuple[int | None, int, int]:
    """A period as (year, first month, last month): 上半年 -> (None, 1, 6)."""
    v = q.value
    assert isinstance(v, tuple)
    year, n = v[0], v[1]
    assert n is not None
    if q.kind == "month":
        return year, n, n
    if q.kind == "months":
        last = v[2]
        assert last is not None
        return year, n, last
    if q.kind == "quarter":
        return year, 3 * n - 2, 3 * n
    if q.kind == "quarters":
        return year, 1, 3 * n
    return year, 6 * n - 5, 6 * n  # half


def _year_of(q: Quantity) -> int | None:
    v = q.value
    return v[0] if isinstance(v, tuple) and _CATEGORY[q.kind] in ("date", "period") else None


def _same_or_none(a: int | None, b: int | None) -> bool:
    return a == b or a is None or b is None


def _units_compatible(a: str | None, b: str | None) -> bool:
    if a == b or a is None or b is None:
        return True
    return a not in _MEASURE_DIMENSION and b not in _MEASURE_DIMENSION  # two count units


def _close(a: Quantity, b: Quantity) -> bool:
    """Equal within the rounding of the coarser side (at most 5 %), or 5 % when hedged."""
    va, vb = a.value, b.value
    assert isinstance(va, Decimal) and isinstance(vb, Decimal)
    if va == vb:
        return True
    cap = _FIVE_PERCENT * max(abs(va), abs(vb))
    if a.approx or b.approx:
        return abs(va - vb) <= cap
    coarser = max(a.resolution or Decimal(0), b.resolution or Decimal(0))
    return abs(va - vb) <= min(coarser / 2, cap)


def _integer(q: Quantity) -> int | None:
    """The integer an ordinal-like quantity stands for (第五条 ~ Article 5 ~ fifth; 18日 ~ 18th)."""
    v = q.value
    if q.kind in ("ordinal", "plan") and isinstance(v, int):
        return v
    if q.kind == "date" and isinstance(v, tuple) and v[1] is None:
        return v[2]
    if (
        q.kind == "number"
        and isinstance(v, Decimal)
        and v == v.to_integral_value()
        and (q.unit not in _MEASURE_DIMENSION or q.unit == "year")
    ):
        return int(v)
    return None


def _exact(z: Quantity, e: Quantity) -> bool:
    cat = _CATEGORY[z.kind]
    if cat != _CATEGORY[e.kind]:
        return False
    if cat == "period":
        return _span(z) == _span(e)
    if cat == "number":
        return z.value == e.value and z.unit == e.unit
    if cat == "ordinal":
        return z.kind == e.kind and z.value == e.value
    return z.value == e.value


def _compatible(z: Quantity, e: Quantity) -> bool:
    cat, cat_e = _CATEGORY[z.kind], _CATEGORY[e.kind]
    if cat == cat_e == "date":
        zv, ev = z.value, e.value
        assert isinstance(zv, tuple) and isinstance(ev, tuple)
        return zv[2] == ev[2] and _same_or_none(zv[1], ev[1]) and _same_or_none(zv[0], ev[0])
    if cat == cat_e == "period":
        (zy, za, zb), (ey, ea, eb) = _span(z), _span(e)
        return za == ea and zb == eb and _same_or_none(zy, ey)
    if cat == cat_e and cat in ("percent", "fraction"):
        return _close(z, e)
    if cat == cat_e == "number" and _units_compatible(z.unit, e.unit) and _close(z, e):
        return True
    if cat == cat_e and cat in ("year", "time"):
        return z.value == e.value
    if "ordinal" in (cat, cat_e) or "date" in (cat, cat_e):
        zi = _integer(z)
        return zi is not None and zi == _integer(e)
    return False


def _covers_year(year_q: Quantity, other: Quantity) -> bool:
    return year_q.kind == "year" and _year_of(other) == year_q.value


def _weak(q: Quantity) -> bool:
    """Never reported when unmatched (see the module docstring)."""
    if q.kind in ("ordinal", "plan", "fraction"):
        return True
    if q.kind == "percent":
        return q.unit == "permille"
    if q.kind == "date":
        return isinstance(q.value, tuple) and q.value[1] is None
    if q.kind != "number":
        return False
    if q.unit == "times":
        return True
    v = q.value
    assert isinstance(v, Decimal)
    physical = _MEASURE_DIMENSION.get(q.unit or "") in _PHYSICAL
    return not physical and (v == 1 or (q.spelled and v <= 10))


def _exact_key(q: Quantity) -> Hashable:
    """Equal keys exactly when :func:`_exact` holds."""
    cat = _CATEGORY[q.kind]
    if cat == "period":
        return cat, _span(q)
    if cat == "number":
        return cat, q.value, q.unit
    if cat == "ordinal":
        return cat, q.kind, q.value
    return cat, q.value


def _magnitude(v: Decimal) -> tuple[object, ...]:
    """A bucket of width 10 % on a log scale: values within 5 % share or touch a bucket."""
    if not v:
        return ("zero",)
    f = float(abs(v))
    if not 1e-300 < f < 1e300:
        return ("huge", v > 0, abs(v).adjusted())
    return ("mag", v > 0, math.floor(math.log(f) / _LOG_BUCKET))


def _probes(q: Quantity, wide: bool) -> list[Hashable]:
    """Keys that two compatible quantities always share, when one side's keys are ``wide``
    (neighbouring magnitude buckets included) and the other's are not."""
    v = q.value
    cat = _CATEGORY[q.kind]
    keys: list[Hashable] = []
    if cat == "date" and isinstance(v, tuple):
        keys.append(("day", v[2]))
    elif cat == "period":
        keys.append(("span", *_span(q)[1:]))
    elif cat in ("year", "time"):
        keys.append((cat, v))
    elif isinstance(v, Decimal):
        bucket = _magnitude(v)
        keys.append((cat, bucket))
        if wide and bucket[0] != "zero":
            tag, sign, n = bucket
            assert isinstance(n, int)
            keys += [(cat, (tag, sign, n - 1)), (cat, (tag, sign, n + 1))]
    n = _integer(q)
    if n is not None:
        keys.append(("int", n))
    return keys


class _Index:
    """Quantities by probe key, each list in text order, for the tolerant phases. Small
    inputs are scanned whole instead (same result, less overhead)."""

    def __init__(
        self, quantities: Sequence[Quantity], only: Iterable[int] | None = None, *, scan: bool
    ):
        self.quantities = quantities
        self.members = list(range(len(quantities))) if only is None else sorted(only)
        self.scan = scan
        self.buckets: dict[Hashable, list[int]] = defaultdict(list)
        if not scan:
            for i in self.members:
                for key in _probes(quantities[i], wide=True):
                    self.buckets[key].append(i)
        self.skip: dict[Hashable, int] = {}  # per key: how many leading entries are used

    def first(self, q: Quantity, used: Container[int]) -> int | None:
        """The first index in text order of a quantity compatible with ``q`` (the test is
        symmetric), among at most _PROBE_LIMIT unused candidates that share a key with it."""
        if self.scan:
            return next(
                (i for i in self.members if i not in used and _compatible(q, self.quantities[i])),
                None,
            )
        lists = []
        for key in _probes(q, wide=False):
            bucket = self.buckets.get(key)
            if bucket:
                k = self.skip.get(key, 0)
                while k < len(bucket) and bucket[k] in used:
                    k += 1
                self.skip[key] = k
                lists.append(itertools.islice(bucket, k, None))
        seen = set()
        for i in heapq.merge(*lists):
            if i in seen or i in used:
                continue
            seen.add(i)
            if _compatible(q, self.quantities[i]):
                return i
            if len(seen) >= _PROBE_LIMIT:
                break
        return None


def match(
    zh: Sequence[Quantity], en: Sequence[Quantity], *, indexed: bool | None = None
) -> Matching:
    """Pair the quantities of a Chinese paragraph with those of its English translation.

    Phases, each greedy in text order: equal values; compatible values (a year missing on
    one side, rounding, hedges, ordinal ~ integer); a leftover year covered by the year of a
    date or period on the other side; a value repeated on one side paired with the
    counterpart of its first mention. What is left is reported, unless it is weak or may be
    a unit conversion (see the module docstring). Quantities meet only candidates that share
    an index key, so a huge paragraph costs about linear time (``indexed``: None chooses by
    size; the result is the same either way).
    """
    scan = len(zh) * len(en) <= _SCAN_LIMIT if indexed is None else not indexed
    result = Matching()
    zh_partner: dict[int, Quantity] = {}  # index in zh -> its en counterpart
    en_partner: dict[int, Quantity] = {}
    # equal values
    queues: dict[Hashable, deque[int]] = defaultdict(deque)
    for j, e in enumerate(en):
        queues[_exact_key(e)].append(j)
    for i, z in enumerate(zh):
        queue = queues.get(_exact_key(z))
        if queue:
            j = queue.popleft()
            zh_partner[i], en_partner[j] = en[j], z
            result.pairs.append((z, en[j]))
    # compatible values
    en_index = _Index(en, scan=scan)
    for i, z in enumerate(zh):
        if i not in zh_partner:
            found = en_index.first(z, en_partner)
            if found is not None:
                zh_partner[i], en_partner[found] = en[found], z
                result.pairs.append((z, en[found]))
    # a year covered by the year of a date or period on the other side, used or not
    zh_years: dict[int | None, int] = {}
    en_years: dict[int | None, int] = {}
    for years, side in ((zh_years, zh), (en_years, en)):
        for k, q in enumerate(side):
            years.setdefault(_year_of(q), k)
    for i, z in enumerate(zh):
        if i not in zh_partner and z.kind == "year" and z.value in en_years:
            e = en[en_years[z.value]]  # type: ignore[index]
            zh_partner[i] = e
            result.pairs.append((z, e))
    for j, e in enumerate(en):
        if j not in en_partner and e.kind == "year" and e.value in zh_years:
            z = zh[zh_years[e.value]]  # type: ignore[index]
            en_partner[j] = z
            result.pairs.append((z, e))
    # repeats: 2022年 ... 2022年 against one "2022"
    for z, e in _repeats(zh, zh_partner, scan):
        result.pairs.append((z, e))
    for e, z in _repeats(en, en_partner, scan):
        result.pairs.append((z, e))
    result.pairs.sort(key=lambda pair: (pair[0].start, pair[1].start))
    for z, e in result.pairs:
        zv, ev = z.value, e.value
        if (
            z.kind == e.kind == "date"
            and isinstance(zv, tuple)
            and isinstance(ev, tuple)
            and zv[0] is not None
            and ev[0] is None
            and zv[1:] == ev[1:]
        ):
            result.completions.append((z, e))
    zh_left = [z for i, z in enumerate(zh) if i not in zh_partner]
    en_left = [e for j, e in enumerate(en) if j not in en_partner]
    zh_units, en_units = _units_by_dimension(zh_left), _units_by_dimension(en_left)
    for z in zh_left:
        quiet = _weak(z) or z.kind == "half" or _converted(z, en_units)
        (result.zh_unreported if quiet else result.zh_only).append(z)
    for e in en_left:
        quiet = _weak(e) or _converted(e, zh_units)
        (result.en_unreported if quiet else result.en_only).append(e)
    return result


def _repeats(
    side: Sequence[Quantity], partner: dict[int, Quantity], scan: bool
) -> list[tuple[Quantity, Quantity]]:
    """Unmatched quantities equal to a matched one on the same side, each with the
    counterpart of that one; ``partner`` is updated."""
    first: dict[Hashable, int] = {}
    for k in sorted(partner):
        first.setdefault(_exact_key(side[k]), k)
    matched = _Index(side, only=list(partner), scan=scan)
    found = []
    for k, q in enumerate(side):
        if k in partner:
            continue
        hit = first.get(_exact_key(q))
        if hit is None:
            hit = matched.first(q, ())
        if hit is not None:
            partner[k] = partner[hit]
            found.append((q, partner[hit]))
    return found


def _units_by_dimension(quantities: Sequence[Quantity]) -> dict[str, set[str]]:
    units: dict[str, set[str]] = defaultdict(set)
    for q in quantities:
        dim = _MEASURE_DIMENSION.get(q.unit or "")
        if q.kind == "number" and dim is not None and q.unit is not None:
            units[dim].add(q.unit)
    return units


def _converted(q: Quantity, other_units: dict[str, set[str]]) -> bool:
    """An amount whose counterpart may be a conversion (亩 vs hectares, 元 vs dollars): the
    other side has an unmatched amount of the same dimension in another unit."""
    dim = _MEASURE_DIMENSION.get(q.unit or "")
    return dim is not None and bool(other_units.get(dim, set()) - {q.unit})
