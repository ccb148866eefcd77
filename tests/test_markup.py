"""Markdown and HTML: prose fixed, everything else byte-identical; suppression comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from transfix import check_text, fix_text
from transfix.cli import app

runner = CliRunner()
W = Callable[[str, str | bytes], Path]

MARKDOWN = """\
---
title: county people's Congress
date: 2022-07-19
---
# The county people's Congress met

Zhao guibo chaired. Inline `county people's Congress` code stays, and so does
[the county people's Congress](https://example.org/county-people's-Congress "sub district")
and <https://example.org/sub district>. Also https://example.org/letters-and-visits.

```
Zhao guibo in a fence: county people's Congress
```

    indented code: county people's Congress

<div>html block: county people's Congress</div>

<!-- county people's Congress in a comment -->

[ref]: https://example.org/county-people's-Congress
"""


def test_markdown_fixes_prose_only() -> None:
    result = fix_text(MARKDOWN, path="a.md")
    expected = (
        MARKDOWN.replace("# The county people's Congress met", "# The county people's congress met")
        .replace("Zhao guibo chaired", "Zhao Guibo chaired")
        .replace("[the county people's Congress]", "[the county people's congress]")
    )
    assert result.text == expected


def test_a_name_split_by_inline_markup_stays_one_name() -> None:
    # issue 11: "**Zhao** guibo" became "**Zhao** Gui Bo" (guibo taken for a name on its own)
    md = "**Zhao** guibo, deputy secretary, spoke. It was _Zhao_ guibo again.\n"
    assert fix_text(md, path="a.md").text == md.replace("guibo", "Guibo")
    html = "<p><b>Zhao</b> guibo, deputy secretary, spoke.</p>\n"
    assert fix_text(html, path="a.html").text == html.replace("guibo", "Guibo")
    # no space between them: one word as the reader sees it, not two names' parts
    joined = "The **Zhao**guibo case.\n"
    assert "Gui Bo" not in fix_text(joined, path="a.md").text


def test_markdown_front_matter_gives_the_document_date() -> None:
    text = "---\ndate: 2022-04-20T09:30:00\n---\nIn the first half of the year, output grew.\n"
    problems = check_text(text, path="a.md").problems
    (finding,) = [p for p in problems if p.rule == "dates/consistency"]
    assert "the document date 2022-04-20" in finding.message
    assert check_text(text, path="a.txt").problems == []  # plain text has no front matter


HTML = """<!DOCTYPE html>
<html lang="en"><head><title>The county people's Congress</title>
<meta name="description" content="county people's Congress">
<style>p::before { content: "county people's Congress"; }</style></head>
<body>
<p class="county people's Congress">The county people's Congress met; Zhao guibo chaired.</p>
<p>Entities stay: Zhao &amp; Co, caf&eacute;, &#8220;quoted&#8221;.</p>
<script>var s = "county people's Congress";</script>
<!-- county people's Congress -->
<pre>county people's Congress</pre><p>sub <b>district</b> offices</p>
</body></html>
"""


def test_html_fixes_text_nodes_and_keeps_every_other_byte() -> None:
    result = fix_text(HTML, path="a.html")
    expected = HTML.replace(
        "<title>The county people's Congress</title>",
        "<title>The county people's congress</title>",
    ).replace(
        ">The county people's Congress met; Zhao guibo chaired.<",
        ">The county people's congress met; Zhao Guibo chaired.<",
    )
    assert result.text == expected


def test_html_blocks_do_not_join_into_one_phrase() -> None:
    text = "<p>county people's</p><p>Congress met</p>"
    assert fix_text(text, path="a.html").text == text


def test_html_file_round_trip_through_the_cli(write: W) -> None:
    path = write("page.html", HTML.replace("\n", "\r\n"))
    before = path.read_bytes()
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0
    after = path.read_bytes()
    expected = fix_text(before.decode(), path="page.html").text.encode()
    assert after == expected and after.count(b"\r\n") == before.count(b"\r\n")


def test_line_suppression_plain_text() -> None:
    text = (
        "Zhao guibo spoke. transfix: ignore\n"
        "Zhao guibo spoke. transfix: ignore[terms]\n"
        "sub district offices, Zhao guibo. transfix: ignore[names/given-lowercase]\n"
    )
    result = fix_text(text)
    assert result.text.splitlines() == [
        "Zhao guibo spoke. transfix: ignore",
        "Zhao Guibo spoke. transfix: ignore[terms]",
        "subdistrict offices, Zhao guibo. transfix: ignore[names/given-lowercase]",
    ]


def test_region_suppression_in_markdown() -> None:
    text = (
        "Zhao guibo one.\n\n<!-- transfix-disable names -->\nZhao guibo two. sub district.\n"
        "<!-- transfix-enable -->\n\nZhao guibo three.\n"
    )
    result = fix_text(text, path="a.md")
    assert result.text == text.replace("guibo one", "Guibo one").replace(
        "guibo three", "Guibo three"
    ).replace("sub district.", "subdistrict.")


def test_unused_ignores_are_reported_when_asked(write: W) -> None:
    path = write("a.txt", "A clean line. transfix: ignore\nZhao guibo. transfix: ignore\n")
    plain = runner.invoke(app, ["check", str(path)])
    assert "unused-ignore" not in plain.stdout
    result = runner.invoke(app, ["check", "--report-unused-ignores", str(path)])
    assert result.exit_code == 0  # a warning finding is below the default fail-on
    assert f"{path}:1:15: unused-ignore warning" in result.stdout
    assert f"{path}:2:" not in result.stdout


def test_library_api_types() -> None:
    result = check_text("Zhao guibo presided.", date=dt.date(2022, 7, 19))
    (problem,) = result.problems
    assert (problem.rule, problem.line, problem.column, problem.safety) == (
        "names/given-lowercase",
        1,
        6,
        "safe",
    )
    fixed = fix_text("Zhao guibo presided.")
    assert fixed.changed and fixed.text == "Zhao Guibo presided."
    assert [p.replacement for p in fixed.applied] == ["Guibo"]
