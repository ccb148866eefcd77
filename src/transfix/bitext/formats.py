"""Bitext files: segments of Chinese source and English target, mapped exactly onto the file.

Every format is read into :class:`Segment` objects whose ``target`` is the *logical* English
text: entities and escapes decoded, each inline tag, comment or CDATA section replaced by one
``"\\x00"`` (as the markup views mask markup). ``runs`` maps every stretch of that logical
string back to the file text, so that the engine runs its rules on plain English and
:func:`apply_target_edits` changes only target characters. Everything else in the file
(inline tags, notes, states, attributes, comments, whitespace, line endings, the way each
untouched character was escaped) stays byte-for-byte.

Formats: TSV (``zh<TAB>en``), TMX 1.4 (read only), XLIFF 1.2, XLIFF 2.x and PO.

XML is checked for well-formedness by the standard library's expat, with any DOCTYPE refused
before an entity can be declared or expanded; the offsets come from this module's own scanner,
which reads only text expat has accepted. PO is validated by ``polib`` and mapped by this
module's own line scanner. Both parsers are imported only when a file of their kind is read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from transfix.edits import LineIndex
from transfix.errors import InputError

Format = Literal["tsv", "tmx", "xliff1", "xliff2", "po"]
FORMATS: tuple[Format, ...] = ("tsv", "tmx", "xliff1", "xliff2", "po")
WRITABLE: frozenset[str] = frozenset({"tsv", "xliff1", "xliff2", "po"})

TAG = "\x00"  # the logical character of one inline tag
_new = tuple.__new__  # makes a Run without the named tuple's Python-level __new__ (2x faster)
TEXT, ESCAPE, TAG_RUN, JOIN = "text", "escape", "tag", "join"

_DISPLAY = {"tsv": "TSV", "tmx": "TMX", "xliff1": "XLIFF 1.2", "xliff2": "XLIFF 2", "po": "PO"}
_EXTENSIONS = {
    ".tsv": "tsv",
    ".tab": "tsv",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".po": "po",
    ".pot": "po",
}


class Run(NamedTuple):
    """How ``target[lstart:lend]`` maps onto ``text[fstart:fend]``.

    ``kind`` is ``"text"`` (characters 1:1), ``"escape"`` (one logical character written as
    an entity or escape sequence), ``"tag"`` (an inline element, comment or CDATA section:
    one logical ``"\\x00"``, never editable) or ``"join"`` (PO: the closing quote, line break
    and opening quote between two continuation strings; logically empty).

    A named tuple, not a frozen dataclass: a 20,000-unit file has hundreds of thousands of
    runs, and a frozen dataclass is several times slower to create.
    """

    lstart: int
    lend: int
    fstart: int
    fend: int
    kind: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One source/target pair of a bitext file."""

    index: int
    id: str
    source: str  # plain Chinese: entities decoded, inline tags removed, whitespace as is
    source_line: int
    source_column: int
    target: str  # logical English: entities decoded, each inline tag one "\x00"
    target_line: int
    target_column: int
    runs: tuple[Run, ...]  # cover target exactly, in order ("tag" runs included)
    state: str | None = None  # XLIFF state, PO "fuzzy"; informative only
    source_runs: tuple[Run, ...] = ()  # cover source exactly (no "tag" runs)


@dataclass(frozen=True, slots=True)
class MissingTarget:
    """A unit with a source and no target (no ``<target>``, an empty ``msgstr``...)."""

    id: str
    source: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SkippedEdit:
    """An edit :func:`apply_target_edits` did not apply, and why."""

    position: int  # the edit's place in the sequence given
    index: int
    start: int
    end: int
    replacement: str
    reason: str


@dataclass
class BitextFile:
    """A parsed bitext file: its text, its segments, and units that have no target."""

    path: str | None
    format: str  # "tsv" | "tmx" | "xliff1" | "xliff2" | "po"
    text: str
    segments: list[Segment]
    writable: bool
    missing: list[MissingTarget] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a file offset."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)


# --------------------------------------------------------------------------------------------
# Public helpers


def detect_format(path: str, text: str) -> str | None:
    """The bitext format of a file, by extension and, for XML, by its root element."""
    lower = path.lower()
    dot = lower.rfind(".")
    ext = _EXTENSIONS.get(lower[dot:]) if dot >= 0 else None
    if ext in ("tsv", "po", "tmx"):
        return ext
    root = _sniff_root(text)
    if root is None:
        return "xliff1" if ext == "xliff" else None
    name, attrs = root
    local = name.rpartition(":")[2]
    if local == "tmx":
        return "tmx"
    if local == "xliff":
        version = attrs.get("version", ("", 0))[0]
        xmlns = " ".join(v for k, (v, _) in attrs.items() if k.startswith("xmlns"))
        if version.startswith("2") or "xliff:document:2" in xmlns:
            return "xliff2"
        return "xliff1"
    return "xliff1" if ext == "xliff" else None


