"""The bilingual mode end to end: --source, a source: pattern, bitext files, align, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from transfix.bitext.formats import parse
from transfix.cli import app

runner = CliRunner()
BITEXT = EXAMPLES / "bitext"
EN = BITEXT / "lanchuan-2023-q2-review.en.txt"
ZH = BITEXT / "lanchuan-2023-q2-review.zh.txt"
EXPECTED = BITEXT / "lanchuan-2023-q2-review.en.expected.txt"
DATA = Path(__file__).parent / "data" / "bitext"


def test_the_example_pair_gives_the_expected_english(tmp_path: Path) -> None:
    work = tmp_path / "a"
    shutil.copytree(BITEXT, work)
    en = work / EN.name
    result = runner.invoke(app, ["fix", str(en), "--source", str(work / ZH.name)])
    assert result.exit_code == 0, result.stderr
    assert en.read_bytes() == EXPECTED.read_bytes()
    # fixing again changes nothing
    again = runner.invoke(app, ["fix", "--diff", str(en), "--source", str(work / ZH.name)])
    assert again.exit_code == 0 and again.stdout == ""


def test_source_evidence_in_every_output() -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(EN), "--source", str(ZH)])
    doc = json.loads(result.stdout)
    ceng = next(f for f in doc["findings"] if f["replacement"] == "Zeng Xianming")
    assert ceng["rule"] == "bitext/name" and ceng["safety"] == "safe"
    assert ceng["source"]["text"] == "曾宪明" and ceng["source"]["path"].endswith("zh.txt")
    sarif = runner.invoke(app, ["check", "--format", "sarif", str(EN), "--source", str(ZH)])
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    related = [r for r in results if "relatedLocations" in r]
    assert related and related[0]["relatedLocations"][0]["physicalLocation"]["region"]
    text = runner.invoke(app, ["check", str(EN), "--source", str(ZH)])
    assert "← zh 3:41 曾宪明" in text.stdout
    diff = runner.invoke(app, ["fix", "--diff", str(EN), "--source", str(ZH)])
    assert "fixed 'Ceng Xianming' -> 'Zeng Xianming'" in diff.stderr
    assert "← zh 3:41 曾宪明" in diff.stderr


def test_what_only_the_source_shows_is_reported() -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(EN), "--source", str(ZH)])
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    # Chinese left in the English, a dropped sentence, a value that differs
    assert {"bitext/untranslated", "bitext/dropped", "bitext/number"} <= rules


def test_a_source_pattern_pairs_files_and_the_walk_skips_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(EN, site / "a.en.txt")
    shutil.copy(ZH, site / "a.zh.txt")
    (site / "transfix.yaml").write_text('source: "{stem}.zh{suffix}"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(site)])
    findings = json.loads(result.stdout)["findings"]
    assert {Path(f["path"]).name for f in findings} == {"a.en.txt"}
    assert any(f["rule"] == "bitext/name" for f in findings)


def test_bitext_files_are_fixed_in_their_targets_only(tmp_path: Path) -> None:
    for name in ("zizhou.tsv", "zizhou-1.2.xlf", "zizhou-2.1.xlf", "zizhou.po"):
        path = tmp_path / name
        shutil.copy(DATA / name, path)
        before = path.read_bytes()
        result = runner.invoke(app, ["fix", str(path)])
        assert result.exit_code == 0, (name, result.stderr)
        after = path.read_bytes()
        assert after != before, name
        # only target text changed: the same sources, the same units, other targets as they were
        old = parse(before.decode("utf-8"), str(path))
        new = parse(after.decode("utf-8"), str(path))
        assert [s.source for s in old.segments] == [s.source for s in new.segments], name
        assert [s.id for s in old.segments] == [s.id for s in new.segments], name
        assert before.count(b"\n") == after.count(b"\n"), name
        again = runner.invoke(app, ["fix", "--diff", str(path)])
        assert again.stdout == "", name


def test_tmx_is_checked_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "z.tmx"
    shutil.copy(DATA / "zizhou.tmx", path)
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 1 and "bitext/name" in checked.stdout
    before = path.read_bytes()
    fixed = runner.invoke(app, ["fix", str(path)])
    assert fixed.exit_code == 2 and "read only" in fixed.stderr
    assert path.read_bytes() == before


def test_align_prints_the_pairing() -> None:
    result = runner.invoke(app, ["align", str(EN), "--source", str(ZH)])
    assert result.exit_code == 0
    assert "10 beads, 10 anchored" in result.stdout
    assert "1-1  zh ¶2 (line 3)" in result.stdout


def test_bad_sources_are_one_line_and_exit_2(tmp_path: Path) -> None:
    en = tmp_path / "a.txt"
    en.write_text("Zhao guibo presided.\n", encoding="utf-8")
    missing = runner.invoke(app, ["check", str(en), "--source", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1
    english = tmp_path / "en-source.txt"
    english.write_text("Not Chinese at all.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(en), "--source", str(english)])
    assert result.exit_code == 2 and "no Chinese text in the source" in result.stderr
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        '<xliff version="1.2"><file source-language="zh" target-language="en"><body/></file>'
        "</xliff>",
        encoding="utf-8",
    )
    both = runner.invoke(app, ["check", str(bomb), str(DATA / "zizhou.tsv")])
    assert both.exit_code == 2
    assert "DOCTYPE" in both.stderr and "bitext/name" in both.stdout  # the other file ran


def test_without_a_source_pypinyin_is_never_imported() -> None:
    code = (
        "import sys\n"
        "from transfix import fix_text\n"
        "fix_text('Zhao guibo and he Bingzheng met on July 18.')\n"
        "print('pypinyin' in sys.modules, 'polib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "False False"
