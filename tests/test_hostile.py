"""Hostile input and real operations: special files, bombs, signals, owners, streams, caches."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transfix.cli import app

runner = CliRunner()
W = Callable[[str, str | bytes], Path]
BROKEN = "Zhao guibo presided.\n"
FIXED = "Zhao Guibo presided.\n"
# A process that should finish at once but hangs is a failure, not a stuck test run.
HANG = 120


def run(
    *args: str | Path, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "transfix", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=HANG,
        check=False,
    )


# ------------------------------------------------------------------ 1. FIFOs, devices, size


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    result = run("check", fifo)
    assert result.returncode == 2
    assert result.stderr.decode() == f"transfix: error: {fifo}: not a regular file (a FIFO)\n"


@needs_fifo
def test_fix_never_replaces_a_fifo_with_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer with text waiting
    try:
        os.write(writer, BROKEN.encode())
        result = run("fix", fifo)
    finally:
        os.close(writer)
    assert result.returncode == 2
    assert b"not a regular file (a FIFO)" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@needs_fifo
def test_a_fifo_inside_a_walked_directory_is_skipped_silently(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BROKEN, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    result = run("check", "--format", "json", tmp_path)
    assert result.stderr == b""
    summary = json.loads(result.stdout)["summary"]
    assert summary["files"] == 1 and summary["by_rule"] == {"names/given-lowercase": 1}


@needs_fifo
def test_a_fifo_given_as_a_glossary_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BROKEN, encoding="utf-8")
    os.mkfifo(tmp_path / "g.yaml")
    result = run("check", "--glossary", tmp_path / "g.yaml", tmp_path / "a.txt")
    assert result.returncode == 2
    assert b"g.yaml: not a regular file (a FIFO)" in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_not_read_until_memory_runs_out(device: str) -> None:
    result = run("check", device)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"transfix: error: {device}: not a regular file (a character device)\n"
    )


def test_a_file_over_the_size_limit_is_refused(write: W) -> None:
    big = write("big.txt", "Zhao guibo presided. " * 100)  # 2100 bytes
    result = runner.invoke(app, ["check", "--max-file-size", "1KB", str(big)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"transfix: error: {big}: file too large (2.1 KB; the limit is 1 KB, "
        "set with --max-file-size or max_file_size in transfix.yaml)\n"
    )
    result = runner.invoke(app, ["fix", "--max-file-size", "2100", str(big)])
    assert result.exit_code == 0, result.stderr
    assert "Zhao Guibo" in big.read_text(encoding="utf-8")


def test_max_file_size_in_the_configuration(write: W) -> None:
    write("p/transfix.yaml", "max_file_size: 500KB\n")
    small = write("p/a.txt", BROKEN)
    big = write("p/b.txt", b"x" * (500 * 1024 + 1))
    result = runner.invoke(app, ["check", str(small), str(big)])
    assert result.exit_code == 2
    assert f"{big}: file too large (500.0 KB; the limit is 500 KB" in result.stderr
    assert str(small) not in result.stderr


def test_a_bad_max_file_size_names_file_and_line(write: W) -> None:
    write("p/transfix.yaml", "style: xinhua\nmax_file_size: lots\n")
    f = write("p/a.txt", BROKEN)
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 2
    assert "transfix.yaml:2:16: max_file_size: 'lots' is not a size" in result.stderr
    result = runner.invoke(app, ["check", "--max-file-size", "12 parsecs", str(f)])
    assert result.exit_code == 2
    assert "'12 parsecs' is not a size" in result.stderr


def test_standard_input_stops_at_the_limit() -> None:
    result = run("fix", "--max-file-size", "100", "-", stdin=b"Zhao guibo presided. " * 1000)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"<stdin>: input too large (over 100 bytes" in result.stderr


# ------------------------------------------------------------------ 2. YAML alias bombs


def _bomb(levels: int = 5, key: str = "entries") -> str:
    """The classic nested alias chain: each level repeats the one before ten times."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    lines.append(f"{key}: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("option", ["--glossary", "--rules"])
