"""The ``check`` report as SARIF 2.1.0, for code-scanning dashboards.

One run; every rule that reported something is listed in ``tool.driver.rules``;
each result carries its location (columns in Unicode code points), its level
(error, warning, note) and, for an edit, a ``fixes`` entry with the replacement.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from transfix import __version__
from transfix.api import Problem

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFO_URI = "https://github.com/transfix/transfix"


def _uri(path: str) -> str:
    return Path(path).as_posix() if path != "<stdin>" else "stdin"


def _region(p: Problem) -> dict[str, int]:
    return {
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": p.end_line,
        "endColumn": p.end_column,
    }


def render(
    problems: Sequence[Problem],
    descriptions: dict[str, str],
    errors: Sequence[str],
    out: TextIO,
) -> None:
    rule_ids = sorted({p.rule for p in problems})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    rules = [
        {
            "id": rid,
            "name": rid.replace("/", "-"),
            "shortDescription": {"text": descriptions.get(rid.split("/")[0], rid)},
            "properties": {"category": rid.split("/")[0]},
        }
        for rid in rule_ids
    ]
    results: list[dict[str, Any]] = []
    for p in problems:
        location = {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(p.path)},
                "region": _region(p),
            }
        }
        result: dict[str, Any] = {
            "ruleId": p.rule,
            "ruleIndex": index[p.rule],
            "level": _LEVEL.get(p.severity, "warning"),
            "message": {"text": p.message},
            "locations": [location],
            "properties": {
                "category": p.category,
                "kind": p.kind,
                "safety": p.safety,
                "evidence": p.evidence,
            },
        }
        if p.source is not None:
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(p.source.path or "<source>")},
                        "region": {
                            "startLine": p.source.line,
                            "startColumn": p.source.column,
                            "endColumn": p.source.column + len(p.source.text),
                        },
                    },
                    "message": {"text": f"the Chinese source: {p.source.text}"},
                }
            ]
        if p.replacement is not None:
            result["fixes"] = [
                {
                    "description": {"text": "safe fix" if p.fixable else "suggested fix (unsafe)"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(p.path)},
                            "replacements": [
                                {
                                    "deletedRegion": _region(p),
                                    "insertedContent": {"text": p.replacement},
                                }
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    notifications = [{"level": "error", "message": {"text": e}} for e in errors]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "transfix",
                "version": __version__,
                "informationUri": INFO_URI,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": False, "toolExecutionNotifications": notifications}
        ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")
