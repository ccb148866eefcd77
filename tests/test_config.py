"""Configuration: discovery by walking up, nearest wins, CLI overrides, clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transfix.cli import app
from transfix.config import Overrides, Resolver, load_config_file
from transfix.errors import DataError

runner = CliRunner()
W = Callable[[str, str | bytes], Path]


def check_json(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


def test_nearest_configuration_wins(write: W) -> None:
    write("proj/transfix.yaml", "disable: [names]\n")
    write("proj/sub/transfix.yaml", "disable: [terms]\n")
    top = write("proj/a.txt", "Zhao guibo and sub district\n")
    deep = write("proj/sub/deeper/b.txt", "Zhao guibo and sub district\n")
    _, doc = check_json(str(top), str(deep))
    rules = {(Path(f["path"]).name, f["rule"].split("/")[0]) for f in doc["findings"]}
    assert rules == {("a.txt", "terms"), ("b.txt", "names")}


def test_pyproject_table(write: W, tmp_path: Path) -> None:
    write("p/pyproject.toml", '[project]\nname = "x"\n\n[tool.transfix]\nstyle = "chinadaily"\n')
    f = write("p/a.txt", "On October 9, 2022, they met.\n")
    _, doc = check_json(str(f))
    (edit,) = [x for x in doc["findings"] if x["rule"] == "dates/format"]
    assert edit["replacement"] == "Oct 9, 2022"


def test_yaml_config_beats_pyproject_in_the_same_directory(write: W) -> None:
    write("p/pyproject.toml", '[tool.transfix]\nstyle = "chinadaily"\n')
    write("p/transfix.yaml", "style: xinhua\n")
    assert Resolver(Overrides()).for_path(str(write("p/a.txt", "x"))).style == "xinhua"


def test_command_line_overrides_configuration(write: W) -> None:
    write("p/transfix.yaml", "style: chinadaily\ndate: '2020-01-01'\n")
    f = write("p/a.txt", "x")
    s = Resolver(Overrides(style="xinhua")).for_path(str(f))
    assert s.style == "xinhua" and str(s.date) == "2020-01-01"


def test_paths_are_relative_to_the_config_file(write: W) -> None:
    write(
        "p/house/terms.yaml",
        "entries:\n  - {id: house, en: key tasks, wrong: [key work], source: [S1]}\n",
    )
    write("p/transfix.yaml", "glossary: [house/terms.yaml]\n")
    f = write("p/deep/a.txt", "a review of key work\n")
    _, doc = check_json(str(f))
    assert any(x["rule"] == "terms/house" for x in doc["findings"])


def test_per_path_and_severity(write: W) -> None:
    write(
        "p/transfix.yaml",
        "severity: {names: error}\nper_path:\n  'archive/**': {disable: [names]}\n",
    )
    live = write("p/news/a.txt", "Zhao guibo spoke.\n")
    old = write("p/archive/2019/b.txt", "Zhao guibo spoke.\n")
    _, doc = check_json(str(live), str(old))
    assert [(Path(f["path"]).name, f["severity"]) for f in doc["findings"]] == [("a.txt", "error")]


def test_disable_a_single_glossary_entry(write: W) -> None:
    write("p/transfix.yaml", "disable: [terms/subdistrict-spelling]\n")
    f = write("p/a.txt", "sub district offices and the county people's Congress\n")
    _, doc = check_json(str(f))
    assert [x["rule"] for x in doc["findings"]] == ["terms/county-peoples-congress"]


def test_include_and_exclude_when_walking(write: W, tmp_path: Path) -> None:
    write("p/transfix.yaml", "include: ['*.txt', '*.rst']\nexclude: [drafts]\n")
    write("p/a.rst", "Zhao guibo\n")
    write("p/drafts/b.txt", "Zhao guibo\n")
    write("p/c.md", "Zhao guibo\n")
    _, doc = check_json(str(tmp_path / "p"))
    assert {Path(f["path"]).name for f in doc["findings"]} == {"a.rst"}


@pytest.mark.parametrize(
    ("content", "where", "cause"),
    [
        ("colour: red\n", ":1:1:", "unknown key 'colour'"),
        ("style: xinhua\nfail_on: sometimes\n", ":2:10:", "fail_on: 'sometimes' is not one of"),
        ("date: '2022-13-45'\n", ":1:7:", "not a valid date"),
        ("rules: [\n", ":2:1:", "invalid YAML"),
        ("disable: [nonsense]\n", "", "unknown rule 'nonsense'"),
    ],
)
def test_invalid_configuration_is_one_error_line_and_exit_2(
    write: W, content: str, where: str, cause: str
) -> None:
    cfg = write("p/transfix.yaml", content)
    f = write("p/a.txt", "Zhao guibo\n")
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("transfix: error: ")
    assert f"{cfg}{where}" in lines[0] and cause in lines[0]


def test_invalid_pyproject_table_names_the_key_line(write: W) -> None:
    path = write("p/pyproject.toml", '[project]\nname = "x"\n\n[tool.transfix]\nfail_on = 3\n')
    with pytest.raises(DataError, match=r"pyproject.toml:5:1: fail_on: 3 is not one of"):
        load_config_file(path)


def test_transfix_config_prints_the_effective_configuration(write: W) -> None:
    write("p/transfix.yaml", "style: chinadaily\ndisable: [dates]\n")
    f = write("p/a.txt", "x")
    result = runner.invoke(app, ["config", "--format", "json", "--place", "Zizhou County", str(f)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["config"].endswith("p/transfix.yaml")
    assert data["style"] == "chinadaily" and data["place"] == "Zizhou County"
    assert data["disable"] == ["dates"]
    assert "names" in data["rules_loaded"]


def test_explicit_config_skips_discovery(write: W) -> None:
    write("p/transfix.yaml", "disable: [names]\n")
    other = write("other.yaml", "disable: [terms, dates]\n")
    f = write("p/a.txt", "Zhao guibo and sub district\n")
    _, doc = check_json("--config", str(other), str(f))
    assert {x["rule"].split("/")[0] for x in doc["findings"]} == {"names"}


def test_safe_and_unsafe_overrides_per_project(write: W, tmp_path: Path) -> None:
    """As ruff's extend-safe-fixes: a newsroom makes a suggestion automatic, or the reverse."""
    text = "Hu Jun reported on investment attraction. Zhao guibo presided.\n"
    write("plain/a.txt", text)
    write("house/transfix.yaml", "safe: [terms/investment-promotion]\nunsafe: [names]\n")
    write("house/a.txt", text)
    assert runner.invoke(app, ["fix", str(tmp_path / "plain" / "a.txt")]).exit_code == 0
    assert (tmp_path / "plain" / "a.txt").read_text() == (
        "Hu Jun reported on investment attraction. Zhao Guibo presided.\n"
    )
    assert runner.invoke(app, ["fix", str(tmp_path / "house" / "a.txt")]).exit_code == 0
    assert (tmp_path / "house" / "a.txt").read_text() == (
        "Hu Jun reported on investment promotion. Zhao guibo presided.\n"
    )