def test_an_alias_bomb_in_a_data_file_is_refused_at_the_alias(
    write: W, option: str, tmp_path: Path
) -> None:
    bomb = write("bomb.yaml", _bomb())
    doc = write("a.txt", BROKEN)
    result = runner.invoke(app, ["check", option, str(bomb), str(doc)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"transfix: error: {bomb}:2:10: YAML alias *a0 is not allowed: write the value out "
        "(aliases can expand without bound)\n"
    )


def test_an_alias_bomb_in_a_discovered_configuration_is_refused(write: W) -> None:
    write("p/transfix.yaml", _bomb(key="disable"))
    doc = write("p/a.txt", BROKEN)
    result = runner.invoke(app, ["check", str(doc)])
    assert result.exit_code == 2
    assert "transfix.yaml:2:10: YAML alias *a0 is not allowed" in result.stderr


def test_a_recursive_alias_is_one_line_not_a_recursion_error(write: W) -> None:
    write("p/transfix.yaml", "disable: &x [names, *x]\n")
    doc = write("p/a.txt", BROKEN)
    result = run("check", doc)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"transfix: error: {doc.parent / 'transfix.yaml'}:1:21: YAML alias *x is not allowed: "
        "write the value out (aliases can expand without bound)\n"
    )


def test_deep_nesting_is_refused(write: W) -> None:
    deep = write("g.yaml", "entries: " + "[" * 40 + "]" * 40 + "\n")
    result = runner.invoke(app, ["check", "--glossary", str(deep), str(write("a.txt", BROKEN))])
    assert result.exit_code == 2
    assert f"{deep}:1:" in result.stderr and "nested more than 32 levels deep" in result.stderr


@pytest.mark.parametrize("levels", [33, 5000])
def test_deep_block_nesting_is_refused_where_the_event_stream_would(write: W, levels: int) -> None:
    """Files without aliases are parsed once (the bound checked while building); deeper
    than the parser's own limit, the event stream still names our bound and its place."""
    text = "".join(" " * i + "a:\n" for i in range(levels)) + " " * levels + "b\n"
    deep = write("g.yaml", text)
    result = runner.invoke(app, ["check", "--glossary", str(deep), str(write("a.txt", BROKEN))])
    assert result.exit_code == 2
    assert result.stderr == (f"transfix: error: {deep}:33:33: nested more than 32 levels deep\n"), (
        result.stderr
    )


def test_front_matter_nested_without_end_is_ignored_not_an_internal_error(write: W) -> None:
    deep = "[" * 900 + "]" * 900
    doc = write("news.md", f"---\ntags: {deep}\ndate: 2022-07-19\n---\n\n{BROKEN}")
    result = runner.invoke(app, ["check", str(doc)])
    assert result.exit_code == 1, result.stderr
    assert "names/given-lowercase" in result.stdout


def test_front_matter_aliases_are_never_expanded(write: W) -> None:
    from transfix.markup.markdown import front_matter

    text = "---\n" + _bomb(levels=9, key="tags") + "place: Zizhou County\n---\n\nText.\n"
    assert front_matter(text)[1] == {"place": "Zizhou County"}


