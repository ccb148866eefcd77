"""Every rule and glossary example as a test (``transfix rules test`` and pytest).

``text`` must become exactly ``fixed`` under the whole rule set (so an entry that
breaks another's example is caught), and the example's own rule or entry must be
among the edits that made it; ``keep`` must come out unchanged, suggestions
applied. Examples of unsafe entries run with suggestions applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from transfix.engine import Engine
from transfix.errors import FixpointError
from transfix.kinds.base import Example
from transfix.ruleset import RuleSet


@dataclass(frozen=True)
class Failure:
    example: Example
    reason: str
    expected: str
    actual: str


def check_example(engine: Engine, example: Example) -> Failure | None:
    """``None`` when the example holds, else what went wrong."""
    ctx = example.context()
    source = example.keep if example.keep is not None else example.text
    assert source is not None
    expected = example.keep if example.keep is not None else example.fixed
    assert expected is not None
    unsafe = example.unsafe or example.keep is not None
    try:
        result = engine.fix(source, ctx, unsafe=unsafe)
    except FixpointError as exc:
        return Failure(example, str(exc), expected, source)
    if result.text != expected:
        reason = "a keep example was changed" if example.keep is not None else "unexpected fix"
        return Failure(example, reason, expected, result.text)
    if example.keep is None:
        fired = {a.edit.rule_id for a in result.applied} | {a.edit.rule for a in result.applied}
        if example.subject not in fired:
            return Failure(
                example,
                f"{example.subject} did not fire (other rules made the change)",
                expected,
                result.text,
            )
    return None


def run_examples(ruleset: RuleSet) -> tuple[int, list[Failure]]:
    """How many examples ran, and the ones that failed."""
    engine = ruleset.engine()
    examples = ruleset.examples()
    failures = [f for ex in examples if (f := check_example(engine, ex)) is not None]
    return len(examples), failures
