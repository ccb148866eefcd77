"""``transfix check --format html -o review.html``: one self-contained review page.

The page is one file with no network access: its data (every document's text and
problems, and what the rule set says about each rule that fired) is JSON in a
``<script type="application/json">`` block, with every ``<``, ``>`` and ``&`` written
as a ``\\u`` escape so that no document text can end the block; the page's own script
and style (package data in ``assets/``) are inline, allowed by a Content-Security-Policy
that names their SHA-256 hashes and forbids everything else (``default-src 'none'``).
The script builds the page with DOM text nodes only, never markup from the data.

Offsets in the data are UTF-16 code units (JavaScript's string indices), converted
from the code-point offsets of the report.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from transfix import __version__
from transfix.api import Problem, Processor
from transfix.document import read_document
from transfix.errors import TransfixError
from transfix.review import write_file
from transfix.review.entries import Entries
from transfix.runner import Outcome

DATA_VERSION = 1
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PLACEHOLDER = re.compile(r"\{\{([A-Z]+)\}\}")


def asset(name: str) -> str:
    """A file of the page (``review.html``, ``review.js``, ``review.css``): package data."""
    return resources.files("transfix.review").joinpath("assets", name).read_text(encoding="utf-8")


def refuse(output_format: str, output: str | None) -> str | None:
    """Why ``--format``/``-o`` cannot be used as given (one line), or None."""
    if output_format == "html" and output is None:
        return "--format html writes a page to a file: give it with -o FILE (e.g. -o review.html)"
    if output is None:
        return None
    if output_format != "html":
        return f"-o writes the HTML review page; it goes with --format html, not {output_format}"
    target = Path(output)
    if target.is_dir():
        return f"{output}: is a directory, expected a file name for the page"
    parent = target.parent
    if not parent.is_dir():
        return f"{output}: no such folder {str(parent)!r} to write the page into"
    return None


def _utf16(text: str) -> Callable[[int], int]:
    """Code-point offset -> UTF-16 offset in ``text``."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda i: i
    return lambda i: i + bisect.bisect_left(astral, i)


def _kind(p: Problem) -> str:
    if p.replacement is None:
        return "finding"
    return "fix" if p.fixable else "suggestion"


def _groups(problems: Sequence[Problem], text: str) -> list[tuple[int, int, str]]:
    """Safe fixes merged where they overlap: (start, end, what the span became).

    Each safe fix's ``replacement`` is what its original span finally became, so a
    span that contains the others of its group carries their effect.
    """
    fixes = sorted((p for p in problems if p.fixable), key=lambda p: (p.start, -p.end))
    out: list[tuple[int, int, str]] = []
    for p in fixes:
        assert p.replacement is not None
        if out and p.start < out[-1][1]:
            start, end, new = out[-1]
            if p.end <= end:
                continue  # inside the group's span: its effect is already in ``new``
            # a partial overlap (not produced by the engine): keep the wider one's text
            out[-1] = (start, p.end, new + text[end : p.end])
            continue
        out.append((p.start, p.end, p.replacement))
    return out


def _encoding(path: str) -> tuple[str, bool]:
    """The document's encoding and byte-order mark, so the download is stored the same way."""
    if path == "<stdin>":
        return "utf-8", False
    try:
        doc = read_document(path)
    except TransfixError:
        return "utf-8", False
    return doc.encoding, doc.bom


def document_data(index: int, path: str, text: str, problems: Sequence[Problem]) -> dict[str, Any]:
    u16 = _utf16(text)
    encoding, bom = _encoding(path)
    name = Path(path).name if path != "<stdin>" else "stdin.txt"
    items = []
    for n, p in enumerate(problems):
        items.append(
            {
                "id": f"d{index}p{n}",
                "kind": _kind(p),
                "start": u16(p.start),
                "end": u16(p.end),
                "line": p.line,
                "column": p.column,
                "rule": p.rule,
                "category": p.category,
                "severity": p.severity,
                "message": p.message,
                "evidence": p.evidence,
                "original": text[p.start : p.end],
                "replacement": p.replacement,
            }
        )
    counts = Counter(i["kind"] for i in items)
    return {
        "index": index,
        "path": path,
        "name": name,
        "encoding": encoding,
        "bom": bom,
        "text": text,
        "problems": items,
        "fixes": [[u16(a), u16(b), new] for a, b, new in _groups(problems, text)],
        "counts": {k: counts.get(k, 0) for k in ("fix", "suggestion", "finding")},
    }


def page_data(
    outcomes: Sequence[Outcome], proc: Processor, errors: Sequence[str]
) -> dict[str, Any]:
    """Everything the page shows, JSON-ready: documents with the most problems first."""
    checked = [o for o in outcomes if o.error is None and o.text is not None]
    order = sorted(checked, key=lambda o: (-len(o.problems), o.path))
    documents: list[dict[str, Any]] = []
    clean: list[str] = []
    rules: dict[str, Any] = {}
    for o in order:
        assert o.text is not None
        if not o.problems:
            clean.append(o.path)
            continue
        documents.append(document_data(len(documents), o.path, o.text, o.problems))
        entries: Entries | None = None
        for p in o.problems:
            if p.rule in rules or p.category == "suppression":
                continue
            if entries is None:
                settings = proc.settings(None if o.path == "<stdin>" else o.path)
                entries = Entries(proc.ruleset(settings))
            rules[p.rule] = entries.data(p.rule)
    return {
        "version": DATA_VERSION,
        "tool": {"name": "transfix", "version": __version__},
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "documents": documents,
        "clean": clean,
        "errors": list(errors),
        "rules": rules,
    }


def _json_for_html(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block, open a comment or start a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render(data: dict[str, Any]) -> str:
    """The page: the template with its style, script and data inlined, under a strict CSP."""
    script = asset("review.js")
    style = asset("review.css")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    n = len(data["documents"]) + len(data["clean"])
    values = {
        "CSP": html.escape(csp, quote=True),
        "TITLE": html.escape(f"transfix review: {n} file{'s' if n != 1 else ''}"),
        "GENERATOR": html.escape(f"transfix {__version__}", quote=True),
        "STYLE": style,
        "SCRIPT": script,
        "DATA": _json_for_html(data),
    }
    # One pass: text put in by one placeholder is never read for another.
    return _PLACEHOLDER.sub(lambda m: values[m[1]], asset("review.html"))


def write(path: str, outcomes: Sequence[Outcome], proc: Processor, errors: Sequence[str]) -> None:
    """Write the page for ``outcomes`` to ``path`` atomically; a note on standard error."""
    data = page_data(outcomes, proc, errors)
    write_file(path, render(data).encode("utf-8"))
    n = sum(len(d["problems"]) for d in data["documents"])
    files = len(data["documents"]) + len(data["clean"])
    sys.stderr.write(
        f"transfix: wrote {path}: {n} problem{'s' if n != 1 else ''} in "
        f"{files} file{'s' if files != 1 else ''}\n"
    )