# ------------------------------------------------------------------ 3. signals


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc; psutil is not a dependency)."""
    out = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            out.add(int(stat_file.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _wait_for(condition: Callable[[], bool], what: str, deadline: float = 120) -> None:
    import time

    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, f"never happened: {what}"
        time.sleep(0.02)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("signum", "code"), [(15, 143), (2, 130)])
def test_a_signal_during_a_parallel_fix_stops_cleanly(
    tmp_path: Path, signum: int, code: int
) -> None:
    from conftest import EXAMPLES

    article = (EXAMPLES / "zizhou-2022-q2-review.txt").read_text(encoding="utf-8")
    from transfix import fix_text

    fixed = fix_text(article).text
    assert fixed != article
    docs = tmp_path / "docs"
    docs.mkdir()
    files = [docs / f"{i:03}.txt" for i in range(300)]
    for f in files:
        f.write_text(article, encoding="utf-8")
    with (tmp_path / "out").open("wb") as out, (tmp_path / "err").open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "transfix", "fix", "--jobs", "2", str(docs)],
            stdout=out,
            stderr=err,
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT: where it hangs
        )
        try:
            workers: set[int] = set()

            def started() -> bool:
                workers.update(_children(proc.pid))
                return len(workers) >= 2 and files[0].read_text(encoding="utf-8") == fixed

            _wait_for(started, "two workers and a first file written")
            os.kill(proc.pid, signum)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=HANG)
        finally:
            if proc.poll() is None:
                proc.send_signal(6)  # SIGABRT: faulthandler shows every thread's stack
                proc.wait()
    stderr = (tmp_path / "err").read_text(encoding="utf-8")
    assert proc.returncode == code, stderr
    _wait_for(lambda: not any(_alive(p) for p in workers), "the workers gone")
    assert list(tmp_path.rglob("*transfix-tmp*")) == []
    contents = [f.read_text(encoding="utf-8") for f in files]
    assert all(c in (article, fixed) for c in contents)
    n_new = sum(c == fixed for c in contents)
    assert 0 < n_new < len(files), "the run was not interrupted mid-way"
    (last,) = stderr.splitlines()[-1:]
    were = "1 file was" if n_new == 1 else f"{n_new} files were"
    assert last.startswith(f"transfix: interrupted; {were} written: {files[0]}")


# ------------------------------------------------------------------ 4. owner, group, xattrs


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_fix_as_root_keeps_the_owner_and_group(write: W) -> None:
    import grp
    import pwd

    try:
        uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
    except KeyError:
        uid = gid = 65534
    f = write("a.txt", BROKEN)
    os.chown(f, uid, gid)
    os.chmod(f, 0o640)
    result = runner.invoke(app, ["fix", str(f)])
    assert result.exit_code == 0, result.stderr
    st = f.stat()
    assert f.read_text(encoding="utf-8") == FIXED
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (uid, gid, 0o640)


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes here")
def test_fix_keeps_extended_attributes(write: W) -> None:
    f = write("a.txt", BROKEN)
    try:
        os.setxattr(f, "user.transfix-test", b"kept")
    except OSError:
        pytest.skip("this file system has no user.* attributes")
    result = runner.invoke(app, ["fix", str(f)])
    assert result.exit_code == 0, result.stderr
    assert f.read_text(encoding="utf-8") == FIXED
    assert os.getxattr(f, "user.transfix-test") == b"kept"


def test_a_read_only_file_is_refused_unless_forced(write: W) -> None:
    f = write("a.txt", BROKEN)
    os.chmod(f, 0o444)
    result = runner.invoke(app, ["fix", str(f)])
    assert result.exit_code == 2
    assert f"transfix: error: {f}: read-only file (mode 0444); use --force" in result.stderr
    assert f.read_text(encoding="utf-8") == BROKEN
    result = runner.invoke(app, ["fix", "--force", str(f)])
    assert result.exit_code == 0, result.stderr
    assert f.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(f.stat().st_mode) == 0o444


# ------------------------------------------------------------------ 5. streams


def _shell(command: str, *paths: Path) -> subprocess.CompletedProcess[bytes]:
    """``command`` with $TRANSFIX the transfix command and $1... the paths, through sh."""
    return subprocess.run(
        ["sh", "-c", command, "sh", *map(str, paths)],
        capture_output=True,
        env={**os.environ, "TRANSFIX": f"{sys.executable} -m transfix"},
        timeout=HANG,
        check=False,
    )


@pytest.mark.parametrize("command", ["fix", "check"])
def test_closed_standard_input_is_one_line(command: str) -> None:
    result = _shell(f"$TRANSFIX {command} - <&-")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1] == (
        "transfix: error: <stdin>: standard input is closed"
    )
    assert b"internal error" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["fix", "--diff"], ["check", "--format", "json"], ["check"]])
def test_a_full_standard_output_is_one_line(write: W, args: list[str]) -> None:
    f = write("a.txt", BROKEN)
    result = _shell(f'$TRANSFIX {" ".join(args)} "$1" > /dev/full', f)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1] == (
        "transfix: error: cannot write the output: No space left on device"
    )
    assert f.read_text(encoding="utf-8") == BROKEN


def test_closed_standard_output_is_one_line(write: W) -> None:
    f = write("a.txt", BROKEN)
    result = _shell('$TRANSFIX fix "$1" >&-', f)
    assert result.returncode == 2
    assert result.stderr == b"transfix: error: standard output is closed\n"


@pytest.mark.parametrize(
    "args", [["check", "--format", "json"], ["fix", "--diff"], ["check"], ["rules", "list"]]
)
def test_a_closed_pipe_ends_quietly(write: W, args: list[str]) -> None:
    f = write("a.txt", BROKEN * 2000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "transfix", *args, *([str(f)] if args[0] != "rules" else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # like | head -c 10
    stderr = proc.stderr.read()
    proc.wait(timeout=HANG)
    if args[0] == "fix":  # the report goes to stderr, the diff to stdout
        stderr = b"\n".join(x for x in stderr.splitlines() if b"a.txt" not in x)
    assert stderr.strip() == b""
    # 1 as typer exits on a closed pipe; rules list may have written everything in time
    assert proc.returncode in ((0, 1) if args[0] == "rules" else (1,))


# ------------------------------------------------------------------ 7. every id is explainable


def _emitted_ids() -> set[str]:
    """Every rule id reported over the examples, every rule example and the evaluation sets."""
    from conftest import EXAMPLES, REPO
    from transfix.api import Processor
    from transfix.config import Overrides
    from transfix.document import Document
    from transfix.evaluate import prepare

    ids: set[str] = set()
    texts: list[tuple[str, str | None, str | None]] = []  # text, place, date
    for f in sorted(EXAMPLES.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        texts += [(text, None, None), (text, "Zizhou County, Yulin City, Shaanxi Province", None)]
    for data in (REPO / "tests" / "data" / n for n in ("names_eval.yaml", "names_holdout.yaml")):
        engine, cases = prepare(data)
        for case in cases:
            for unsafe in (False, True):
                result = engine.fix(case.text, unsafe=unsafe)
                ids |= {a.edit.rule_id for a in result.applied}
                ids |= {x.rule_id for x in [*result.suggestions, *result.findings]}
    proc = Processor(Overrides())
    proc.report_unused_ignores = True
    ruleset = proc.ruleset(proc.settings(None))
    for ex in ruleset.examples():
        for text in (ex.text, ex.keep, ex.fixed):
            if text is not None:
                texts.append((text, ex.place, ex.date))
    texts.append(("Nothing to see here. <!-- transfix: ignore -->\n", None, None))
    for text, place, date in texts:
        overrides = Overrides(place=place, date=None if date is None else _date(date))
        p = Processor(overrides)
        p.report_unused_ignores = True
        for style in (None, "chinadaily"):
            settings = __import__("dataclasses").replace(p.settings(None), style=style)
            doc = Document(text=text)
            ids |= {x.rule for x in p.check(doc, settings).problems}
            fixed = p.fix(doc, settings, unsafe=True)
            ids |= {x.rule for x in [*fixed.applied, *fixed.problems]}
    return ids


def _date(value: str) -> object:
    import datetime

    return datetime.date.fromisoformat(value)


def test_every_id_transfix_reports_is_explained_and_listed() -> None:
    from transfix.maintain import catalog
    from transfix.ruleset import load_ruleset

    ids = _emitted_ids()
    # the ids the hostile tester found refused, among many others
    assert {"titles/after-name", "names/surname-lowercase", "dates/format", "place/our"} <= ids
    assert {"style/unit-case", "dates/consistency", "unused-ignore"} <= ids
    ruleset = load_ruleset()
    listed = {i.id for i in catalog.items(ruleset)}
    assert sorted(ids - listed) == []
    for rule_id in sorted(i for i in ids if not i.startswith("terms/"))[:40]:
        result = runner.invoke(app, ["explain", rule_id])
        assert result.exit_code == 0, (rule_id, result.stderr)
        assert result.stdout.startswith(f"{rule_id}  (")
    listing = runner.invoke(app, ["rules", "list"]).stdout
    assert all(f"\n{i} " in listing for i in ids)


def test_every_kind_declares_what_its_sub_ids_mean() -> None:
    from transfix.kinds import KINDS
    from transfix.ruleset import load_ruleset

    ruleset = load_ruleset()
    for rule in ruleset.rules:
        if rule.is_guard:
            continue  # a guard reports nothing of its own: it vetoes other rules' edits
        entries = rule.entry_ids()
        assert entries, rule.id
        assert all(isinstance(d, str) and d and "\n" not in d for d in entries.values())
    assert set(KINDS["titles"].sub_ids) == {"after-name", "before-name"}
    assert set(KINDS["place"].sub_ids) == {"our", "full-name"}
    assert set(KINDS["style"].sub_ids) == {"unit-case", "vice", "mixed"}
    assert set(KINDS["dates"].sub_ids) == {
        "format",
        "completion",
        "consistency",
        "ordinal",
        "mixed-style",
    }


# ------------------------------------------------------------------ 10. usage and plurals


@pytest.mark.parametrize(
    ("args", "missing", "usage"),
    [
        (["fix"], "FILE (what to fix; - reads standard input)", "transfix fix [OPTIONS] FILE..."),
        (
            ["check", "--format", "json"],
            "PATH (what to check: files or directories; - reads standard input)",
            "transfix check [OPTIONS] PATH...",
        ),
    ],
)
def test_no_file_says_what_is_missing(args: list[str], missing: str, usage: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    first, second = result.stderr.splitlines()
    assert first == f"transfix: error: missing {missing}"
    assert second.startswith(f"usage: {usage}")


def test_counts_are_pluralised(write: W) -> None:
    f = write("one.txt", "Our county met. The county mayor Li Chaokun spoke.\n")
    result = runner.invoke(app, ["check", str(f)])
    assert result.stdout.splitlines()[-1] == (
        "2 problems in 1 file; 0 fixable with `transfix fix`; 1 suggestion (--unsafe); 1 finding"
    )
    result = runner.invoke(app, ["rules", "list", "--grep", "unused-ignore"])
    assert result.stdout.splitlines()[-1] == "1 item"
    cases = write(
        "ev.yaml",
        'cases:\n  - {id: a, class: x, text: "Zhao guibo spoke.", fixed: "Zhao Guibo spoke.",'
        " certain: true}\n",
    )
    result = runner.invoke(app, ["evaluate", str(cases)])
    assert "(1 right change, 0 wrong; 0 of 0 traps touched)" in result.stdout
    assert "of 1 certain case\n" in result.stdout
    result = runner.invoke(app, ["stats", str(f)])
    assert result.stdout.splitlines()[0] == "1 file"


# ------------------------------------------------------------------ 11. malformed HTML


@pytest.mark.parametrize(
    ("html", "visible"),
    [
        ("<p>Zhao guibo spoke.</p>\n<!-- Zhao guibo said\n<p>Zhao guibo</p>\n", 1),
        ('<p>Zhao guibo spoke. <a href="x>Zhao guibo</a> and Zhao guibo.</p>\n', 1),
        ("<p>Zhao guibo spoke.</p><p class=\"x'>Zhao guibo</p>\n", 1),
        ("<p>Zhao guibo spoke.</p>\n<p>Zhao guibo <b\n", 2),
        ('<p>Zhao guibo <a title="a>b" href=x>Zhao guibo</a></p>\n', 2),  # well formed
    ],
)
def test_nothing_inside_a_broken_html_construct_is_edited(
    write: W, html: str, visible: int
) -> None:
    f = write("page.html", html)
    result = runner.invoke(app, ["fix", str(f)])
    assert result.exit_code == 0, result.stderr
    fixed = f.read_text(encoding="utf-8")
    assert fixed.count("Zhao Guibo") == visible
    assert fixed.replace("Zhao Guibo", "Zhao guibo") == html
