"""Registry of rule kinds: kind name -> the class that implements it."""

from __future__ import annotations

from transfix.kinds.base import Rule
from transfix.kinds.terms import TermsRule

KINDS: dict[str, type[Rule]] = {cls.kind: cls for cls in (TermsRule,)}

DATA_TYPES: dict[str, type[Rule]] = {
    cls.data_type: cls for cls in KINDS.values() if cls.data_type is not None
}
