"""Rule kind ``terms``: replace non-standard renderings with the glossary's standard form.

Vocabulary lives in glossary files of ``type: terms``. Each entry gives the
standard English form (``en``) of a Chinese term (``zh``), the ``wrong`` forms
to replace, and ``accept``-able alternates to leave alone. All phrases of all
entries are matched together in one pass (see :mod:`transfix.phrases`):
case-insensitive (unless ``match_case``), whole words, across any whitespace.
The standard form (in its exact case) and accepted forms are *keeps*: an edit
that overlaps a longer or equal keep is dropped.

An entry may say where it applies: ``when``/``unless`` hold regular expressions
that must (or must not) match the text right ``before`` or ``after`` the wrong
form. Entries citing ``K`` (unverified knowledge) must be ``safety: unsafe``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, ClassVar

import regex

from transfix.edits import Edit, Finding, Keep, Safety
from transfix.kinds.base import (
    EXAMPLES_SCHEMA,
    Example,
    Rule,
    RuleSpec,
    ScanContext,
    parse_examples,
)
from transfix.phrases import FoldedText, PhraseIndex
from transfix.schema import SOURCES, STRINGS
from transfix.yamlsource import YamlSource

UNVERIFIED = "K"
CONTEXT_WINDOW = 200  # characters looked at before/after a match by when/unless
REGEX_TIMEOUT = 0.25  # seconds; a pattern that takes longer counts as not matching

_CONTEXT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"before": {"type": "string"}, "after": {"type": "string"}},
    "additionalProperties": False,
    "minProperties": 1,
}
_SAFETY_SCHEMA: dict[str, Any] = {"enum": ["safe", "unsafe"]}

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        # The Chinese source term, or its forms (a list): each a plain run of Han characters
        # (digits and Latin letters allowed), matched in a Chinese source as written.
        "zh": {
            "oneOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ]
        },
        "en": {"type": "string", "minLength": 1},
        "wrong": {**STRINGS, "minItems": 1},
        "accept": STRINGS,
        "note": {"type": "string"},
        "source": SOURCES,
        "safety": _SAFETY_SCHEMA,
        "match_case": {"type": "boolean"},
        "when": _CONTEXT_SCHEMA,
        "unless": _CONTEXT_SCHEMA,
        "examples": EXAMPLES_SCHEMA,
    },
    "required": ["id", "en", "wrong"],
    "additionalProperties": False,
}

FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"const": "terms"},
        "domain": {"type": "string"},
        "description": {"type": "string"},
        "defaults": {
            "type": "object",
            "properties": {"safety": _SAFETY_SCHEMA, "match_case": {"type": "boolean"}},
            "additionalProperties": False,
        },
        "entries": {"type": "array", "items": ENTRY_SCHEMA},
    },
    "required": ["entries"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Condition:
    before: regex.Pattern[str] | None = None
    after: regex.Pattern[str] | None = None


@dataclass(frozen=True)
class TermEntry:
    id: str
    en: str
    wrong: tuple[str, ...]
    accept: tuple[str, ...]
    origin: str
    zh: tuple[str, ...] = ()
    note: str | None = None
    source: tuple[str, ...] = ()
    safety: Safety = Safety.SAFE
    match_case: bool = False
    when: Condition | None = None
    unless: Condition | None = None
    domain: str | None = None


class Role(Enum):
    WRONG = "wrong"
    KEEP = "keep"


@dataclass(frozen=True)
class _Pattern:
    entry: TermEntry
    role: Role
    phrase: str
    exact_case: bool


_SPACES = re.compile(r"\s+")
_SQUASH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _squash(s: str) -> str:
    return _SPACES.sub(" ", s.translate(_SQUASH)).strip()


def _same_case(span: str, phrase: str, text: str, start: int) -> bool:
    """Equal but for whitespace and apostrophe style (and a sentence-initial capital)."""
    if span == phrase:
        return True
    if span[1:] != phrase[1:] and span.lower() == phrase.lower():
        return False  # the common miss: same letters, other casing inside
    a, b = _squash(span), _squash(phrase)
    if a == b:
        return True
    return a[1:] == b[1:] and a[:1] == b[:1].upper() and _sentence_initial(text, start)


_OPENERS = "\"'“‘([«「"


def _sentence_initial(text: str, start: int) -> bool:
    """At the start of the text, a line, a sentence or a quotation."""
    i = start - 1
    while i >= 0 and text[i].isspace() and text[i] not in "\r\n":
        i -= 1
    if i >= 0 and text[i] in _OPENERS:
        return True
    return i < 0 or text[i] in ".!?\r\n…"


def _carry_whitespace(span: str, replacement: str) -> str:
    """Reuse the span's own separators (a line break stays a line break) in the replacement."""
    seps = _SPACES.findall(span)
    words = replacement.split(" ")
    need = len(words) - 1
    if not seps or need == 0 or all(s == " " for s in seps):
        return replacement
    chosen = seps[:need] + [" "] * max(0, need - len(seps))
    dropped_breaks = [s for s in seps[need:] if "\n" in s or "\r" in s]
    if dropped_breaks and not any("\n" in s or "\r" in s for s in chosen):
        chosen[-1] = dropped_breaks[0]
    out = [words[0]]
    for sep, word in zip(chosen, words[1:], strict=True):
        out += [sep, word]
    return "".join(out)


