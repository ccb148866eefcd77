"""Rule kind ``titles``: the case of official titles next to a person's name.

* After a name, in apposition, a title is lowercase (Xinhua, China Daily, AP,
  Chicago): ``Feng Jie, Secretary of the county Party committee`` ->
  ``Feng Jie, secretary of the county Party committee``. Only the title words
  that open the apposition (and open each part after "and") are lowercased;
  names of bodies ("Standing Committee", "CPC Zizhou County Committee") and
  "Party" keep their capitals, and a title word right before another name
  ("President Xi") is left alone.
* Directly before a name, a short formal title is capitalised:
  ``premier Li Qiang`` -> ``Premier Li Qiang``; not after an article
  ("the governor Zhao Gang" is a description).

A name is two capitalised tokens that make a pinyin personal name (the names
rule's lexicon). The title words are data: ``rules/titles.yaml``.
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
        "title_words": STRINGS,
        "before_name": STRINGS,
        "not_before": STRINGS,
    },
    "additionalProperties": False,
}

# The name right before ", <title>" (searched backwards from the comma).
_NAME_BEFORE_COMMA = re.compile(
    r"(?<![A-Za-z])(?P<sur>[A-Z][a-z]+)[ \t]+(?P<giv>[A-Za-z][a-z]+(?:['’][a-z]+)?)\Z"
)
# A lowercase word right before a capitalised pair: a title that should be capitalised?
_NAME_PAIR = re.compile(r"(?P<sur>[A-Z][a-z]+)[ \t]+(?P<giv>[A-Z][a-z]+)")
_LAST_WORD = re.compile(r"(?<![A-Za-z])(?P<last>[a-z]+)[ \t]+\Z")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_STOP = re.compile(r"[,.;:()\[\]\n\"“”]")


class TitlesRule(Rule):
    kind = "titles"
    sub_ids: ClassVar[dict[str, str]] = {
        "after-name": "a title after a name is lowercase: “Zhao Guibo, deputy secretary”",
        "before-name": "a formal title directly before a name is capitalised: “Secretary Zhao”",
    }
    options_schema: ClassVar[dict[str, Any]] = OPTIONS_SCHEMA
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = LEXICON_SCHEMAS

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.lex = Lexicon.from_data(data, {})
        self.title_words = frozenset(w.lower() for w in opts.get("title_words", ()))
        self.not_before = frozenset(w.lower() for w in opts.get("not_before", ()))
        # ", <title word>": the comma first, so the scan skips ahead fast.
        self._opening: re.Pattern[str] | None = None
        if self.title_words:
            words = "|".join(sorted(map(re.escape, self.title_words), key=len, reverse=True))
            self._opening = re.compile(rf",[ \t]+(?P<first>(?i:{words}))(?![A-Za-z])")
        # A title before a name: found from its last word ("...governor Zhao Gang"), then
        # matched backwards; a scan for every title everywhere is ten times slower.
        self._titles_by_last: dict[str, list[re.Pattern[str]]] = {}
        for title in sorted(opts.get("before_name", ()), key=len, reverse=True):
            words = title.lower().split()
            pattern = re.compile(r"[ \t-]+".join(map(re.escape, words)) + r"\Z", re.IGNORECASE)
            self._titles_by_last.setdefault(words[-1], []).append(pattern)

    def scan(self, text: str, ctx: ScanContext) -> Iterator[Edit | Keep | Finding]:
        yield from self._after_name(text)
        yield from self._before_name(text)

    def _is_name(self, sur: str, giv: str) -> bool:
        return self.lex.is_name(sur, giv[:1].upper() + giv[1:])

    def _after_name(self, text: str) -> Iterator[Edit]:
        if self._opening is None:
            return
        for opening in self._opening.finditer(text):
            m = _NAME_BEFORE_COMMA.search(text, max(0, opening.start() - 40), opening.start())
            if m is None or not self._is_name(m.group("sur"), m.group("giv")):
                continue
            first = opening.start("first")
            stop = _STOP.search(text, first)
            end = stop.start() if stop else len(text)
            words = list(_WORD.finditer(text, first, end))
            opening_run = True  # at the start of the apposition, or right after "and"
            for i, w in enumerate(words):
                word = w.group()
                if word == "and":
                    opening_run = True
                    continue
                if not opening_run:
                    continue
                parts = word.lower().split("-")
                if not all(p in self.title_words for p in parts):
                    opening_run = False
                    continue
                nxt = words[i + 1].group() if i + 1 < len(words) else ""
                if nxt[:1].isupper() and nxt.lower() not in self.title_words:
                    opening_run = False  # "President Xi": a title before another name
                    continue
                if word != word.lower():
                    yield self.edit(
                        w.start(),
                        w.end(),
                        word.lower(),
                        "after-name",
                        "a title after a name is lowercase (Xinhua, China Daily)",
                    )

    def _before_name(self, text: str) -> Iterator[Edit]:
        if not self._titles_by_last:
            return
        for m in _NAME_PAIR.finditer(text):
            last = _LAST_WORD.search(text, max(0, m.start() - 30), m.start())
            if last is None:
                continue
            patterns = self._titles_by_last.get(last.group("last"))
            if not patterns or not self._is_name(m.group("sur"), m.group("giv")):
                continue
            window_start = max(0, last.start("last") - 40)
            found = None
            for pattern in patterns:
                found = pattern.search(text, window_start, last.end("last"))
                if found:
                    break
            if found is None:
                continue
            before = text[max(0, found.start() - 12) : found.start()].split()
            if before and before[-1].lower().rstrip("'s") in self.not_before:
                continue
            title = found.group()
            target = re.sub(r"[A-Za-z]+", lambda w: w.group().capitalize(), title)
            if target != title:
                yield self.edit(
                    found.start(),
                    found.end(),
                    target,
                    "before-name",
                    "a formal title directly before a name is capitalised (AP, Xinhua)",
                )
