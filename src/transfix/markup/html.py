"""HTML: only text nodes are checked; the document is never re-serialised.

Python's HTML parser (``html.parser``) tokenises the document and reports where
each tag, comment, declaration and character reference stands; those spans,
and the text of ``script``, ``style``, ``code``, ``pre``, ``kbd``, ``samp`` and
``textarea`` elements, are masked and protected. Block-level tags mask to a
line break first, so no phrase is matched across two paragraphs.

A broken construct is never edited inside: ``html.parser`` gives up on an
unterminated comment (``<!-- ...`` to the end) or a tag whose attribute value
never closes (``<a href="x>text``) and hands the rest back as text, where a
browser shows nothing. So every start tag is re-read as the HTML standard
tokenises it (a quoted value runs to its closing quote, whatever ``>`` it
holds), and wherever a ``<`` that opens a tag, comment or declaration is
still visible after parsing, everything from it to the end is masked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from transfix.markup import View, mask

_RAW = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea", "var"})
_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "br", "dd", "details"),
        *("dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot"),
        *("th", "thead", "title", "tr", "ul"),
    }
)


class _Spans(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        # html.parser counts lines by "\n" only
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.inline: list[tuple[int, int]] = []
        self.block: list[tuple[int, int]] = []
        self.raw_depth = 0
        self.raw_start: int | None = None
        self.tag_starts: list[int] = []

    def pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag_span(self, start: int, end: int, tag: str) -> None:
        (self.block if tag in _BLOCK else self.inline).append((start, end))
        self.tag_starts.append(start)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.pos()
        raw = self.get_starttag_text() or ""
        self._tag_span(start, start + len(raw), tag)
        if tag in _RAW:
            if self.raw_depth == 0:
                self.raw_start = start + len(raw)
            self.raw_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.pos()
        raw = self.get_starttag_text() or ""
        self._tag_span(start, start + len(raw), tag)

    def handle_endtag(self, tag: str) -> None:
        start = self.pos()
        end = self.text.find(">", start)
        end = len(self.text) if end < 0 else end + 1
        if tag in _RAW and self.raw_depth:
            self.raw_depth -= 1
            if self.raw_depth == 0 and self.raw_start is not None:
                self.inline.append((self.raw_start, start))
                self.raw_start = None
        self._tag_span(start, end, tag)

    def _markup(self, length: int) -> None:
        start = self.pos()
        self.inline.append((start, start + length))

    def handle_comment(self, data: str) -> None:
        self._markup(len(data) + 7)  # <!-- ... -->

    def handle_decl(self, decl: str) -> None:
        self._markup(len(decl) + 3)  # <! ... >

    def handle_pi(self, data: str) -> None:
        self._markup(len(data) + 3)  # <? ... >

    def unknown_decl(self, data: str) -> None:
        self._markup(len(data) + 5)  # <![ ... ]>

    def handle_entityref(self, name: str) -> None:
        start = self.pos()
        end = start + 1 + len(name)
        if self.text[end : end + 1] == ";":
            end += 1
        self.inline.append((start, end))

    def handle_charref(self, name: str) -> None:
        start = self.pos()
        end = start + 2 + len(name)
        if self.text[end : end + 1] == ";":
            end += 1
        self.inline.append((start, end))


_SPACE = " \t\n\r\f"
_OPENS = re.compile(r"<[A-Za-z/!?]")  # a tag, an end tag, a comment or declaration, a PI


def _tag_end(text: str, i: int) -> int | None:
    """Where the tag opened at ``text[i] == "<"`` ends as the HTML standard tokenises it
    (just past its ``>``), or ``None`` when the document ends inside it."""
    n = len(text)
    j = i + 1
    while j < n and text[j] not in _SPACE + "/>":  # the tag name
        j += 1
    while True:
        while j < n and text[j] in _SPACE + "/":
            j += 1
        if j >= n:
            return None
        if text[j] == ">":
            return j + 1
        j += 1  # an attribute name (its first character may be "=")
        while j < n and text[j] not in _SPACE + "/>=":
            j += 1
        while j < n and text[j] in _SPACE:
            j += 1
        if j < n and text[j] == "=":
            j += 1
            while j < n and text[j] in _SPACE:
                j += 1
            if j >= n:
                return None
            if text[j] in "\"'":
                close = text.find(text[j], j + 1)
                if close < 0:
                    return None  # the value never closes
                j = close + 1
            else:
                while j < n and text[j] not in _SPACE + ">":
                    j += 1


def html_view(text: str) -> View:
    parser = _Spans(text)
    parser.feed(text)
    parser.close()
    if parser.raw_depth and parser.raw_start is not None:  # an unclosed <script> ...
        parser.inline.append((parser.raw_start, len(text)))
    broken = len(text)
    for start in parser.tag_starts:  # a tag as a browser reads it, quotes and all
        end = _tag_end(text, start)
        if end is None:
            broken = min(broken, start)
        else:
            parser.inline.append((start, end))
    masked = mask(mask(text, parser.block, block=True), parser.inline)
    unparsed = _OPENS.search(masked)  # markup that html.parser gave up on, left as text
    if unparsed is not None:
        broken = min(broken, unparsed.start())
    if broken < len(text):
        parser.inline.append((broken, len(text)))
        masked = mask(masked, [(broken, len(text))])
    protected = sorted(parser.block + parser.inline)
    return View(text=masked, protected=protected)
