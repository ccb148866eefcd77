"""Markdown: prose is checked; code, URLs, link targets, HTML and front matter are not.

Block structure comes from a real CommonMark parser (markdown-it-py): fenced
and indented code and HTML blocks are masked whole. Inside the remaining
blocks, inline code spans, link and image targets, autolinks, bare URLs,
inline HTML and comments are masked. YAML front matter is masked and read for
``date`` and ``place``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

from markdown_it import MarkdownIt

from transfix.edits import LineIndex
from transfix.errors import DataError
from transfix.markup import View, mask
from transfix.yamlsource import top_level_scalars

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_INLINE = re.compile(
    r"""
      (?P<code>(?P<ticks>`+)[^`](?:.*?[^`])??(?P=ticks)(?!`))   # `code`, ``co`de``
    | (?P<comment><!--.*?-->)                                    # <!-- comment -->
    | (?P<target>\]\((?:[^()\s]|\([^)\s]*\))*(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*\))  # ](url "t")
    | (?P<ref>\]\[[^\]\n]*\])                                    # ][label]
    | (?P<auto><(?:https?|ftp|mailto):[^>\s]+>|<[^>\s@]+@[^>\s]+>) # <http://...>
    | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)          # inline HTML
    | (?P<url>\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'"])  # bare URL
    """,
    re.S | re.X,
)
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[^\n]*$", re.M)  # [label]: url "title"

_PARSER = MarkdownIt("commonmark").enable("table")


def front_matter(text: str) -> tuple[tuple[int, int] | None, dict[str, Any]]:
    m = _FRONT_MATTER.match(text)
    if m is None:
        return None, {}
    meta: dict[str, Any] = {}
    try:
        # Only top-level scalars are built: front matter written as an alias bomb
        # (or nested without end) costs nothing, and is simply not read.
        data: dict[str, Any] | None = top_level_scalars(m.group(1) or "")
    except DataError:
        data = None
    if data:
        date = data.get("date")
        if isinstance(date, dt.datetime):
            meta["date"] = date.date()
        elif isinstance(date, dt.date):
            meta["date"] = date
        elif isinstance(date, str):
            with contextlib.suppress(ValueError):
                meta["date"] = dt.date.fromisoformat(date[:10])
        if isinstance(data.get("place"), str):
            meta["place"] = data["place"]
    return (m.start(), m.end()), meta


def markdown_view(text: str) -> View:
    protected: list[tuple[int, int]] = []
    front, meta = front_matter(text)
    if front is not None:
        protected.append(front)
    # Parse with the front matter blanked (same lines), so block line maps stay aligned.
    parse_text = mask(text, [front]) if front is not None else text
    lines = LineIndex(text)
    starts = lines.starts

    def line_span(first: int, last: int) -> tuple[int, int]:
        end = starts[last] if last < len(starts) else len(text)
        return starts[first], end

    prose: list[tuple[int, int]] = []
    for token in _PARSER.parse(parse_text.replace("\x00", " ")):
        if token.map is None:
            continue
        first, last = token.map
        if token.type in ("fence", "code_block", "html_block"):
            protected.append(line_span(first, last))
        elif token.type == "inline":
            prose.append(line_span(first, last))
    for s, e in prose:
        for m in _INLINE.finditer(text, s, e):
            if m.group("target") or m.group("ref"):
                protected.append((m.start() + 1, m.end()))  # keep "]" visible as punctuation
            else:
                protected.append((m.start(), m.end()))
    protected.extend((m.start(), m.end()) for m in _DEFINITION.finditer(text))
    protected.sort()
    return View(text=mask(text, protected), protected=protected, metadata=meta)
