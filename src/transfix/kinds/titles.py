"""Rule kind ``titles``: the case of official titles next to a person's name.

* After a name, in apposition, a title is lowercase (Xinhua, China Daily, AP,
  Chicago): ``Feng Jie, Secretary of the county Party committee`` ->
  ``Feng Jie, secretary of the county Party committee``. A suggestion: many
  official sites capitalise titles there, which is legitimate. Only the title
  words that open the apposition (and open each part after "and") are
  lowercased; names of bodies ("Standing Committee", "CPC Zizhou County
  Committee") and "Party" keep their capitals, and a title word right before
  another name ("President Xi") is left alone. Nothing is offered in a headline
  (a line in title case), or where the apposition names a body in title case
  without its place ("Secretary of the County Party Committee"): lowercasing
  the title alone would leave a mixed form.
* Directly before a name, a short formal title is capitalised, where the house
  style asks for it (Xinhua, AP: ``premier Li Qiang`` -> ``Premier Li Qiang``;
  China Daily writes "Wuxi mayor Wang Quan"). The whole title or none of it,
  and not after an article, a possessive or a modifier ("Hebei's vice governor
  Wang Ming", "the governor Zhao Gang", "executive deputy mayor Li Qiang" are
  descriptions).

A name is two capitalised tokens that make a pinyin personal name (the names
rule's lexicon). The title words are data: ``rules/titles.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from transfix.edits import Edit, Finding, Keep, Safety
from transfix.kinds.base import Rule, RuleSpec, ScanContext
from transfix.kinds.casing import headline
from transfix.kinds.pinyin import LEXICON_SCHEMAS, Lexicon
from transfix.schema import STRINGS
from transfix.styles import STYLE_SCHEMA, load_styles, pick
from transfix.yamlsource import YamlSource

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title_words": STRINGS,
        "before_name": STRINGS,
        "not_before": STRINGS,
        # head nouns of bodies' names: a title-case one in an apposition blocks lowercasing
        "body_heads": STRINGS,
        # words that make a body's name proper when they come before its head noun
        "proper_words": STRINGS,
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
    data_schemas: ClassVar[dict[str, dict[str, Any]]] = {**LEXICON_SCHEMAS, "style": STYLE_SCHEMA}

    def __init__(self, spec: RuleSpec, data: Mapping[str, Sequence[YamlSource]]) -> None:
        super().__init__(spec, data)
        opts = spec.options
        self.lex = Lexicon.from_data(data, {})
        self.title_words = frozenset(w.lower() for w in opts.get("title_words", ()))
        self.not_before = frozenset(w.lower() for w in opts.get("not_before", ()))
        self.body_heads = frozenset(w.lower() for w in opts.get("body_heads", ()))
        self.proper_words = frozenset(w.lower() for w in opts.get("proper_words", ()))
        self.styles = load_styles(data.get("style", ()))
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
        if pick(self.styles, ctx.style).capitalize_before_name:
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
            if self._generic_body_in_title_case(words) or headline(text, first):
                continue
            if _signature(text, first, end):
                continue  # "Ji Junmin, Mayor of Jinhua" on a line of its own: a signature
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
                        "a title after a name is lowercase in Xinhua and China Daily style "
                        "(a capital there is common on official sites)",
                        safety=Safety.UNSAFE,
                    )

    def _generic_body_in_title_case(self, words: list[re.Match[str]]) -> bool:
        """ "... of the County Party Committee": a body's head noun in title case, with no
        place or proper word before it in its name."""
        for i, w in enumerate(words):
            word = w.group()
            if word.lower() not in self.body_heads or not word[:1].isupper():
                continue
            j = i - 1
            proper = False
            while j >= 0 and words[j].group()[:1].isupper():
                low = words[j].group().lower()
                if low in self.proper_words or self._proper(low):
                    proper = True
                j -= 1
            if not proper and j < i - 1:
                return True
        return False

    def _proper(self, low: str) -> bool:
        plain = low.replace("'", "").replace("’", "")
        return plain not in self.lex.english and 1 <= self.lex.syllable_count(plain) <= 4

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
            before = text[max(0, found.start() - 16) : found.start()]
            prev = before.split()[-1] if before.split() else ""
            low = prev.lower()
            if (
                low in self.not_before
                or low.endswith(("'s", "’s"))  # Hebei's vice governor: a description
                or (prev[:1].isupper() and not _sentence_end(before))  # Wuxi mayor, Chinese ...
                or low in self.title_words  # executive deputy mayor: a longer title
            ):
                continue
            title = found.group()
            if any(c.isupper() for c in title):
                continue  # capitalised (in part) already: the whole title or none of it
            target = re.sub(r"[A-Za-z]+", lambda w: w.group().capitalize(), title)
            if target != title:
                yield self.edit(
                    found.start(),
                    found.end(),
                    target,
                    "before-name",
                    "a formal title directly before a name is capitalised (AP, Xinhua)",
                )


def _signature(text: str, first: int, end: int) -> bool:
    """The apposition ends its line with no sentence's end: a byline or signature block."""
    line_end = text.find("\n", first)
    line_end = len(text) if line_end < 0 else line_end
    line_start = text.rfind("\n", 0, first) + 1
    return end >= line_end and line_end - line_start < 80


def _sentence_end(before: str) -> bool:
    """``before`` ends with a sentence's end (so its last word starts nothing of ours)."""
    stripped = before.rstrip()
    return not stripped or stripped[-1] in ".!?\n"