def parse(text: str, path: str | None, fmt: str | None = None) -> BitextFile:
    """Read a bitext file; every problem is an :class:`InputError` with its line and column.

    The cyclic garbage collector is paused while the segments are built: they hold no
    cycles, and its passes over hundreds of thousands of new runs cost about a third of the
    time.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path, fmt)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, path: str | None, fmt: str | None) -> BitextFile:
    name = path if path is not None else "<stdin>"
    if fmt is None:
        fmt = detect_format(path or "", text)
        if fmt is None:
            raise InputError(
                "cannot tell the bitext format (expected .tsv, .tmx, .xlf, .xliff or .po)", name
            )
    if fmt == "tsv":
        return _parse_tsv(text, path, name)
    if fmt == "po":
        return _parse_po(text, path, name)
    if fmt in ("tmx", "xliff1", "xliff2"):
        return _parse_xml(text, path, name, fmt)
    raise InputError(f"unknown bitext format {fmt!r}", name)


def escape(fmt: str, s: str) -> str:
    """``s`` as it is written in a target of format ``fmt``; ValueError if it cannot be."""
    if TAG in s:
        raise ValueError("replacement contains an inline-tag placeholder (NUL)")
    if fmt == "tsv":
        bad = next((c for c in s if c in "\t\r\n"), None)
        if bad is not None:
            raise ValueError(f"TSV cannot hold {bad!r} in a cell")
        return s
    if fmt == "po":
        out = s.translate(_PO_ESCAPES)
        if _PO_FORBIDDEN.search(out):
            raise ValueError("control character cannot be written in a PO string")
        return out
    if fmt in ("xliff1", "xliff2", "tmx"):
        if _XML_FORBIDDEN.search(s):
            raise ValueError("character not allowed in XML")
        return s.translate(_XML_ESCAPES)
    raise ValueError(f"unknown bitext format {fmt!r}")


def file_offset(runs: Sequence[Run], offset: int) -> int | None:
    """The file offset of logical ``offset`` (start side), or None if it falls on no run."""
    i = bisect.bisect_right(runs, offset, key=_lend)
    if i < len(runs) and runs[i].lstart <= offset:
        r = runs[i]
        return r.fstart + (offset - r.lstart) if r.kind == TEXT else r.fstart
    if runs and offset == runs[-1].lend:
        return runs[-1].fend
    return None


def apply_target_edits(
    bf: BitextFile, edits: Iterable[tuple[int, int, int, str]]
) -> tuple[str, list[SkippedEdit]]:
    """Apply ``(segment index, start, end, replacement)`` edits given in logical target offsets.

    Returns the new file text and the edits left out: out of range, overlapping an earlier
    edit (by segment, start, end), touching an inline tag, or not writable in the format.
    An edit inside one run maps directly; one spanning text, escape and join runs replaces the
    file span from its first to its last character. An insertion goes into the text run at
    that point (never between two tags). Replacements are escaped for the format.
    """
    if not bf.writable:
        name = bf.path if bf.path is not None else "<stdin>"
        raise InputError(f"{_DISPLAY.get(bf.format, bf.format)} files are read only", name)
    skipped: list[SkippedEdit] = []
    spans: list[tuple[int, int, str]] = []
    numbered = sorted(enumerate(edits), key=lambda t: (t[1][0], t[1][1], t[1][2], t[0]))
    last_index, last_start, last_end = -1, -1, -1
    segments = bf.segments
    for position, (index, start, end, replacement) in numbered:
        reason = ""
        seg = segments[index] if 0 <= index < len(segments) else None
        if seg is None:
            reason = "no such segment"
        elif not 0 <= start <= end <= len(seg.target):
            reason = "offsets outside the target"
        elif index == last_index and (start < last_end or start == end == last_start == last_end):
            reason = "overlaps another edit"
        else:
            try:
                written = escape(bf.format, replacement)
            except ValueError as exc:
                reason = str(exc)
            else:
                mapped = _map_span(seg.runs, start, end)
                if isinstance(mapped, str):
                    reason = mapped
                else:
                    spans.append((mapped[0], mapped[1], written))
                    last_index, last_start, last_end = index, start, end
        if reason:
            skipped.append(SkippedEdit(position, index, start, end, replacement, reason))
    spans.sort(key=lambda s: (s[0], s[1]))
    skipped.sort(key=lambda s: s.position)
    out: list[str] = []
    pos = 0
    text = bf.text
    for fs, fe, written in spans:
        if fs < pos:  # cannot happen for runs in file order; never write over a change
            continue
        out.append(text[pos:fs])
        out.append(written)
        pos = fe
    out.append(text[pos:])
    return "".join(out), skipped


# --------------------------------------------------------------------------------------------
# Edits


def _lend(r: Run) -> int:
    return r.lend


def _map_span(runs: Sequence[Run], start: int, end: int) -> tuple[int, int] | str:
    """File span for logical ``[start, end)``, or the reason it cannot be edited."""
    if start == end:
        for r in runs[bisect.bisect_left(runs, start, key=_lend) :]:
            if r.lstart > start:
                break
            if r.kind == TEXT:
                p = r.fstart + (start - r.lstart)
                return p, p
            if r.kind == ESCAPE:
                p = r.fstart if start == r.lstart else r.fend
                return p, p
        return "no text to insert into at this point (between inline tags)"
    i = bisect.bisect_right(runs, start, key=_lend)
    fs = fe = -1
    while i < len(runs) and runs[i].lstart < end:
        r = runs[i]
        i += 1
        if r.kind == TAG_RUN:
            return "touches an inline tag"
        if r.lstart == r.lend:  # a join strictly inside the edit
            continue
        if fs < 0:
            fs = r.fstart + (start - r.lstart) if r.kind == TEXT and start > r.lstart else r.fstart
        fe = r.fstart + (end - r.lstart) if r.kind == TEXT and end < r.lend else r.fend
    if fs < 0:
        return "no text at these offsets"
    return fs, fe


_XML_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PO_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\t"): "\\t",
    ord("\r"): "\\r",
    ord("\v"): "\\v",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
    ord("\a"): "\\a",
}
_PO_FORBIDDEN = re.compile("[\x00-\x1f]")


# --------------------------------------------------------------------------------------------
# Shared helpers

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def _first_offset(runs: Sequence[Run], anchor: int) -> int:
    for r in runs:
        if r.lend > r.lstart and r.kind != TAG_RUN:
            return r.fstart
    return anchor


def _lang_is(value: str | None, lang: str) -> bool:
    if value is None:
        return False
    v = value.strip().lower()
    return v == lang or v.startswith((lang + "-", lang + "_"))


class _Positions:
    """1-based (line, column) of offsets asked for in (mostly) increasing order.

    Counts line breaks (LF, CRLF, CR, as :class:`LineIndex`) from the previous offset, so a
    whole file costs one pass in C; an offset before the previous one falls back to a
    :class:`LineIndex`, built once.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.index: LineIndex | None = None
        self.cr = "\r" in text

    def line_col(self, offset: int) -> tuple[int, int]:
        t, a = self.text, self.pos
        if offset < a:
            if self.index is None:
                self.index = LineIndex(t)
            return self.index.line_col(offset)
        if not self.cr:
            lf = t.count("\n", a, offset)
            if lf:
                self.line += lf
                self.line_start = t.rfind("\n", a, offset) + 1
            self.pos = offset
            return self.line, offset - self.line_start + 1
        lf = t.count("\n", a, offset)
        cr = t.count("\r", a, offset)
        if lf or cr:
            if lf and cr:
                lf -= t.count("\r\n", a, offset)
            if lf and a > 0 and t[a - 1] == "\r" and t[a] == "\n":  # the LF of a counted CRLF
                lf -= 1
            self.line += lf + cr
            self.line_start = max(t.rfind("\n", a, offset), t.rfind("\r", a, offset)) + 1
        self.pos = offset
        return self.line, offset - self.line_start + 1


