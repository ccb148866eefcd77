"""Rule kind ``dates``: one house date format, and dates that contradict each other.

Fixes (safe): ordinals dropped (``July 18th`` -> ``July 18``), day-month order
and numeric dates in prose turned into the house format (``18 July 2022``,
``2022/7/18`` -> ``July 18, 2022``), month abbreviations per the house style
(Xinhua ``Oct. 9``, China Daily ``Oct 9``), ISO dates on a label line
(``Today is 2020-8-28``) zero-padded. Suggestions: the year added to a
year-less date when the text gives it, a month for ``the 18th``, ``On 8 17,``.

Findings: a weekday that does not match its date; a document date (``--date``,
a ``Release date:``/``Updated:`` line, or a ``Today is ...`` page banner)
earlier than something the text reports as past, or outside the window an
anchored event implies (``greet the 20th CPC National Congress``); year-less
dates when nothing gives the year; dates in mixed formats. Each finding names
both dates and where they are.

Ranges (``Oct. 16-22, 2022``) and numbers that only look like dates
(``8.17 percent``, ``2022-2025``) are left alone.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import regex

from transfix.edits import Edit, Finding, Keep, LineIndex, Safety, Severity
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.phrases import lower_latin1
from transfix.schema import STRINGS
from transfix.styles import MONTHS, NEUTRAL, STYLE_SCHEMA, Style, load_styles, pick
from transfix.yamlsource import YamlSource

_DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

ANCHORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"const": "date-anchors"},
        "description": {"type": "string"},
        "anchors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "pattern": {"type": "string", "minLength": 1},
                    "event": {"type": "string"},
                    "before": _DATE,
                    "after": _DATE,
                    "source": STRINGS,
                    "note": {"type": "string"},
                    # a plain word the text must contain for the pattern to be tried (speed)
                    "requires": {"type": "string", "minLength": 1},
                    # texts the pattern must find, and texts it must not (run as tests)
                    "examples": {
                        "type": "object",
                        "properties": {"match": STRINGS, "no_match": STRINGS},
                        "required": ["match", "no_match"],
                        "additionalProperties": False,
                    },
                },
                "required": ["id", "pattern", "event", "source", "examples"],
                "anyOf": [{"required": ["before"]}, {"required": ["after"]}],
                "additionalProperties": False,
            },
        },
    },
    "required": ["anchors"],
    "additionalProperties": False,
}

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "past_cues": STRINGS,
        "future_cues": STRINGS,
        "document_date_labels": STRINGS,
        "banner_labels": STRINGS,
    },
    "additionalProperties": False,
}

_MONTH_NAMES = frozenset(name.lower() for name in MONTHS)
_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NUMBER.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)} | {"sept": 9})
_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "|".join(_WEEKDAYS)
_YEAR = r"(?:19|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)"

_DATES = re.compile(
    rf"""
    (?P<range>\b(?P<rmon>{_MONTH})(?P<rdot>\.)?[ \t]+(?P<rd1>\d{{1,2}})(?P<ro1>{_ORD})
        (?P<rsep>[ \t]*(?:-|–|—)[ \t]*|[ \t]+(?:to|and|through)[ \t]+)
        (?P<rd2>\d{{1,2}})(?P<ro2>{_ORD})?\b(?![\d\-–])
        (?:(?P<rcomma>,)?[ \t]+(?P<ryear>{_YEAR})(?![\d\-–]))?)
  | (?P<mdy>\b(?P<mon>{_MONTH})(?P<mdot>\.)?[ \t]+(?P<mday>\d{{1,2}})(?P<mord>{_ORD})?\b
        (?![\d\-–—/]|\.\d)
        (?:(?P<mcomma>,)?[ \t]+(?P<myear>{_YEAR})(?![\d\-–]))?)
  | (?P<dmy>(?<![\d.,/-])\b(?P<dday>\d{{1,2}})(?P<dord>{_ORD})?[ \t]+(?P<dmon>{_MONTH})\b
        (?P<ddot>\.)?(?:,?[ \t]+(?P<dyear>{_YEAR})(?![\d\-–]))?)
  | (?P<num>(?<![\w./\\\-])(?P<ny>{_YEAR})(?P<nsep>[-/.])(?P<nm>\d{{1,2}})(?P=nsep)
        (?P<nd>\d{{1,2}})(?![\w/\\\-]|\.[\w]|T\d))
  | (?P<my>\b(?P<ymon>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?[ \t]+
        (?P<yyear>{_YEAR})\b(?![\d\-–]))
  | (?P<theday>\b(?P<tpre>[Oo]n(?:[ \t]+the)?|(?:morning|afternoon|evening|night)[ \t]+of
        (?:[ \t]+the)?)[ \t]+(?P<tday>\d{{1,2}}){_ORD}\b(?=[ \t]*[,.;]))
  | (?P<bare>(?:\b(?P<bon>[Oo]n)[ \t]+)?(?P<bm>\d{{1,2}})[ \t]+(?P<bd>\d{{1,2}})(?=,))
  | (?P<period>\b(?P<pord>first|second|third|fourth)[ \t]+(?P<pkind>quarter|half)
        [ \t]+of[ \t]+(?:(?P<pyear>{_YEAR})\b|(?P<pthis>the[ \t]+year|this[ \t]+year)\b))
    """,
    re.VERBOSE,
)
# A numeric date is prose (and turned into words) only after one of these words; elsewhere
# "2022-7-8" may be a document number, part of a file name, or a label.
_PROSE_BEFORE = re.compile(
    r"\b(?:[Oo]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Tt]hrough|to|and)"
    r"[ \t]+\Z"
)
# Up to three digits: "2023st" is a year garbled with a suffix, not an ordinal to correct.
_ORDINAL = re.compile(r"(?<![\w.,])(?P<n>\d{1,3})(?P<suf>st|nd|rd|th)\b")
# Fast finders for where a date may start: each is a literal or digit scan (C speed); the
# full pattern above then runs only there. One alternation of everything is ten times slower.
_MONTH_HIT = re.compile(_MONTH)
# digits to "0", through Latin-1 bytes (a hundred times faster than str.translate on text
# with characters beyond ASCII)
_DIGITS_TO_ZERO = bytes(0x30 if chr(b) in "123456789" else b for b in range(256))
_YEAR_FIRST = re.compile(r"(?:19|20)\d\d[-/.]\d")
_BARE_AFTER = re.compile(r"[ \t]+\d{1,2},")
_PERIOD_HIT = re.compile(r"(?:quarter|half)[ \t]+of")
_DAY_BEFORE = re.compile(rf"\d{{1,2}}{_ORD}?[ \t]+\Z")
_THE_BEFORE = re.compile(
    r"(?:[Oo]n|(?:morning|afternoon|evening|night)[ \t]+of)(?:[ \t]+the)?[ \t]+\d+\Z"
)
_ORDINAL_BEFORE = re.compile(r"(?:first|second|third|fourth)[ \t]+\Z")
_ON_BEFORE = re.compile(r"[Oo]n[ \t]+\d+\Z")


def _candidates(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Offsets where the date pattern may match, in order; and ordinals (digits + suffix)."""
    found: set[int] = set()
    ordinals: list[tuple[int, int]] = []
    for m in _MONTH_HIT.finditer(text):
        s = m.start()
        if s and text[s - 1].isalpha():
            continue
        found.add(s)
        day = _DAY_BEFORE.search(text, max(0, s - 8), s)
        if day:
            found.add(day.start())
    # Digit runs: found with str.find on a copy where every digit is "0" (a regex scan for
    # digits is five times slower), then classified by what follows them.
    zeros = text.encode("latin-1", "replace").translate(_DIGITS_TO_ZERO).decode("latin-1")
    n = len(text)
    pos = zeros.find("0")
    while pos >= 0:
        end = pos + 1
        while end < n and zeros[end] == "0":
            end += 1
        run = end - pos
        if run == 4 and text[pos : pos + 2] in ("19", "20") and _YEAR_FIRST.match(text, pos):
            found.add(pos)
        elif text[end : end + 2] in ("st", "nd", "rd", "th"):
            ordinals.append((pos, end + 2))
            the = _THE_BEFORE.search(text, max(0, pos - 40), end)
            if the:
                found.add(the.start())
        elif run <= 2 and _BARE_AFTER.match(text, end):
            on = _ON_BEFORE.search(text, max(0, pos - 6), end)
            if on:
                found.add(on.start())
            elif _at_sentence_start(text, pos):
                found.add(pos)
        pos = zeros.find("0", end)
    folded = lower_latin1(text)
    for word in ("quarter", "half"):
        pos = folded.find(word)
        while pos >= 0:
            if _PERIOD_HIT.match(folded, pos):
                ordinal = _ORDINAL_BEFORE.search(text, max(0, pos - 10), pos)
                if ordinal:
                    found.add(ordinal.start())
            pos = folded.find(word, pos + 1)
    return sorted(found), ordinals


def _at_sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r"


_NOT_DIGITS = "".join(chr(c) for c in range(128) if not chr(c).isdigit())
_RANGE_SEP = re.compile(
    r"\d(?:st|nd|rd|th)?(?P<sep>[ \t]*(?:-|–|—)[ \t]*|[ \t]+(?:to|and|through)[ \t]+)\d"
)
_ABBREVIATED = frozenset({1, 2, 8, 9, 10, 11, 12})  # months whose forms differ between styles


def _range_sep(text: str) -> str:
    m = _RANGE_SEP.search(text)
    return m.group("sep") if m else "-"


def _month_form(token: str) -> str:
    """How a month is written before a day: "period" (Oct.), "bare" (Oct), "full" (October)."""
    if token.endswith("."):
        return "period"
    return "full" if token.lower() in _MONTH_NAMES else "bare"


def ordinal_suffix(n: int) -> str:
    """The English ordinal suffix of ``n``: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 42nd."""
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


_LABEL_LINE = re.compile(r"[ \t]*(?P<label>[A-Za-z][A-Za-z ]{1,30}?)[ \t]*:?[ \t]*$")
_DATELINE_HEAD = re.compile(r"[ \t]*[A-Z][A-Z'’ .\-]+(?:,[ \t]*[A-Z][A-Za-z .\-]+)?,[ \t]*$")
_DATELINE_TAIL = re.compile(r"[ \t]*\([A-Z][A-Za-z .]+\)[ \t]*[-–—]")
_STANDALONE_YEAR = re.compile(r"(?<![\d\-/.–])((?:19|20)\d{2})(?![\d\-/.–])")
_RELATIVE_YEAR = re.compile(r"\b(?P<which>this|last)[ \t]+year\b(?![ \t]*'s)", re.IGNORECASE)
_LINE_TAIL = re.compile(r"[ \t]*(?:\d{1,2}:\d{2}(?::\d{2})?)?[ \t\r]*$")
_FIXED_NAME = re.compile(
    r"[ \t]+(?:Movement|Incident|Uprising|Road|Street|Avenue|Square|Bridge|Campaign)\b"
)
_WEEKDAY_BEFORE = re.compile(rf"(?P<wd>{_WEEKDAY})[ \t]*,?[ \t]*$")
_WEEKDAY_AFTER = re.compile(rf"^[ \t]*,?[ \t]*\(?(?P<wd>{_WEEKDAY})\)?")
_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")


@dataclass(frozen=True)
class Anchor:
    id: str
    pattern: regex.Pattern[str]
    event: str
    before: dt.date | None
    after: dt.date | None
    origin: str
    unverified: bool
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()
    requires: str | None = None


@dataclass
class _Mention:
    """One date expression found in the text."""

    start: int
    end: int
    form: str  # range, mdy, dmy, num, my, theday, bare, period
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None  # a range's last day ("July 8th to 10th")
    mon_text: str | None = None  # the month as written ("Oct.", "Oct", "October")
    prose: bool = False  # a numeric date in running prose ("on 2022/7/18")
    invalid: bool = False  # shaped like a date, but not one ("2022-2-30")
    first: dt.date | None = None  # for a period: its first and last day
    last: dt.date | None = None
    line_label: str | None = None  # the label of a "Label: date" line


@dataclass(frozen=True)
class DocumentDate:
    date: dt.date
    label: str  # how the message names it
    start: int
    banner: bool


def _fmt(d: dt.date, style: Style) -> str:
    return f"{style.month_with_day(d.month)} {d.day}, {d.year}"


def _valid(y: int | None, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    if y is None:
        return d <= (29 if m == 2 else calendar.monthrange(2001, m)[1])
    return d <= calendar.monthrange(y, m)[1]


class DatesRule(Rule):
    kind = "dates"
    sub_ids: ClassVar[dict[str, str]] = {
        "format": "a date rewritten in the house format (“July 18, 2022”, “Oct. 9”)",
        "completion": "a year-less date completed with the document's year (a suggestion)",
        "consistency": "dates that contradict each other, their weekday or the document date",
        "ordinal": "a wrong ordinal suffix (“42th” -> “42nd”)",
        "mixed-style": "months written in two house styles in one text (no style chosen)",
    }
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {
        "date-anchors": ANCHORS_SCHEMA,
        "style": STYLE_SCHEMA,
    }

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.past_cues = frozenset(w.lower() for w in opts.get("past_cues", ()))
        self.future_cues = frozenset(w.lower() for w in opts.get("future_cues", ()))
        self.doc_labels = tuple(w.lower() for w in opts.get("document_date_labels", ()))
        self.banner_labels = tuple(w.lower() for w in opts.get("banner_labels", ()))
        self.styles = load_styles(data.get("style", ()))
        self.anchors: list[Anchor] = []
        for src in data.get("date-anchors", ()):
            for i, raw in enumerate(src.data["anchors"]):
                key = ("anchors", i)
                try:
                    pattern = regex.compile(raw["pattern"], regex.IGNORECASE)
                except regex.error as exc:
                    raise src.error(
                        f"invalid regular expression {raw['pattern']!r}: {exc}", (*key, "pattern")
                    ) from None
                self.anchors.append(
                    Anchor(
                        id=raw["id"],
                        pattern=pattern,
                        event=raw["event"],
                        before=dt.date.fromisoformat(raw["before"]) if "before" in raw else None,
                        after=dt.date.fromisoformat(raw["after"]) if "after" in raw else None,
                        origin=src.where(key),
                        unverified="K" in raw["source"],
                        match=tuple(raw["examples"]["match"]),
                        no_match=tuple(raw["examples"]["no_match"]),
                        requires=raw["requires"].lower() if "requires" in raw else None,
                    )
                )
        # how a text is lowercased to look for the anchors' required words: through a byte
        # table (one byte a character, where str.lower takes twelve) unless a word lies
        # outside Latin-1; None when no anchor requires a word
        words = [a.requires for a in self.anchors if a.requires]
        self._lower: Callable[[str], str] | None = None
        if words:
            self._lower = lower_latin1 if all(max(w) <= "\xff" for w in words) else str.lower

    # ------------------------------------------------------------------------- scan

    def entry_ids(self) -> dict[str, str]:
        """The fixed sub-ids, and ``anchor-<id>`` for each date anchor."""
        return {
            **self.sub_ids,
            **{f"anchor-{a.id}": f"a date that does not fit {a.event}" for a in self.anchors},
        }

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        style = pick(self.styles, ctx.style)
        starts, ordinals = _candidates(text)
        mentions = _Mentions(self._mentions(text, starts))
        yield from self._ordinals(text, ordinals)
        if not mentions and not self.anchors:
            return
        lines = _Lines(text)
        doc = self._document_date(text, mentions, ctx)
        if style.neutral:
            style = self._document_convention(mentions)
        for m in mentions:
            yield from self._normalise(m, text, style, doc, mentions)
        yield from self._weekdays(text, mentions, style)
        if doc is not None:
            yield from self._against_document(text, mentions, doc, style, lines)
        yield from self._anchored(text, doc, style, lines)
        yield from self._mixed_formats(mentions, lines)
        if style.neutral:
            yield from self._mixed_months(mentions)
        if doc is not None and not doc.banner:
            yield from self._relative_years(text, doc)

    def _ordinals(self, text: str, ordinals: list[tuple[int, int]]) -> Iterator[Edit]:
        """ "the 42th meeting" -> "the 42nd meeting": a wrong suffix has no legitimate reading."""
        for start, end in ordinals:
            m = _ORDINAL.match(text, start)
            if m is None or m.end() != end:
                continue
            n = int(m.group("n"))
            right = ordinal_suffix(n)
            if m.group("suf") != right:
                yield self.edit(
                    m.start("suf"),
                    m.end("suf"),
                    right,
                    "ordinal",
                    f"the ordinal of {n} is “{n}{right}”",
                )

    def _document_convention(self, mentions: _Mentions) -> Style:
        """No house style chosen: how this document writes months before a day, if it shows.

        A neutral style that keeps every accepted form, but writes *new* month names (a
        numeric date turned into words) as the document's majority does: "Oct. 9" (a style
        whose abbreviations take a period), "Oct 9" (one whose do not), else "October 9".
        """
        counts: dict[str, int] = {}
        for m in mentions:
            if m.form in ("mdy", "range") and m.mon_text and m.month in _ABBREVIATED:
                kind = _month_form(m.mon_text)
                counts[kind] = counts.get(kind, 0) + 1
        if not counts:
            return NEUTRAL
        majority = max(sorted(counts), key=lambda k: counts[k])
        for style in self.styles.values():
            months = style.months_with_day or {}
            if months and _month_form(months.get("October", "October")) == majority:
                return replace(NEUTRAL, months_with_day=months)
        return NEUTRAL

    def _mentions(self, text: str, starts: list[int]) -> Iterator[_Mention]:
        last_end = 0
        for pos in starts:
            match = _DATES.match(text, pos)
            if match is None or match.start() < last_end:
                continue
            last_end = match.end()
            form = match.lastgroup or ""
            g = match.group
            m = _Mention(match.start(), match.end(), form, match.group())
            if form == "range":
                m.month, m.day = _MONTH_NUMBER[g("rmon").lower()], int(g("rd1"))
                m.day2 = int(g("rd2"))
                m.mon_text = g("rmon") + (g("rdot") or "")
                m.year = int(g("ryear")) if g("ryear") else None
            elif form == "mdy":
                m.month, m.day = _MONTH_NUMBER[g("mon").lower()], int(g("mday"))
                m.mon_text = g("mon") + (g("mdot") or "")
                m.year = int(g("myear")) if g("myear") else None
            elif form == "dmy":
                m.month, m.day = _MONTH_NUMBER[g("dmon").lower()], int(g("dday"))
                m.mon_text = g("dmon") + (g("ddot") or "")
                m.year = int(g("dyear")) if g("dyear") else None
            elif form == "num":
                m.year, m.month, m.day = int(g("ny")), int(g("nm")), int(g("nd"))
                m.prose = _PROSE_BEFORE.search(text, max(0, m.start - 12), m.start) is not None
                if not _valid(m.year, m.month, m.day):
                    if not (1 <= m.month <= 12 and 1 <= m.day <= 31):
                        continue  # "2021-13-45" is not a date
                    m.invalid = True  # "2022-2-30": shaped like a date, but none
            elif form == "my":
                m.month, m.year = _MONTH_NUMBER[g("ymon").lower()], int(g("yyear"))
            elif form == "theday":
                m.day = int(g("tday"))
            elif form == "bare":
                m.month, m.day = int(g("bm")), int(g("bd"))
                if not _valid(None, m.month, m.day):
                    continue
                if not g("bon") and not _at_sentence_start(text, m.start):
                    continue
            elif form == "period":
                m.year = int(g("pyear")) if g("pyear") else None
                self._period_bounds(m, g("pord"), g("pkind"))
            if form == "mdy" and g("mord") and _FIXED_NAME.match(text, m.end):
                continue  # "the May 4th Movement": the ordinal belongs to a name
            # A "Label: date" line: a short head before the date, nothing after but a time.
            head = max(0, m.start - 40)
            line_start = text.rfind("\n", head, m.start) + 1 or (0 if head == 0 else -1)
            if line_start >= 0:
                line_end = text.find("\n", m.end, m.end + 12)
                label = _LABEL_LINE.match(text, line_start, m.start)
                tail_end = min(len(text), m.end + 12) if line_end < 0 else line_end
                if label and _LINE_TAIL.match(text, m.end, tail_end):
                    m.line_label = label.group("label").strip()
                elif _DATELINE_HEAD.match(text, line_start, m.start) and _DATELINE_TAIL.match(
                    text, m.end
                ):
                    m.line_label = "dateline"  # "YULIN, Shaanxi, Sept. 15, 2021 (Xinhua) --"
            yield m

    @staticmethod
    def _period_bounds(m: _Mention, ordinal: str, kind: str) -> None:
        if m.year is None:
            return
        n = ("first", "second", "third", "fourth").index(ordinal) + 1
        size = 3 if kind == "quarter" else 6
        if n * size > 12:
            return
        first_month = (n - 1) * size + 1
        last_month = n * size
        m.first = dt.date(m.year, first_month, 1)
        m.last = dt.date(m.year, last_month, calendar.monthrange(m.year, last_month)[1])

    # ------------------------------------------------------------------ document date

    def _document_date(
        self, text: str, mentions: _Mentions, ctx: ScanContext
    ) -> DocumentDate | None:
        if ctx.date is not None:
            return DocumentDate(ctx.date, f"the document date {ctx.date.isoformat()}", -1, False)
        for m in mentions:
            if m.line_label is None or m.year is None or m.month is None or m.day is None:
                continue
            if m.invalid or not _valid(m.year, m.month, m.day):
                continue  # "Today is 2022-2-30" dates nothing (reported as no date elsewhere)
            label = m.line_label.lower()
            if label in ("dateline",):
                line = text[text.rfind("\n", 0, m.start) + 1 : text.find(")", m.end) + 1]
                return DocumentDate(
                    dt.date(m.year, m.month, m.day),
                    f"the dateline “{line.strip()}”",
                    m.start,
                    False,
                )
            banner = label in self.banner_labels
            if banner or label in self.doc_labels:
                line = text[text.rfind("\n", 0, m.start) + 1 : m.end]
                kind = "the page banner" if banner else "the date line"
                return DocumentDate(
                    dt.date(m.year, m.month, m.day), f"{kind} “{line.strip()}”", m.start, banner
                )
        return None

    # -------------------------------------------------------------------------- fixes

    def _edit(
        self,
        m: _Mention,
        replacement: str,
        message: str,
        safe: bool = True,
        evidence: str | None = None,
    ) -> Edit:
        return self.edit(
            m.start,
            m.end,
            replacement,
            "format" if safe else "completion",
            message,
            safety=Safety.SAFE if safe else Safety.UNSAFE,
            evidence=evidence,
        )

    def _normalise(
        self,
        m: _Mention,
        text: str,
        style: Style,
        doc: DocumentDate | None,
        mentions: _Mentions,
    ) -> Iterator[Edit | Finding]:
        house = "no house style chosen" if style.neutral else f"house style ({style.id})"
        if m.form in ("mdy", "dmy", "range") and m.month and m.day:
            if not _valid(m.year, m.month, m.day) or (
                m.day2 is not None and not _valid(m.year, m.month, m.day2)
            ):
                yield self._finding(m, f"“{m.text}” is not a date", Severity.ERROR)
                return
            # Neutral: the month stays as written (every house style's form is accepted).
            month = m.mon_text if style.neutral and m.mon_text else style.month_with_day(m.month)
            target = f"{month} {m.day}"
            if m.form == "range":
                target = f"{month} {m.day}{_range_sep(m.text)}{m.day2}"
            if m.year:
                target += f", {m.year}"
            if target != m.text:
                yield self._edit(m, target, f"{house}: “{target}”")
            elif m.year is None and m.form != "range":
                yield from self._complete_year(m, text, style, doc, mentions)
        elif m.form == "num" and m.year and m.month and m.day:
            if m.invalid:
                if m.prose or m.line_label is not None:
                    yield self._finding(m, f"“{m.text}” is not a date", Severity.ERROR)
                return
            if not m.prose:
                return  # a label, a document number, a file name: not prose
            target = _fmt(dt.date(m.year, m.month, m.day), style)
            if target != m.text:
                yield self._edit(m, target, f"a date in prose is written in words: “{target}”")
        elif m.form == "my" and m.month and m.year and not style.neutral:
            target = f"{MONTHS[m.month - 1]} {m.year}"
            if target != m.text:
                yield self._edit(m, target, f"{house}: a month without a day is spelled out")
        elif m.form == "bare" and m.month and m.day:
            on = "On" if not m.text[:1].isalpha() else m.text.split()[0]
            target = f"{on} {style.month_with_day(m.month)} {m.day}"
            yield self._edit(
                m, target, f"“{m.text}” reads as month and day: “{target}”?", safe=False
            )
        elif m.form == "theday" and m.day:
            if doc is not None and not doc.banner and _valid(doc.date.year, doc.date.month, m.day):
                day_at = len(m.text) - len(m.text.lstrip(_NOT_DIGITS))
                prefix = m.text[:day_at]
                if prefix.rstrip().endswith("the"):
                    prefix = prefix.rstrip()[:-3]
                target = f"{prefix.rstrip()} {style.month_with_day(doc.date.month)} {m.day}"
                yield self._edit(
                    m,
                    target,
                    "a day needs its month",
                    safe=False,
                    evidence=f"month of {doc.label}",
                )
            else:
                yield self._finding(m, f"“{m.text}” gives a day but no month", Severity.INFO)

    def _complete_year(
        self,
        m: _Mention,
        text: str,
        style: Style,
        doc: DocumentDate | None,
        mentions: _Mentions,
    ) -> Iterator[Edit | Finding]:
        assert m.month is not None and m.day is not None
        s0, s1 = _sentence(text, m.start)
        year, why = None, None
        starts = mentions.starts
        nearby = mentions[bisect.bisect_left(starts, s0) : bisect.bisect_left(starts, s1)]
        same = {x.year for x in nearby if x.year and x is not m}
        if len(same) == 1:
            year = same.pop()
            why = f"the year {year} stated in the same sentence"
        elif doc is not None and not doc.banner:
            year, why = doc.date.year, doc.label
        if year is None or not _valid(year, m.month, m.day):
            if not any(x.year for x in mentions) and doc is None:
                yield self._finding(
                    m, f"“{m.text}” has no year, and the text gives none", Severity.INFO
                )
            return
        target = f"{m.text}, {year}"
        yield self._edit(m, target, f"the full date: “{target}”", safe=False, evidence=why)

    # ----------------------------------------------------------------------- findings

    def _finding(
        self,
        m: _Mention,
        message: str,
        severity: Severity = Severity.WARNING,
        evidence: str | None = None,
    ) -> Finding:
        return self.finding(
            m.start, m.end, "consistency", message, severity=severity, evidence=evidence
        )

    def _weekdays(self, text: str, mentions: _Mentions, style: Style) -> Iterator[Finding]:
        for m in mentions:
            if m.form not in ("mdy", "dmy", "num") or not (m.year and m.month and m.day):
                continue
            if not _valid(m.year, m.month, m.day):
                continue
            before = _WEEKDAY_BEFORE.search(text[max(0, m.start - 14) : m.start])
            after = _WEEKDAY_AFTER.match(text[m.end : m.end + 14])
            for found in (before, after):
                if found is None:
                    continue
                date = dt.date(m.year, m.month, m.day)
                actual = _WEEKDAYS[date.weekday()]
                if found.group("wd") != actual:
                    yield self._finding(
                        m,
                        f"“{found.group('wd')}” does not match {_fmt(date, style)}, "
                        f"which was a {actual}",
                        Severity.ERROR,
                    )

    def _reported_as_past(self, text: str, m: _Mention) -> str | None:
        s0, s1 = _sentence(text, m.start)
        words = re.findall(r"[a-z]+", text[s0:s1].lower())
        if any(w in self.future_cues for w in words):
            return None
        return next((w for w in words if w in self.past_cues), None)

    def _against_document(
        self,
        text: str,
        mentions: _Mentions,
        doc: DocumentDate,
        style: Style,
        lines: _Lines,
    ) -> Iterator[Finding]:
        where_doc = f" (line {lines.line_col(doc.start)[0]})" if doc.start >= 0 else ""
        doc_desc = f"{doc.label}{where_doc} dates the text {_fmt(doc.date, style)}"
        seen: set[str] = set()
        for m in mentions:
            if m.start == doc.start:
                continue
            if m.form == "period" and m.first is None and m.year is None:
                m.year = doc.date.year if not doc.banner else None  # "of the year"
                self._period_bounds(m, *m.text.split()[:2])
            if m.form == "period" and m.first and m.last:
                first, last = m.first, m.last
            elif m.form in ("mdy", "dmy", "num") and m.year and m.month and m.day:
                if not _valid(m.year, m.month, m.day):
                    continue
                first = last = dt.date(m.year, m.month, m.day)
            else:
                continue
            if last <= doc.date:
                continue
            cue = self._reported_as_past(text, m)
            if cue is None or m.text in seen:
                continue
            seen.add(m.text)
            line = lines.line_col(m.start)[0]
            if first <= doc.date:
                what = (
                    f"“{m.text}” (line {line}) is reported as complete before it ended "
                    f"({_fmt(last, style)})"
                )
            else:
                what = f"“{m.text}” (line {line}) is reported as past (“{cue}”)"
            advice = "; a page banner is often stale site chrome" if doc.banner else ""
            yield self._finding(
                m, f"{what}, but {doc_desc}{advice}", evidence=f"“{cue}” in the same sentence"
            )

    def _anchored(
        self, text: str, doc: DocumentDate | None, style: Style, lines: _Lines
    ) -> Iterator[Finding]:
        if doc is None:
            return
        lowered = self._lower(text) if self._lower is not None else text
        for anchor in self.anchors:
            found = _find_anchor(anchor, text, lowered)
            if found is None:
                continue
            wrong = None
            if anchor.before is not None and doc.date >= anchor.before:
                wrong = f"which places it before {_fmt(anchor.before, style)}"
            elif anchor.after is not None and doc.date < anchor.after:
                wrong = f"which places it after {_fmt(anchor.after, style)}"
            if wrong is None:
                continue
            line = lines.line_col(found.start())[0]
            where_doc = f" (line {lines.line_col(doc.start)[0]})" if doc.start >= 0 else ""
            yield Finding(
                found.start(),
                found.end(),
                rule=self.spec.id,
                entry=f"anchor-{anchor.id}",
                origin=anchor.origin,
                message=(
                    f"“{found.group()}” (line {line}) refers to {anchor.event}, {wrong}, "
                    f"but {doc.label}{where_doc} dates the text {_fmt(doc.date, style)}"
                ),
                severity=Severity.INFO if anchor.unverified else Severity.WARNING,
            )

    def _relative_years(self, text: str, doc: DocumentDate) -> Iterator[Finding]:
        """'this year' / 'last year' against a year stated in the same sentence."""
        if "year" not in text:
            return
        for m in _RELATIVE_YEAR.finditer(text):
            s0, s1 = _sentence(text, m.start())
            years = {int(y) for y in _STANDALONE_YEAR.findall(text, s0, s1)}
            if len(years) != 1:
                continue
            (stated,) = years
            which = m.group("which").lower()
            expected = doc.date.year if which == "this" else doc.date.year - 1
            if stated != expected:
                yield self.finding(
                    m.start(),
                    m.end(),
                    "consistency",
                    f"“{m.group()}” is {expected} by {doc.label}, but the same sentence "
                    f"states {stated}",
                )

    def _mixed_formats(self, mentions: _Mentions, lines: _Lines) -> Iterator[Finding]:
        forms: dict[str, _Mention] = {}
        for m in mentions:
            if m.line_label is not None or m.form not in ("mdy", "dmy", "num"):
                continue
            if m.form == "num" and not m.prose:
                continue
            shape = m.form if m.form != "num" else "numeric"
            if m.form == "mdy" and m.text[-2:] in ("st", "nd", "rd", "th"):
                shape = "ordinal"
            forms.setdefault(shape, m)
        if len(forms) < 2:
            return
        listed = "; ".join(
            f"“{m.text}” (line {lines.line_col(m.start)[0]})" for m in forms.values()
        )
        first = min(forms.values(), key=lambda m: m.start)
        yield self._finding(
            first, f"dates in {len(forms)} formats in one text: {listed}", Severity.INFO
        )

    def _mixed_months(self, mentions: _Mentions) -> Iterator[Finding]:
        """No house style chosen: months written one way here and another way there."""
        mine = [
            (m, _month_form(m.mon_text))
            for m in mentions
            if m.form in ("mdy", "range") and m.mon_text and m.month in _ABBREVIATED
        ]
        counts: dict[str, int] = {}
        for _, form in mine:
            counts[form] = counts.get(form, 0) + 1
        if len(counts) < 2:
            return
        majority = max(sorted(counts), key=lambda k: counts[k])
        example = next(m for m, form in mine if form == majority)
        for m, form in mine:
            if form != majority:
                yield self.finding(
                    m.start,
                    m.end,
                    "mixed-style",
                    f"“{m.text}” writes the month in another house style than the rest of "
                    f"the text (“{example.text}”, {counts[majority]} times); make them agree, "
                    "or choose a style with --style",
                    severity=Severity.INFO,
                )


ANCHOR_WINDOW = 300  # characters around each occurrence of an anchor's required word
ANCHOR_TIMEOUT = 0.25  # seconds; a pattern that takes longer counts as not found


def _find_anchor(anchor: Anchor, text: str, lowered: str) -> regex.Match[str] | None:
    """The first match of an anchor; with ``requires``, searched only around that word."""
    try:
        if not anchor.requires:
            return anchor.pattern.search(text, timeout=ANCHOR_TIMEOUT)
        pos = lowered.find(anchor.requires)
        while pos >= 0:
            lo = max(0, pos - ANCHOR_WINDOW)
            hi = pos + len(anchor.requires) + ANCHOR_WINDOW
            found = anchor.pattern.search(text, lo, hi, timeout=ANCHOR_TIMEOUT)
            if found is not None:
                return found
            pos = lowered.find(anchor.requires, hi - ANCHOR_WINDOW)
        return None
    except TimeoutError:
        return None


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (at most 600 characters each way)."""
    lo, hi = max(0, pos - 600), min(len(text), pos + 600)
    start = max(text.rfind(".", lo, pos), text.rfind("\n", lo, pos), text.rfind("?", lo, pos))
    m = _SENTENCE_END.search(text, pos, hi)
    return (start + 1 if start >= 0 else lo), (m.start() if m else hi)


class _Mentions(list[_Mention]):
    """The date mentions of one text, in text order, with their start offsets."""

    def __init__(self, items: Iterable[_Mention]) -> None:
        super().__init__(items)
        self.starts = [m.start for m in self]


class _Lines:
    """Line numbers, computed only if a message needs one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: LineIndex | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index.line_col(offset)
