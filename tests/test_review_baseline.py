"""``check --baseline``: only new problems are reported; known ones survive edits elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from transfix import check_text
from transfix.review.baseline import CONTEXT, Baseline, fingerprints, fold

ARTICLE = EXAMPLES / "zizhou-2022-q2-review.txt"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transfix", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")},
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder with the example article and its configuration."""
    shutil.copy(EXAMPLES / "transfix.yaml", tmp_path / "transfix.yaml")
    (tmp_path / "news").mkdir()
    shutil.copy(ARTICLE, tmp_path / "news" / "zizhou.txt")
    return tmp_path


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("transfix: error: ")
    return lines[0]


# --------------------------------------------------------------------- fingerprints


def test_fingerprint_is_text_and_folded_context_not_position() -> None:
    text = "One.\n\nZhao guibo presided.  Then   Zhao guibo left."
    problems = check_text(text).problems
    entries = fingerprints("a.txt", text, problems)
    assert [e.key.text for e in entries] == ["guibo", "guibo"]
    assert entries[0].key.before == "One. Zhao "  # the blank line folded to one space
    assert entries[1].key.before == "o presided. Then Zhao "[-CONTEXT:]
    assert all(len(e.key.after) <= CONTEXT for e in entries)
    # moved down by a new paragraph: the same fingerprints
    moved = "New first paragraph.\n\n" + text
    again = fingerprints("a.txt", moved, check_text(moved).problems)
    assert [e.key.text for e in again] == ["guibo", "guibo"]
    assert again[1] == entries[1]


def test_occurrence_counts_identical_keys() -> None:
    text = "Zhao guibo spoke. " * 4
    entries = fingerprints("a.txt", text, check_text(text).problems)
    # the first has less context before it, the last less after it; the middle two are alike
    assert [e.occurrence for e in entries] == [0, 0, 1, 0]
    assert entries[1].key == entries[2].key


def test_fold() -> None:
    assert fold("a \n\t b") == "a b"
    assert fold("  a  ") == " a "


# ------------------------------------------------------------------------ the command


