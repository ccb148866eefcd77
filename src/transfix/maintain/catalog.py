"""``transfix rules list``, ``transfix explain`` and the generated docs/glossary.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transfix.kinds.dates import DatesRule
from transfix.kinds.terms import TermsRule
from transfix.ruleset import RuleSet


@dataclass(frozen=True)
class Item:
    """One rule, glossary entry or date anchor."""

    id: str
    kind: str
    file: str
    line: int
    severity: str
    safety: str | None
    summary: str
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "safety": self.safety,
            "summary": self.summary,
        }


def _split(origin: str) -> tuple[str, int]:
    path, _, line = origin.rpartition(":")
    return path, int(line) if line.isdigit() else 1


#: Ids that transfix itself reports, outside any rule.
BUILT_IN = (
    Item(
        "unused-ignore",
        "suppression",
        "(built in)",
        0,
        "warning",
        None,
        "a transfix suppression comment that suppresses nothing (--report-unused-ignores)",
        {
            "description": "a transfix suppression comment that suppresses nothing; "
            "reported by check --report-unused-ignores"
        },
    ),
)


def items(ruleset: RuleSet) -> list[Item]:
    """Every id transfix can report: each rule, and each of its sub-ids (:meth:`entry_ids`)."""
    out: list[Item] = []
    for rule in ruleset.rules:
        spec = rule.spec
        path, line = _split(spec.origin)
        out.append(
            Item(
                spec.id,
                spec.kind,
                path,
                line,
                spec.severity.value,
                None,
                spec.description.split(". ")[0].rstrip(".") if spec.description else "",
                {
                    "description": spec.description,
                    "priority": spec.priority,
                    "options": sorted(spec.options),
                    "examples": spec.examples,
                },
            )
        )
        if isinstance(rule, TermsRule):
            examples = rule.examples()
            for e in rule.entries:
                path, line = _split(e.origin)
                out.append(
                    Item(
                        f"{spec.id}/{e.id}",
                        f"{spec.kind} entry",
                        path,
                        line,
                        spec.severity.value,
                        e.safety.value,
                        f"{' | '.join(e.wrong)} → {e.en}",
                        {
                            "entry": e,
                            "examples": [x for x in examples if x.subject == f"{spec.id}/{e.id}"],
                        },
                    )
                )
        if isinstance(rule, DatesRule):
            for a in rule.anchors:
                path, line = _split(a.origin)
                bound = f"before {a.before}" if a.before else f"after {a.after}"
                out.append(
                    Item(
                        f"{spec.id}/anchor-{a.id}",
                        "date anchor",
                        path,
                        line,
                        "info" if a.unverified else "warning",
                        None,
                        f"{a.event} ({bound})",
                        {"anchor": a},
                    )
                )
        detailed = {i.id for i in out}
        path, line = _split(spec.origin)
        for sub, description in rule.entry_ids().items():
            if f"{spec.id}/{sub}" in detailed:
                continue
            out.append(
                Item(
                    f"{spec.id}/{sub}",
                    f"{spec.kind} check",
                    path,
                    line,
                    spec.severity.value,
                    None,
                    description,
                    {"description": description, "rule": spec, "priority": spec.priority},
                )
            )
    return [*out, *BUILT_IN]


def find(ruleset: RuleSet, wanted: str) -> list[Item]:
    """Items whose id is ``wanted``, or ends with ``/wanted``."""
    return [i for i in items(ruleset) if i.id == wanted or i.id.endswith("/" + wanted)]


def explain(ruleset: RuleSet, item: Item) -> str:
    sources = {
        s["id"]: s for src in ruleset.glossaries.get("sources", []) for s in src.data["sources"]
    }
    where = f"defined at {item.file}:{item.line}" if item.line else "built in"
    lines = [f"{item.id}  ({item.kind}, {where})"]
    entry = item.details.get("entry")
    anchor = item.details.get("anchor")
    if entry is not None:
        lines += [
            f"  standard form: {entry.en}" + (f"   ({' / '.join(entry.zh)})" if entry.zh else ""),
            f"  wrong forms:   {'; '.join(entry.wrong)}",
        ]
        if entry.accept:
            lines.append(f"  accepted:      {'; '.join(entry.accept)}")
        for label, cond in (("only when", entry.when), ("not when", entry.unless)):
            if cond is not None:
                for side, pattern in (("before", cond.before), ("after", cond.after)):
                    if pattern is not None:
                        lines.append(f"  {label}:  {side} /{pattern.pattern}/")
        lines.append(
            f"  safety:        {entry.safety.value}"
            + (
                "  (applied by fix)"
                if entry.safety.value == "safe"
                else "  (a suggestion; --unsafe applies it)"
            )
        )
        if entry.match_case:
            lines.append("  match case:    yes (only the listed casings are wrong)")
        if entry.note:
            lines.append(f"  note:          {entry.note}")
        lines.append("  sources:")
        for sid in entry.source:
            if sid == "K":
                lines.append("    K  unverified knowledge: a suggestion until a source confirms it")
            elif sid in sources:
                s = sources[sid]
                url = s.get("url")
                url = url[0] if isinstance(url, list) else url
                lines.append(f"    {sid}  {s['title']}" + (f"  <{url}>" if url else ""))
            else:
                lines.append(f"    {sid}  (not in glossary/sources.yaml)")
    elif anchor is not None:
        lines += [
            f"  event:   {anchor.event}",
            f"  pattern: /{anchor.pattern.pattern}/",
            "  means:   the text was written "
            + (f"before {anchor.before}" if anchor.before else f"on or after {anchor.after}"),
        ]
    elif item.details.get("rule") is not None:
        rule = item.details["rule"]
        lines.append(f"  {item.summary}")
        summary = rule.description.split(". ")[0].rstrip(".")
        lines.append(f"  part of rule {rule.id}" + (f": {summary}" if summary else ""))
        lines.append(f"  severity {item.severity}, priority {item.details.get('priority')}")
        lines.append(f"  (transfix explain {rule.id} shows the rule and its examples)")
    elif item.details.get("priority") is None:  # built in
        lines.append(f"  {item.details.get('description') or item.summary}")
        lines.append(f"  severity {item.severity}")
    else:
        lines.append(f"  {item.details.get('description') or item.summary}")
        lines.append(f"  severity {item.severity}, priority {item.details.get('priority')}")
        if item.details.get("options"):
            lines.append(f"  options: {', '.join(item.details['options'])}")
    examples = item.details.get("examples") or []
    if examples:
        lines.append("  examples:")
        for ex in examples:
            if ex.keep is not None:
                lines.append(f"    keep:  {ex.keep!r}")
            else:
                lines.append(f"    {ex.text!r}\n      -> {ex.fixed!r}")
    return "\n".join(lines)


def _repo_path(path: str) -> str:
    """``.../site-packages/transfix/_data/glossary/x.yaml`` -> ``glossary/x.yaml``."""
    for root in ("glossary/", "rules/"):
        i = path.replace("\\", "/").rfind("/_data/" + root)
        if i >= 0:
            return path[i + len("/_data/") :]
    return path


def glossary_markdown(ruleset: RuleSet) -> str:
    """docs/glossary.md: every rule and glossary entry, generated from the YAML."""
    out = [
        "# The default glossary",
        "",
        "Generated from `rules/` and `glossary/` by `transfix rules docs -o docs/glossary.md`;",
        "do not edit by hand (a test fails when this file is stale).",
        "",
        "Safety: **safe** fixes are applied by `transfix fix`; **unsafe** ones are suggestions,",
        "applied only with `--unsafe`. Sources: see `glossary/sources.yaml`; K = unverified.",
        "",
        "## Rules",
        "",
        "| rule | kind | what it does |",
        "|---|---|---|",
    ]
    for rule in ruleset.rules:
        desc = " ".join(rule.spec.description.split())
        out.append(f"| `{rule.id}` | {rule.spec.kind} | {desc} |")
    out += [
        "",
        "## What each rule reports",
        "",
        "Every id in transfix's output; `transfix explain ID` shows more. Glossary entries",
        "(`terms/...`) are listed in the tables below.",
        "",
        "| id | meaning |",
        "|---|---|",
    ]
    for rule in ruleset.rules:
        if isinstance(rule, TermsRule):
            continue
        for sub, description in rule.entry_ids().items():
            out.append(f"| `{rule.id}/{sub}` | {description.replace('|', chr(92) + '|')} |")
    for item in BUILT_IN:
        out.append(f"| `{item.id}` | {item.summary} |")
    for rule in ruleset.rules:
        if not isinstance(rule, TermsRule):
            continue
        by_file: dict[str, list[Any]] = {}
        for e in rule.entries:
            by_file.setdefault(_repo_path(_split(e.origin)[0]), []).append(e)
        for path, entries in by_file.items():
            domain = entries[0].domain or path
            out += ["", f"## {domain.capitalize()} (`{path}`, {len(entries)} entries)", ""]
            out += [
                "| id | zh | standard form | wrong forms | safety | sources |",
                "|---|---|---|---|---|---|",
            ]
            for e in entries:
                wrong = "; ".join(e.wrong).replace("|", "\\|")
                out.append(
                    f"| `{e.id}` | {' / '.join(e.zh)} | {e.en} | {wrong} | {e.safety.value} | "
                    f"{', '.join(e.source)} |"
                )
    return "\n".join(out) + "\n"
