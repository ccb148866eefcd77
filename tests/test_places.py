"""The places rule: the gazetteer's spellings, shapes, levels, provinces, the inferred place."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from transfix.cli import app
from transfix.edits import Safety
from transfix.engine import Engine
from transfix.kinds.base import ScanContext
from transfix.kinds.places import PlacesRule
from transfix.ruleset import RuleSet


@pytest.fixture(scope="module")
def places(default_ruleset: RuleSet) -> Engine:
    return Engine([r for r in default_ruleset.rules if r.id == "places"])


@pytest.fixture(scope="module")
def rule(default_ruleset: RuleSet) -> PlacesRule:
    found = next(r for r in default_ruleset.rules if r.id == "places")
    assert isinstance(found, PlacesRule)
    return found


def edits(engine: Engine, text: str, ctx: ScanContext | None = None) -> list[tuple[str, str, str]]:
    """(written, replacement, rule/sub-id + safety) of every edit the places rule proposes."""
    ctx = engine.prepare(text, ctx or ScanContext())
    result = engine.scan(text, ctx)
    return [
        (text[e.start : e.end], e.replacement, f"{e.rule_id}:{e.safety.value}")
        for e in result.edits
    ]


def fix(engine: Engine, text: str, unsafe: bool = False, place: str | None = None) -> str:
    return engine.fix(text, ScanContext(place=place), unsafe=unsafe).text


# ------------------------------------------------------------------ the data round-trips


def test_every_gazetteer_name_is_left_as_it_is(places: Engine, rule: PlacesRule) -> None:
    """Each place's own romanisation, alone, with its unit and with its province, is never
    changed or reported (its alternatives neither)."""
    lines = []
    for p in rule.gaz.places:
        province = rule.gaz.province_of(p)
        where = f", {province.full}" if province is not None and province is not p else ""
        lines.append(f"The delegation visited {p.full}{where} last week.")
        lines.append(f"Officials from {p.name} met.")
        lines.extend(f"A school in {alt} opened." for alt in p.alts if " " not in alt)
    text = "\n".join(lines)
    result = places.scan(text, places.prepare(text, ScanContext()))
    assert [text[e.start : e.end] + " -> " + e.replacement for e in result.edits] == []
    assert [f.message for f in result.findings] == []


def test_every_misreading_and_split_is_recognised(rule: PlacesRule) -> None:
    shapes = {s.how for found in rule.gaz.spellings.values() for s in found}
    assert shapes == {"name", "alt", "plain", "split", "misread"}
    assert "leqing" in rule.gaz.spellings and "junxian" in rule.gaz.spellings
    # a misreading that is another place's name is no evidence: 六合 Luhe vs 柳河 Liuhe
    assert all(s.how != "misread" for s in rule.gaz.spellings["liuhe"])


# ------------------------------------------------------------------ case and spacing


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("A delegation from zizhou county came.", "A delegation from Zizhou county came."),
        ("They travelled to Yu Lin City.", "They travelled to Yulin City."),
        (
            "They will grow YuLin and the TaCheng prefecture.",
            "They will grow Yulin and the Tacheng prefecture.",
        ),
        ("Routes to Xi 'an and Lin 'an District.", "Routes to Xi'an and Lin'an District."),
        ("Main roads include Xing′an Avenue.", "Main roads include Xing'an Avenue."),
        ("Warriors uncovered in Xi’An, China.", "Warriors uncovered in Xi’an, China."),
        ("Jing’an county; Jing 'an has poets.", "Jing’an county; Jing’an has poets."),
        ("A conference in Xian City.", "A conference in Xi'an City."),
        ("The Baotou-maoming highway.", "The Baotou-Maoming highway."),
        (
            "The deputies of the nanchang people's congress.",
            "The deputies of the Nanchang people's congress.",
        ),
    ],
)
def test_certain_repairs(places: Engine, text: str, fixed: str) -> None:
    assert fix(places, text) == fixed


@pytest.mark.parametrize(
    "text, fixed",
    [
        # "Yu Lin" alone may be a person: where a place is expected, a suggestion
        ("The train to Yu Lin left.", "The train to Yulin left."),
        # "Xian" alone is a name too: only where the text is about Shaanxi
        ("Experts from Xian, Shaanxi, attended.", "Experts from Xi'an, Shaanxi, attended."),
        # the text names "Feng Jie" as a person, so "Feng Jie County" is only a suggestion
        (
            "Feng Jie spoke. Feng Jie County is in Chongqing.",
            "Feng Jie spoke. Fengjie County is in Chongqing.",
        ),
    ],
)
def test_suggestions(places: Engine, text: str, fixed: str) -> None:
    assert fix(places, text) == text
    assert fix(places, text, unsafe=True) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "XI'AN, Jan. 16 (Xinhua) -- Lawmakers in YULIN and TAIYUAN met.",
        "Wuxi's mayor met Wu Xi, a villager, in Jinhua and Hong Kong.",
        "Macao and Macau are both right; so are Jiangsu province and Jiangsu Province.",
        "Feng Jie, Hu Jun, Fan Yuhu and An Lu attended: Feng Jie spoke.",
        "Li Yanan and Wang Xian attended; Xian spoke about Yulin.",
        "A farmer in Jianou, Fujian Province, and a school in Yanan, Shaanxi.",
        "See www.zizhou.gov.cn and #zizhou and zizhou-news for details.",
        "They shanghai the guide; Boxing Day news.",
        "Wages paid in renminbi, hukou reform and a trip to hutongs.",
        "In 2003, Z hejiang held its first meeting.",
        "Shenmu county, Yulin city, in 2010.",  # a county before it became a city
        "Inner Mongolia, Tibet, Xizang, Hohhot, Urumqi and Harbin.",
        "Suide County, which is administered by the city of Yulin in northwest China's "
        "Shaanxi Province.",
        "Yulin, Guangxi, and Yulin, Shaanxi, share a name.",
    ],
)
def test_traps_are_untouched_even_with_unsafe(places: Engine, text: str) -> None:
    assert fix(places, text, unsafe=True) == text


# ------------------------------------------------------------------ readings and levels


def test_a_misread_character_is_a_suggestion_naming_the_hanzi(places: Engine) -> None:
    text = "Party secretaries of Binjiang, Pinghu, Yiwu, leqing and Deqing met."
    assert fix(places, text) == text.replace("leqing", "Leqing")
    assert fix(places, text, unsafe=True) == text.replace("leqing", "Yueqing")
    found = edits(places, text.replace("leqing", "Leqing"))
    assert found == [("Leqing", "Yueqing", "places/misread:unsafe")]


def test_a_misreading_takes_the_one_syllable_form_the_text_uses(places: Engine) -> None:
    text = "He visited Xun County, then Baisi Town, Junxian County."
    assert fix(places, text, unsafe=True) == text.replace("Junxian", "Xun")
    alone = "He visited Baisi Town, Junxian County."
    assert fix(places, alone, unsafe=True) == alone.replace("Junxian", "Xunxian")


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("The Zizhou City government met.", "The Zizhou County government met."),
        ("Yulin county and Shaanxi City.", "Yulin city and Shaanxi Province."),
    ],
)
def test_the_wrong_level_is_a_suggestion(places: Engine, text: str, fixed: str) -> None:
    assert fix(places, text) == text
    assert fix(places, text, unsafe=True) == fixed


@pytest.mark.parametrize(
    "text, message",
    [
        ("Yulin City, Shanxi Province", "Yulin is in Shaanxi or Guangxi, not Shanxi"),
        ("Zizhou county in Shanxi", "Zizhou is in Shaanxi, not Shanxi"),
        ("Datong, Shaanxi", "Datong is in"),
        ("Xiaoyi City, Shandong Province", "Xiaoyi is in Shanxi, not Shandong"),
    ],
)
def test_a_place_in_the_wrong_province_is_reported(places: Engine, text: str, message: str) -> None:
    result = places.scan(text, ScanContext())
    found = [f for f in result.findings if f.rule_id == "places/province"]
    assert len(found) == 1 and message in found[0].message, [f.message for f in found]
    assert found[0].evidence and "gazetteer" in found[0].evidence


def test_shanxi_and_shaanxi_each_right_are_not_reported(places: Engine) -> None:
    text = "Datong, Shanxi, and Yulin, Shaanxi; Taiyuan in north China's Shanxi Province."
    assert places.scan(text, ScanContext()).findings == []


def test_a_misspelt_province(places: Engine) -> None:
    text = "A colliery in Xiaoyi City, Shanxin Province."
    assert fix(places, text, unsafe=True) == text.replace("Shanxin", "Shanxi")
    assert fix(places, text) == text


# ------------------------------------------------------------------ townships and villages


@pytest.mark.parametrize(
    "text, fixed, safety",
    [
        ("Villagers in jiliping village.", "Villagers in Jiliping village.", Safety.SAFE),
        ("The XiangTang Town park.", "The Xiangtang Town park.", Safety.SAFE),
        ("GuanZhai Miao Township.", "Guanzhai Miao Township.", Safety.SAFE),
        ("Orchards in Cai Chang Town.", "Orchards in Caichang Town.", Safety.UNSAFE),
        ("Guayuan zewan township.", "Guayuanzewan township.", Safety.UNSAFE),
        ("QinHan New City's system.", "Qinhan New City's system.", Safety.SAFE),
        ("FengdongNew City.", "Fengdong New City.", Safety.SAFE),
        (
            "The villages Sangping, aijiapan, Xigou and madigou.",
            "The villages Sangping, Aijiapan, Xigou and Madigou.",
            Safety.SAFE,
        ),
        ("The office stood in huchengwei.", "The office stood in Huchengwei.", Safety.UNSAFE),
    ],
)
def test_local_places_by_shape(places: Engine, text: str, fixed: str, safety: Safety) -> None:
    assert fix(places, text, unsafe=True) == fixed
    assert fix(places, text) == (fixed if safety is Safety.SAFE else text)


@pytest.mark.parametrize(
    "text",
    [
        "The old town and the tea village.",
        "Liu Jie, an Lu, Hu Jun and Wang Wei attended.",  # people: the names rule's business
        "apples, pears and bananas",
        "It moved to recuse itself.",
        "Zhong Shan Street and Jiefang Road.",
    ],
)
def test_not_places_by_shape(places: Engine, text: str) -> None:
    assert fix(places, text, unsafe=True) == text


# ------------------------------------------------------------------ the document's place


def test_the_place_the_text_names_becomes_the_documents_place(
    default_engine: Engine,
) -> None:
    text = "Our county held a meeting.\nIt serves Zizhou's high-quality development."
    ctx = default_engine.prepare(text, ScanContext())
    assert ctx.place == "Zizhou County, Yulin City, Shaanxi Province"
    assert ctx.place_inferred and ctx.place_from and "“Zizhou” (line 2)" in ctx.place_from
    result = default_engine.fix(text, ScanContext())
    assert result.text == text  # inferred: a suggestion, never applied on its own
    (s,) = [e for e in result.suggestions if e.rule_id == "place/our"]
    assert s.replacement == "Zizhou County" and "inferred from" in s.message
    assert default_engine.fix(text, ScanContext(), unsafe=True).text.startswith("Zizhou County")


def test_a_prefecture_and_one_of_its_counties_give_the_county(default_engine: Engine) -> None:
    text = "Zizhou County is in Yulin City, Shaanxi Province, and Beijing is far."
    ctx = default_engine.prepare(text, ScanContext())
    assert ctx.place == "Zizhou County, Yulin City, Shaanxi Province"


def test_two_places_infer_nothing_and_the_finding_names_them(default_engine: Engine) -> None:
    text = "Our county met a delegation from Mizhi County. Zizhou County hosted it."
    ctx = default_engine.prepare(text, ScanContext())
    assert ctx.place is None
    assert ctx.place_candidates == ("Mizhi County", "Zizhou County")
    result = default_engine.scan(text, ctx)
    (f,) = [f for f in result.findings if f.rule_id == "place/our"]
    assert "Mizhi County and Zizhou County" in f.message and "--place" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "BEIJING, Dec. 4 (Xinhua) -- Our county met.",  # the agency, not 新化县
        "Liu Jie and fan Yuhu attended. Our county met.",  # a given name, not 雨湖区
        "Our county met in the Guide to Boxing.",
    ],
)
def test_words_that_only_look_like_places_infer_nothing(default_engine: Engine, text: str) -> None:
    assert default_engine.prepare(text, ScanContext()).place is None


def test_a_given_place_is_never_replaced(default_engine: Engine) -> None:
    text = "Our county met. Mizhi's development."
    ctx = default_engine.prepare(text, ScanContext(place="Zizhou County"))
    assert ctx.place == "Zizhou County" and not ctx.place_inferred
    assert default_engine.fix(text, ScanContext(place="Zizhou County")).text.startswith(
        "Zizhou County met."
    )


def test_the_cli_says_where_the_place_came_from(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Our county met.\nZizhou's development.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert "inferred from “Zizhou” (line 2)" in result.output
    assert "Zizhou County (子洲县, 610831)" in result.output


def test_the_word_before_is_found_as_the_reverse_regex_finds_it() -> None:
    # _word_before replaced a reverse search of the regex module (five times slower);
    # it must find exactly what that search found, window bounds included.
    import random

    import regex

    from transfix.kinds.places import _MARKS, _word_before

    reverse = regex.compile(r"(?r)([A-Za-z]+(?:[" + _MARKS + r"][A-Za-z]+)?)([ \t]+)\Z")
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice("ab Z \t'’′-,.1é") for _ in range(rnd.randint(0, 14)))
        hi = rnd.randint(0, len(text))
        lo = rnd.randint(0, hi)
        m = reverse.search(text, lo, hi)
        want = None if m is None else (m.start(1), m.end(1), m.group(2))
        assert _word_before(text, lo, hi) == want, (text, lo, hi)
