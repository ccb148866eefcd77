"""The ``check`` report as JSON: ``{"version", "findings": [...], "summary": {...}}``.

The schema is docs/check-output.schema.json. Every item of ``findings`` is one
edit (``replacement`` set, ``safety`` "safe" or "unsafe") or one finding
(``replacement`` and ``safety`` null), with 1-based ``line``/``column`` (code
points) and exclusive ``end_line``/``end_column``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from transfix import __version__
from transfix.api import Problem

SCHEMA_VERSION = 1


def problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "end_line": p.end_line,
        "end_column": p.end_column,
        "rule": p.rule,
        "category": p.category,
        "severity": p.severity,
        "kind": p.kind,
        "message": p.message,
        "replacement": p.replacement,
        "safety": p.safety,
        "evidence": p.evidence,
        "source": (
            None
            if p.source is None
            else {
                "path": p.source.path,
                "line": p.source.line,
                "column": p.source.column,
                "text": p.source.text,
            }
        ),
    }


def render(problems: Sequence[Problem], files: int, errors: Sequence[str], out: TextIO) -> None:
    summary = {
        "files": files,
        "problems": len(problems),
        "fixable": sum(1 for p in problems if p.fixable),
        "suggestions": sum(1 for p in problems if p.safety == "unsafe"),
        "findings_without_fix": sum(1 for p in problems if p.replacement is None),
        "by_rule": dict(sorted(Counter(p.rule for p in problems).items())),
        "by_severity": dict(sorted(Counter(p.severity for p in problems).items())),
        "errors": list(errors),
    }
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "transfix", "version": __version__},
        "findings": [problem_dict(p) for p in problems],
        "summary": summary,
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")