def shape_replacement(span: str, standard: str, text: str, start: int) -> str:
    """The standard form fitted to its place: separators kept, sentence-initial capital kept."""
    rep = _carry_whitespace(span, standard)
    if span[:1].isupper() and rep[:1].islower() and _sentence_initial(text, start):
        rep = rep[0].upper() + rep[1:]
    return rep


class TermsRule(Rule):
    kind = "terms"
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {"terms": FILE_SCHEMA}

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        self.entries: list[TermEntry] = []
        self._examples: list[Example] = []
        self.index: PhraseIndex[_Pattern] = PhraseIndex()
        seen: dict[str, str] = {}
        for source in data.get("terms", ()):
            for i, entry in enumerate(parse_entries(source)):
                key = ("entries", i)
                if entry.id in seen:
                    raise source.error(
                        f"duplicate entry id {entry.id!r} (first defined at {seen[entry.id]})",
                        (*key, "id"),
                    )
                seen[entry.id] = entry.origin
                self.entries.append(entry)
                self._examples += parse_examples(
                    source,
                    (*key, "examples"),
                    f"{spec.id}/{entry.id}",
                    unsafe=entry.safety is Safety.UNSAFE,
                )
        for entry in self.entries:
            for phrase in entry.wrong:
                self.index.add(phrase, _Pattern(entry, Role.WRONG, phrase, entry.match_case))
            self.index.add(entry.en, _Pattern(entry, Role.KEEP, entry.en, True))
            for phrase in entry.accept:
                self.index.add(phrase, _Pattern(entry, Role.KEEP, phrase, entry.match_case))
        self.index.build()

    def examples(self) -> list[Example]:
        return [*self.spec.examples, *self._examples]

    def entry_ids(self) -> dict[str, str]:
        """One sub-id per glossary entry: its wrong forms and its standard form."""
        return {e.id: f"{' | '.join(e.wrong)} → {e.en}" for e in self.entries}

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        # Keeps (standard and accepted forms) are common text; they matter only where they
        # overlap one of this scan's edits, so their case is checked only there.
        keeps: list[tuple[int, int, _Pattern]] = []
        edits: list[Edit] = []
        spec = self.spec
        for start, end, patterns in self.index.search(FoldedText.of(text, self.index.extra)):
            span = text[start:end]
            for pat in patterns:
                if pat.role is Role.KEEP:
                    keeps.append((start, end, pat))
                    continue
                if pat.exact_case and not _same_case(span, pat.phrase, text, start):
                    continue
                edit = self._edit(pat.entry, span, text, start, end)
                if edit is not None and ctx.aligned is not None:
                    edit = _with_source(edit, pat.entry, text, ctx)
                if edit is not None:
                    edits.append(edit)
        yield from edits
        if not edits or not keeps:
            return
        starts = sorted(e.start for e in edits)
        ends = sorted(e.end for e in edits)
        for start, end, pat in keeps:
            # some edit starts before this keep ends and ends after it starts
            if bisect.bisect_left(starts, end) <= bisect.bisect_right(ends, start):
                continue
            if pat.exact_case and not _same_case(text[start:end], pat.phrase, text, start):
                continue
            yield Keep(start, end, spec.id, pat.entry.id, spec.priority)

    def _edit(self, entry: TermEntry, span: str, text: str, start: int, end: int) -> Edit | None:
        evidence = _context_evidence(entry, text, start, end)
        if evidence is None:
            return None
        replacement = shape_replacement(span, entry.en, text, start)
        if replacement == span:
            return None
        return self.edit(
            start,
            end,
            replacement,
            entry.id,
            _message(entry),
            safety=entry.safety,
            evidence=evidence or None,
            origin=entry.origin,
        )


