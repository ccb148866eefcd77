"""Property tests: the engine never crashes, never touches what it did not edit, and settles."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transfix.document import decode
from transfix.engine import Engine
from transfix.ruleset import load_ruleset

ENGINE: Engine = load_ruleset().engine()

# Pieces that make the default glossary fire, mixed with noise, case changes and
# every kind of whitespace and line ending.
PIECES = [
    "county people's Congress",
    "county People’s Congress",
    "letters and visits",
    "Letters and Visits bureau",
    "townships (streets,",
    "streets",
    "production safety",
    "main responsible persons",
    "head of the county",
    "sub district",
    "County",
    "people's",
    "Congress",
    "and",
    "the",
    "İ",
    "中文",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u3000",
    ".",
    ", ",
    "-",
    "'",
    '"',
    "(",
    ")",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts, st.booleans())
def test_fix_never_crashes_and_is_idempotent(text: str, unsafe: bool) -> None:
    once = ENGINE.fix(text, unsafe=unsafe)
    twice = ENGINE.fix(once.text, unsafe=unsafe)
    assert twice.text == once.text
    assert twice.applied == []


@SETTINGS
@given(texts)
def test_text_outside_edited_spans_is_untouched(text: str) -> None:
    result = ENGINE.fix(text)
    assert result.rounds <= 1  # the default glossary settles in one round
    pos_old = pos_new = 0
    for applied in sorted(result.applied, key=lambda a: a.start):
        gap = text[pos_old : applied.start]
        assert result.text[pos_new : pos_new + len(gap)] == gap
        pos_new += len(gap) + len(applied.edit.replacement)
        pos_old = applied.end
    assert result.text[pos_new:] == text[pos_old:]


@SETTINGS
@given(texts, st.sampled_from(["utf-8", "utf-8-bom", "utf-16-le"]))
def test_stored_bytes_outside_edits_survive(text: str, storage: str) -> None:
    if storage == "utf-8":
        data = text.encode("utf-8", "surrogatepass")
    elif storage == "utf-8-bom":
        data = codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    else:
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    try:
        doc = decode(data)
    except Exception:
        return  # lone surrogates and NULs are refused as input, not crashes
    result = ENGINE.fix(doc.text)
    out = doc.with_text(result.text).encode()
    if not result.applied:
        assert out == data
        return
    spans = sorted((a.start, a.end) for a in result.applied)
    head = doc.with_text(doc.text[: spans[0][0]]).encode()
    tail = doc.text[spans[-1][1] :].encode(doc.encoding)
    assert out.startswith(head) and data.startswith(head)
    assert out.endswith(tail) and data.endswith(tail)