class _Builder:
    """Collects segments and missing targets with their line and column."""

    def __init__(self, text: str) -> None:
        self.lines = _Positions(text)
        self.segments: list[Segment] = []
        self.missing: list[MissingTarget] = []

    def add(
        self,
        id_: str,
        source: tuple[str, list[Run], int],
        target: tuple[str, list[Run], int],
        state: str | None,
    ) -> None:
        src, src_runs, src_anchor = source
        tgt, tgt_runs, tgt_anchor = target
        sl, sc = self.lines.line_col(_first_offset(src_runs, src_anchor))
        tl, tc = self.lines.line_col(_first_offset(tgt_runs, tgt_anchor))
        self.segments.append(
            Segment(
                len(self.segments),
                id_,
                src,
                sl,
                sc,
                tgt,
                tl,
                tc,
                tuple(tgt_runs),
                state,
                tuple(src_runs),
            )
        )

    def add_missing(self, id_: str, source: tuple[str, list[Run], int]) -> None:
        line, col = self.lines.line_col(_first_offset(source[1], source[2]))
        self.missing.append(MissingTarget(id_, source[0], line, col))


# --------------------------------------------------------------------------------------------
# TSV

_HEADER_TARGETS = frozenset({"en", "english", "target"})


def _parse_tsv(text: str, path: str | None, name: str) -> BitextFile:
    b = _Builder(text)
    first = True
    for line_no, (a, e) in enumerate(_lines(text), 1):
        line = text[a:e]
        if not line.strip():
            continue
        tab = line.find("\t")
        if tab < 0:
            raise InputError("expected zh<TAB>en", name, line_no, 1)
        end2 = line.find("\t", tab + 1)
        if end2 < 0:
            end2 = len(line)
        src, tgt = line[:tab], line[tab + 1 : end2]
        if first:
            first = False
            if tgt.strip().lower() in _HEADER_TARGETS and not _HAN.search(src):
                continue
        ts = a + tab + 1
        b.add(
            str(line_no),
            (src, [_new(Run, (0, tab, a, a + tab, TEXT))], a),
            (tgt, [_new(Run, (0, len(tgt), ts, ts + len(tgt), TEXT))], ts),
            None,
        )
    return BitextFile(path, "tsv", text, b.segments, True, b.missing)


# --------------------------------------------------------------------------------------------
# XML (TMX, XLIFF 1.2, XLIFF 2.x)

