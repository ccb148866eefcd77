"""``transfix fix --interactive``: in a real pseudo-terminal (pexpect), and its parts."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from conftest import EXAMPLES
from transfix.api import Processor
from transfix.config import Overrides
from transfix.document import read_document
from transfix.review import interactive as review

ARTICLE = EXAMPLES / "zizhou-2022-q2-review.txt"
EXPECTED = EXAMPLES / "zizhou-2022-q2-review.expected.txt"
UNSAFE = EXAMPLES / "zizhou-2022-q2-review.unsafe.txt"
REVIEWED = EXAMPLES / "zizhou-2022-q2-review.reviewed.txt"
QUESTION = r"Apply this suggestion \[y,n,a,d,e,s,r,q,\?\]\? "

# The session that produces examples/zizhou-2022-q2-review.reviewed.txt: the article's 16
# suggestions in file order, and the key typed at each prompt.
SESSION = [
    (1, "y"),  # 6:4    dates/completion: July 18 -> July 18, 2022
    (2, "y"),  # 6:99   titles/after-name: Secretary -> secretary
    (3, "n"),  # 6:116  place/full-name: county Party committee (left)
    (4, "e"),  # 6:140  attended and spoke -> edited: attended and addressed the meeting
    (5, "r"),  # 6:215  place/full-name: county people's Congress (rejected into the baseline)
    (6, "n"),  # 6:270  place/full-name: CPPCC (left)
    (7, "y"),  # 6:937  terms/county-head: head of the county -> county head
    (8, "a"),  # 8:95   investment attraction -> investment promotion, and 8:572 too
    (9, "d"),  # 8:121  production safety (left), and 8:595 and 14:665 not asked
    (10, "s"),  # 8:209  petitions-and-stability: show the entry, then n
    (13, "?"),  # 8:614  help, then y
    (14, "q"),  # 12:399 quit: 12:399 and 14:769 are not applied
]
EDITED = "attended and addressed the meeting"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "transfix.yaml", tmp_path / "transfix.yaml")
    return Path(shutil.copy(ARTICLE, tmp_path / "article.txt"))


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("FORCE_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "transfix", "fix", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    child.logfile_read = io.StringIO()
    return child


def answer(child: pexpect.spawn, n: int, total: int, key: str) -> None:
    child.expect(rf"\({n}/{total}\) ")
    child.expect(QUESTION)
    child.sendline(key)


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()
    out: str = child.logfile_read.getvalue()
    return out


# ---------------------------------------------------------------- a real terminal


def test_session_in_a_pseudo_terminal_writes_the_hand_picked_file(article: Path) -> None:
    child = spawn(article.parent, "-i", "--baseline", "b.json", "article.txt")
    for n, key in SESSION:
        answer(child, n, 16, key)
        if key == "e":
            child.expect("Replace 'attended and spoke' with: ")
            child.send("\x15")  # readline typed the suggestion in; Ctrl-U clears it
            child.sendline(EDITED)
        elif key == "s":
            child.expect("standard form: handling public complaints and maintaining stability")
            child.expect("sources:")
            child.expect(QUESTION)
            child.sendline("n")
        elif key == "?":
            child.expect("r - reject it and record it in the baseline")
            child.expect(QUESTION)
            child.sendline("y")
    out = finish(child)
    assert article.read_bytes() == REVIEWED.read_bytes()
    assert "applied 'attended and spoke' -> 'attended and addressed the meeting' (edited)" in out
    assert "13 safe fixes and 7 of 16 suggestions applied; 1 edited; 1 recorded" in out
    entries = json.loads((article.parent / "b.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["rule"], e["text"]) for e in entries] == [
        ("place/full-name", "county people's congress")
    ]
    # idempotent: fix afterwards changes nothing
    again = subprocess.run(
        [sys.executable, "-m", "transfix", "fix", "--check", str(article)], capture_output=True
    )
    assert again.returncode == 0, again.stderr

    # the next session does not ask about the rejected suggestion again
    child = spawn(article.parent, "-i", "--baseline", "b.json", "article.txt")
    child.expect(r"article.txt: 8 to review \(1 more in the baseline\)")
    answer(child, 1, 8, "q")
    finish(child)
    assert article.read_bytes() == REVIEWED.read_bytes()


def test_review_all_asks_about_safe_fixes_too(article: Path) -> None:
    child = spawn(article.parent, "-i", "--review-all", "--baseline", "b.json", "article.txt")
    child.expect(r"\(1/29\) article.txt:4:1 place/our \(safe fix\)")
    child.expect(r"Apply this fix \[y,n,a,d,e,s,r,q,\?\]\? ")
    child.sendline("n")
    answer(child, 2, 29, "q")
    out = finish(child)
    text = article.read_text(encoding="utf-8")
    assert text.splitlines()[3].startswith("Our county held")  # the rejected fix
    assert "On July 18, Zizhou County held" in text  # a fix not reached keeps its default
    assert "12 of 13 safe fixes and 0 of 16 suggestions applied" in out


def test_end_of_input_is_quit(article: Path) -> None:
    child = spawn(article.parent, "-i", "--baseline", "b.json", "article.txt")
    answer(child, 1, 16, "y")
    child.expect(r"\(2/16\)")
    child.sendeof()
    finish(child)
    assert article.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8").replace(
        "On July 18,", "On July 18, 2022,"
    )


# ------------------------------------------------------------------- refusals


def run_cli(
    *args: str | Path, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transfix", "fix", *map(str, args)],
        capture_output=True,
        text=True,
        stdin=stdin,
    )


def test_refuses_without_a_terminal(article: Path) -> None:
    before = article.read_bytes()
    proc = run_cli("-i", article)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "transfix: error: --interactive needs a terminal, and standard input is not one "
        "(use --unsafe to apply every suggestion, or --diff to see them)"
    ]
    assert article.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "cause"),
    [
        (["-i", "--unsafe"], "it does not go with --unsafe"),
        (["-i", "--diff"], "it does not go with --diff"),
        (["--review-all"], "--review-all goes with --interactive"),
        (["--baseline", "b.json"], "fix takes --baseline only with --interactive"),
    ],
)
def test_option_conflicts_are_usage_errors(article: Path, args: list[str], cause: str) -> None:
    proc = run_cli(*args, article)
    assert proc.returncode == 2
    assert cause in proc.stderr


# ---------------------------------------------------- the parts, without a terminal


@pytest.fixture(scope="module")
def proc() -> Processor:
    return Processor(Overrides())


class Script:
    """A prompter that types the given answers and records what it was shown."""

    def __init__(self, *answers: str) -> None:
        self.answers: Iterator[str] = iter(answers)
        self.out = io.StringIO()
        self.prompter = review.Prompter(self.out, review.Style(False), self.read, self.edit)

    def read(self, prompt: str) -> str | None:
        self.out.write(prompt + "\n")
        return next(self.answers, None)

    def edit(self, prompt: str, text: str) -> str | None:
        self.out.write(f"{prompt}[{text}]\n")
        return next(self.answers, None)


def session(proc: Processor, path: Path, *answers: str, review_all: bool = False) -> Script:
    script = Script(*answers)
    status = review.run(
        [str(path)],
        proc,
        review_all=review_all,
        baseline_path=str(path.parent / "b.json"),
        ui=script.prompter,
    )
    assert status == 0, script.out.getvalue()
    return script


def test_accepting_nothing_is_fix_and_everything_is_fix_unsafe(
    proc: Processor, article: Path
) -> None:
    session(proc, article, *["n"] * 16)
    assert article.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")
    shutil.copy(ARTICLE, article)
    session(proc, article, "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a")
    assert article.read_text(encoding="utf-8") == UNSAFE.read_text(encoding="utf-8")


def test_a_and_d_apply_to_the_rule_in_this_file_only(proc: Processor, article: Path) -> None:
    script = session(proc, article, "n", "n", "a", "q")  # place/full-name: a
    text = article.read_text(encoding="utf-8")
    assert "CPC Zizhou County Committee" in text
    assert "Zizhou County People's Congress" in text
    assert "CPPCC Zizhou County Committee" in text
    assert "Zizhou County People's Government" in text  # 12:399, after q but decided by a
    assert "(4/16)" in script.out.getvalue() and "(5/16)" not in script.out.getvalue()


def test_an_empty_edit_asks_again_and_the_final_pass_settles_an_edit(
    proc: Processor, article: Path
) -> None:
    script = session(proc, article, "e", "", "e", "July 18th, 2022", "q")
    out = script.out.getvalue()
    assert "(empty: nothing changed; asking again)" in out
    assert "applied 'July 18' -> 'July 18th, 2022' (edited)" in out
    # the safe fixes run once more, so that fix afterwards changes nothing; and say so
    assert "dates/format: then fixed 'July 18th, 2022' -> 'July 18, 2022'" in out
    assert "On July 18, 2022, Zizhou County" in article.read_text(encoding="utf-8")


def test_rejected_safe_fix_is_kept_out_of_the_final_pass(proc: Processor, article: Path) -> None:
    # review-all: 1 place/our (n), 2 dates/completion (y), 3 place/our (n), then q
    session(proc, article, "n", "y", "n", "q", review_all=True)
    lines = article.read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("Our county held")
    assert lines[5].startswith("On July 18, 2022, our county held")


def test_a_suggestion_supersedes_the_safe_fix_it_was_widened_over(
    proc: Processor, article: Path
) -> None:
    doc = read_document(article)
    result = proc.fix(doc)
    chosen = review.items(result, review_all=True)
    fix, sugg = (i for i, it in enumerate(chosen) if it.old == "county people's Congress")
    assert chosen[fix].kind == "fix" and chosen[sugg].kind == "suggestion"
    assert (chosen[fix].start, chosen[fix].end) == (chosen[sugg].start, chosen[sugg].end)
    decisions = {i: review.default(it) for i, it in enumerate(chosen)}
    decisions[fix] = review.Decision(False, chosen[fix].new)  # rejected
    decisions[sugg] = review.Decision(True, chosen[sugg].new)  # but the suggestion accepted
    assert result.result is not None
    text = review.compose(result.result, chosen, decisions).text
    assert "Standing Committee of the Zizhou County People's Congress," in text


def test_rejection_is_recorded_against_the_text_written(proc: Processor, article: Path) -> None:
    # 6:116 edited (within 20 characters of 6:140), 6:140 rejected into the baseline
    session(proc, article, "n", "n", "e", "CPC Zizhou Committee", "r", "q")
    entries = json.loads((article.parent / "b.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["text"], e["before"]) for e in entries] == [
        ("attended and spoke", "C Zizhou Committee, ")
    ]
    script = session(proc, article, "q")
    assert "15 to review (1 more in the baseline)" in script.out.getvalue()
    assert "attended and spoke" not in script.out.getvalue().split("(1/15)")[1]


def test_change_line_marks_the_change_and_cuts_long_lines() -> None:
    text = "x" * 100 + " head of the county " + "y" * 100 + "\nnext line"
    start = text.index("head")
    item = review.Item(
        "suggestion",
        start,
        start + 18,
        "head of the county",
        "county head",
        ("terms/county-head",),
        "m",
        None,
        1,
        start + 1,
        (start, start + 18),
        (),
    )
    line = review.change_line(text, item, review.Style(False))
    assert line == "…" + "x" * 59 + " [-head of the county-]{+county head+} " + "y" * 59 + "…"
    colored = review.change_line(text, item, review.Style(True))
    assert "\x1b[31;9mhead of the county\x1b[0m\x1b[32;1mcounty head\x1b[0m" in colored


def test_quit_leaves_the_remaining_files_alone(proc: Processor, article: Path) -> None:
    second = Path(shutil.copy(ARTICLE, article.parent / "second.txt"))
    script = Script("q")
    status = review.run(
        [str(article), str(second)],
        proc,
        baseline_path=str(article.parent / "b.json"),
        ui=script.prompter,
    )
    assert status == 0
    assert "stopped: 1 more file left as they were" in script.out.getvalue()
    assert article.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")
    assert second.read_bytes() == ARTICLE.read_bytes()
    assert not (article.parent / "b.json").exists()  # nothing rejected: no baseline written


def test_an_unreadable_file_is_one_line_and_the_others_are_reviewed(
    proc: Processor, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = article.parent / "binary.txt"
    binary.write_bytes(b"\x00\x01")
    script = Script(*["n"] * 16)
    status = review.run(
        [str(binary), str(article)],
        proc,
        baseline_path=str(article.parent / "b.json"),
        ui=script.prompter,
    )
    assert status == 2
    assert capsys.readouterr().err.startswith(f"transfix: error: {binary}: binary file")
    assert article.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")


def test_colours_on_a_terminal_unless_no_color(article: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "transfix", "fix", "-i", "--baseline", "b.json", "article.txt"],
        cwd=str(article.parent),
        env={**env, "TERM": "xterm"},
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    child.expect(r"\(1/16\)")
    child.expect(r"\[y,n,a,d,e,s,r,q,\?\]\? ")
    shown = child.before
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert "\x1b[31;9mJuly 18\x1b[0m\x1b[32;1mJuly 18, 2022\x1b[0m" in shown
    assert "\x01" not in shown and "\x02" not in shown  # readline's prompt markers, consumed


def test_a_check_baseline_stays_valid_after_a_session(proc: Processor, article: Path) -> None:
    """Entries written by check --write-baseline are found again in the text written, though
    the safe fixes applied around them changed their context."""
    command = [sys.executable, "-m", "transfix", "check", "--baseline", "b.json"]
    wrote = subprocess.run(
        [*command, "--write-baseline", "article.txt"],
        cwd=article.parent,
        capture_output=True,
        text=True,
    )
    assert "recorded 30 problems" in wrote.stderr
    script = session(proc, article)  # every suggestion is known: nothing is asked
    assert "Apply this" not in script.out.getvalue()
    assert article.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")
    entries = json.loads((article.parent / "b.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 17  # 16 suggestions and 1 finding; the 13 safe fixes are gone
    check = subprocess.run(
        [*command, "--fail-on", "info", "--report-unused-ignores", "article.txt"],
        cwd=article.parent,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith("0 problems in 1 file")


def test_encoding_bom_and_newlines_survive(proc: Processor, article: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    article.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    session(proc, article, "y", "q")
    want = EXPECTED.read_text(encoding="utf-8").replace("On July 18,", "On July 18, 2022,")
    assert article.read_bytes() == b"\xef\xbb\xbf" + want.replace("\n", "\r\n").encode("utf-8")
    utf16 = article.parent / "utf16.txt"
    utf16.write_bytes(b"\xff\xfe" + "Zhao guibo spoke.\n".encode("utf-16-le"))
    script = Script()
    assert review.run([str(utf16)], proc, baseline_path="b.json", ui=script.prompter) == 0
    assert utf16.read_bytes() == b"\xff\xfe" + "Zhao Guibo spoke.\n".encode("utf-16-le")


def test_an_edited_safe_fix_is_not_rewritten_by_its_rule(proc: Processor, article: Path) -> None:
    # review-all: 1 place/our (safe): edited to keep the capital, then q
    session(proc, article, "e", "Our county (Zizhou)", "q", review_all=True)
    lines = article.read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("Our county (Zizhou) held")
    assert lines[5].startswith("On July 18, Zizhou County held")  # not reached: applied
