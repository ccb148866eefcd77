"""Rule kind ``style``: forms that depend on the house style (a YAML style file).

* Unit words after a place name: Xinhua "Zizhou County", "Shaanxi Province";
  China Daily "Zizhou county", except inside an official proper name
  ("Zizhou County People's Government").
* "vice governor" (Xinhua) or "vice-governor" (China Daily).

A place name is a capitalised word that spells pinyin, or one of the places
listed in ``rules/style.yaml``, or the document's place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.kinds.pinyin import LEXICON_SCHEMAS, Lexicon
from transfix.schema import STRINGS
from transfix.styles import DEFAULT_STYLE, STYLE_SCHEMA, Style, load_styles, pick
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
        style = pick(self.styles, ctx.style or DEFAULT_STYLE)
        yield from self._units(text, ctx, style)
        yield from self._vices(text, style)

    def _units(self, text: str, ctx: ScanContext, style: Style) -> Iterator[Edit]:
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
            if style.unit_case == "title":
                target = unit[:1].upper() + unit[1:].lower()
            else:
                target = unit.lower()
            if target != unit:
                yield self.edit(
                    m.start("unit"),
                    m.end("unit"),
                    target,
                    "unit-case",
                    f"{style.id} style: “{m.group('place')} {target}”",
                )

    def _vices(self, text: str, style: Style) -> Iterator[Edit]:
        sep = " " if style.vice == "space" else "-"
        for m in self._vice.finditer(text):
            if m.start() and text[m.start() - 1].isalpha():
                continue  # "novice-mayor"? not a vice title
            if m.group("sep") != sep:
                target = f"{m.group('vice')}{sep}{m.group('title')}"
                yield self.edit(
                    m.start(),
                    m.end(),
                    target,
                    "vice",
                    f"{style.id} style: “{target}”",
                )