def test_an_unknown_id_in_safe_is_an_error(write: W, tmp_path: Path) -> None:
    write("transfix.yaml", "safe: [nonsense]\n")
    path = write("a.txt", "text\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "unknown rule 'nonsense' in safe" in result.stderr


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (
            "style: xinhua\ndisable: [titles/after-nmae]\n",
            ":2:11:",
            "unknown rule 'titles/after-nmae' in disable: titles has no 'after-nmae'; "
            "did you mean 'titles/after-name'?",
        ),
        (
            "enable: [names, titels]\n",
            ":1:17:",
            "unknown rule 'titels' in enable: no such rule; did you mean 'titles'?",
        ),
        (
            "severity:\n  names/surname-lowercse: error\n",
            ":2:3:",
            "unknown rule 'names/surname-lowercse' in severity: names has no 'surname-lowercse'; "
            "did you mean 'names/surname-lowercase'?",
        ),
        (
            "per_path:\n  'archive/**': {disable: [terms/county-haed]}\n",
            ":2:28:",
            "unknown rule 'terms/county-haed' in per_path 'archive/**': disable: terms has no "
            "'county-haed'; did you mean 'terms/county-head'?",
        ),
        (
            "disable: [dates/anchor-greet-20th-congres]\n",
            ":1:11:",
            "did you mean 'dates/anchor-greet-20th-congress'?",
        ),
    ],
)
def test_a_typo_in_a_rule_id_is_an_error_with_a_suggestion(
    write: W, content: str, where: str, message: str
) -> None:
    cfg = write("p/transfix.yaml", content)
    f = write("p/a.txt", "Zhao guibo\n")
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"transfix: error: {cfg}{where} ")
    assert message in result.stderr


def test_every_sub_id_the_tool_knows_is_accepted(write: W) -> None:
    ids = [
        "titles/after-name",
        "names/surname-lowercase",
        "dates/format",
        "dates/anchor-greet-20th-congress",
        "place/our",
        "style/vice",
        "terms/county-head",
    ]
    write("p/transfix.yaml", f"disable: [{', '.join(ids)}]\nseverity: {{place/our: error}}\n")
    f = write("p/a.txt", "Zhao guibo\n")
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 1, result.stderr


def test_a_typo_in_pyproject_names_the_key_line(write: W) -> None:
    write("p/pyproject.toml", '[tool.transfix]\nstyle = "xinhua"\ndisable = ["dates/formta"]\n')
    f = write("p/a.txt", "Zhao guibo\n")
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 2
    assert "pyproject.toml:3:1: unknown rule 'dates/formta'" in result.stderr
    assert "did you mean 'dates/format'?" in result.stderr


def test_transfix_config_shows_what_applies_to_the_file_and_where_it_comes_from(
    write: W,
) -> None:
    cfg = write("p/transfix.yaml", "style: chinadaily\ndisable: [dates/format]\n")
    news = write(
        "p/news.md", "---\ntitle: x\ndate: 2022-07-19\nplace: Zizhou County\n---\n\nText.\n"
    )
    result = runner.invoke(app, ["config", "--format", "json", str(news)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["place"], data["date"], data["style"]) == (
        "Zizhou County",
        "2022-07-19",
        "chinadaily",
    )
    sources = data["sources"]
    assert sources["place"] == sources["date"] == f"front matter of {news}"
    assert sources["style"] == f"{cfg}:1" and sources["disable"] == f"{cfg}:2"
    assert sources["fail_on"] == "default"

    extra = write("extra.yaml", "rules:\n  - id: house-style\n    kind: style\n")
    args = ["--date", "2022-01-02", "--rules", str(extra), str(news)]
    result = runner.invoke(app, ["config", "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["date"] == "2022-01-02" and data["place"] == "Zizhou County"
    assert data["sources"]["date"] == "command line (--date)"
    assert data["sources"]["rules"] == "command line (--rules)"
