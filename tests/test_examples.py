"""Every example of every rule and glossary entry runs here (one parametrised test).

The same check runs as ``transfix rules test`` (transfix.maintain.examples).
"""

from __future__ import annotations

import pytest

from transfix.engine import Engine
from transfix.kinds.base import Example
from transfix.kinds.terms import TermsRule
from transfix.maintain.examples import check_example
from transfix.ruleset import RuleSet, load_ruleset

_RULESET = load_ruleset()
EXAMPLES = _RULESET.examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.subject}@{e.origin}" for e in EXAMPLES])
def test_example(example: Example, default_engine: Engine) -> None:
    failure = check_example(default_engine, example)
    assert failure is None, (
        f"{example.origin}: {failure.reason}\n"
        f"expected: {failure.expected!r}\nactual:   {failure.actual!r}"
    )


def _term_entries(ruleset: RuleSet) -> list[tuple[str, str, str]]:
    out = []
    for rule in ruleset.rules:
        if isinstance(rule, TermsRule):
            out += [(rule.id, e.id, e.origin) for e in rule.entries]
    return out


ENTRIES = _term_entries(_RULESET)


@pytest.mark.parametrize("rule_id,entry_id,origin", ENTRIES, ids=[e[1] for e in ENTRIES])
def test_every_entry_has_fix_and_keep_examples(rule_id: str, entry_id: str, origin: str) -> None:
    mine = [e for e in EXAMPLES if e.subject == f"{rule_id}/{entry_id}"]
    assert any(e.fixed is not None for e in mine), f"{origin}: no text -> fixed example"
    assert any(e.keep is not None for e in mine), f"{origin}: no keep example"


def test_every_rule_has_examples() -> None:
    for rule in _RULESET.rules:
        assert rule.spec.examples, f"{rule.spec.origin}: rule {rule.id} has no examples"


def test_every_default_entry_cites_a_known_source() -> None:
    known = {s["id"] for src in _RULESET.glossaries["sources"] for s in src.data["sources"]}
    known.add("K")
    for rule in _RULESET.rules:
        if isinstance(rule, TermsRule):
            for entry in rule.entries:
                assert entry.source, f"{entry.origin}: entry {entry.id} has no source"
                unknown = set(entry.source) - known
                assert not unknown, f"{entry.origin}: unknown sources {sorted(unknown)}"
