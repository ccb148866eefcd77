"""House styles: YAML files of ``type: style`` that rules read for style-dependent forms.

Two ship with transfix, ``xinhua`` and ``chinadaily``; a newsroom adds its own as
another YAML file (``--glossary my-style.yaml``, ``--style mine``). A style may
name a ``base`` style whose settings it inherits.

With no style chosen (no ``--style``, no ``style:`` in the configuration) the
rules are *style-neutral* (:data:`NEUTRAL`): every form that a supported house
style accepts is left as it stands ("Oct. 9" and "Oct 9", "Zizhou County" and
"Zizhou county", "vice governor" and "vice-governor"), and a document that mixes
them is reported instead. Only forms that no house style accepts are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from transfix.errors import DataError
from transfix.yamlsource import YamlSource

NEUTRAL_ID = "neutral"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

STYLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"const": "style"},
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
        "base": {"type": "string"},
        "description": {"type": "string"},
        "source": {"type": "array", "items": {"type": "string"}},
        "dates": {
            "type": "object",
            "properties": {
                "months_with_day": {
                    "type": "object",
                    "propertyNames": {"enum": list(MONTHS)},
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            },
            "additionalProperties": False,
        },
        "places": {
            "type": "object",
            "properties": {
                # "Zizhou County" (title) or "Zizhou county" (lower) after a place name
                "unit_case": {"enum": ["title", "lower"]},
                # the generic body ("the county Party committee") named in full
                # ("the CPC Zizhou County Committee") at its first mention
                "full_body_names": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "titles": {
            "type": "object",
            "properties": {
                # "vice governor" (space) or "vice-governor" (hyphen)
                "vice": {"enum": ["space", "hyphen"]},
                # a formal title directly before a name is capitalised ("Premier Li Qiang")
                "capitalize_before_name": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
    },
    "required": ["type", "id"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Style:
    """A house style; ``None`` in a setting means "any accepted form" (the neutral style)."""

    id: str
    origin: str
    #: How a month is written before a day ("Oct."); months not listed are spelled out.
    months_with_day: dict[str, str] | None = field(default_factory=dict)
    #: "title": Zizhou County; "lower": Zizhou county.
    unit_case: str | None = "title"
    full_body_names: bool = False
    #: "space": vice governor; "hyphen": vice-governor.
    vice: str | None = "space"
    #: "premier Li Qiang" -> "Premier Li Qiang".
    capitalize_before_name: bool = False

    @property
    def neutral(self) -> bool:
        return self.id == NEUTRAL_ID

    def month_with_day(self, month: int) -> str:
        name = MONTHS[month - 1]
        return (self.months_with_day or {}).get(name, name)


#: No house style chosen: leave every accepted form alone (see the module docstring).
NEUTRAL = Style(
    id=NEUTRAL_ID,
    origin="(no house style chosen)",
    months_with_day=None,
    unit_case=None,
    full_body_names=False,
    vice=None,
)


def load_styles(sources: Iterable[YamlSource]) -> dict[str, Style]:
    """Every style by id, with ``base`` styles merged in."""
    raw: dict[str, tuple[YamlSource, dict[str, Any]]] = {}
    for src in sources:
        sid = src.data["id"]
        if sid in raw:
            raise src.error(
                f"duplicate style id {sid!r} (first defined in {raw[sid][0].path})", ("id",)
            )
        raw[sid] = (src, src.data)

    def settings(sid: str, seen: tuple[str, ...]) -> dict[str, Any]:
        src, data = raw[sid]
        base = data.get("base")
        merged: dict[str, Any] = {}
        if base is not None:
            if base not in raw:
                raise src.error(f"unknown base style {base!r}", ("base",))
            if base in seen:
                raise src.error(f"style {sid!r} inherits from itself", ("base",))
            merged = settings(base, (*seen, sid))
        for section, values in data.items():
            if isinstance(values, dict):
                merged[section] = {**merged.get(section, {}), **values}
        return merged

    styles = {}
    for sid, (src, _) in raw.items():
        s = settings(sid, ())
        places = s.get("places", {})
        styles[sid] = Style(
            id=sid,
            origin=src.where(()),
            months_with_day=dict(s.get("dates", {}).get("months_with_day", {})),
            unit_case=places.get("unit_case", "title"),
            full_body_names=bool(places.get("full_body_names", False)),
            vice=s.get("titles", {}).get("vice", "space"),
            capitalize_before_name=bool(s.get("titles", {}).get("capitalize_before_name", False)),
        )
    return styles


def pick(styles: dict[str, Style], name: str | None) -> Style:
    """The style called ``name``; :data:`NEUTRAL` when no style is chosen."""
    if name is None or name == NEUTRAL_ID:
        return NEUTRAL
    if name not in styles:
        known = ", ".join(sorted(styles)) or "none"
        raise DataError(f"unknown house style {name!r} (known: {known})")
    return styles[name]