def _with_source(edit: Edit, entry: TermEntry, text: str, ctx: ScanContext) -> Edit | None:
    """With the Chinese source: the term in the aligned paragraph makes a suggestion certain
    (the wrong form is then surely a rendering of that term); a source that lacks it withdraws
    the suggestion ("production safety" where the source says 生产安全, not 安全生产)."""
    unit = ctx.aligned.unit_for(text, edit.start)
    if unit is None or not unit.anchored or not entry.zh:
        return edit
    if entry.id in unit.entries:
        ref = unit.term_ref(entry.id)
        if edit.safety is Safety.UNSAFE:
            return replace(
                edit,
                safety=Safety.SAFE,
                message=f"{_message(entry).split(' (')[0]}, as the source says",
                source=ref,
            )
        return replace(edit, source=ref)
    return None if edit.safety is Safety.UNSAFE else edit


def _message(entry: TermEntry) -> str:
    what = f"standard rendering of {' / '.join(entry.zh)}" if entry.zh else "standard form"
    if UNVERIFIED in entry.source:
        what += " (source not yet verified)"
    elif entry.safety is Safety.UNSAFE:
        what += " (the other form is right in some contexts)"
    return what


def _search(pattern: regex.Pattern[str], text: str) -> bool:
    try:
        return pattern.search(text, timeout=REGEX_TIMEOUT) is not None
    except TimeoutError:
        return False


def _context_evidence(entry: TermEntry, text: str, start: int, end: int) -> str | None:
    """``None`` when the entry's conditions rule this match out, else a note of what held."""
    before = text[max(0, start - CONTEXT_WINDOW) : start]
    after = text[end : end + CONTEXT_WINDOW]
    notes = []
    if entry.when is not None:
        if entry.when.before is not None:
            if not _search(entry.when.before, before):
                return None
            notes.append(f"preceded by /{entry.when.before.pattern}/")
        if entry.when.after is not None:
            if not _search(entry.when.after, after):
                return None
            notes.append(f"followed by /{entry.when.after.pattern}/")
    if entry.unless is not None:
        if entry.unless.before is not None and _search(entry.unless.before, before):
            return None
        if entry.unless.after is not None and _search(entry.unless.after, after):
            return None
    return "; ".join(notes)


def _zh_forms(raw: str | list[str] | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    return (raw,) if isinstance(raw, str) else tuple(raw)


#: What a machine-readable ``zh`` form may contain: Han characters, digits, Latin letters,
#: and the middle dot of transliterated names. Notations ("A / B", "受…委托", "党(工)委") are not.
ZH_FORM = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z·]+$")


def _compile_condition(
    source: YamlSource, key: tuple[str | int, ...], raw: dict[str, str] | None
) -> Condition | None:
    if raw is None:
        return None
    compiled: dict[str, regex.Pattern[str]] = {}
    for side, pattern in raw.items():
        # before: must end where the match starts; after: must start where it ends.
        anchored = rf"(?:{pattern})\s*\Z" if side == "before" else rf"\A\s*(?:{pattern})"
        try:
            compiled[side] = regex.compile(anchored, regex.IGNORECASE)
        except regex.error as exc:
            raise source.error(
                f"invalid regular expression {pattern!r}: {exc}", (*key, side)
            ) from None
    return Condition(before=compiled.get("before"), after=compiled.get("after"))


def parse_entries(source: YamlSource) -> list[TermEntry]:
    """The entries of a terms file, parsed once (the terms and bitext rules both read them)."""
    parsed: list[TermEntry] | None = source.derived.get("terms")
    if parsed is None:
        defaults = source.data.get("defaults", {})
        domain = source.data.get("domain")
        parsed = [
            _parse_entry(source, ("entries", i), raw, defaults, domain)
            for i, raw in enumerate(source.data.get("entries", []))
        ]
        source.derived["terms"] = parsed
    return parsed


def _parse_entry(
    source: YamlSource,
    key: tuple[str | int, ...],
    raw: dict[str, Any],
    defaults: dict[str, Any],
    domain: str | None,
) -> TermEntry:
    src = raw.get("source", ())
    sources = (src,) if isinstance(src, str) else tuple(src)
    safety = Safety(raw.get("safety", defaults.get("safety", "safe")))
    if UNVERIFIED in sources and safety is Safety.SAFE:
        raise source.error(
            f"entry {raw['id']!r} cites {UNVERIFIED} (unverified knowledge), "
            "so it must be 'safety: unsafe' until a source confirms it",
            (*key, "safety") if "safety" in raw else (*key, "source"),
        )
    return TermEntry(
        id=raw["id"],
        en=raw["en"],
        wrong=tuple(raw["wrong"]),
        accept=tuple(raw.get("accept", ())),
        origin=source.where(key),
        zh=_zh_forms(raw.get("zh")),
        note=raw.get("note"),
        source=sources,
        safety=safety,
        match_case=bool(raw.get("match_case", defaults.get("match_case", False))),
        when=_compile_condition(source, (*key, "when"), raw.get("when")),
        unless=_compile_condition(source, (*key, "unless"), raw.get("unless")),
        domain=domain,
    )
