"""Every example of every rule and glossary entry runs here (one parametrised test).

``text`` must become exactly ``fixed`` under the whole default rule set (so an
entry that breaks another's example fails), and the example's own rule or
entry must be among the edits that did it; ``keep`` must come out unchanged.
Examples of unsafe entries run with unsafe fixes applied.
"""

from __future__ import annotations

import pytest

from transfix.engine import Engine
from transfix.kinds.base import Example
from transfix.kinds.terms import TermsRule
from transfix.ruleset import RuleSet, load_ruleset

_RULESET = load_ruleset()
EXAMPLES = _RULESET.examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.subject}@{e.origin}" for e in EXAMPLES])
def test_example(example: Example, default_engine: Engine) -> None:
    ctx = example.context()
    if example.keep is not None:
        result = default_engine.fix(example.keep, ctx, unsafe=True)
        assert result.text == example.keep, f"{example.origin}: a keep example was changed"
        return
    assert example.text is not None and example.fixed is not None
    result = default_engine.fix(example.text, ctx, unsafe=example.unsafe)
    assert result.text == example.fixed, f"{example.origin}: unexpected fix"
    fired = {a.edit.rule_id for a in result.applied} | {a.edit.rule for a in result.applied}
    assert example.subject in fired, f"{example.origin}: {example.subject} did not fire"


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