_XML_TOKEN = re.compile(
    r"<(?:"
    r"!--.*?--"
    r"|!\[CDATA\[(?P<cdata>.*?)\]\]"
    r"|\?.*?\?"
    r"|!(?>[^>\[\"']++|\[(?>[^\]\"']++|\"[^\"]*+\"|'[^']*+')*+\]|\"[^\"]*+\"|'[^']*+')*+"
    r"|(?P<close>/)?(?P<name>[^\s/>!?]++)(?P<attrs>(?>[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)"
    r")>",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z]+));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_PROTECTED = re.compile(r"""\b(?:mtype\s*=\s*["']protected|translate\s*=\s*["']no)["']""")
_TRANSLATE_NO = re.compile(r"""\btranslate\s*=\s*["']no["']""")
_TRANSLATE_YES = re.compile(r"""\btranslate\s*=\s*["']yes["']""")

# Inline elements whose content is text (their tags are tag runs, their text is editable).
# Every other element inside a target (ph, bpt, ept, it, ut, x, ...) is one tag run.
_TRANSPARENT = {
    "tmx": frozenset({"hi"}),
    "xliff1": frozenset({"g", "mrk"}),
    "xliff2": frozenset({"pc", "mrk"}),
}

_REFUSED = "DOCTYPE and entity declarations are not allowed in bitext files"


class _Refused(Exception):
    pass


def _xml_unescape(s: str) -> str:
    return _ENTITY.sub(_entity_char, s) if "&" in s else s


