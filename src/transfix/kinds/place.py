"""Rule kind ``place``: the document's own place, named.

With a place (``--place "Zizhou County"``, ``place:`` in transfix.yaml or the
front matter; "Zizhou County, Yulin City, Shaanxi Province" also names the
places above it), "our county" becomes "Zizhou County" and "our city" "Yulin
City" (as the house style writes unit words), and where the style asks for
it the first mention of a generic body ("the county Party committee") is
offered in full ("the CPC Zizhou County Committee") as a suggestion. Without
a place, "our county" is a finding: the reader outside the county needs its
name.

Levels and body names are data: ``rules/place.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep, Safety, Severity
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.styles import STYLE_SCHEMA, Style, load_styles, pick
from transfix.yamlsource import YamlSource

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "levels": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
        "bodies": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "generic": {"type": "string", "minLength": 1},
                        "full": {"type": "string", "pattern": "\\{place\\}"},
                    },
                    "required": ["generic", "full"],
                    "additionalProperties": False,
                },
            },
        },
    },
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Place:
    name: str  # "Zizhou"
    level: str  # "county"
    unit: str = ""  # the unit word as the place was given ("County")

    def written(self, style: Style) -> str:
        """As the house style writes it; with no style chosen, as the place was given."""
        if style.unit_case == "title":
            unit = self.level.capitalize()
        elif style.unit_case == "lower":
            unit = self.level
        else:
            unit = self.unit or self.level.capitalize()
        return f"{self.name} {unit}"


class PlaceRule(Rule):
    kind = "place"
    sub_ids: ClassVar[dict[str, str]] = {
        "our": "“our county” named as the document's place (reported when no place is given)",
        "full-name": "a generic body's full name at its first mention (a suggestion)",
    }
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {"style": STYLE_SCHEMA}

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        self.levels = tuple(spec.options.get("levels", ()))
        self.bodies: dict[str, list[tuple[str, str]]] = {
            level: [(b["generic"], b["full"]) for b in items]
            for level, items in spec.options.get("bodies", {}).items()
        }
        self.styles = load_styles(data.get("style", ()))
        self._our = re.compile(
            r"\b(?P<our>[Oo]ur)[ \t]+(?P<level>" + "|".join(self.levels) + r")\b(?!-)"
        )

    def places(self, ctx: ScanContext) -> dict[str, Place]:
        """The document's place and the places above it, by level."""
        if not ctx.place:
            return {}
        return _parse_places(ctx.place, self.levels)

    def _item(
        self,
        start: int,
        end: int,
        replacement: str | None,
        entry: str,
        message: str,
        safety: Safety = Safety.SAFE,
        evidence: str | None = None,
    ) -> Edit | Finding:
        if replacement is None:
            return self.finding(start, end, entry, message, severity=Severity.INFO)
        return self.edit(start, end, replacement, entry, message, safety=safety, evidence=evidence)

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        places = self.places(ctx)
        style = pick(self.styles, ctx.style)
        for m in self._our.finditer(text):
            if _quoted(text, m.start()):
                continue  # a quotation keeps the speaker's words
            level = m.group("level")
            place = places.get(level)
            if place is None:
                if ctx.place:
                    known = f" (the place {'inferred' if ctx.place_inferred else 'given'} is "
                    known += f"{ctx.place})"
                elif ctx.place_candidates:
                    known = f" (the text names {_listing(ctx.place_candidates)})"
                else:
                    known = ""
                message = (
                    f"“{m.group()}”: name the {level}{known}; give --place, or place: in "
                    "transfix.yaml"
                )
                yield self._item(m.start(), m.end(), None, "our", message)
            else:
                inferred = ctx.place_inferred
                yield self._item(
                    m.start(),
                    m.end(),
                    place.written(style),
                    "our",
                    f"the document's {level} ({place.written(style)}) by name"
                    + (f", {ctx.place_from}" if inferred else ""),
                    # a place read from the text may be a visitor's: the editor decides
                    safety=Safety.UNSAFE if inferred else Safety.SAFE,
                    evidence=ctx.place_from if inferred else f"place {ctx.place!r}",
                )
        if places and style.full_body_names:
            for place in places.values():
                yield from self._bodies(text, place, style, ctx)

    def _bodies(
        self, text: str, place: Place, style: Style, ctx: ScanContext
    ) -> Iterator[Edit | Finding]:
        for generic, full_template in self.bodies.get(place.level, ()):
            full = full_template.format(place=place.name)
            if full in text:
                continue  # already named in full: later generic mentions are fine
            m = re.search(rf"\bthe[ \t]+({re.escape(generic)})\b", text)
            if m is None:
                continue
            yield self._item(
                m.start(1),
                m.end(1),
                full,
                "full-name",
                f"at its first mention, the body's full name ({style.id} style)",
                safety=Safety.UNSAFE,
                evidence=(
                    ctx.place_from if ctx.place_inferred else f"place {place.name} {place.level}"
                ),
            )


@lru_cache(maxsize=64)
def _parse_places(place: str, levels: tuple[str, ...]) -> dict[str, Place]:
    """ "Zizhou County, Yulin City, Shaanxi Province" -> {county: ..., city: ..., province: ...}."""
    found: dict[str, Place] = {}
    for part in place.split(","):
        words = part.split()
        if len(words) >= 2 and words[-1].lower() in levels:
            found.setdefault(
                words[-1].lower(), Place(" ".join(words[:-1]), words[-1].lower(), words[-1])
            )
    return found


def _quoted(text: str, pos: int) -> bool:
    """Inside a quotation: an odd number of quote marks since the paragraph began."""
    para = max(text.rfind("\n\n", 0, pos), 0)
    before = text[para:pos]
    straight = before.count('"')
    return straight % 2 == 1 or before.count("“") > before.count("”")


def _listing(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) > 4:
        items = [*items[:4], f"{len(items) - 4} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
