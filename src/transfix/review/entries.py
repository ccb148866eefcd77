"""What the rule set says about a rule id that fired: ``transfix explain``'s text, and the
same as data (forms, sources with their URLs, examples) for the HTML review page.

A problem's rule id is a glossary entry (``terms/county-head``), a rule
(``dates``) or a rule with a sub-check (``names/surname-lowercase``); the latter is
explained by its rule (``names``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from transfix.maintain import catalog
from transfix.ruleset import RuleSet


def _http(url: object) -> str | None:
    if isinstance(url, list):
        url = url[0] if url else None
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url
    return None


def _short(path: str) -> str:
    """Where an entry is defined, without this machine's folders (the page is shared):
    ``glossary/terms/county.yaml`` for the default data, else relative to here, else the
    file's name."""
    posix = path.replace("\\", "/")
    for root in ("glossary/", "rules/"):
        i = posix.rfind("/" + root)
        if i >= 0:
            return posix[i + 1 :]
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        rel = path
    return Path(rel).as_posix() if not rel.startswith("..") else Path(path).name


class Entries:
    """Lookups of rule ids in one rule set (its catalogue built once)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._items: dict[str, catalog.Item] | None = None
        self._sources: dict[str, dict[str, Any]] | None = None

    @property
    def items(self) -> dict[str, catalog.Item]:
        if self._items is None:
            self._items = {}
            for item in catalog.items(self.ruleset):
                self._items.setdefault(item.id, item)
        return self._items

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        if self._sources is None:
            self._sources = {
                s["id"]: s
                for src in self.ruleset.glossaries.get("sources", [])
                for s in src.data["sources"]
            }
        return self._sources

    def find(self, rule_id: str) -> catalog.Item | None:
        """The entry or rule that explains ``rule_id``: itself, else its rule."""
        item = self.items.get(rule_id)
        if item is None:
            item = self.items.get(rule_id.split("/")[0])
        return item

    def explain(self, rule_id: str) -> str:
        """``transfix explain`` output for ``rule_id`` (or its rule)."""
        item = self.find(rule_id)
        if item is None:
            return f"{rule_id}: no rule or entry of that id in the rule set"
        return catalog.explain(self.ruleset, item)

    def data(self, rule_id: str) -> dict[str, Any]:
        """The same as JSON-ready data: what the review page shows in a problem's details."""
        item = self.find(rule_id)
        if item is None:
            return {"id": rule_id, "found": False}
        out: dict[str, Any] = {
            "id": item.id,
            "found": True,
            "kind": item.kind,
            "summary": item.summary,
            "defined": f"{_short(item.file)}:{item.line}",
            "safety": item.safety,
        }
        entry = item.details.get("entry")
        anchor = item.details.get("anchor")
        if entry is not None:
            out.update(
                standard=entry.en,
                zh=list(entry.zh),
                wrong=list(entry.wrong),
                accepted=list(entry.accept),
                note=entry.note or None,
                sources=[self._source(sid) for sid in entry.source],
            )
        elif anchor is not None:
            out.update(description=f"{anchor.event}", sources=[])
        else:
            out.update(description=item.details.get("description") or item.summary, sources=[])
        out["examples"] = [
            {"keep": ex.keep} if ex.keep is not None else {"text": ex.text, "fixed": ex.fixed}
            for ex in item.details.get("examples") or []
        ]
        return out

    def _source(self, sid: str) -> dict[str, Any]:
        if sid == "K":
            return {"id": "K", "title": "unverified knowledge", "url": None}
        s = self.sources.get(sid)
        if s is None:
            return {"id": sid, "title": "(not in glossary/sources.yaml)", "url": None}
        return {"id": sid, "title": str(s.get("title", sid)), "url": _http(s.get("url"))}