def _entity_char(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return chr(int(m.group(1), 16))
    if m.group(2) is not None:
        return chr(int(m.group(2)))
    return _NAMED.get(m.group(3), m.group(0))


def _attrs(attrs: str, base: int) -> dict[str, tuple[str, int]]:
    """Attribute values (decoded) and the file offset of each attribute name."""
    out: dict[str, tuple[str, int]] = {}
    for m in _ATTR.finditer(attrs):
        v = m.group(2) if m.group(2) is not None else m.group(3)
        out[m.group(1)] = (_xml_unescape(v), base + m.start())
    return out


def _sniff_root(text: str) -> tuple[str, dict[str, tuple[str, int]]] | None:
    """The root element's name and attributes, if ``text`` looks like XML."""
    pos = 0
    for _ in range(64):
        while pos < len(text) and text[pos] in " \t\r\n\ufeff":
            pos += 1
        # match, not search: on text that is not XML, one attempt per token, never a scan
        # from every "<" to the end of the text
        m = _XML_TOKEN.match(text, pos)
        if m is None:
            return None
        pos = m.end()
        name = m.group("name")
        if name is not None and m.group("close") is None:
            return name, _attrs(m.group("attrs"), m.start("attrs"))
    return None


def _byte_to_str_offset(data: bytes, index: int) -> int:
    return len(data[: max(index, 0)].decode("utf-8", "ignore"))


def _xml_check(text: str, name: str) -> None:
    """Well-formed XML without DOCTYPE (so without entity declarations), or InputError."""
    import xml.parsers.expat as expat

    parser = expat.ParserCreate(encoding="utf-8")  # the text is decoded already

    def refuse(*_args: object) -> int:
        raise _Refused(parser.CurrentByteIndex)

    # A DOCTYPE is refused where it starts, before any entity can be declared or expanded
    # (billion laughs, quadratic blow-up, external entities); the other two never run then.
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    data = text.encode("utf-8", "surrogatepass")
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        at = _byte_to_str_offset(data, int(exc.args[0]))
        start = text.rfind("<!DOCTYPE", 0, at + 1)  # expat reports where the declaration ends
        line, col = LineIndex(text).line_col(start if start >= 0 else at)
        raise InputError(_REFUSED, name, line, col) from None
    except expat.ExpatError as exc:
        line, col = LineIndex(text).line_col(_byte_to_str_offset(data, parser.ErrorByteIndex))
        message = expat.ErrorString(exc.code) if exc.code is not None else "error"
        raise InputError(f"malformed XML: {message}", name, line, col) from None


def _local(name: str, pfx: str) -> str | None:
    """The local name of an element in the format's namespace (None for foreign elements)."""
    if pfx:
        return name[len(pfx) :] if name.startswith(pfx) else None
    return None if ":" in name else name


def _skip_element(text: str, pos: int) -> int:
    """The end of the element whose start tag ends at ``pos``."""
    search = _XML_TOKEN.search
    depth = 1
    while True:
        m = search(text, pos)
        if m is None:  # pragma: no cover - expat accepted the text
            return len(text)
        pos = m.end()
        _, close, name, attrs = m.groups()
        if name is None:
            continue
        if close:
            depth -= 1
            if depth == 0:
                return pos
        elif not attrs.endswith("/"):
            depth += 1


def _xml_text(text: str, a: int, b: int, runs: list[Run], parts: list[str], n: int) -> int:
    if text.find("&", a, b) < 0:
        runs.append(_new(Run, (n, n + b - a, a, b, TEXT)))
        parts.append(text[a:b])
        return n + b - a
    p = a
    for m in _ENTITY.finditer(text, a, b):
        s = m.start()
        if s > p:
            runs.append(_new(Run, (n, n + s - p, p, s, TEXT)))
            parts.append(text[p:s])
            n += s - p
        runs.append(_new(Run, (n, n + 1, s, m.end(), ESCAPE)))
        parts.append(_entity_char(m))
        n += 1
        p = m.end()
    if p < b:
        runs.append(_new(Run, (n, n + b - p, p, b, TEXT)))
        parts.append(text[p:b])
        n += b - p
    return n


def _scan_content(
    text: str, pos: int, pfx: str, transparent: frozenset[str], keep_tags: bool
) -> tuple[str, list[Run], int]:
    """Logical text and runs of the element content starting at ``pos``; and where it ends.

    With ``keep_tags`` each inline element, comment, PI and CDATA section is one tag run;
    without, they are dropped (source text), except that CDATA text is kept.
    """
    search = _XML_TOKEN.search
    runs: list[Run] = []
    parts: list[str] = []
    n = 0
    depth = 0
    while True:
        m = search(text, pos)
        if m is None:  # pragma: no cover - expat accepted the text
            break
        s = m.start()
        if s > pos:
            n = _xml_text(text, pos, s, runs, parts, n)
        e = m.end()
        cdata, close, name, attrs = m.groups()
        if name is None:
            if not keep_tags:
                if cdata:
                    cs = m.start("cdata")
                    runs.append(Run(n, n + len(cdata), cs, cs + len(cdata), TEXT))
                    parts.append(cdata)
                    n += len(cdata)
                pos = e
                continue
        elif close:
            if depth == 0:
                return "".join(parts), runs, e
            depth -= 1
        elif not attrs.endswith("/"):
            local = _local(name, pfx)
            if local in transparent and not _PROTECTED.search(attrs):
                depth += 1
            else:
                e = _skip_element(text, e)
        if keep_tags:
            runs.append(_new(Run, (n, n + 1, s, e, TAG_RUN)))
            parts.append(TAG)
            n += 1
        pos = e
    return "".join(parts), runs, len(text)  # pragma: no cover


_Content = tuple[str, list[Run], int]  # logical text, runs, anchor offset (content start)


def _content(
    text: str, m: re.Match[str], pfx: str, transparent: frozenset[str], keep_tags: bool
) -> tuple[_Content, int]:
    """The content of the element whose start tag is ``m``, and the offset after its end."""
    if m.group("attrs").endswith("/"):
        return ("", [], m.start()), m.end()
    logical, runs, after = _scan_content(text, m.end(), pfx, transparent, keep_tags)
    if not runs and keep_tags:  # empty element with an end tag: room to insert
        runs.append(Run(0, 0, m.end(), m.end(), TEXT))
    return (logical, runs, m.end()), after


def _parse_xml(text: str, path: str | None, name: str, fmt: str) -> BitextFile:
    _xml_check(text, name)
    root = _XML_TOKEN.search(text)
    while root is not None and root.group("name") is None:
        root = _XML_TOKEN.search(text, root.end())
    if root is None:  # pragma: no cover - expat requires a root element
        raise InputError("no root element", name)
    qname = root.group("name")
    pfx = qname[: qname.rfind(":") + 1]
    local = qname[len(pfx) :]
    expected = "tmx" if fmt == "tmx" else "xliff"
    if local != expected:
        line, col = LineIndex(text).line_col(root.start())
        raise InputError(f"root element is <{qname}>, expected <{expected}>", name, line, col)
    attrs = _attrs(root.group("attrs"), root.start("attrs"))
    if fmt != "tmx":
        version = attrs.get("version", ("", 0))[0]
        want = "2" if fmt == "xliff2" else "1"
        if not version.startswith(want):
            at = attrs["version"][1] if "version" in attrs else root.start()
            line, col = LineIndex(text).line_col(at)
            shown = f'version="{version}"' if version else "no version"
            raise InputError(
                f"unsupported XLIFF ({shown}); transfix reads XLIFF 1.2 and 2.x", name, line, col
            )
    if fmt == "xliff1":
        return _parse_xliff1(text, path, name, pfx)
    if fmt == "xliff2":
        return _parse_xliff2(text, path, name, pfx, attrs)
    return _parse_tmx(text, path, name)


def _check_lang(
    attrs: dict[str, tuple[str, int]], key: str, lang: str, element: str, name: str, text: str
) -> str:
    """The value of a language attribute, which must be ``lang`` or a variant of it."""
    value = attrs.get(key)
    if value is None:
        raise InputError(
            f"<{element}> has no {key} attribute; transfix reads zh->en bitext "
            f'(expected {key}="{lang}...")',
            name,
        )
    if _lang_is(value[0], lang):
        return value[0]
    line, col = LineIndex(text).line_col(value[1])
    raise InputError(
        f'{key}="{value[0]}"; transfix reads zh->en bitext (expected {lang}...)', name, line, col
    )


@dataclass
class _Unit:
    id: str
    skip: bool = False
    source: _Content | None = None
    target: _Content | None = None
    state: str | None = None


def _untranslatable(attrs: str, inherited: bool) -> bool:
    """An element's ``translate="no"`` / ``"yes"``, or what it inherits."""
    if "translate" in attrs:
        if _TRANSLATE_NO.search(attrs):
            return True
        if _TRANSLATE_YES.search(attrs):
            return False
    return inherited


def _emit_unit(b: _Builder, unit: _Unit) -> None:
    if unit.skip or unit.source is None:
        return
    if unit.target is None:
        b.add_missing(unit.id, unit.source)
    else:
        b.add(unit.id, unit.source, unit.target, unit.state)


def _parse_xliff1(text: str, path: str | None, name: str, pfx: str) -> BitextFile:
    b = _Builder(text)
    q_file, q_unit = pfx + "file", pfx + "trans-unit"
    q_source, q_target = pfx + "source", pfx + "target"
    transparent = _TRANSPARENT["xliff1"]
    search = _XML_TOKEN.search
    stack: list[tuple[str, bool]] = []  # (element, untranslatable)
    src_lang = tgt_lang = None
    unit: _Unit | None = None
    pos = 0
    while (m := search(text, pos)) is not None:
        pos = m.end()
        _, close, qname, attrs = m.groups()
        if qname is None:
            continue
        if close:
            top = stack.pop()[0]
            if top == q_unit and unit is not None:
                _emit_unit(b, unit)
                unit = None
            continue
        parent, skip = stack[-1] if stack else ("", False)
        if unit is not None and parent == q_unit and qname in (q_source, q_target):
            content, pos = _content(text, m, pfx, transparent, qname == q_target)
            if qname == q_source:
                unit.source = unit.source or content
            elif unit.target is None:
                unit.target = content
                a = _attrs(attrs, m.start("attrs")) if "state" in attrs else {}
                unit.state = a["state"][0] if "state" in a else None
            continue
        if attrs.endswith("/"):
            continue
        skip = _untranslatable(attrs, skip)
        stack.append((qname, skip))
        if qname == q_file:
            a = _attrs(attrs, m.start("attrs"))
            src_lang = _check_lang(a, "source-language", "zh", "file", name, text)
            tgt_lang = _check_lang(a, "target-language", "en", "file", name, text)
        elif qname == q_unit:
            a = _attrs(attrs, m.start("attrs"))
            unit = _Unit(a["id"][0] if "id" in a else str(len(b.segments) + 1), skip)
    return BitextFile(path, "xliff1", text, b.segments, True, b.missing, src_lang, tgt_lang)


def _parse_xliff2(
    text: str, path: str | None, name: str, pfx: str, root_attrs: dict[str, tuple[str, int]]
) -> BitextFile:
    src_lang = _check_lang(root_attrs, "srcLang", "zh", "xliff", name, text)
    tgt_lang = _check_lang(root_attrs, "trgLang", "en", "xliff", name, text)
    b = _Builder(text)
    q_unit, q_segment = pfx + "unit", pfx + "segment"
    q_source, q_target = pfx + "source", pfx + "target"
    transparent = _TRANSPARENT["xliff2"]
    search = _XML_TOKEN.search
    stack: list[tuple[str, bool]] = []
    unit_id = ""
    unit_skip = False
    segs: list[_Unit] = []
    seg: _Unit | None = None
    pos = 0
    while (m := search(text, pos)) is not None:
        pos = m.end()
        _, close, qname, attrs = m.groups()
        if qname is None:
            continue
        if close:
            top = stack.pop()[0]
            if top == q_segment and seg is not None:
                segs.append(seg)
                seg = None
            elif top == q_unit:
                for i, s in enumerate(segs, 1):
                    if len(segs) > 1:
                        s.id = f"{unit_id}/{s.id or i}"
                    else:
                        s.id = f"{unit_id}/{s.id}" if s.id else unit_id
                    s.skip = unit_skip
                    _emit_unit(b, s)
                segs = []
            continue
        parent, skip = stack[-1] if stack else ("", False)
        if seg is not None and parent == q_segment and qname in (q_source, q_target):
            content, pos = _content(text, m, pfx, transparent, qname == q_target)
            if qname == q_source:
                seg.source = seg.source or content
            else:
                seg.target = seg.target or content
            continue
        if attrs.endswith("/"):
            continue
        skip = _untranslatable(attrs, skip)
        stack.append((qname, skip))
        if qname == q_unit:
            a = _attrs(attrs, m.start("attrs"))
            unit_id = a["id"][0] if "id" in a else str(len(b.segments) + 1)
            unit_skip = skip
            segs = []
        elif qname == q_segment and parent == q_unit:
            a = _attrs(attrs, m.start("attrs"))
            seg = _Unit(a["id"][0] if "id" in a else "")
            seg.state = a["state"][0] if "state" in a else None
    return BitextFile(path, "xliff2", text, b.segments, True, b.missing, src_lang, tgt_lang)


def _parse_tmx(text: str, path: str | None, name: str) -> BitextFile:
    b = _Builder(text)
    transparent = _TRANSPARENT["tmx"]
    search = _XML_TOKEN.search
    stack: list[str] = []
    src_lang: str | None = None
    tgt_lang: str | None = None
    tu: _Unit | None = None
    lang: str | None = None
    count = 0
    pos = 0
    while (m := search(text, pos)) is not None:
        pos = m.end()
        _, close, qname, attrs = m.groups()
        if qname is None:
            continue
        if close:
            top = stack.pop()
            if top == "tu" and tu is not None:
                _emit_unit(b, tu)
                tu = None
            continue
        parent = stack[-1] if stack else ""
        if qname == "seg" and parent == "tuv" and tu is not None:
            if _lang_is(lang, "zh") and tu.source is None:
                tu.source, pos = _content(text, m, "", transparent, False)
                src_lang = src_lang or lang
            elif _lang_is(lang, "en") and tu.target is None:
                tu.target, pos = _content(text, m, "", transparent, True)
                tgt_lang = tgt_lang or lang
            elif not attrs.endswith("/"):
                pos = _skip_element(text, m.end())
            continue
        if attrs.endswith("/"):
            if qname == "header":
                a = _attrs(attrs, m.start("attrs"))
                header_lang = a.get("srclang", ("", 0))[0]
                if _lang_is(header_lang, "zh"):
                    src_lang = header_lang
            continue
        stack.append(qname)
        if qname == "tu":
            count += 1
            a = _attrs(attrs, m.start("attrs"))
            tu = _Unit(a["tuid"][0] if "tuid" in a else str(count))
        elif qname == "tuv" and tu is not None:
            a = _attrs(attrs, m.start("attrs"))
            got = a.get("xml:lang") or a.get("lang")
            lang = got[0] if got else None
        elif qname == "header":
            a = _attrs(attrs, m.start("attrs"))
            header_lang = a.get("srclang", ("", 0))[0]
            if _lang_is(header_lang, "zh"):
                src_lang = header_lang
    if count and not b.segments and not b.missing:
        raise InputError('no <tuv xml:lang="zh..."> in any <tu>; transfix reads zh->en', name)
    return BitextFile(path, "tmx", text, b.segments, False, b.missing, src_lang, tgt_lang)


# --------------------------------------------------------------------------------------------
# PO

_PO_NUMERIC_ESCAPE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+)")
_PO_SIMPLE = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "\\": "\\",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "'": "'",
    "?": "?",
}
_SPLITLINES_ONLY = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")

