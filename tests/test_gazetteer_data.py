"""The gazetteer that scripts/make_places.py generates (glossary/places/gazetteer.yaml) is sound."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

GAZETTEER = Path(__file__).resolve().parents[1] / "glossary" / "places" / "gazetteer.yaml"
KEYS = {"code", "zh", "name", "unit", "level", "syllables"}
NAME = re.compile(r"^[A-Z][a-z]+(?:'[a-z]+)*(?: [A-Z][a-z]+)*$")
# A conventional English name may also be hyphenated (Shangri-La, the city's own name).
CONVENTIONAL_NAME = re.compile(r"^[A-Z][a-z]+(?:['-][a-zA-Z][a-z]+)*(?: [A-Z][a-z]+)*$")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with GAZETTEER.open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = yaml.load(fh, Loader=loader)
    return loaded


@pytest.fixture(scope="module")
def places(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["places"])


@pytest.fixture(scope="module")
def by_zh(places: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for p in places:
        out.setdefault(p["zh"], []).append(p)
    return out


def test_header_names_the_source(data: dict[str, Any]) -> None:
    assert data["type"] == "gazetteer"
    source = data["source"]
    assert source["package"] and source["version"]
    assert source["licence"] == "MIT"
    assert source["generated_by"] == "scripts/make_places.py"


def test_every_entry_has_the_keys(places: list[dict[str, Any]]) -> None:
    missing = [(p.get("code"), sorted(KEYS - p.keys())) for p in places if not p.keys() >= KEYS]
    assert missing == []
    assert {p["level"] for p in places} == {"province", "prefecture", "county"}


def test_codes_unique_sorted_and_parents_exist(places: list[dict[str, Any]]) -> None:
    codes = [p["code"] for p in places]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert codes == sorted(codes)
    known = set(codes)
    level = {p["code"]: p["level"] for p in places}
    for p in places:
        if p["level"] == "province":
            assert "parent" not in p, p
        else:
            assert p["parent"] in known, p
            assert level[p["parent"]] != "county", p
            assert p["code"][:2] == p["parent"][:2], p


def test_names_have_one_capital_per_word(places: list[dict[str, Any]]) -> None:
    bad = [
        p["name"]
        for p in places
        if not (CONVENTIONAL_NAME if p.get("conventional") else NAME).match(p["name"])
    ]
    assert bad == []
    hyphenated = [p["name"] for p in places if "-" in p["name"]]
    assert hyphenated == ["Shangri-La"]


def test_syllables_spell_the_name_unless_conventional(places: list[dict[str, Any]]) -> None:
    bad = [
        (p["zh"], p["name"], p["syllables"])
        for p in places
        if not p.get("conventional")
        and p["name"].lower().replace("'", "") != "".join(p["syllables"])
    ]
    assert bad == []
    assert all(s.isascii() and s.isalpha() and s.islower() for p in places for s in p["syllables"])


def test_apostrophe_before_a_o_e_syllable(places: list[dict[str, Any]]) -> None:
    for p in places:
        if p.get("conventional"):
            continue
        expected = p["syllables"][0]
        for s in p["syllables"][1:]:
            expected += ("'" if s[0] in "aoe" else "") + s
        assert p["name"].lower() == expected, p


def test_shaanxi_and_shanxi(by_zh: dict[str, list[dict[str, Any]]]) -> None:
    (shaanxi,) = by_zh["陕西省"]
    (shanxi,) = by_zh["山西省"]
    assert (shaanxi["code"], shaanxi["name"], shaanxi["unit"]) == ("610000", "Shaanxi", "Province")
    assert (shanxi["code"], shanxi["name"], shanxi["unit"]) == ("140000", "Shanxi", "Province")
    assert "Shanxi" not in shaanxi.get("alt", [])


def test_known_renderings(by_zh: dict[str, list[dict[str, Any]]]) -> None:
    def one(zh: str) -> dict[str, Any]:
        (entry,) = by_zh[zh]
        return entry

    assert (one("泾县")["name"], one("泾县")["unit"]) == ("Jingxian", "County")
    assert (one("西安市")["name"], one("西安市")["unit"]) == ("Xi'an", "City")
    assert (one("子洲县")["name"], one("子洲县")["unit"]) == ("Zizhou", "County")
    assert one("子洲县")["parent"] == one("榆林市")["code"] == "610800"
    assert one("榆林市")["name"] == "Yulin"
    assert one("塔城市")["name"] == "Tacheng"
    assert one("六安市")["name"] == "Lu'an"
    assert one("蚌埠市")["name"] == "Bengbu"
    assert one("洪洞县")["name"] == "Hongtong"
    assert one("厦门市")["name"] == "Xiamen"
    assert one("莘县")["name"] == "Shenxian"
    assert one("乐亭县")["name"] == "Laoting"
    assert [e["name"] for e in by_zh["城区"]] == ["Chengqu"] * len(by_zh["城区"])
    datong = one("大通回族土族自治县")
    assert (datong["name"], datong["ethnic"], datong["unit"]) == (
        "Datong",
        "Hui and Tu",
        "Autonomous County",
    )
    guangxi = one("广西壮族自治区")
    assert (guangxi["name"], guangxi["ethnic"]) == ("Guangxi", "Zhuang")
    tibet = one("西藏自治区")
    assert tibet["name"] == "Tibet" and "Xizang" in tibet["alt"] and tibet["conventional"]
    assert one("内蒙古自治区")["name"] == "Inner Mongolia"
    assert "ethnic" not in one("内蒙古自治区")
    assert one("北京市")["unit"] == "Municipality"
    assert one("香港特别行政区")["unit"] == "Special Administrative Region"
    assert one("延边朝鲜族自治州")["ethnic"] == "Korean"


def test_counts_in_expected_range(data: dict[str, Any], places: list[dict[str, Any]]) -> None:
    levels = Counter(p["level"] for p in places)
    assert 33 <= levels["province"] <= 35
    assert 320 <= levels["prefecture"] <= 345
    assert 2800 <= levels["county"] <= 2900
    assert 3200 <= len(places) <= 3600
    assert data["counts"] == {**levels, "total": len(places)}


def test_shared_names_listed(data: dict[str, Any], places: list[dict[str, Any]]) -> None:
    names = Counter(p["name"] for p in places)
    assert set(data["shared_names"]) == {n for n, k in names.items() if k > 1}
    assert len(data["shared_full_names"]["Chaoyang District"]) >= 2
    assert len(data["shared_full_names"]["Gulou District"]) >= 2
    assert "Tongzhou" in data["shared_names"]
