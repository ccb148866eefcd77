"""The one interface every rule kind implements.

A rule kind is a Python mechanism (match glossary phrases, repair pinyin names,
normalise dates ...). What it matches is data: a rule file in ``rules/`` names
the kind and its options, and glossary files in ``glossary/`` hold the
vocabulary, each file declaring its ``type`` so the right kind consumes it.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep, Safety, Severity, SourceRef
from transfix.yamlsource import YamlSource


@dataclass(frozen=True)
class Example:
    """A spec that runs as a test: ``text`` must become ``fixed``, or ``keep`` must not change.

    ``subject`` is the rule id (``rule`` or ``rule/entry``) the example belongs to;
    the example also checks that this subject produced at least one edit.
    """

    subject: str
    origin: str
    text: str | None = None
    fixed: str | None = None
    keep: str | None = None
    unsafe: bool = False
    #: The document context the example runs in (``--place``, ``--style``, ``--date``).
    place: str | None = None
    style: str | None = None
    date: str | None = None

    def context(self) -> ScanContext:
        return ScanContext(
            place=self.place,
            style=self.style,
            date=datetime.date.fromisoformat(self.date) if self.date else None,
        )


_EXAMPLE_CONTEXT: dict[str, Any] = {
    "place": {"type": "string"},
    "style": {"type": "string"},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    # run with suggestions applied (rule examples; an unsafe entry's examples always are)
    "unsafe": {"type": "boolean"},
}
EXAMPLES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "fixed": {"type": "string"},
                    **_EXAMPLE_CONTEXT,
                },
                "required": ["text", "fixed"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"keep": {"type": "string"}, **_EXAMPLE_CONTEXT},
                "required": ["keep"],
                "additionalProperties": False,
            },
        ]
    },
}


def parse_examples(
    source: YamlSource, key: tuple[str | int, ...], subject: str, unsafe: bool
) -> list[Example]:
    """Examples listed at ``key`` in ``source`` (already schema-checked)."""
    items: Any = source.data
    for part in key:
        items = items.get(part) if isinstance(items, dict) else items[part]
        if items is None:
            return []
    out = []
    for i, item in enumerate(items or []):
        out.append(
            Example(
                subject=subject,
                origin=source.where((*key, i)),
                text=item.get("text"),
                fixed=item.get("fixed"),
                keep=item.get("keep"),
                unsafe=unsafe or bool(item.get("unsafe")),
                place=item.get("place"),
                style=item.get("style"),
                date=item.get("date"),
            )
        )
    return out


@dataclass(frozen=True)
class RuleSpec:
    """One rule as declared in a rule file."""

    id: str
    kind: str
    origin: str
    description: str = ""
    severity: Severity = Severity.WARNING
    priority: int = 100
    options: dict[str, Any] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class SourceDoc:
    """The Chinese source of a document, as given (``--source``, or a bitext file's sources).

    ``units``: spans of ``text`` already paired one by one with the English paragraphs (the
    segments of a bitext file); ``None``: paragraphs to align.
    """

    text: str
    path: str | None = None
    units: tuple[tuple[int, int], ...] | None = None
    #: (line, column) of text offsets in the source file; None: count in ``text``
    locate: Any = None
    #: what separates the English units paired with ``units`` (None: paragraphs)
    en_separator: str | None = None


@dataclass(frozen=True)
class ScanContext:
    """What a rule may know about the document besides its text."""

    path: str | None = None
    #: The document's date, when given (``--date``); rules may also find one in the text.
    date: datetime.date | None = None
    #: The house style's id (``--style``); ``None`` means no house style (style-neutral).
    style: str | None = None
    #: The document's place, e.g. "Zizhou County" (``--place``), when known.
    place: str | None = None
    #: Where ``place`` came from, for messages ("inferred from ...").
    place_from: str | None = None
    #: ``place`` was inferred from the text (its uses are suggestions), not given.
    place_inferred: bool = False
    #: Places the text names when none could be inferred (several compete).
    place_candidates: tuple[str, ...] = ()
    #: The Chinese source, when given.
    source: SourceDoc | None = None
    #: What ``prepare`` hooks learnt of the document (the aligned source, by the bitext rule).
    aligned: Any = None


class Rule(ABC):
    """A configured rule: a kind's mechanism bound to its options and vocabulary."""

    kind: ClassVar[str]
    #: JSON schema of the rule's ``options`` mapping.
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
    }
    #: The glossary file ``type``s this kind consumes, each with the JSON schema of one file.
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {}
    #: A guard: asked about every candidate edit of every rule (see :meth:`vetoes`).
    is_guard: ClassVar[bool] = False
    #: The fixed sub-ids this kind reports (``rule/sub-id``), each with a one-line description.
    sub_ids: ClassVar[dict[str, str]] = {}

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        self.spec = spec

    @property
    def id(self) -> str:
        return self.spec.id

    @abstractmethod
    def scan(self, text: str, ctx: ScanContext) -> Iterable[Edit | Keep | Finding]:
        """Every edit, protected span and finding this rule sees in ``text``."""

    def vetoes(self, text: str, edit: Edit) -> bool:
        """A guard's verdict on a candidate edit (of any rule): ``True`` drops it."""
        return False

    def prepare(self, text: str, ctx: ScanContext) -> ScanContext:
        """Once per document, before the first scan: learn what later scans need (the aligned
        source, an inferred place) and return the context the scans get."""
        return ctx

    def edit(
        self,
        start: int,
        end: int,
        replacement: str,
        entry: str,
        message: str,
        *,
        safety: Safety = Safety.SAFE,
        evidence: str | None = None,
        origin: str | None = None,
        source: SourceRef | None = None,
    ) -> Edit:
        """An edit made by this rule (its id, severity and priority; its file:line by default)."""
        spec = self.spec
        return Edit(
            start,
            end,
            replacement,
            rule=spec.id,
            entry=entry,
            origin=origin or spec.origin,
            message=message,
            safety=safety,
            severity=spec.severity,
            priority=spec.priority,
            evidence=evidence,
            source=source,
        )

    def finding(
        self,
        start: int,
        end: int,
        entry: str,
        message: str,
        *,
        severity: Severity | None = None,
        evidence: str | None = None,
        origin: str | None = None,
        source: SourceRef | None = None,
    ) -> Finding:
        """A finding reported by this rule."""
        spec = self.spec
        return Finding(
            start,
            end,
            rule=spec.id,
            message=message,
            entry=entry,
            origin=origin or spec.origin,
            severity=severity or spec.severity,
            evidence=evidence,
            source=source,
        )

    def entry_ids(self) -> dict[str, str]:
        """Every sub-id this rule can report after ``rule/``, with a one-line description.

        The fixed :attr:`sub_ids` of its kind, plus those its data defines (a
        glossary entry, a date anchor). ``transfix explain``, ``rules list``, the
        generated docs and the configuration check all read this.
        """
        return dict(self.sub_ids)

    def examples(self) -> list[Example]:
        """The rule's own examples and those of every data entry it owns."""
        return list(self.spec.examples)