_Pieces = list[tuple[int, int]]  # (start, end) of the text between the quotes of each string


@dataclass
class _PoEntry:
    flags: str
    ctxt: _Pieces | None = None
    msgid: _Pieces | None = None
    plural: _Pieces | None = None
    msgstr: list[tuple[int | None, _Pieces]] = field(default_factory=list)


def _po_validate(text: str, name: str) -> None:
    import polib

    # polib splits lines with str.splitlines, which also breaks at FF, VT, NEL, U+2028...;
    # inside a string those are ordinary characters, so polib is shown spaces instead.
    if _SPLITLINES_ONLY.search(text):
        text = _SPLITLINES_ONLY.sub(" ", text)
    try:
        # polib takes a path or the content; content always has a line break.
        polib.pofile(text if "\n" in text or "\r" in text else text + "\n")
    except (OSError, ValueError, UnicodeError) as exc:
        m = _POLIB_LINE.search(str(exc))
        line = int(m.group(1)) if m else None
        detail = m.group(2) if m and m.group(2) else ""
        message = f"PO syntax error: {detail}" if detail else "PO syntax error"
        raise InputError(message, name, line, 1 if line else None) from None


def _po_decode(
    text: str, pieces: _Pieces, runs: list[Run] | None, keep_tags: bool, name: str
) -> str:
    """Decode a PO string's pieces; append its runs (with joins between pieces) to ``runs``."""
    if runs is None:
        runs = []
    if len(pieces) == 1:  # the common case: one string without escapes
        cs, ce = pieces[0]
        if text.find("\\", cs, ce) < 0:
            runs.append(_new(Run, (0, ce - cs, cs, ce, TEXT)))
            return text[cs:ce]
    parts: list[str] = []
    n = 0
    prev_end = -1
    find = text.find
    for cs, ce in pieces:
        if prev_end >= 0:
            runs.append(_new(Run, (n, n, prev_end, cs, JOIN)))
        prev_end = ce
        p = cs
        while (s := find("\\", p, ce)) >= 0:
            if s > p:
                runs.append(_new(Run, (n, n + s - p, p, s, TEXT)))
                parts.append(text[p:s])
                n += s - p
            ch = _PO_SIMPLE.get(text[s + 1])
            if ch is not None:
                p = s + 2
                runs.append(_new(Run, (n, n + 1, s, p, ESCAPE)))
                parts.append(ch)
                n += 1
                continue
            m = _PO_NUMERIC_ESCAPE.match(text, s, ce)
            if m is None:
                line, col = LineIndex(text).line_col(s)
                raise InputError(
                    f"invalid escape sequence \\{text[s + 1]} in a PO string", name, line, col
                )
            p = m.end()
            if keep_tags:  # a byte value: kept as it is, never edited
                runs.append(_new(Run, (n, n + 1, s, p, TAG_RUN)))
                parts.append(TAG)
                n += 1
        if p < ce:
            runs.append(_new(Run, (n, n + ce - p, p, ce, TEXT)))
            parts.append(text[p:ce])
            n += ce - p
    return "".join(parts)