def test_write_then_check_reports_nothing_and_exits_0(site: Path) -> None:
    assert run("check", "news", cwd=site).returncode == 1
    wrote = run(
        "check", "--baseline", ".transfix-baseline.json", "--write-baseline", "news", cwd=site
    )
    assert wrote.returncode == 0, wrote.stderr
    assert "recorded 30 problems" in wrote.stderr
    data = json.loads((site / ".transfix-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert len(data["entries"]) == 30
    assert {e["path"] for e in data["entries"]} == {"news/zizhou.txt"}
    assert "line" not in data["entries"][0]
    again = run("check", "--baseline", ".transfix-baseline.json", "news", cwd=site)
    assert again.returncode == 0, again.stdout
    assert again.stdout.startswith("0 problems in 1 file")
    assert "30 known problems" in again.stderr


def test_edits_elsewhere_do_not_resurrect_but_new_problems_show(site: Path) -> None:
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    article = site / "news" / "zizhou.txt"
    text = article.read_text(encoding="utf-8")
    text = "A new first line.\n\n" + text.replace("Feng Jie pointed out", "Feng  Jie\npointed out")
    text += "\n\nWang Wei, deputy secretary and head of the county, spoke.\n"
    article.write_text(text, encoding="utf-8")
    out = run("check", "--baseline", "b.json", "news", cwd=site)
    lines = [line for line in out.stdout.splitlines() if line.startswith("news/")]
    assert len(lines) == 1, out.stdout
    assert "terms/county-head" in lines[0]
    assert lines[0].startswith("news/zizhou.txt:19:")
    # the new problem is a suggestion: not 'fixable', so the exit code stays 0
    assert out.returncode == 0
    assert (
        run("check", "--baseline", "b.json", "--fail-on", "suggestion", "news", cwd=site).returncode
        == 1
    )


def test_baseline_paths_are_relative_to_the_baseline_file(site: Path, tmp_path: Path) -> None:
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    elsewhere = run(
        "check", "--baseline", site / "b.json", site / "news" / "zizhou.txt", cwd=Path("/")
    )
    assert elsewhere.returncode == 0, elsewhere.stdout
    assert "0 problems" in elsewhere.stdout


def test_suppressed_problems_do_not_count_for_fail_on_in_json(site: Path) -> None:
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    out = run(
        "check", "--format", "json", "--fail-on", "info", "--baseline", "b.json", "news", cwd=site
    )
    assert out.returncode == 0
    assert json.loads(out.stdout)["findings"] == []


def test_report_unused_ignores_lists_entries_that_no_longer_match(site: Path) -> None:
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    article = site / "news" / "zizhou.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("and head of the county,", "and county head,"),
        encoding="utf-8",
    )
    plain = run("check", "--baseline", "b.json", "news", cwd=site)
    assert "unused-baseline" not in plain.stdout
    out = run(
        "check",
        "--baseline",
        "b.json",
        "--report-unused-ignores",
        "--format",
        "json",
        "news",
        cwd=site,
    )
    found = json.loads(out.stdout)["findings"]
    assert [f["rule"] for f in found] == ["unused-baseline"]
    assert "terms/county-head 'head of the county'" in found[0]["message"]
    assert found[0]["path"] == "news/zizhou.txt"
    assert out.returncode == 0  # a warning: not fixable


def test_write_baseline_keeps_other_files_entries_and_drops_deleted_files(site: Path) -> None:
    shutil.copy(site / "news" / "zizhou.txt", site / "news" / "copy.txt")
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    paths = {e["path"] for e in json.loads((site / "b.json").read_text())["entries"]}
    assert paths == {"news/zizhou.txt", "news/copy.txt"}
    (site / "news" / "zizhou.txt").write_text("Zhao guibo spoke.\n", encoding="utf-8")
    run("check", "--baseline", "b.json", "--write-baseline", "news/zizhou.txt", cwd=site)
    entries = json.loads((site / "b.json").read_text())["entries"]
    assert sum(e["path"] == "news/copy.txt" for e in entries) == 30  # not checked: kept
    assert [e["text"] for e in entries if e["path"] == "news/zizhou.txt"] == ["guibo"]
    (site / "news" / "copy.txt").unlink()
    run("check", "--baseline", "b.json", "--write-baseline", "news/zizhou.txt", cwd=site)
    entries = json.loads((site / "b.json").read_text())["entries"]
    assert {e["path"] for e in entries} == {"news/zizhou.txt"}


def test_the_file_is_stable_and_one_entry_per_line(site: Path) -> None:
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    first = (site / "b.json").read_text(encoding="utf-8")
    run("check", "--baseline", "b.json", "--write-baseline", "news", cwd=site)
    assert (site / "b.json").read_text(encoding="utf-8") == first
    lines = first.splitlines()
    assert sum(1 for line in lines if line.startswith('    {"path"')) == 30
    assert Baseline.load(site / "b.json").dumps() == first


# ------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("{not json", "b.json:1:2: not JSON: Expecting property name"),
        ("[]", "the top level should be an object"),
        ('{"version": 1}', "'entries' should be a list"),
        ('{"entries": []}', "'version' should be the number 1"),
        ('{"version": 2, "entries": []}', "baseline version 2 is not supported"),
        ('{"version": 1, "entries": [{"path": "a"}]}', "entries[0].rule should be a string"),
        (
            '{"version": 1, "entries": [{"path": "a", "rule": "r", "text": "t", "before": "",'
            ' "after": "", "occurrence": -1}]}',
            "entries[0].occurrence should be a whole number",
        ),
    ],
)
def test_a_bad_baseline_is_one_line_and_exit_2(site: Path, content: str, cause: str) -> None:
    (site / "b.json").write_text(content, encoding="utf-8")
    line = one_line_error(run("check", "--baseline", "b.json", "news", cwd=site))
    assert cause in line
    assert "b.json" in line


def test_a_missing_baseline_or_no_file_to_write_is_exit_2(site: Path) -> None:
    line = one_line_error(run("check", "--baseline", "nope.json", "news", cwd=site))
    assert "nope.json: no such baseline (create it with --write-baseline)" in line
    line = one_line_error(run("check", "--write-baseline", "news", cwd=site))
    assert "--write-baseline needs --baseline FILE" in line
    line = one_line_error(run("check", "--baseline", "news", "news", cwd=site))
    assert "is a directory" in line
