"""``transfix stats`` and ``transfix suggest``: what a corpus says about the glossary.

stats: how often each rule and entry fired, which entries never fired, and the
files with most changes.

suggest: candidates the glossary does not cover yet, as YAML stubs to review:
pinyin names written in more than one case (roster stubs), title-like phrases
after names that no entry knows (term stubs), and body names seen in more than
one casing (match_case stubs). Each carries its count and example contexts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from transfix.api import Problem
from transfix.kinds.names import NamesRule
from transfix.kinds.terms import TermsRule
from transfix.kinds.titles import TitlesRule
from transfix.phrases import FoldedText
from transfix.ruleset import RuleSet

CONTEXT = 50  # characters of context either side in an example


@dataclass
class Stats:
    files: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_file: Counter[str] = field(default_factory=Counter)
    never_fired: list[str] = field(default_factory=list)

    def as_dict(self, top: int = 10) -> dict[str, Any]:
        return {
            "files": self.files,
            "by_rule": dict(sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
            "never_fired": self.never_fired,
            "top_files": [{"path": p, "problems": n} for p, n in self.by_file.most_common(top)],
        }


def stats(ruleset: RuleSet, problems: Iterable[Problem], files: int) -> Stats:
    result = Stats(files=files)
    for p in problems:
        result.by_rule[p.rule] += 1
        result.by_file[p.path] += 1
    known = [r.id for r in ruleset.rules] + [
        f"{r.id}/{e.id}" for r in ruleset.rules if isinstance(r, TermsRule) for e in r.entries
    ]
    fired = set(result.by_rule) | {r.split("/")[0] for r in result.by_rule}
    result.never_fired = [k for k in known if k not in fired]
    return result


# ---------------------------------------------------------------------------- suggest


@dataclass
class Candidate:
    kind: str  # roster, term, casing
    key: str
    forms: Counter[str] = field(default_factory=Counter)
    contexts: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.forms.values())

    def add(self, form: str, path: str, text: str, start: int, end: int) -> None:
        self.forms[form] += 1
        if len(self.contexts) < 3:
            line = text.count("\n", 0, start) + 1
            snippet = " ".join(text[max(0, start - CONTEXT) : end + CONTEXT].split())
            self.contexts.append(f"{path}:{line}: …{snippet}…")


# Every pair of adjacent words (overlapping: "later meng qingyun" yields both pairs).
_NAME_PAIR = re.compile(r"(?=\b([A-Za-z][a-z]+)[ \t]+([A-Za-z][a-z]+(?:[A-Z][a-z]+)?)\b)")
_APPOSITION = re.compile(
    r"\b(?P<sur>[A-Z][a-z]+)[ \t]+(?P<giv>[A-Z][a-z]+),[ \t]+(?P<title>[^,.;:()\n]{6,80})"
)
_BODY = re.compile(
    r"\b(?:[A-Za-z'’]+[ \t]+){1,3}"
    r"(?:committee|congress|conference|government|bureau|department|commission|office|"
    r"center|centre|administration|federation)\b",
    re.IGNORECASE,
)


def suggest(
    ruleset: RuleSet, documents: Sequence[tuple[str, str]], minimum: int = 2
) -> list[Candidate]:
    """Candidates from ``(path, text)`` documents, most frequent first."""
    names = next((r for r in ruleset.rules if isinstance(r, NamesRule)), None)
    titles = next((r for r in ruleset.rules if isinstance(r, TitlesRule)), None)
    terms = next((r for r in ruleset.rules if isinstance(r, TermsRule)), None)
    found: dict[tuple[str, str], Candidate] = {}

    def candidate(kind: str, key: str) -> Candidate:
        return found.setdefault((kind, key), Candidate(kind, key))

    for path, text in documents:
        if names is not None:
            for m in _NAME_PAIR.finditer(text):
                sur, giv = m.group(1), m.group(2)
                lex = names.lex
                if sur.lower() not in lex.surnames or sur.lower() in lex.english_surnames:
                    continue
                if lex.syllable_count(giv.lower()) not in (1, 2) or giv.lower() in lex.english:
                    continue
                key = f"{sur.lower()} {giv.lower()}"
                if key.replace(" ", "") in names.roster:
                    continue
                form = f"{sur} {giv}"
                candidate("roster", key).add(form, path, text, m.start(1), m.end(2))
        if titles is not None:
            for m in _APPOSITION.finditer(text):
                if not titles.lex.is_name(m.group("sur"), m.group("giv")):
                    continue
                phrase = m.group("title").strip()
                first = phrase.split()[0].lower()
                if first not in titles.title_words:
                    continue
                if terms is not None and any(True for _ in terms.index.search(FoldedText(phrase))):
                    continue  # the glossary already knows something in it
                candidate("term", phrase.lower()).add(phrase, path, text, m.start("title"), m.end())
        for m in _BODY.finditer(text):
            phrase = " ".join(m.group().split())
            if terms is not None and any(
                end == len(phrase) for _, end, _ in terms.index.search(FoldedText(phrase))
            ):
                continue  # an entry already covers the body's name
            candidate("casing", phrase.lower()).add(phrase, path, text, m.start(), m.end())

    out = []
    for c in found.values():
        if c.count < minimum:
            continue
        if c.kind in ("roster", "casing") and len(c.forms) < 2:
            continue  # only written one way: nothing to unify
        out.append(c)
    out.sort(key=lambda c: (-c.count, c.kind, c.key))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entry"


def stubs(candidates: Sequence[Candidate]) -> dict[str, Any]:
    """YAML-ready stubs: roster people and term entries to review and complete."""
    people: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for c in candidates:
        seen = {form: n for form, n in c.forms.most_common()}
        if c.kind == "roster":
            sur, giv = c.key.split(" ", 1)
            people.append(
                {
                    "en": f"{sur.capitalize()} {giv.capitalize()}",
                    "note": f"seen as {seen}",
                    "source": ["K"],
                    "contexts": c.contexts,
                }
            )
        elif c.kind == "term":
            entries.append(
                {
                    "id": _slug(c.key),
                    "en": "TODO",
                    "wrong": [c.forms.most_common(1)[0][0]],
                    "source": ["K"],
                    "safety": "unsafe",
                    "note": f"seen {c.count} times after a name",
                    "contexts": c.contexts,
                }
            )
        else:
            forms = [form for form, _ in c.forms.most_common()]
            entries.append(
                {
                    "id": _slug(c.key) + "-case",
                    "en": "TODO: pick one of " + " / ".join(forms),
                    "wrong": forms,
                    "match_case": True,
                    "source": ["K"],
                    "safety": "unsafe",
                    "note": f"written {len(forms)} ways: {seen}",
                    "contexts": c.contexts,
                }
            )
    return {"roster": people, "terms": entries}


def by_kind(candidates: Iterable[Candidate]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for c in candidates:
        counts[c.kind] += 1
    return dict(counts)
