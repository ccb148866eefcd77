"""Views of a document for the rules: prose visible, everything else masked.

A view keeps the document's length, so offsets are shared: code, URLs, tags,
attributes, comments, front matter and entities are replaced by NUL characters
(line breaks kept), which no rule matches across, and their spans are
protected: an edit that touches one is dropped. Suppression comments and the
rule selection of the file's settings filter what the rules yield.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from transfix.edits import Edit, Finding, Keep
from transfix.suppress import Suppressions, matches, parse

MASK = "\x00"


@dataclass
class View:
    text: str  # what the rules read
    protected: list[tuple[int, int]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)  # from front matter
    suppressions: Suppressions = field(default_factory=Suppressions)
    disabled: tuple[str, ...] = ()
    report_unused: bool = False

    def allows(self, item: Edit | Keep | Finding) -> bool:
        if isinstance(item, Keep):
            return True
        rule_id = item.rule_id
        if self.disabled and matches(rule_id, self.disabled):
            return False
        if isinstance(item, Edit) and any(
            (item.start < e and s < item.end) or (item.start == item.end and s < item.start < e)
            for s, e in self.protected
        ):
            return False
        return not self.suppressions.suppressed(rule_id, item.start)


def mask(text: str, spans: Iterable[tuple[int, int]], block: bool = False) -> str:
    """``text`` with each span replaced by NULs (line breaks kept; a leading break if block)."""
    out = []
    pos = 0
    for s, e in sorted(spans):
        if s < pos:
            s = pos
        if s >= e:
            continue
        out.append(text[pos:s])
        piece = "".join(c if c in "\r\n" else MASK for c in text[s:e])
        if block and piece and piece[0] == MASK:
            piece = "\n" + piece[1:]
        out.append(piece)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def plain_view(text: str) -> View:
    return View(text=text)


def metadata_for(path: str | None, text: str) -> dict[str, Any]:
    """The document's own metadata (Markdown front matter: date, place), without a full view."""
    if (path or "").lower().endswith((".md", ".markdown")):
        from transfix.markup.markdown import front_matter

        return front_matter(text)[1]
    return {}


def view_for(path: str | None) -> Callable[[str], View]:
    """The view function for a file, chosen by its extension."""
    name = (path or "").lower()
    if name.endswith((".md", ".markdown")):
        from transfix.markup.markdown import markdown_view

        return markdown_view
    if name.endswith((".html", ".htm")):
        from transfix.markup.html import html_view

        return html_view
    return plain_view


def with_selection(
    view_fn: Callable[[str], View], disabled: tuple[str, ...], report_unused: bool = False
) -> Callable[[str], View]:
    """A view function that also parses suppressions and applies disabled rule ids."""

    def view(text: str) -> View:
        v = view_fn(text)
        v.suppressions = parse(text)
        v.disabled = disabled
        v.report_unused = report_unused
        return v

    return view
