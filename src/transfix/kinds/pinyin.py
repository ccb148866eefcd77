"""Pinyin word shapes for the names rule: syllables, surnames, and one flag word per token.

Every distinct token is classified once into bit flags (``TokenFlags`` memo), so
the names rule looks at a token's shape with one dictionary lookup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from transfix.schema import SOURCES, STRINGS
from transfix.yamlsource import YamlSource

TITLE = 1 << 0  # Xxxx
LOWER = 1 << 1  # xxxx
ICAP = 1 << 2  # XxxYyy: capitals inside, each part pinyin
UPPER = 1 << 3  # XXXX
SURNAME = 1 << 4  # a one-word surname
COMPOUND = 1 << 5  # a compound surname (Ouyang)
ESURNAME = 1 << 6  # a surname that is also an English word (he, an, fan)
ENGLISH = 1 << 7  # an English word (as a lowercase word)
GIVEN = 1 << 8  # one to three pinyin syllables (apostrophes allowed)
SINGLE = 1 << 9  # exactly one pinyin syllable
RUN = 1 << 10  # surname + given name run together
HYPHEN = 1 << 11  # pinyin-pinyin with a hyphen
PLACE = 1 << 12  # a known place name, or a word that makes a place (County, River)
FUNCTION = 1 << 13  # an English function word that is also pinyin (a, an, he, she)

_META: dict[str, Any] = {
    "description": {"type": "string"},
    "source": SOURCES,
}

SURNAMES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"const": "surnames"},
        **_META,
        "surnames": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pinyin": {"type": "string", "pattern": "^[A-Z][a-zü]+$"},
                    "hanzi": STRINGS,
                    "rank": {"type": "integer"},
                    "english_word": {"type": "boolean"},
                },
                "required": ["pinyin"],
                "additionalProperties": False,
            },
        },
        "compound": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pinyin": {"type": "string", "pattern": "^[A-Z][a-zü]+$"},
                    "hanzi": STRINGS,
                },
                "required": ["pinyin"],
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
PINYIN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"type": {"const": "pinyin"}, **_META, "syllables": STRINGS},
    "required": ["syllables"],
    "additionalProperties": False,
}
ENGLISH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"type": {"const": "english-words"}, **_META, "words": STRINGS},
    "required": ["words"],
    "additionalProperties": False,
}
#: The glossary types a lexicon is built from (names, titles and style rules use it).
LEXICON_SCHEMAS: dict[str, dict[str, Any]] = {
    "surnames": SURNAMES_SCHEMA,
    "pinyin": PINYIN_SCHEMA,
    "english-words": ENGLISH_SCHEMA,
}

_POSSESSIVE = re.compile(r"(['’]s)$")
_VOWEL_START = frozenset("aoe")
_APOSTROPHE = re.compile(r"['’]")
_CAPITAL = re.compile(r"[A-Z]")


def cap(word: str) -> str:
    """``guibo`` / ``GUIBO`` / ``GuiBo`` -> ``Guibo``."""
    return word[:1].upper() + word[1:].lower()


def name_key(*words: str) -> str:
    """The letters of a name, lowercased: ``Liu Li-xiang`` and ``liulixiang`` share a key."""
    return "".join(w.lower() for w in words).replace("-", "").replace("'", "").replace("’", "")


def split_possessive(token: str) -> tuple[str, str]:
    m = _POSSESSIVE.search(token)
    return (token[: m.start()], m.group(1)) if m else (token, "")


@dataclass(frozen=True)
class Lexicon:
    syllables: frozenset[str]
    surnames: frozenset[str]  # lowercase
    compounds: frozenset[str]  # lowercase
    english_surnames: frozenset[str]
    english: frozenset[str]
    function_words: frozenset[str]
    places: frozenset[str]  # lowercase
    place_words: frozenset[str]
    #: words already split into syllables: names, places and titles ask about the same words
    counted: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "counted": {}}

    @classmethod
    def from_data(
        cls, data: Mapping[str, Sequence[YamlSource]], options: Mapping[str, Any]
    ) -> Lexicon:
        """A lexicon from glossary files of the LEXICON_SCHEMAS types and a rule's options."""
        syllables: set[str] = set()
        for src in data.get("pinyin", ()):
            syllables.update(s.lower() for s in src.data["syllables"])
        syllables |= {s.replace("v", "ü") for s in syllables if "v" in s}
        surnames: set[str] = set()
        compounds: set[str] = set()
        english_surnames: set[str] = set()
        for src in data.get("surnames", ()):
            for s in src.data.get("surnames", ()):
                surnames.add(s["pinyin"].lower())
                if s.get("english_word"):
                    english_surnames.add(s["pinyin"].lower())
            compounds.update(c["pinyin"].lower() for c in src.data.get("compound", ()))
        english: set[str] = set()
        for src in data.get("english-words", ()):
            english.update(w.lower() for w in src.data["words"])
        return cls(
            syllables=frozenset(syllables),
            surnames=frozenset(surnames),
            compounds=frozenset(compounds),
            english_surnames=frozenset(english_surnames | (surnames & english)),
            english=frozenset(english),
            function_words=frozenset(w.lower() for w in options.get("function_words", ())),
            places=frozenset(p.lower() for p in options.get("places", ())),
            place_words=frozenset(w.lower() for w in options.get("place_words", ())),
        )

    def is_name(self, surname: str, given: str) -> bool:
        """Two capitalised tokens that make a pinyin personal name (``Feng Jie``)."""
        s, g = surname.lower(), given.lower().replace("'", "")
        return (
            surname[:1].isupper()
            and given[:1].isupper()
            and surname[1:].islower()
            and (s in self.surnames or s in self.compounds)
            and 1 <= self.syllable_count(g) <= 3
            and g not in self.places
            and g not in self.place_words
        )

    def syllable_count(self, word: str) -> int:
        """Fewest pinyin syllables ``word`` (lowercase letters) splits into; 0 if none."""
        n = self.counted.get(word)
        if n is None:
            if len(self.counted) >= 200_000:
                self.counted.clear()
            n = self.counted[word] = _split_count(word, self.syllables)
        return n

    def parts_syllables(self, parts: Sequence[str]) -> int:
        total = 0
        for p in parts:
            n = self.syllable_count(p.lower())
            if n == 0:
                return 0
            total += n
        return total

    def run_split(self, low: str) -> tuple[str, str] | None:
        """Split a run-together name: a compound surname first, then the longest surname.

        A syllable that starts with a vowel is never split off without an apostrophe
        (GB/T 16159): "xianming" is Xian Ming, never Xi Anming.
        """
        for size in range(min(9, len(low) - 1), 1, -1):
            head, rest = low[:size], low[size:]
            if rest[:1] in _VOWEL_START:
                continue
            if head in self.compounds and 1 <= self.syllable_count(rest) <= 2:
                return head, rest
        for size in range(min(6, len(low) - 1), 0, -1):
            head, rest = low[:size], low[size:]
            if rest[:1] in _VOWEL_START:
                continue
            if head in self.surnames and 1 <= self.syllable_count(rest) <= 2:
                return head, rest
        return None

    def camel_split(self, token: str) -> tuple[str, str] | None:
        """``JiaoJiLin`` -> (Jiao, Jilin): a camel-case surname + given name run together."""
        caps = [m.start() for m in _CAPITAL.finditer(token)]
        if len(caps) < 2 or caps[0] != 0:
            return None
        head, rest = token[: caps[1]], token[caps[1] :]
        low = head.lower()
        if token.lower() in self.compounds:
            return None  # "XiaHou": a compound surname in camel case
        if low not in self.surnames and low not in self.compounds:
            return None
        parts = [token[a:b].lower() for a, b in zip(caps[1:], [*caps[2:], len(token)], strict=True)]
        if not rest[1:] or not 1 <= self.parts_syllables(parts) <= 2:
            return None
        return head, rest

    def classify(self, token: str) -> int:
        """The flags of one token (its possessive ``'s`` ignored)."""
        base, _ = split_possessive(token)
        low = base.lower()
        letters = _APOSTROPHE.sub("", base).replace("-", "")
        if not letters.isalpha():
            return 0
        flags = 0
        if base.islower():
            flags |= LOWER
        elif base.isupper() and len(base) > 1:
            flags |= UPPER
        elif base[0].isupper() and base[1:].islower():
            flags |= TITLE
        if low in self.english:
            flags |= ENGLISH
        if low in self.function_words:
            flags |= FUNCTION
        if low in self.places or low in self.place_words:
            flags |= PLACE
        plain = letters == base
        if plain and low in self.surnames:
            flags |= SURNAME
            if low in self.english_surnames:
                flags |= ESURNAME
        if plain and low in self.compounds:
            flags |= COMPOUND
        if "-" in base:
            halves = base.split("-")
            if len(halves) == 2 and 2 <= self.parts_syllables(halves) <= 3:
                flags |= HYPHEN
            return flags
        pieces = _APOSTROPHE.split(base)
        caps = [m.start() for m in _CAPITAL.finditer(base)]
        if len(caps) > 1 and caps[0] == 0 and len(pieces) == 1:
            words = [base[a:b] for a, b in zip(caps, [*caps[1:], len(base)], strict=True)]
            if 2 <= self.parts_syllables(words) <= 3:
                flags |= ICAP
            return flags
        n = self.parts_syllables(pieces)
        if 1 <= n <= 3:
            flags |= GIVEN | (SINGLE if n == 1 else 0)
        if (
            plain
            and not flags & (SURNAME | COMPOUND | ENGLISH)
            and len(low) >= 4
            and self.run_split(low) is not None
        ):
            flags |= RUN
        return flags


@lru_cache(maxsize=65536)
def _split_count(word: str, syllables: frozenset[str]) -> int:
    if not word:
        return 0
    best = 0
    for i in range(min(6, len(word)), 0, -1):
        if word[:i] in syllables:
            if i == len(word):
                return 1
            rest = _split_count(word[i:], syllables)
            if rest and (best == 0 or rest + 1 < best):
                best = rest + 1
    return best


class TokenFlags(dict[str, int]):
    """Token -> flags, each distinct token classified once."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.lexicon = lexicon

    def __missing__(self, token: str) -> int:
        value = self[token] = self.lexicon.classify(token)
        return value
