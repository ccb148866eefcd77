"""Rule kind ``bitext``: the English checked, and fixed, against its Chinese source.

With a source (``--source``, a ``source:`` pattern in the configuration, or a
bitext file), ``prepare`` aligns the source's paragraphs (or a bitext file's
segments) with the English and takes from each its names, glossary terms and
values (see :mod:`transfix.bitext`). Then, per English paragraph and its bead:

* ``bitext/name``: an English span whose letters spell a source name's pinyin
  (ignoring case, spaces, hyphens and order) becomes ``Surname Given`` (GB/T
  28039) -- certain in an anchored bead, including a surname read as pypinyin
  reads it ("Ceng" for 曾 -> Zeng); a suggestion for a near miss or a surname
  with two readings (乐 Yue/Le).
* ``bitext/date``: "July 18" completed to "July 18, 2022" where the source says
  2022年7月18日 (certain in an anchored bead); dates, years, quarters and halves
  that differ as values are findings.
* ``bitext/number``: amounts, counts and percentages that differ as values
  (3.5亿元 = "350 million yuan") are findings, never edits.
* ``bitext/untranslated``: Chinese left in the English, an error; its pinyin or
  glossary rendering offered where known.
* ``bitext/dropped``: a source paragraph with no English, a source name the
  English lacks.
* ``bitext/term``: a glossary term in the source whose standard, accepted and
  wrong forms are all missing from the English (the terms rule itself makes its
  wrong forms certain where the source has the term).
* ``bitext/inconsistent``: one source name written two ways in the document.
* ``bitext/alignment``: a source that does not belong to the English (its
  paragraphs share no names, numbers or terms with it): one finding, and no
  rule takes evidence from it.

Only anchored beads give certain edits. Every edit and finding names the place
in the source it came from.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep, Safety, Severity
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.kinds.names import ROSTER_SCHEMA
from transfix.kinds.pinyin import LEXICON_SCHEMAS
from transfix.kinds.terms import FILE_SCHEMA as TERMS_SCHEMA
from transfix.kinds.terms import TermEntry, parse_entries
from transfix.schema import STRINGS
from transfix.yamlsource import YamlSource

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        # words right before a name in Chinese news: 书记, 县长 ...
        "name_titles": STRINGS,
        # words right after one: 出席, 主持, 通报 ...
        "name_verbs": STRINGS,
        # anchors a bead needs (names, values, terms shared) to count as anchored
        "anchor_threshold": {"type": "number", "minimum": 0},
        # below this share of anchored paragraphs, the source does not belong to the English
        "belongs_ratio": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "additionalProperties": False,
}

READINGS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"const": "surname-readings"},
        "description": {"type": "string"},
        "source": {"type": "array", "items": {"type": "string"}},
        "readings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "hanzi": {"type": "string", "minLength": 1},
                    "pinyin": {**STRINGS, "minItems": 1},
                    "note": {"type": "string"},
                },
                "required": ["hanzi", "pinyin"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["readings"],
    "additionalProperties": False,
}

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_JOIN = re.compile(r"[ \t'’\-]{1,3}")
_DATE_KINDS = frozenset({"date", "month", "months", "year", "quarter", "quarters", "half"})
# After a name-like span, one of these makes it a place: "Shiqiao Town".
_PLACE_WORDS = re.compile(
    r"[ \t]+(?:Town|Township|Village|County|District|City|Province|Street|Road|Subdistrict|"
    r"River|Mountain|Lake|Bridge|town|township|village|county|district|city|province|street|"
    r"road|subdistrict)\b"
)


class BitextRule(Rule):
    kind = "bitext"
    sub_ids: ClassVar[dict[str, str]] = {
        "name": "a name written as the source's name is spelt in pinyin (GB/T 28039)",
        "date": "a date completed, or a date that differs, as the source says",
        "number": "an amount, count or percentage that differs from the source's",
        "untranslated": "Chinese left in the English",
        "dropped": "a source paragraph or name the English lacks",
        "term": "a glossary term in the source that the English renders no known way",
        "inconsistent": "one source name written two ways",
        "alignment": "a source that does not belong to the English",
    }
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {
        **LEXICON_SCHEMAS,
        "roster": ROSTER_SCHEMA,
        "terms": TERMS_SCHEMA,
        "surname-readings": READINGS_SCHEMA,
    }

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.titles = tuple(sorted(opts.get("name_titles", ()), key=len, reverse=True))
        self.verbs = tuple(opts.get("name_verbs", ()))
        self.threshold = float(opts.get("anchor_threshold", 1.0))
        self.belongs_ratio = float(opts.get("belongs_ratio", 0.3))
        self._surname_data = [
            s.data for t in ("surnames", "surname-readings") for s in data.get(t, ())
        ]
        self.roster = tuple(
            p["zh"] for s in data.get("roster", ()) for p in s.data.get("people", ()) if "zh" in p
        )
        self.entries: dict[str, TermEntry] = {}
        for source in data.get("terms", ()):
            for entry in parse_entries(source):
                self.entries[entry.id] = entry
        self._tables: Any = None  # built on first use (a source is given): SurnameTable, index

    def _data(self) -> Any:
        if self._tables is None:
            from transfix.bitext.facts import NameContexts, SurnameTable, TermIndex

            table = SurnameTable.from_data(self._surname_data)
            index = TermIndex((z, e.id) for e in self.entries.values() for z in e.zh)
            self._tables = (table, index, NameContexts(self.titles, self.verbs, self.roster))
        return self._tables

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tables"] = None  # rebuilt on use: automata do not pickle compactly
        return state

    # --------------------------------------------------------------------- prepare

    def prepare(self, text: str, ctx: ScanContext) -> ScanContext:
        if ctx.source is None:
            return ctx
        from transfix.bitext.align import Bead, align, paragraphs, split_units
        from transfix.bitext.facts import SourceName, find_names, han_runs, letters_key, spellings
        from transfix.bitext.numbers import en_quantities, match, zh_quantities
        from transfix.bitext.source import Aligned, ZhUnit

        table, index, contexts = self._data()
        src = ctx.source
        en_pars = split_units(text, src.en_separator)
        if src.units is not None:
            spans = list(src.units)
        else:
            spans = [(p.start, p.end) for p in paragraphs(src.text)]
        units: list[ZhUnit] = []
        for i, (a, b) in enumerate(spans):
            zh_text = src.text[a:b]
            unit = ZhUnit(i, a, zh_text)
            unit.terms = index.hits(zh_text)
            unit.quantities = zh_quantities(zh_text)
            for start, end, strong in find_names(zh_text, table, contexts):
                hanzi = zh_text[start:end]
                forms, ambiguous = spellings(hanzi, table)
                if forms:
                    unit.names.append(SourceName(start, end, hanzi, forms, ambiguous, strong))
            units.append(unit)
        en_texts = [text[p.start : p.end] for p in en_pars]
        en_keys = [letters_key(t) for t in en_texts]
        # hyphens as spaces: "second-quarter" renders the term "second quarter"
        en_lower = [t.lower().replace("-", " ") for t in en_texts]
        en_values: dict[int, Any] = {}
        en_han = [[t[a:b] for a, b in han_runs(t)] for t in en_texts]
        scores: dict[tuple[int, int], float] = {}
        # per unit and source name, the keys that spell it (computed once, asked per pair)
        name_keys: dict[int, list[tuple[str, ...]]] = {}
        entry_forms: dict[str, tuple[str, ...]] = {}

        def score(i: int, j: int) -> float:
            if (i, j) in scores:
                return scores[i, j]
            u = units[i]
            total = 0.0
            if u.names:
                if i not in name_keys:
                    by_hanzi: dict[str, list[str]] = {}
                    for n in u.names:
                        keys = by_hanzi.setdefault(n.hanzi, [])
                        for s in n.spellings:
                            keys.extend(k for k in (s.key, _reversed_key(s)) if k)
                    name_keys[i] = [tuple(keys) for keys in by_hanzi.values()]
                par = en_pars[j]
                spans, key = _windows(text, par.start, par.end), en_keys[j]
                total += sum(
                    1.0
                    for keys in name_keys[i]
                    if any((k in spans) if len(k) < 8 else (k in key) for k in keys)
                )
            lower = en_lower[j]
            for entry_id in u.entries:
                forms = entry_forms.get(entry_id)
                if forms is None:
                    entry = self.entries.get(entry_id)
                    forms = entry_forms[entry_id] = (
                        tuple(
                            f.lower().replace("-", " ")
                            for f in (entry.en, *entry.accept, *entry.wrong)
                        )
                        if entry
                        else ()
                    )
                if any(f in lower for f in forms):
                    total += 1.0
            total += sum(1.0 for run in en_han[j] if run in u.text)
            if u.quantities:
                if j not in en_values:
                    en_values[j] = en_quantities(en_texts[j])
                total += len(match(u.quantities, en_values[j]).pairs)
            scores[i, j] = total
            return total

        if src.units is not None:
            beads = [
                Bead((i,), (i,), anchored=score(i, i) >= self.threshold, score=score(i, i))
                for i in range(min(len(units), len(en_pars)))
            ]
        else:
            beads = align(
                [len(u.text) for u in units],
                [p.end - p.start for p in en_pars],
                score,
                self.threshold,
            )
        # Does the source belong to the English? Not if the two sides hold enough names,
        # values and terms to judge and share none of them (or too few across paragraphs).
        anchorable = [b for b in beads if b.zh and any(_has_anchors(units[i]) for i in b.zh)]
        anchored = [b for b in anchorable if b.anchored]
        shared = sum(b.score for b in beads)
        zh_names = sum(len({n.hanzi for n in u.names if n.strong}) for u in units)
        zh_values = sum(len(u.quantities) for u in units)
        en_count = sum(
            len(en_values[j]) if j in en_values else len(en_quantities(en_texts[j]))
            for j in range(len(en_texts))
        )
        # terms that are no value (二季度 is both): each fact counted once
        zh_terms = sum(
            len(
                {
                    (a, b)
                    for a, b, _ in u.terms
                    if not any(a < q.end and q.start < b for q in u.quantities)
                }
            )
            for u in units
        )
        # one value or term missing may be a mistranslation, values missing from an English
        # with none may be a sentence dropped (their own checks report them); a name that is
        # nowhere, or two or more values and terms none of which the English renders while
        # it has values of its own, mean another text
        unrelated = shared == 0 and (zh_names >= 1 or (zh_values + zh_terms >= 2 and en_count >= 1))
        if unrelated and zh_names:  # a name nearly spelt ("Lu Jianping" for 吕建平) relates them
            unrelated = not any(
                self._near(n, _windows(text, p.start, p.end), text)
                for u in units
                for n in u.names
                if n.strong
                for p in en_pars
            )
        belongs = not (
            unrelated
            or (len(anchorable) >= 3 and len(anchored) < self.belongs_ratio * len(anchorable))
        )
        aligned = Aligned(
            src.path, src.text, en_pars, units, beads, belongs, src.locate, src.en_separator
        )
        return replace(ctx, aligned=aligned)

    # ------------------------------------------------------------------------ scan

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        aligned = ctx.aligned
        if aligned is None:
            return
        if not aligned.belongs:
            yield self.finding(
                0,
                min(len(text), 1),
                "alignment",
                "the Chinese source does not seem to belong to this English: its paragraphs "
                "share no names, numbers or glossary terms with it, so nothing is taken from it",
                severity=Severity.WARNING,
            )
            return
        spans = aligned.paragraph_spans(text)
        if spans is None:
            return
        renderings: dict[str, dict[str, tuple[int, int]]] = {}
        used: dict[str, dict[str, tuple[int, int]]] = {}
        ratio = aligned.ratio()
        for para in spans:
            unit = aligned.unit_for(text, para.start)
            if unit is None:
                continue
            yield from self._names(text, para.start, para.end, unit, renderings)
            yield from self._untranslated(text, para.start, para.end, unit)
            unmatched: list[Any] = []
            yield from self._values(text, para.start, para.end, unit, unmatched)
            yield from self._terms(text, para.start, para.end, unit, used)
            if len(unit.bead.zh) == 1 and len(unit.bead.en) == 1:
                yield from self._sentences(text, para.start, para.end, unit, ratio, unmatched)
        yield from self._dropped_paragraphs(text, aligned, spans)
        for entry_id, forms in used.items():
            if len(forms) < 2:
                continue
            first, *rest = sorted(forms.items(), key=lambda kv: kv[1][0])
            for _form, (start, end) in rest:
                yield self.finding(
                    start,
                    end,
                    "inconsistent",
                    f"“{text[start:end]}” and “{text[first[1][0] : first[1][1]]}” render the same "
                    f"source term ({entry_id})",
                    severity=Severity.INFO,
                )
        for hanzi, seen in renderings.items():
            if len(seen) < 2:
                continue
            first, *rest = sorted(seen.items(), key=lambda kv: kv[1][0])
            for written, (start, end) in rest:
                yield self.finding(
                    start,
                    end,
                    "inconsistent",
                    f"“{written}” and “{first[0]}” render the same source name {hanzi}",
                )

    # names -------------------------------------------------------------------------

    def _names(
        self,
        text: str,
        lo: int,
        hi: int,
        unit: Any,
        renderings: dict[str, dict[str, tuple[int, int]]],
    ) -> Iterator[Edit | Finding]:
        """Every English span that spells a source name, or nearly does."""
        windows = _windows(text, lo, hi)
        by_hanzi: dict[str, list[tuple[Any, Any]]] = {}
        for zu in unit.zh:
            for name in zu.names:
                by_hanzi.setdefault(name.hanzi, []).append((zu, name))
        taken: list[tuple[int, int]] = []  # English spans already claimed by a name
        # longer names first: 欧阳丽 claims "Ou Yangli" before 欧阳 could
        for hanzi in sorted(by_hanzi, key=len, reverse=True):
            zu, name = max(by_hanzi[hanzi], key=lambda zn: zn[1].strong)
            ref = unit.ref(zu.index, name.start, name.end)
            strong = any(n.strong for _, n in by_hanzi[hanzi])
            exact = [
                (start, end, spelling)
                for start, end, spelling in self._matches(name, windows, text)
                if not any(a < end and start < b for a, b in taken)
            ]
            for start, end, spelling in exact:
                taken.append((start, end))
                written = text[start:end]
                renderings.setdefault(hanzi, {})[written] = (start, end)
                target = self._standard(name, spelling, written)
                if target is None or written == target:
                    continue
                reading_kept = name.ambiguous_surname and spelling.standard
                certain = unit.anchored and (not name.ambiguous_surname or reading_kept)
                if not spelling.standard:
                    why = f"{hanzi[:1]} as a surname is {target.split()[0]}"
                else:
                    why = f"the source names {hanzi}"
                if name.ambiguous_surname and not reading_kept:
                    why += " (the surname has two readings)"
                yield self.edit(
                    start,
                    end,
                    target,
                    "name",
                    f"{why}: “{target}” (GB/T 28039)",
                    safety=Safety.SAFE if certain else Safety.UNSAFE,
                    evidence=f"source name {hanzi}",
                    source=ref,
                )
            if not strong:
                continue
            near = [
                hit
                for hit in self._near(name, windows, text)
                if not any(a < hit[1] and hit[0] < b for a, b in taken)
            ]
            for start, end, target in near:
                taken.append((start, end))
                renderings.setdefault(hanzi, {})[text[start:end]] = (start, end)
                yield self.edit(
                    start,
                    end,
                    target,
                    "name",
                    f"the source names {hanzi}: “{target}” (a near miss)",
                    safety=Safety.UNSAFE,
                    evidence=f"source name {hanzi}",
                    source=ref,
                )
            if exact or near or hanzi in text[lo:hi] or not _longest_strong(name, zu.names):
                continue
            if _other_reading(name, zu.names, windows):
                continue
            yield self.finding(
                lo,
                lo + min(1, hi - lo),
                "dropped",
                f"the source names {hanzi}; the English does not",
                severity=Severity.WARNING,
                source=ref,
            )

    @staticmethod
    def _matches(name: Any, windows: _Spans, text: str) -> list[tuple[int, int, Any]]:
        """Every English span spelling the name: standard spellings first, then a surname
        read otherwise, then given name first; never a span followed by a place word."""
        out: list[tuple[int, int, Any]] = []
        seen: set[tuple[int, int]] = set()
        for spelling in sorted(name.spellings, key=lambda s: not s.standard):
            for key in (spelling.key, _reversed_key(spelling)):
                for start, end in windows.get(key):
                    if (start, end) in seen or _PLACE_WORDS.match(text, end):
                        continue
                    seen.add((start, end))
                    out.append((start, end, spelling))
        return out

    @staticmethod
    def _standard(name: Any, spelling: Any, written: str) -> str | None:
        """The standard written form for the spelling the English used; a surname in
        capitals (allowed by GB/T 28039: "HAN Chunyan") stays in capitals."""
        if spelling.standard:
            target = str(spelling.written)
        else:
            same_given = [s for s in name.spellings if s.standard and s.given == spelling.given]
            if not same_given:
                return None
            target = str(same_given[0].written)
        surname = target.split()[0]
        if written.startswith(surname.upper() + " ") and len(surname) > 1:
            target = surname.upper() + target[len(surname) :]
        return target

    @staticmethod
    def _near(name: Any, windows: _Spans, text: str) -> list[tuple[int, int, str]]:
        """Two- or three-token spans within two letters of a standard spelling."""
        standard = [s for s in name.spellings if s.standard and len(s.key) >= 6]
        if not standard:
            return []
        out: list[tuple[int, int, str]] = []
        for key, spans in windows.beginning({s.key[:1] for s in standard}).items():
            for s in standard:
                if len(s.key) < 6 or abs(len(key) - len(s.key)) > 2 or key[:1] != s.key[:1]:
                    continue
                d = _distance(key, s.key, 2)
                if d is None or not 0 < d <= max(1, len(s.key) // 5):
                    continue
                for start, end in spans:
                    written = text[start:end]
                    if written[:1].isupper() and " " in written:
                        out.append((start, end, str(s.written)))
                break
        return out

    # untranslated ----------------------------------------------------------------------

    def _untranslated(self, text: str, lo: int, hi: int, unit: Any) -> Iterator[Edit | Finding]:
        from transfix.bitext.facts import han_runs

        names = {n.hanzi: n for zu in unit.zh for n in zu.names}
        for start, end in han_runs(text[lo:hi]):
            run = text[lo + start : lo + end]
            edit_start = lo + start
            name = names.get(run)
            target: str | None = None
            if name is not None:
                target = next((str(s.written) for s in name.spellings if s.standard), None)
            else:
                given = self._given_left(text, edit_start, run, names.values())
                if given is not None:
                    edit_start, target = given
                else:
                    target = self._term_rendering(text, edit_start, run, unit)
            message = f"Chinese left in the English: “{run}”"
            if target is not None:
                yield self.edit(
                    edit_start,
                    lo + end,
                    target,
                    "untranslated",
                    f"{message} (“{target}”)",
                    safety=Safety.UNSAFE,
                )
            yield self.finding(
                lo + start,
                lo + end,
                "untranslated",
                message + (f"; “{target}”?" if target else ""),
                severity=Severity.ERROR,
            )

    @staticmethod
    def _given_left(text: str, pos: int, run: str, names: Iterable[Any]) -> tuple[int, str] | None:
        """ "Zhang 晓瑞": the surname in pinyin, the given name left in hanzi."""
        before = re.search(r"([A-Za-z]+)[ \t]+\Z", text[max(0, pos - 30) : pos])
        if before is None:
            return None
        for name in names:
            for s in name.spellings:
                if (
                    s.standard
                    and name.hanzi.endswith(run)
                    and len(run) < len(name.hanzi)
                    and before.group(1).lower() == s.surname.lower()
                ):
                    return pos - len(before.group(0)), str(s.written)
        return None

    def _term_rendering(self, text: str, pos: int, run: str, unit: Any) -> str | None:
        """The glossary's rendering of a term left in hanzi, in the case its place asks for
        (lowercase after a lowercase word: "the county convergence media center")."""
        ids = [
            i for zu in unit.zh for a, b, found in zu.terms if zu.text[a:b] == run for i in found
        ]
        entries = [e for i in ids if (e := self.entries.get(i)) is not None]
        if not entries:
            return None
        prev = re.search(r"([A-Za-z]+)[ \t]+\Z", text[max(0, pos - 30) : pos])
        lower = prev is not None and prev.group(1).islower()
        for entry in entries:
            if entry.en[:1].islower() == lower:
                return entry.en
        return entries[0].en

    # values ------------------------------------------------------------------------------

    def _values(
        self, text: str, lo: int, hi: int, unit: Any, unmatched: list[Any]
    ) -> Iterator[Edit | Finding]:
        from transfix.bitext.numbers import en_quantities, match

        zh = [(zu, q) for zu in unit.zh for q in zu.quantities]
        result = match([q for _, q in zh], en_quantities(text[lo:hi]))
        unmatched.extend(result.zh_only)
        owner = {id(q): zu for zu, q in zh}
        for zq, eq in result.completions:
            if not isinstance(zq.value, tuple) or zq.value[0] is None:
                continue
            year = zq.value[0]
            zu = owner[id(zq)]
            start, end = lo + eq.start, lo + eq.end
            written = text[start:end]
            target = f"{written}, {year}"
            yield self.edit(
                start,
                end,
                target,
                "date",
                f"the source dates it {zq.text}: “{target}”",
                safety=Safety.SAFE if unit.anchored else Safety.UNSAFE,
                evidence=f"source date {zq.text}",
                source=unit.ref(zu.index, zq.start, zq.end),
            )
        for zq in result.zh_only:
            zu = owner[id(zq)]
            kind = "date" if zq.kind in _DATE_KINDS else "number"
            yield self.finding(
                lo,
                lo + min(1, hi - lo),
                kind,
                f"the source says {zq.text}; the English has no such value",
                source=unit.ref(zu.index, zq.start, zq.end),
            )
        for eq in result.en_only:
            if eq.kind == "month" and isinstance(eq.value, tuple) and eq.value[0] is None:
                continue  # "May" alone: a month, or the verb; too weak to report
            kind = "date" if eq.kind in _DATE_KINDS else "number"
            yield self.finding(
                lo + eq.start,
                lo + eq.end,
                kind,
                f"“{eq.text}” is not in the source paragraph",
            )

    # terms -------------------------------------------------------------------------------

    def _terms(
        self,
        text: str,
        lo: int,
        hi: int,
        unit: Any,
        used: dict[str, dict[str, tuple[int, int]]],
    ) -> Iterator[Finding]:
        """A term of the source with no rendering in the English; and which rendering each
        term of the source got (``used``: entry -> form -> where, for inconsistency)."""
        lower = text[lo:hi].lower()
        if not lower.strip():
            return
        reported: set[str] = set()
        for zu in unit.zh:
            for a, b, ids in zu.terms:
                entries = [e for i in ids if (e := self.entries.get(i)) is not None]
                # a rendering: the standard and accepted forms, and the wrong forms of a
                # suggestion (right in some context: "letters and visits" for 信访)
                forms = [
                    f.lower()
                    for e in entries
                    for f in (
                        e.en,
                        *e.accept,
                        *(e.wrong if e.safety is Safety.UNSAFE else ()),
                    )
                ]
                present = [f for f in forms if f in lower]
                for e in entries:
                    for f in (e.en, *e.accept):
                        pos = lower.find(f.lower())
                        if pos >= 0:
                            used.setdefault(e.id, {}).setdefault(
                                f.lower(), (lo + pos, lo + pos + len(f))
                            )
                # Reported only when not even the head word of a good rendering is there:
                # another good rendering ("Secretary of the county Party committee" for 县委书记)
                # is not a missing term.
                heads = {f.split()[-1] for f in forms if f.split()}
                if (
                    forms
                    and not present
                    and zu.text[a:b] not in reported
                    and not any(re.search(rf"\b{re.escape(h)}", lower) for h in heads)
                ):
                    reported.add(zu.text[a:b])
                    yield self.finding(
                        lo,
                        lo + min(1, hi - lo),
                        "term",
                        f"the source has {zu.text[a:b]}; the English has neither "
                        f"“{entries[0].en}” nor an accepted form",
                        severity=Severity.INFO,
                        source=unit.ref(zu.index, a, b),
                    )

    def _sentences(
        self, text: str, lo: int, hi: int, unit: Any, ratio: float, unmatched: list[Any]
    ) -> Iterator[Finding]:
        """A paragraph whose English has fewer sentences than its source, and either is much
        shorter than the source would make it or lacks some of its values: a sentence was
        probably dropped."""
        zh_text = "".join(u.text for u in unit.zh)
        zh_count = len([x for x in re.split(r"[。！？!?]", zh_text) if x.strip()])
        en_count = len([x for x in re.split(r"[.!?](?:\s|$)", text[lo:hi]) if x.strip()])
        short = (hi - lo) < 0.6 * ratio * len(zh_text)
        if en_count == 0 or zh_count < 2:
            return  # an empty target is reported as such; a one-sentence source drops none
        if zh_count > en_count and (short or unmatched):
            yield self.finding(
                lo,
                lo + min(1, hi - lo),
                "dropped",
                f"the source paragraph has {zh_count} sentences, the English {en_count}, and "
                "the English is much shorter than the source: a sentence may be missing",
                severity=Severity.WARNING,
                source=unit.ref(unit.zh[0].index, 0, min(len(unit.zh[0].text), 20)),
            )

    def _dropped_paragraphs(self, text: str, aligned: Any, spans: list[Any]) -> Iterator[Finding]:
        beads = aligned.beads
        for k, bead in enumerate(beads):
            if bead.zh and not bead.en:
                following = next((b.en[0] for b in beads[k + 1 :] if b.en), None)
                pos = spans[following].start if following is not None else len(text)
                for i in bead.zh:
                    u = aligned.zh_units[i]
                    line, _ = aligned.line_col(u.start)
                    yield self.finding(
                        pos,
                        pos,
                        "dropped",
                        f"source paragraph {i + 1} (line {line}) has no English",
                        severity=Severity.WARNING,
                        source=aligned.ref(i, 0, min(len(u.text), 20)),
                    )


def _has_anchors(unit: Any) -> bool:
    return bool(unit.quantities or unit.terms or any(n.strong for n in unit.names))


# The spans made for the last text seen (the alignment's scores and the first scan read
# the same text): (the text, its paragraphs -> their spans), replaced as one value so that
# threads never share another text's spans.
_WINDOWS_MEMO: list[tuple[str, dict[tuple[int, int], _Spans]] | None] = [None]
# letter keys of English words (the vocabulary of a batch is small; bounded all the same)
_TOKEN_KEYS: dict[str, str] = {}
_MAX_WINDOW = 4  # tokens


class _Spans:
    """The English spans of one to four tokens (joined by spaces, hyphens or an apostrophe)
    in a paragraph, found by their letter keys ("Zhang Yong 'an" -> ``zhangyongan``).

    Nothing is built per span: a key is looked up through the tokens whose own key begins
    it, so the cost follows the keys asked for, not the paragraph's length times four; and
    the tokens are read only once a key is in the paragraph's letters at all."""

    __slots__ = (
        "_by_key",
        "_empty",
        "_found",
        "_letters",
        "_span",
        "ends",
        "joined",
        "keys",
        "starts",
    )

    def __init__(self, text: str, lo: int, hi: int) -> None:
        from transfix.bitext.facts import letters_key

        self._span = (text, lo, hi)
        # every span's key is a piece of it: what joins a span's tokens holds no letters
        self._letters = letters_key(text[lo:hi])
        self._found: dict[str, list[tuple[int, int]]] = {}
        self._by_key: dict[str, list[int]] | None = None

    def _tokens(self) -> dict[str, list[int]]:
        """The tokens (read on first use): their spans, keys, and which token starts where."""
        if self._by_key is not None:
            return self._by_key
        from transfix.bitext.facts import letters_key

        text, lo, hi = self._span
        cache = _TOKEN_KEYS
        if len(cache) > 200_000:
            cache.clear()
        found = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, lo, hi)]
        self.starts = [t[0] for t in found]
        self.ends = [t[1] for t in found]
        keys = self.keys = [cache.get(w) or cache.setdefault(w, letters_key(w)) for *_, w in found]
        # the token after is joined to this one (a span goes on) or not; never the last
        self.joined = [
            text[e:s] == " " or _JOIN.fullmatch(text, e, s) is not None
            for e, s in zip(self.ends, self.starts[1:], strict=False)
        ]
        self.joined.append(False)
        by_key: dict[str, list[int]] = {}
        self._empty = [i for i, key in enumerate(keys) if not key]
        for i, key in enumerate(keys):
            if key:
                by_key.setdefault(key, []).append(i)
        self._by_key = by_key
        return by_key

    def _extend(self, i: int) -> Iterator[tuple[str, int]]:
        """The keys of the spans starting at token ``i``, shortest first, with their last
        token."""
        keys, joined = self.keys, self.joined
        key = ""
        for k in range(i, min(i + _MAX_WINDOW, len(keys))):
            if k > i and not joined[k - 1]:
                break
            key += keys[k]
            yield key, k

    def get(self, key: str) -> list[tuple[int, int]]:
        """The spans whose letters are ``key``, in the order of the text."""
        found = self._found.get(key)
        if found is not None:
            return found
        found = self._found[key] = []
        if key not in self._letters:  # one search in C: most keys asked for are not here
            return found
        by_key = self._tokens()
        firsts: set[int] = set(self._empty)
        for p in range(1, len(key) + 1):
            firsts.update(by_key.get(key[:p], ()))
        for i in sorted(firsts):
            for span_key, k in self._extend(i):
                if span_key == key:
                    found.append((self.starts[i], self.ends[k]))
                elif len(span_key) >= len(key) or not key.startswith(span_key):
                    break
        return found

    def __contains__(self, key: str) -> bool:
        return bool(self.get(key))

    def beginning(self, letters: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """Every span whose key begins with one of ``letters``, by key, the keys in the order
        the text first has them."""
        wanted = set(letters)
        by_key = self._tokens()
        firsts = set(self._empty)
        for key, where in by_key.items():
            if key[:1] in wanted:
                firsts.update(where)
        out: dict[str, list[tuple[int, int]]] = {}
        for i in sorted(firsts):
            for span_key, k in self._extend(i):
                if span_key[:1] in wanted:
                    out.setdefault(span_key, []).append((self.starts[i], self.ends[k]))
        return out


def _windows(text: str, lo: int, hi: int) -> _Spans:
    """The spans of ``text[lo:hi]`` by their letter keys (kept for the last text seen)."""
    slot = _WINDOWS_MEMO[0]
    if slot is None or slot[0] is not text:
        slot = (text, {})
        _WINDOWS_MEMO[0] = slot
    made = slot[1]
    spans = made.get((lo, hi))
    if spans is None:
        spans = made[lo, hi] = _Spans(text, lo, hi)
    return spans


def _reversed_key(spelling: Any) -> str:
    return _letters(spelling.given + spelling.surname) if spelling.given else ""


@functools.lru_cache(maxsize=4096)
def _letters(s: str) -> str:
    from transfix.bitext.facts import letters_key

    return str(letters_key(s))


def _longest_strong(name: Any, names: Sequence[Any]) -> bool:
    """A strong reading of two or three characters, and no longer strong one starts there
    (a missing name is reported once, as the list or title delimits it)."""
    if not name.strong or name.end - name.start > 3:
        return False
    return not any(
        n.strong and n.start == name.start and n.end > name.end and n.end - n.start <= 3
        for n in names
    )


def _other_reading(name: Any, names: Sequence[Any], windows: _Spans) -> bool:
    """Another reading starting or ending at the same place was found in the English."""
    for n in names:
        if n is name or (n.start != name.start and n.end != name.end):
            continue
        for s in n.spellings:
            if s.key in windows or _reversed_key(s) in windows:
                return True
    return False


@functools.lru_cache(maxsize=1 << 16)  # the same words meet the same names again
def _distance(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of two strings, or None when it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return None
    if a == b:
        return 0
    # only the cells within ``limit`` of the diagonal can stay within ``limit`` (Ukkonen)
    big = limit + 1
    m = len(b)
    prev = [j if j <= limit else big for j in range(m + 1)]
    for i, ca in enumerate(a, 1):
        lo, hi = max(1, i - limit), min(m, i + limit)
        cur = [big] * (m + 1)
        cur[0] = i if i <= limit else big
        low = cur[0]
        for j in range(lo, hi + 1):
            d = prev[j - 1] + (ca != b[j - 1])
            if prev[j] + 1 < d:
                d = prev[j] + 1
            if cur[j - 1] + 1 < d:
                d = cur[j - 1] + 1
            cur[j] = d
            if d < low:
                low = d
        if low > limit:
            return None
        prev = cur
    return prev[-1] if prev[-1] <= limit else None