# One line of a PO file (without its line break): a comment, a keyword or continuation
# string, a blank line, or anything else (a syntax error).
_PO_SCAN = re.compile(
    r"[ \t]*(?:"
    r"(?P<comment>#[^\r\n]*+)"
    r"|(?:(?P<key>msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<index>[0-9]+)\])?)[ \t]*)?"
    r'"(?P<string>(?:[^"\\\r\n]++|\\[^\r\n])*+)"[ \t]*(?=[\r\n]|\Z)'
    r"|(?P<bad>[^\r\n]+)"
    r")?"
)


def _column(text: str, at: int) -> int:
    return at - max(text.rfind("\n", 0, at), text.rfind("\r", 0, at))


def _po_scan(text: str, name: str) -> list[_PoEntry]:
    """Entries with the file spans of their strings' contents (obsolete entries left out)."""
    entries: list[_PoEntry] = []
    cur: _PoEntry | None = None
    flags = ""
    last: _Pieces | None = None
    match = _PO_SCAN.match
    pos, end, line_no = 0, len(text), 0
    while pos < end or line_no == 0:
        line_no += 1
        m = match(text, pos)
        assert m is not None  # the pattern matches the empty string
        pos = m.end()
        # step over the line break (a string never holds one, so a line ends here)
        if pos < end:
            if text[pos] == "\r" and text.startswith("\n", pos + 1):
                pos += 2
            elif text[pos] in "\r\n":
                pos += 1
            else:  # pragma: no cover - "bad" takes the rest of any line
                pos = end
        kind = m.lastgroup
        if kind is None:  # a blank line
            continue
        if kind == "comment":
            c = m.start(kind)
            if text.startswith("#,", c):
                flags += "," + m.group(kind)[2:]
            elif text.startswith("#~", c):
                flags = ""
            last = None
            continue
        if kind == "bad":
            raise InputError("PO syntax error", name, line_no, _column(text, m.start(kind)))
        piece = m.span("string")
        key = m.group("key")
        if key is None:
            if last is None:
                col = _column(text, piece[0] - 1)
                raise InputError("PO syntax error: unexpected string", name, line_no, col)
            last.append(piece)
            continue
        if key == "msgctxt" or (key == "msgid" and (cur is None or cur.msgid is not None)):
            cur = _PoEntry(flags)
            entries.append(cur)
            flags = ""
        if cur is None or (key != "msgid" and key != "msgctxt" and cur.msgid is None):
            col = _column(text, m.start("key"))
            raise InputError(f"PO syntax error: {key} before msgid", name, line_no, col)
        last = [piece]
        if key == "msgctxt":
            cur.ctxt = last
        elif key == "msgid":
            cur.msgid = last
        elif key == "msgid_plural":
            cur.plural = last
        else:
            index = m.group("index")
            cur.msgstr.append((int(index) if index is not None else None, last))
    return entries


