"""Tools for glossary maintainers: rules test, lint, list, explain, docs, stats, suggest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO
from transfix.cli import app
from transfix.maintain.catalog import glossary_markdown
from transfix.maintain.lint import lint
from transfix.ruleset import load_ruleset

runner = CliRunner()
W = Callable[[str, str | bytes], Path]

GOOD = """\
type: terms
entries:
  - id: house-key-tasks
    en: key tasks
    wrong: [key works]
    source: [S2]
    examples:
      - {text: "the key works of the year", fixed: "the key tasks of the year"}
      - {keep: "the key tasks"}
"""


def test_docs_glossary_is_up_to_date() -> None:
    expected = glossary_markdown(load_ruleset())
    actual = (REPO / "docs/glossary.md").read_text(encoding="utf-8")
    assert actual == expected, "run: transfix rules docs -o docs/glossary.md"


def test_rules_test_passes_on_the_defaults_and_fails_with_file_line(write: W) -> None:
    ok = runner.invoke(app, ["rules", "test"])
    assert ok.exit_code == 0 and ok.stdout.strip().endswith(", 0 failed")
    bad = write("g.yaml", GOOD.replace('fixed: "the key tasks of the year"', 'fixed: "nope"'))
    result = runner.invoke(app, ["rules", "test", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:8: terms/house-key-tasks: unexpected fix" in result.stdout
    assert "expected: 'nope'" in result.stdout
    assert "actual:   'the key tasks of the year'" in result.stdout


def test_lint_is_clean_on_the_defaults() -> None:
    assert [m for m in lint() if m.level == "error"] == []


@pytest.mark.parametrize(
    ("content", "where", "code", "text"),
    [
        (
            "entries:\n  - {id: a, en: b, wrong: [c], colour: red, source: [S2]}\n",
            ":2:",
            "schema",
            "unknown key 'colour'",
        ),
        (
            "entries:\n  - {id: a, en: b, source: [S2]}\n  - {id: a2, en: 3, wrong: [c]}\n",
            ":2:",
            "schema",
            "'wrong' is a required property",
        ),
        ("entries: [\n", ":2:", "yaml", "invalid YAML"),
        (GOOD + GOOD.split("entries:\n")[1], ":10:", "duplicate-id", "house-key-tasks"),
        (
            GOOD + "  - {id: other, en: key jobs, wrong: [key works], source: [S2]}\n",
            ":10:",
            "wrong-twice",
            "“key works” is wrong in house-key-tasks",
        ),
        (
            GOOD + "  - {id: loop, en: key works, wrong: [main works], source: [S2]}\n",
            ":10:",
            "never-settles",
            "is a wrong form of house-key-tasks",
        ),
        (
            "entries:\n  - {id: slow, en: x, wrong: [y], source: [S2],\n"
            "     when: {before: '(a+)+b'}}\n",
            ":2:",
            "slow-regex",
            "catastrophic backtracking",
        ),
        ("entries:\n  - {id: lonely, en: x y, wrong: [y z]}\n", ":2:", "no-source", "no source"),
    ],
)
def test_lint_names_file_line_and_fault(
    write: W, content: str, where: str, code: str, text: str
) -> None:
    path = write("g.yaml", content)
    result = runner.invoke(app, ["rules", "lint", str(path)])
    line = next((x for x in result.stdout.splitlines() if f" {code}: " in x), "")
    assert line.startswith(f"{path}{where}"), result.stdout
    assert text in line
    error = code not in ("no-source",)
    assert result.exit_code == (1 if error else 0)


def test_lint_rule_file_faults(write: W) -> None:
    path = write("r.yaml", "rules:\n  - {id: terms, kind: terms}\n  - {id: x, kind: nope}\n")
    result = runner.invoke(app, ["rules", "lint", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3:" in result.stdout and "'nope' is not one of" in result.stdout
    assert "duplicate-id" in result.stdout  # "terms" is also a default rule


def test_rules_list_json_and_filters() -> None:
    result = runner.invoke(app, ["rules", "list", "--format", "json"])
    rows = json.loads(result.stdout)
    ids = {r["id"] for r in rows}
    assert {
        "terms",
        "names",
        "dates",
        "terms/county-head",
        "dates/anchor-greet-20th-congress",
    } <= ids
    assert all({"id", "kind", "file"} <= set(r) for r in rows)
    safe = runner.invoke(app, ["rules", "list", "--kind", "terms", "--safety", "unsafe"])
    assert "terms/county-head" in safe.stdout and "terms/subdistricts " not in safe.stdout


def test_explain_an_entry_and_a_rule() -> None:
    entry = runner.invoke(app, ["explain", "county-cppcc-committee"])
    assert entry.exit_code == 0
    for part in (
        "standard form: county CPPCC committee",
        "(县政协)",
        "S36",
        "defined at",
        "-> 'Wang Zhiqin, chairman of the county CPPCC committee, spoke.'",
    ):
        assert part in entry.stdout
    rule = runner.invoke(app, ["explain", "names"])
    assert "pinyin personal names" in rule.stdout
    missing = runner.invoke(app, ["explain", "no-such-thing"])
    assert missing.exit_code == 2


def test_stats_over_a_corpus(write: W, tmp_path: Path) -> None:
    write("c/a.txt", "Zhao guibo met sub district heads.\n")
    write("c/b.txt", "sub district offices. Zhao guibo again. sub district.\n")
    result = runner.invoke(app, ["stats", "--format", "json", str(tmp_path / "c")])
    data = json.loads(result.stdout)
    assert data["files"] == 2
    assert data["by_rule"]["terms/subdistrict-spelling"] == 3
    assert data["by_rule"]["names/given-lowercase"] == 2
    assert "terms/county-head" in data["never_fired"]
    assert data["top_files"][0]["path"].endswith("b.txt")


def test_suggest_mines_candidates_with_counts_and_contexts(write: W, tmp_path: Path) -> None:
    corpus = (
        "Li Qiaoyun, director of the county rural toilet office, spoke. "
        "Wang Dehai, director of the county rural toilet office, agreed.\n"
        "The Yulin Rural Revitalization Bureau and the yulin rural revitalization bureau met.\n"
        "Meng Qingyun spoke; later meng qingyun left.\n"
    )
    write("c/a.txt", corpus)
    out = tmp_path / "stubs.yaml"
    result = runner.invoke(app, ["suggest", "-o", str(out), str(tmp_path / "c")])
    assert result.exit_code == 0
    import yaml

    stubs = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {p["en"] for p in stubs["roster"]} == {"Meng Qingyun"}
    wrongs = {w for e in stubs["terms"] for w in e["wrong"]}
    assert "director of the county rural toilet office" in wrongs
    assert {"Yulin Rural Revitalization Bureau", "yulin rural revitalization bureau"} <= wrongs
    assert all(e["contexts"] and e["contexts"][0].startswith(str(tmp_path)) for e in stubs["terms"])
