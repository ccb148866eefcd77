"""Rule kind ``style``: forms that depend on the house style (a YAML style file).

* Unit words after a place name: Xinhua "Zizhou County", "Shaanxi Province";
  China Daily "Zizhou county", except inside an official proper name
  ("Zizhou County People's Government").
* "vice governor" (Xinhua) or "vice-governor" (China Daily).

With a house style chosen, the other style's forms are fixed. With none, nothing
is rewritten (both forms are correct English), and a document that mixes the two
gets one finding per minority form naming the majority form (``style/mixed``).

A place name is a capitalised word that spells pinyin, or one of the places
listed in ``rules/style.yaml``, or the document's place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep, Severity
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.kinds.pinyin import LEXICON_SCHEMAS, Lexicon
from transfix.schema import STRINGS
from transfix.styles import STYLE_SCHEMA, Style, load_styles, pick
from transfix.yamlsource import YamlSource

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "unit_words": STRINGS,
        "places": STRINGS,
        "vice_titles": STRINGS,
        "not_places": STRINGS,
    },
    "additionalProperties": False,
}


class StyleRule(Rule):
    kind = "style"
    sub_ids: ClassVar[dict[str, str]] = {
        "unit-case": "a place's unit cased as the house style says (“Zizhou County/county”)",
        "vice": "“vice governor” or “vice-governor”, as the house style says",
        "mixed": "forms of two house styles in one text (no style chosen): the minority form",
    }
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {**LEXICON_SCHEMAS, "style": STYLE_SCHEMA}

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.lex = Lexicon.from_data(data, {})
        self.places = frozenset(p.lower() for p in opts.get("places", ()))
        self.not_places = frozenset(p.lower() for p in opts.get("not_places", ()))
        self.styles = load_styles(data.get("style", ()))
        # Scans start from a literal (the unit word, "ice"), which the regex engine finds fast;
        # the place or the word boundary before it is checked afterwards.
        units = "|".join(
            f"[{u[0].upper()}{u[0].lower()}]{re.escape(u[1:].lower())}"
            for u in sorted(opts.get("unit_words", ()), key=len, reverse=True)
        )
        # A capitalised word, then a unit word: led by [A-Z], which the regex engine skips to.
        self._unit = re.compile(
            rf"(?P<place>[A-Z][a-z]+(?:['’][a-z]+)?)[ \t]+(?P<unit>{units})(?![A-Za-z\-'’])"
        )
        vice = "|".join(re.escape(v) for v in opts.get("vice_titles", ()))
        self._vice = re.compile(rf"(?P<vice>[Vv]ice)(?P<sep>[ \t]+|-)(?P<title>(?i:{vice}))\b")

    def is_place(self, word: str, ctx: ScanContext) -> bool:
        low = word.lower().replace("'", "").replace("’", "")
        if low in self.not_places:
            return False
        if low in self.places or (ctx.place and word == ctx.place.split()[0]):
            return True
        return low not in self.lex.english and 1 <= self.lex.syllable_count(low) <= 4

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        style = pick(self.styles, ctx.style)
        forms: list[tuple[str, str, int, int, str]] = []  # (what, form, start, end, written)
        for what, form, m, start, end, target in self._forms(text, ctx, style):
            if target is not None:
                yield self.edit(start, end, target, what, f"{style.id} style: “{target}”")
            forms.append((what, form, m.start(), m.end(), m.group()))
        if style.neutral:
            yield from self._mixed(forms)

    def _forms(
        self, text: str, ctx: ScanContext, style: Style
    ) -> Iterator[tuple[str, str, re.Match[str], int, int, str | None]]:
        """Each style-dependent form: (sub-id, form, match, span to fix, fix or None)."""
        for m in self._unit.finditer(text):
            unit = m.group("unit")
            if m.start() and text[m.start() - 1].isalpha():
                continue
            if not self.is_place(m.group("place"), ctx):
                continue
            after = text[m.end() : m.end() + 40].lstrip(" \t")
            if after[:1].isupper() or after.lower().startswith(("people's", "people’s")):
                # Part of a longer name or body: "Zizhou County People's Government" stays,
                # and so does a generic "the Yulin city Party committee".
                continue
            if _inside_body(text, m.start(), m.end()):
                continue  # "the CPC Luchuan county committee": a body's name, not a place
            form = "title" if unit[:1].isupper() else "lower"
            target = None
            if style.unit_case is not None and style.unit_case != form:
                target = (
                    unit[:1].upper() + unit[1:].lower()
                    if style.unit_case == "title"
                    else (unit.lower())
                )
            yield "unit-case", form, m, m.start("unit"), m.end("unit"), target
        for m in self._vice.finditer(text):
            if m.start() and text[m.start() - 1].isalpha():
                continue  # "novice-mayor"? not a vice title
            form = "hyphen" if m.group("sep") == "-" else "space"
            target = None
            if style.vice is not None and style.vice != form:
                sep = " " if style.vice == "space" else "-"
                target = f"{m.group('vice')}{sep}{m.group('title')}"
            yield "vice", form, m, m.start(), m.end(), target

    def _mixed(self, forms: list[tuple[str, str, int, int, str]]) -> Iterator[Finding]:
        """One finding per minority form, naming the majority form and an example of it."""
        for what in ("unit-case", "vice"):
            mine = [f for f in forms if f[0] == what]
            counts: dict[str, int] = {}
            for f in mine:
                counts[f[1]] = counts.get(f[1], 0) + 1
            if len(counts) < 2:
                continue
            majority = max(sorted(counts), key=lambda k: counts[k])
            example = next(f[4] for f in mine if f[1] == majority)
            for _, form, start, end, written in mine:
                if form == majority:
                    continue
                yield self.finding(
                    start,
                    end,
                    "mixed",
                    f"“{written}” is written in another house style than the rest of the "
                    f"text (“{example}”, {counts[majority]} times); make them agree, or "
                    "choose a style with --style",
                    severity=Severity.INFO,
                )


_BODY_AFTER = re.compile(
    r"[ \t]+(?:(?:[Pp]arty|CPC|[Pp]eople['’]s)[ \t]+)?(?:committee|government|congress|"
    r"commission|bureau|court|procuratorate)\b"
)


def _inside_body(text: str, start: int, end: int) -> bool:
    """ "CPC Luchuan county committee": the unit word inside a body's name, in lowercase."""
    return text[max(0, start - 4) : start] == "CPC " and _BODY_AFTER.match(text, end) is not None
