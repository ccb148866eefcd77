"""``transfix check --format html -o``: the page's data and safety in Python, and the page
itself in headless Chromium (selenium), which these tests skip when it is not installed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from transfix.api import Problem, Processor
from transfix.config import Overrides
from transfix.document import read_document
from transfix.review import html as page
from transfix.review import interactive as review

ARTICLE = EXAMPLES / "zizhou-2022-q2-review.txt"
HOSTILE = (
    "Our county <script>window.__pwned = 1</script> held a meeting.\n"
    '"><img src=x onerror="window.__pwned = 2"> Zhao guibo, head of the county, spoke.\n'
    "</script><script>window.__pwned = 3</script> <!-- the county people's Congress --> ok\n"
)


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transfix", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "transfix.yaml", tmp_path / "transfix.yaml")
    shutil.copy(ARTICLE, tmp_path / "zizhou.txt")
    return tmp_path


def make_page(site: Path, *files: str) -> Path:
    out = site / "review.html"
    proc = run("check", "--format", "html", "-o", out, *files, cwd=site)
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stdout == ""
    return out


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.bodies.append((*self._open, data))
            self._open = None


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def data_of(path: Path) -> Any:
    for tag, attrs, body in parse(path).bodies:
        if tag == "script" and attrs.get("type") == "application/json":
            return json.loads(body)
    raise AssertionError("no data block")


# ------------------------------------------------------------------ without a browser


def test_one_file_no_external_resources_and_a_strict_csp(site: Path) -> None:
    out = make_page(site, "zizhou.txt")
    tags = parse(out)
    names = [t for t, _ in tags.tags]
    assert "link" not in names and "img" not in names and "iframe" not in names
    assert all("src" not in attrs for _, attrs in tags.tags)
    scripts = [(a, b) for t, a, b in tags.bodies if t == "script"]
    assert [a.get("type") for a, _ in scripts] == ["application/json", None]
    code = scripts[1][1]
    style = next(b for t, _, b in tags.bodies if t == "style")
    csp = next(
        a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") is not None
    )
    assert csp is not None
    assert csp.startswith("default-src 'none'; ")
    assert f"script-src '{sha256(code)}'" in csp
    assert f"style-src '{sha256(style)}'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert code == page.asset("review.js") and style == page.asset("review.css")


def test_document_text_cannot_leave_the_data_block(site: Path) -> None:
    (site / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = make_page(site, "hostile.txt")
    raw = out.read_text(encoding="utf-8")
    block = raw.split('<script type="application/json" id="transfix-data">', 1)[1]
    block = block.split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["documents"][0]["text"] == HOSTILE
    assert raw.count("<script") == 2


def test_data_documents_most_problems_first_rules_with_sources_and_examples(site: Path) -> None:
    (site / "short.txt").write_text("Zhao guibo presided.\n", encoding="utf-8")
    (site / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    data = data_of(make_page(site, "short.txt", "clean.txt", "zizhou.txt"))
    assert [d["path"] for d in data["documents"]] == ["zizhou.txt", "short.txt"]
    assert data["clean"] == ["clean.txt"]
    zizhou = data["documents"][0]
    assert zizhou["counts"] == {"fix": 13, "suggestion": 16, "finding": 1}
    assert zizhou["name"] == "zizhou.txt" and zizhou["encoding"] == "utf-8"
    rules = data["rules"]
    assert set(rules) == {p["rule"] for d in data["documents"] for p in d["problems"]}
    head = rules["terms/county-head"]
    assert head["standard"] == "county head"
    assert head["wrong"] == ["head of the county"]
    assert any(s["url"] and s["url"].startswith("http") for s in head["sources"])
    assert {"text", "fixed"} <= set(head["examples"][0]) or "keep" in head["examples"][0]
    assert rules["names/given-lowercase"]["id"] == "names/given-lowercase"  # a sub-id of its own


def test_offsets_are_utf16_code_units() -> None:
    text = "😀 Zhao guibo 𠀀 and Zhao guibo."
    proc = Processor(Overrides())
    result = proc.check(read_document_from(text))
    doc = page.document_data(0, "<stdin>", text, result.problems)
    for p, item in zip(result.problems, doc["problems"], strict=True):
        utf16 = text.encode("utf-16-le")
        assert (
            utf16[2 * item["start"] : 2 * item["end"]].decode("utf-16-le") == text[p.start : p.end]
        )
    assert doc["name"] == "stdin.txt"


def read_document_from(text: str) -> Any:
    from transfix.document import Document

    return Document(text=text, path=None)


@pytest.mark.parametrize(
    ("args", "cause"),
    [
        (["--format", "html"], "--format html writes a page to a file: give it with -o FILE"),
        (["--format", "html", "-o", "missing/review.html"], "no such folder 'missing'"),
        (["--format", "json", "-o", "review.html"], "it goes with --format html, not json"),
        (["--format", "html", "-o", "."], ".: is a directory"),
    ],
)
def test_bad_output_is_one_line_and_exit_2(site: Path, args: list[str], cause: str) -> None:
    proc = run("check", *args, "zizhou.txt", cwd=site)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("transfix: error: ")
    assert cause in lines[0]
    assert not (site / "missing").exists()


def test_a_new_page_is_readable_by_others_as_the_umask_says(site: Path) -> None:
    mask = os.umask(0o022)
    try:
        out = make_page(site, "zizhou.txt")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


# ------------------------------------------------------------------ in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401

    HAVE_SELENIUM = True
except ImportError:  # pragma: no cover
    HAVE_SELENIUM = False

browser = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER and HAVE_SELENIUM),
    reason="the browser tests need chromium and chromedriver "
    "(apt-get install -y chromium chromium-driver; .ci/run installs them) and selenium",
)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="transfix-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


def load(driver: Any, path: Path) -> list[dict[str, Any]]:
    """Open the page; return the console messages it logged while loading."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())
    assert driver.execute_script("return document.documentElement.dataset.ready") == "1"
    logs: list[dict[str, Any]] = driver.get_log("browser")
    return logs