def _parse_po(text: str, path: str | None, name: str) -> BitextFile:
    _po_validate(text, name)
    import hashlib

    b = _Builder(text)
    target_lang: str | None = None
    for entry in _po_scan(text, name):
        if entry.msgid is None:
            continue
        src_runs: list[Run] = []
        msgid = _po_decode(text, entry.msgid, src_runs, False, name)
        if not msgid:  # the header, or nothing to translate
            if entry.ctxt is None and entry.msgstr:
                target_lang = _po_language(text, entry.msgstr[0][1], name) or target_lang
            continue
        ctxt = _po_decode(text, entry.ctxt, None, False, name) if entry.ctxt else ""
        digest = hashlib.blake2b(
            f"{ctxt}\x04{msgid}".encode("utf-8", "surrogatepass"), digest_size=6
        ).hexdigest()
        fuzzy = "fuzzy" in entry.flags and "fuzzy" in {f.strip() for f in entry.flags.split(",")}
        state = "fuzzy" if fuzzy else None
        singular = (msgid, src_runs, entry.msgid[0][0])
        plural = singular
        if entry.plural:
            plural_runs: list[Run] = []
            plural_text = _po_decode(text, entry.plural, plural_runs, False, name)
            plural = (plural_text, plural_runs, entry.plural[0][0])
        for n, pieces in entry.msgstr:
            src = plural if n else singular
            id_ = digest if n is None else f"{digest}[{n}]"
            runs: list[Run] = []
            target = _po_decode(text, pieces, runs, True, name)
            if not target:
                b.add_missing(id_, src)
                continue
            b.add(id_, src, (target, runs, pieces[0][0]), state)
    return BitextFile(path, "po", text, b.segments, True, b.missing, None, target_lang)


_PO_LANGUAGE = re.compile(r"^Language:[ \t]*([^\s]*)", re.M)


def _po_language(text: str, pieces: _Pieces, name: str) -> str | None:
    """The header's ``Language``; it must be English when it is given."""
    m = _PO_LANGUAGE.search(_po_decode(text, pieces, None, False, name))
    if m is None or not m.group(1):
        return None
    if not _lang_is(m.group(1), "en"):
        at = text.find("Language:", pieces[0][0])
        line, col = LineIndex(text).line_col(at if at >= 0 else pieces[0][0])
        raise InputError(
            f'Language "{m.group(1)}" in the PO header; transfix reads zh->en bitext '
            "(expected en...)",
            name,
            line,
            col,
        )
    return m.group(1)
