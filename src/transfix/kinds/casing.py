"""Rule kind ``casing``: a guard that no edit leaves a body's name in mixed case.

A body's name is either the full proper name in title case ("Zizhou County
People's Congress", "CPC Luchuan County Committee") or the generic phrase in
lowercase ("the county people's congress", "the county Party committee").
Machine translation writes mixed forms ("county people's Congress"), and a rule
that fixes one word can make one ("the CPC Luchuan county committee" ->
"County committee"). This kind makes no edits of its own: the engine asks it
about every candidate edit (:meth:`Rule.vetoes`), and it refuses an edit that
only changes letter case and leaves the body name around it in mixed case.
(An edit that rewrites words is the glossary's own standard form, checked by
its examples.) Nor does it let a word be lowercased in a headline, a line
written in title case.

A body name is a run of words ending in a head noun (committee, congress,
government ...); its words are compared by case, except words that keep their
capital in any case ("Party", acronyms such as CPC, and place names: capitalised
words that spell pinyin). The head nouns and those words are data
(``rules/casing.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.kinds.pinyin import LEXICON_SCHEMAS, Lexicon
from transfix.schema import STRINGS
from transfix.yamlsource import YamlSource

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        # the last word of a body's name: committee, congress, government ...
        "heads": STRINGS,
        # words that end a name going left: of, the, and ...
        "stops": STRINGS,
        # words capitalised in every style: Party (the CPC) ...
        "always_capital": STRINGS,
    },
    "additionalProperties": False,
}

_WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z'’\-]*")  # not the "th" of "18th"
_BREAK = re.compile(r"[,.;:!?()\[\]\"“”\n\r]")
WINDOW = 80  # characters looked at on each side of an edit


class CasingRule(Rule):
    kind = "casing"
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = LEXICON_SCHEMAS
    is_guard: ClassVar[bool] = True

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.lex = Lexicon.from_data(data, {})
        self.heads = frozenset(w.lower() for w in opts.get("heads", ()))
        self.stops = frozenset(w.lower() for w in opts.get("stops", ()))
        self.always = frozenset(w.lower() for w in opts.get("always_capital", ()))

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        return iter(())

    def vetoes(self, text: str, edit: Edit) -> bool:
        old = text[edit.start : edit.end]
        if edit.replacement.lower() != old.lower():
            return False  # not a change of case
        if not self._near_head(text, edit):
            lowering = sum(map(str.isupper, edit.replacement)) < sum(map(str.isupper, old))
            return lowering and headline(text, edit.start)
        if sum(map(str.isupper, edit.replacement)) < sum(map(str.isupper, old)) and headline(
            text, edit.start
        ):
            return True  # a headline keeps its capitals
        lo = max(0, edit.start - WINDOW)
        hi = min(len(text), edit.end + WINDOW)
        window = text[lo:hi]
        s, e = edit.start - lo, edit.end - lo
        after = window[:s] + edit.replacement + window[e:]
        return any(
            self._mixed(after[a:b], initial)
            for a, b, initial in self._names(after, s, s + len(edit.replacement), lo == 0)
        )

    def _near_head(self, text: str, edit: Edit) -> bool:
        """A head noun among the edited words or the few after them, before any punctuation
        (else the edit is in no body's name: the common case, decided cheaply)."""
        after = text[edit.end : edit.end + 60]
        cut = _BREAK.search(after)
        words = (edit.replacement + " " + (after[: cut.start()] if cut else after)).lower().split()
        return any(w in self.heads for w in words[:8])

    def _names(
        self, text: str, start: int, end: int, at_text_start: bool
    ) -> list[tuple[int, int, bool]]:
        """Body names that overlap ``text[start:end]``: (start, end, starts a sentence)."""
        seg_start = 0
        for m in _BREAK.finditer(text, 0, start):
            seg_start = m.end()
        stop = _BREAK.search(text, end)
        seg_end = stop.start() if stop else len(text)
        words = list(_WORD.finditer(text, seg_start, seg_end))
        out = []
        run: list[re.Match[str]] = []

        def close() -> None:
            while run and run[-1].group().lower() not in self.heads:
                run.pop()
            if len(run) >= 2 and run[0].start() < end and run[-1].end() > start:
                first = words[0] if words else None
                initial = first is run[0] and _sentence_start(text, seg_start, at_text_start)
                out.append((run[0].start(), run[-1].end(), initial))
            run.clear()

        for i, w in enumerate(words):
            low = w.group().lower()
            if low in self.stops:
                close()
                continue
            if run and text[run[-1].end() : w.start()].strip():
                close()
            run.append(w)
            # a name ends at its head noun unless another head follows ("committee office")
            nxt = words[i + 1].group().lower() if i + 1 < len(words) else ""
            if low in self.heads and nxt not in self.heads:
                close()
        close()
        return out

    def _mixed(self, name: str, initial: bool = False) -> bool:
        """Words of both cases, not counting words capitalised in any style (or a sentence's
        first word)."""
        upper = lower = False
        for i, w in enumerate(_WORD.findall(name)):
            if i == 0 and initial:
                continue
            low = w.lower()
            if low in self.always or (len(w) > 1 and w.isupper()):
                continue
            if w[0].isupper() and self._proper(low):
                continue
            if w[0].isupper():
                upper = True
            else:
                lower = True
        return upper and lower

    def _proper(self, low: str) -> bool:
        """A place or person's name: spells pinyin and is no English word."""
        plain = low.replace("'", "").replace("’", "")
        return plain not in self.lex.english and 1 <= self.lex.syllable_count(plain) <= 4


def _sentence_start(text: str, pos: int, at_text_start: bool) -> bool:
    """Whether ``pos`` (after a break character) begins a sentence."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0:
        return at_text_start
    return text[i] in '.!?\n\r"“'


def headline(text: str, pos: int) -> bool:
    """The line around ``pos`` is a headline in title case: short, no sentence's end, and
    every word of four letters or more capitalised (six of them at least)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)].strip()
    if len(line) > 200 or line.endswith((".", "!", "?", ";", ":", ",")):
        return False  # a sentence or paragraph, not a headline
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    if len(words) < 6:
        return False
    return all(w[:1].isupper() for w in words)
