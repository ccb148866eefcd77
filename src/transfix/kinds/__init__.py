"""Registry of rule kinds: kind name -> the class that implements it."""

from __future__ import annotations

from typing import Any

from transfix.kinds.base import Rule
from transfix.kinds.bitext import BitextRule
from transfix.kinds.casing import CasingRule
from transfix.kinds.dates import DatesRule
from transfix.kinds.names import NamesRule
from transfix.kinds.place import PlaceRule
from transfix.kinds.places import PlacesRule
from transfix.kinds.style import StyleRule
from transfix.kinds.terms import TermsRule
from transfix.kinds.titles import TitlesRule

KINDS: dict[str, type[Rule]] = {
    cls.kind: cls
    for cls in (
        TermsRule,
        NamesRule,
        DatesRule,
        TitlesRule,
        PlaceRule,
        PlacesRule,
        StyleRule,
        CasingRule,
        BitextRule,
    )
}

#: Glossary file type -> the JSON schema of one such file.
DATA_SCHEMAS: dict[str, dict[str, Any]] = {
    data_type: schema for cls in KINDS.values() for data_type, schema in cls.data_schemas.items()
}
