"""The engine: scanning, fixing to a fixpoint, and refusing to loop forever."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from transfix.edits import Edit, Finding, Keep, Safety
from transfix.engine import Engine
from transfix.errors import FixpointError
from transfix.kinds.base import Rule, RuleSpec, ScanContext


class Replace(Rule):
    """A test rule kind: replace every occurrence of a word."""

    kind = "test-replace"

    def __init__(self, rule_id: str, old: str, new: str) -> None:
        super().__init__(RuleSpec(id=rule_id, kind=self.kind, origin="test"), {})
        self.old, self.new = old, new

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        start = text.find(self.old)
        while start >= 0:
            yield Edit(start, start + len(self.old), self.new, rule=self.id)
            start = text.find(self.old, start + 1)


def test_fix_reruns_until_nothing_changes() -> None:
    engine = Engine([Replace("one", "alpha", "beta gamma"), Replace("two", "beta", "delta")])
    result = engine.fix("x alpha y")
    assert result.text == "x delta gamma y"
    assert result.rounds == 2
    assert [(a.round, a.edit.rule) for a in result.applied] == [(1, "one"), (2, "two")]
    # the second-round edit is located in the original text, at the span it came from,
    # with the original text of that span and what the span finally became
    assert [(a.start, a.end) for a in result.applied] == [(2, 7), (2, 7)]
    assert [(a.old, a.new) for a in result.applied] == [
        ("alpha", "delta gamma"),
        ("alpha", "delta gamma"),
    ]


def test_suggestions_and_findings_are_located_in_the_original() -> None:
    engine = Engine([Replace("one", "alpha", "beta gamma"), Suggest("two", "gamma", "epsilon")])
    result = engine.fix("x alpha y gamma z")
    assert result.text == "x beta gamma y gamma z"
    located = sorted((x.start, x.end, x.replacement) for x in result.located())
    # one suggestion inside text the safe fix wrote (widened to "alpha", the replacement
    # includes the safe fix), one on untouched text
    assert located == [(2, 7, "beta epsilon"), (10, 15, "epsilon")]


def test_offset_maps_are_linear_in_the_number_of_edits() -> None:
    # 20,000 edits in one round, then a round that touches each of them: the mapping is one
    # table per round (bisect), not a sort per edit
    text = "alpha " * 20_000
    engine = Engine([Replace("one", "alpha", "beta gamma"), Replace("two", "beta", "delta")])
    result = engine.fix(text)
    assert result.text == "delta gamma " * 20_000
    assert len(result.applied) == 40_000
    assert result.applied[-1].start == 6 * 19_999 and result.applied[-1].old == "alpha"


class Suggest(Replace):
    """Like Replace, but every edit is a suggestion."""

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        for e in super().scan(text, ctx):
            assert isinstance(e, Edit)
            yield Edit(e.start, e.end, e.replacement, rule=e.rule, safety=Safety.UNSAFE)


def test_fix_is_idempotent() -> None:
    engine = Engine([Replace("one", "alpha", "beta gamma"), Replace("two", "beta", "delta")])
    once = engine.fix("alpha, beta and alpha").text
    assert engine.fix(once).text == once
    assert engine.fix(once).applied == []


def test_rules_that_feed_each_other_raise_a_named_error() -> None:
    engine = Engine([Replace("ping", "ping", "pong"), Replace("pong", "pong", "ping")])
    with pytest.raises(FixpointError) as info:
        engine.fix("ping")
    message = str(info.value)
    assert "did not settle after 5 rounds" in message
    assert "ping" in message.split("text: ")[1] or "pong" in message.split("text: ")[1]


def test_a_standard_form_is_never_rewritten_by_another_entry(
    engine_from: Callable[[str], Engine],
) -> None:
    # Each entry's standard form is a keep, so two entries that map into each
    # other's standard forms settle instead of cycling.
    engine = engine_from(
        "entries:\n"
        "  - {id: ping, en: pong, wrong: [ping], source: [S1]}\n"
        "  - {id: pong, en: ping, wrong: [pong], source: [S1]}\n"
    )
    assert engine.fix("ping and pong").text == "ping and pong"


def test_nothing_to_do(default_engine: Engine) -> None:
    result = default_engine.fix("nothing here")
    assert not result.changed and result.rounds == 0 and result.applied == []


def test_default_engine_fixes_the_example_article_in_one_round(default_engine: Engine) -> None:
    from conftest import EXAMPLES

    text = (EXAMPLES / "zizhou-2022-q2-review.txt").read_text(encoding="utf-8")
    result = default_engine.fix(text)
    assert result.rounds == 1
    assert default_engine.fix(result.text).applied == []
