"""The command line, in process (typer's runner) and as a real subprocess."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from transfix import fix_text
from transfix.cli import app

ARTICLE = EXAMPLES / "zizhou-2022-q2-review.txt"
EXPECTED = EXAMPLES / "zizhou-2022-q2-review.expected.txt"

runner = CliRunner()


def _counts() -> tuple[str, int]:
    """What the library API does to the article: the CLI must report the same."""
    text = ARTICLE.read_text(encoding="utf-8")
    safe = fix_text(text, path=str(ARTICLE)).result
    unsafe = fix_text(text, path=str(ARTICLE), unsafe=True).result
    assert safe is not None and unsafe is not None
    summary = (
        f"{len(safe.applied)} fixed, {len(safe.suggestions)} suggested, "
        f"{len(safe.findings)} finding{'s' if len(safe.findings) != 1 else ''}"
    )
    return summary, len(unsafe.applied)


SUMMARY, UNSAFE_FIXED = _counts()


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A copy of the example article, with the example's configuration (its place)."""
    shutil.copy(EXAMPLES / "transfix.yaml", tmp_path / "transfix.yaml")
    return Path(shutil.copy(ARTICLE, tmp_path / "article.txt"))


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "transfix", *map(str, args)],
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_help_shows_real_examples() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "transfix fix article.txt" in result.stdout
    result = runner.invoke(app, ["fix", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "transfix fix --diff" in result.stdout


def test_fix_rewrites_the_file_and_reports_each_change(article: Path) -> None:
    result = runner.invoke(app, ["fix", str(article)])
    assert result.exit_code == 0, result.stderr
    assert article.read_bytes() == EXPECTED.read_bytes()
    assert result.stdout.startswith(f"--- a/{article}\n+++ b/{article}\n")
    assert "-Zhao Shaoyi" not in result.stdout  # the diff is line-based, this line is unchanged
    assert f"{article}:6:215: terms/county-peoples-congress: fixed" in result.stderr
    assert "terms/county-head: suggestion 'head of the county' -> 'county head'" in result.stderr
    assert f"{article}: {SUMMARY}" in result.stderr


def test_second_run_changes_nothing(article: Path) -> None:
    runner.invoke(app, ["fix", str(article)])
    before = article.stat().st_mtime_ns
    result = runner.invoke(app, ["fix", str(article)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert article.read_bytes() == EXPECTED.read_bytes()
    assert article.stat().st_mtime_ns == before  # not even rewritten
    assert "0 fixed" in result.stderr


@pytest.mark.parametrize("flag", ["--diff", "--dry-run"])
def test_diff_writes_nothing(article: Path, flag: str) -> None:
    result = runner.invoke(app, ["fix", flag, str(article)])
    assert result.exit_code == 0
    assert article.read_bytes() == ARTICLE.read_bytes()
    assert "+On July 18" in result.stdout


def test_output_writes_elsewhere(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["fix", "-o", str(out), str(article)])
    assert result.exit_code == 0
    assert out.read_bytes() == EXPECTED.read_bytes()
    assert article.read_bytes() == ARTICLE.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.txt", "a.txt", "b.txt"], "takes exactly one FILE"),
        (["-o", "x.txt", "--diff", "a.txt"], "--diff writes nothing"),
        (["-", "-"], "can be read only once"),
        (["--colour", "a.txt"], "No such option"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["fix", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_unsafe_applies_suggestions(article: Path) -> None:
    result = runner.invoke(app, ["fix", "--unsafe", str(article)])
    assert result.exit_code == 0
    text = article.read_text(encoding="utf-8")
    assert "head of the county" not in text and "county head" in text
    assert f"{UNSAFE_FIXED} fixed, 0 suggested" in result.stderr


def test_stdin_to_stdout_report_to_stderr() -> None:
    proc = run("fix", "-", "--glossary", EXAMPLES.parent / "glossary")
    assert proc.returncode == 2  # duplicate entries: the default glossary given twice
    proc = subprocess.run(
        [sys.executable, "-m", "transfix", "fix", "-"],
        input=ARTICLE.read_bytes(),
        capture_output=True,
        check=False,
        cwd=EXAMPLES,  # standard input takes the configuration of the working directory
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == EXPECTED.read_bytes()
    assert b"--- a/<stdin>" in proc.stderr


def test_bad_inputs_get_one_line_each_and_the_rest_is_processed(
    article: Path, write: Callable[[str, str | bytes], Path], tmp_path: Path
) -> None:
    binary = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = write("latin.txt", "caf\u00e9 letters and visits".encode("latin-1"))
    proc = run("fix", tmp_path / "missing.txt", binary, latin, article)
    assert proc.returncode == 2
    errors = proc.stderr.decode().splitlines()
    errors = [line for line in errors if line.startswith("transfix: error:")]
    assert errors == [
        f"transfix: error: {tmp_path / 'missing.txt'}: no such file or directory",
        f"transfix: error: {binary}: binary file (NUL byte at offset 8); transfix reads text",
        f"transfix: error: {latin}:1:4: not valid UTF-8 (byte 0xe9); "
        "transfix reads UTF-8, or UTF-16 with a byte-order mark",
    ]
    assert b"Traceback" not in proc.stderr
    assert article.read_bytes() == EXPECTED.read_bytes()
    assert binary.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\x00"


def test_a_directory_is_walked_but_not_an_output_target(article: Path, tmp_path: Path) -> None:
    proc = run("fix", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert article.read_bytes() == EXPECTED.read_bytes()
    proc = run("fix", "-o", tmp_path / "out.txt", tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith(f"transfix: error: {tmp_path}: is a directory")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "entries:\n  - {id: a, en: b, wrong: [c], colour: red}\n",
            "bad.yaml:2:32: unknown key 'colour'",
        ),
        ("entries: [\n", "bad.yaml:2:1: invalid YAML"),
        ("entries:\n  - {id: a, en: b, wrong: [c], when: {after: '(('}}\n", "bad.yaml:2:"),
    ],
)
def test_malformed_glossary_is_one_error_line(
    article: Path, write: Callable[[str, str | bytes], Path], content: str, expected: str
) -> None:
    bad = write("bad.yaml", content)
    proc = run("fix", "--glossary", bad, article)
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("transfix: error: ")
    assert expected in lines[0]
    assert article.read_bytes() == ARTICLE.read_bytes()  # nothing half-done


def test_missing_glossary_path(article: Path, tmp_path: Path) -> None:
    proc = run("fix", "--glossary", tmp_path / "nope", article)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        f"transfix: error: {tmp_path / 'nope'}: no such file or directory\n"
    )


def test_bom_crlf_and_missing_final_newline_survive(tmp_path: Path) -> None:
    body = "Intro\r\nthe county people's Congress met\r\nend without newline"
    path = tmp_path / "crlf.txt"
    path.write_bytes(codecs.BOM_UTF8 + body.encode())
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0
    expected = body.replace("people's Congress", "people's congress")
    assert path.read_bytes() == codecs.BOM_UTF8 + expected.encode()


def test_utf16_file_is_written_back_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "sub district offices\n".encode("utf-16-le"))
    assert runner.invoke(app, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() == codecs.BOM_UTF16_LE + "subdistrict offices\n".encode("utf-16-le")


def test_colour_report_on_a_terminal_and_plain_with_no_color(article: Path) -> None:
    coloured = run("fix", "--diff", article, env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    out = coloured.stdout.decode()
    assert coloured.returncode == 0
    assert "\x1b[" in out
    bare = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "[terms/county-peoples-congress]" in bare
    assert re.search(r"^ +6 │ On July 18, ", bare, re.MULTILINE)
    assert "Summary" in bare and "Suggestions" in bare
    plain = run("fix", "--diff", "--no-color", article, env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout.decode() + plain.stderr.decode()
    assert plain.stdout.decode().startswith("--- a/")
    no_color_env = run("fix", "--diff", article, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in no_color_env.stdout.decode()


def test_extra_rules_and_glossary(article: Path, write: Callable[[str, str | bytes], Path]) -> None:
    extra = write(
        "house.yaml",
        """\
        entries:
          - id: house-review
            en: review meeting on priority work
            wrong: [review meeting on key work]
            source: [S1]
        """,
    )
    result = runner.invoke(app, ["fix", "--glossary", str(extra), str(article)])
    assert result.exit_code == 0, result.stderr
    assert "review meeting on priority work" in article.read_text(encoding="utf-8")
    assert "terms/house-review" in result.stderr