def downloaded(folder: Path, name: str) -> bytes:
    """The file the page downloaded into ``folder`` (waiting for the browser to finish it)."""
    target = folder / name
    for _ in range(200):
        if target.exists() and not list(folder.glob("*.crdownload")):
            return target.read_bytes()
        time.sleep(0.05)
    raise AssertionError(f"nothing downloaded into {folder}: {os.listdir(folder)}")


def allow_downloads(driver: Any, folder: Path) -> None:
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )


def by_rule(driver: Any, rule: str, kind: str = "suggestion") -> Any:
    from selenium.webdriver.common.by import By

    label = {"fix": "safe fix"}.get(kind, kind)
    for b in driver.find_elements(By.CSS_SELECTOR, f".text .badge.k-{kind}"):
        if (b.get_attribute("aria-label") or "").startswith(f"{label} {rule} "):
            return b
    raise AssertionError(f"no {kind} badge for {rule}")


@browser
def test_the_page_loads_without_console_errors(driver: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    logs = load(driver, make_page(site, "zizhou.txt"))
    assert [e for e in logs if e["level"] in ("SEVERE", "WARNING")] == []
    assert len(driver.find_elements(By.CSS_SELECTOR, ".text .badge")) == 30
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.suggestions input.pick")) == 16
    summary = " ".join(driver.find_element(By.CSS_SELECTOR, ".summary").text.split())
    assert "13 safe fixes" in summary and "16 suggestions" in summary and "1 finding" in summary
    assert driver.find_elements(By.CSS_SELECTOR, ".chart svg rect")


@browser
def test_clicking_a_mark_opens_its_details_and_the_keyboard_does_too(
    driver: Any, site: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    load(driver, make_page(site, "zizhou.txt"))
    details = driver.find_element(By.ID, "details")
    assert not details.is_displayed()
    mark = next(
        m
        for m in driver.find_elements(By.CSS_SELECTOR, ".text .m-suggestion")
        if m.text == "head of the county"
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    assert details.is_displayed()
    body = driver.find_element(By.ID, "details-body").text
    assert "terms/county-head" in body
    assert "head of the county" in body and "county head" in body
    assert "standard rendering of 县长" in body
    links = driver.find_elements(By.CSS_SELECTOR, "#details-body .sources a")
    assert links and all(a.get_attribute("href").startswith("http") for a in links)
    assert all(a.get_attribute("rel") == "noopener noreferrer" for a in links)
    assert "left alone: the head of the county agriculture bureau" in body  # its examples
    # keyboard: Escape closes, focus goes back; Enter on a badge (a button) opens
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not details.is_displayed()
    badge = by_rule(driver, "place/our", "fix")
    badge.send_keys(Keys.ENTER)
    assert details.is_displayed()
    assert "place/our" in driver.find_element(By.ID, "details-body").text
    assert "Applied by transfix fix" in driver.find_element(By.ID, "details-body").text


@browser
def test_two_checked_suggestions_download_exactly_the_expected_text(
    driver: Any, site: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    load(driver, make_page(site, "zizhou.txt"))
    folder = tmp_path / "downloads"
    folder.mkdir()
    allow_downloads(driver, folder)
    wanted = ["terms/county-head", "place/full-name"]  # the first place/full-name: 6:116
    for rule in wanted:
        box = next(
            b
            for b in driver.find_elements(By.CSS_SELECTOR, "table.suggestions input.pick")
            if rule in (b.get_attribute("aria-label") or "")
        )
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    driver.find_element(By.ID, "dl-0").click()
    got = downloaded(folder, "zizhou.txt")
    assert got == expected_bytes(
        site / "zizhou.txt", {"terms/county-head": 1, "place/full-name": 1}
    )
    assert "CPC Zizhou County Committee" in got.decode()
    assert "Downloaded zizhou.txt with 13 safe fixes and 2 checked suggestions" in (
        driver.find_element(By.ID, "note-0").text
    )


@browser
def test_a_suggestion_over_a_safe_fix_supersedes_it_and_encoding_survives(
    driver: Any, site: Path, tmp_path: Path
) -> None:
    """The widened place/full-name at 6:215 includes the county-peoples-congress fix; the
    file has a BOM, CRLF line ends and characters outside the BMP before the changes."""
    from selenium.webdriver.common.by import By

    text = "😀 𠀀\r\n" + ARTICLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    (site / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    load(driver, make_page(site, "bom.txt"))
    folder = tmp_path / "downloads"
    folder.mkdir()
    allow_downloads(driver, folder)
    boxes = [
        b
        for b in driver.find_elements(By.CSS_SELECTOR, "table.suggestions input.pick")
        if "place/full-name" in (b.get_attribute("aria-label") or "")
    ]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", boxes[1])
    boxes[1].click()  # 6:215 county people's Congress -> Zizhou County People's Congress
    driver.find_element(By.ID, "dl-0").click()
    got = downloaded(folder, "bom.txt")
    assert got == expected_bytes(site / "bom.txt", {"place/full-name": 2}, only_nth=True)
    assert got.startswith(b"\xef\xbb\xbf\xf0\x9f\x98\x80 \xf0\xa0\x80\x80\r\n")
    assert "the Standing Committee of the Zizhou County People's Congress," in got.decode()


@browser
def test_an_overlapping_second_suggestion_is_refused_with_a_note(
    driver: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    text = "The county people's Congress met.\n"
    a = suggestion(text, "county people's Congress", "Zizhou County People's Congress", "x/a")
    b = suggestion(text, "people's Congress met", "People's Congress convened", "x/b")
    data = {
        "version": 1,
        "tool": {"name": "transfix", "version": "test"},
        "generated": "now",
        "documents": [page.document_data(0, str(tmp_path / "t.txt"), text, [a, b])],
        "clean": [],
        "errors": [],
        "rules": {},
    }
    out = tmp_path / "overlap.html"
    out.write_text(page.render(data), encoding="utf-8")
    assert [e for e in load(driver, out) if e["level"] == "SEVERE"] == []
    folder = tmp_path / "downloads"
    folder.mkdir()
    allow_downloads(driver, folder)
    first, second = driver.find_elements(By.CSS_SELECTOR, "table.suggestions input.pick")
    first.click()
    second.click()
    assert first.is_selected() and not second.is_selected()
    note = driver.find_element(By.ID, "note-0").text
    assert "Not applied: the suggestion at 1:12 (x/b) overlaps the checked suggestion at 1:5" in (
        note
    )
    assert "Refused" in driver.find_element(By.ID, f"rownote-{'d0p1'}").text
    driver.find_element(By.ID, "dl-0").click()
    assert downloaded(folder, "t.txt") == b"The Zizhou County People's Congress met.\n"


@browser
def test_a_hostile_article_runs_no_script_and_shows_as_text(driver: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    name = 'x"><img src=x onerror="window.__pwned=4">.txt'
    (site / name).write_text(HOSTILE, encoding="utf-8")
    out = make_page(site, name)
    logs = load(driver, out)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.find_elements(By.TAG_NAME, "img") == []
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 2
    shown = driver.execute_script(
        "var c = arguments[0].cloneNode(true);"
        "c.querySelectorAll('.badge').forEach(function (b) { b.remove(); });"
        "return c.textContent;",
        driver.find_element(By.CSS_SELECTOR, ".text"),
    )
    assert shown == HOSTILE  # every character shown as text, none taken as markup
    assert len(driver.find_elements(By.CSS_SELECTOR, ".text .badge")) >= 3
    assert name in driver.find_element(By.CSS_SELECTOR, ".doc h2").text
    assert [e for e in logs if e["level"] == "SEVERE"] == []
    # and the policy is in force: an inline script added to the page does not run
    driver.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.__csp = 1';"
        "document.body.appendChild(s);"
    )
    assert driver.execute_script("return typeof window.__csp") == "undefined"
    assert any("Content Security Policy" in e["message"] for e in driver.get_log("browser"))


# ------------------------------------------------------------------------ helpers


def suggestion(text: str, old: str, new: str, rule: str) -> Problem:
    start = text.index(old)
    return Problem(
        path="t.txt",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=start + len(old) + 1,
        rule=rule,
        category="terms",
        severity="warning",
        message="m",
        replacement=new,
        safety="unsafe",
        evidence=None,
        start=start,
        end=start + len(old),
        original=old,
    )


def expected_bytes(path: Path, wanted: dict[str, int], only_nth: bool = False) -> bytes:
    """What ``fix`` with these suggestions accepted writes (without its final safe pass):
    the Python reference for the page's download. ``wanted``: rule -> how many of its
    suggestions, in file order, are accepted (with ``only_nth``: only the n-th)."""
    proc = Processor(Overrides())
    doc = read_document(path)
    result = proc.fix(doc)
    assert result.result is not None
    chosen = review.items(result)
    seen: dict[str, int] = {}
    decisions = {}
    for i, it in enumerate(chosen):
        seen[it.rule] = seen.get(it.rule, 0) + 1
        n = wanted.get(it.rule, 0)
        accept = seen[it.rule] == n if only_nth else seen[it.rule] <= n
        decisions[i] = review.Decision(accept, it.new)
    return doc.with_text(review.compose(result.result, chosen, decisions).text).encode()


def test_safe_fixes_of_later_rounds_are_grouped_in_the_span_that_holds_them() -> None:
    """A later round's fix is located over the earlier one's span; the outer span's
    replacement is what the whole span became, so the page applies only that one."""
    text = "0123456789abcdef"
    outer = suggestion(text, "23456789ab", "OUTER", "r/outer")
    inner = suggestion(text, "5678", "INNER", "r/inner")
    after = suggestion(text, "de", "DE", "r/after")
    fixes = [replace(p, safety="safe") for p in (inner, outer, after)]
    assert page._groups(fixes, text) == [(2, 12, "OUTER"), (13, 15, "DE")]
