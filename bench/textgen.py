"""Government-news text at a real error density, and synthetic glossaries.

Articles are built from the sentence shapes of the seed article
(examples/zizhou-2022-q2-review.txt): a headline, a lead paragraph with a date and a
list of leaders, reports, "It is necessary to ..." paragraphs. Between clean sentences
the generator inserts one problem per ``density`` bytes (on average) from the real
defect catalogue:

- a glossary wrong form (``wrong:`` of glossary/terms/*.yaml); an entry with
  ``when``/``unless`` conditions contributes its own example sentences, whose context
  satisfies them, the others are inserted into carrier sentences;
- a broken pinyin name in a list of names ("he Bingzheng", "fan Yuhu") or before a
  title ("Zhao guibo, deputy secretary of ...");
- a capitalised title after a name ("Feng Jie, Secretary of the county Party committee");
- a malformed date ("July 18th", "2022/7/18", "18 July 2022");
- "our county".

With a synthetic glossary (``SyntheticTerms``) every problem is one of its wrong forms,
for the terms-only and peer comparisons. Everything is seeded: the same arguments give
the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from transfix.styles import MONTHS

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "glossary"

try:  # the C loader reads the glossary ten times faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def _words(text: str) -> list[str]:
    return text.split()


def _load(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


# ------------------------------------------------------------------ vocabulary

# Government nouns (the old bench's vocabulary, kept for the synthetic glossaries).
GOV_WORDS = _words(
    "county township town village committee party government people's congress standing "
    "political consultative conference secretary deputy chairman director head bureau office "
    "department commission discipline inspection supervision publicity organization united "
    "front work armed forces media center development reform finance education health housing "
    "transport water resources agriculture rural affairs ecology environment protection "
    "emergency management market regulation statistics audit civil servants veterans petition "
    "stability safety production investment promotion project construction epidemic prevention "
    "control poverty alleviation revitalization industry park enterprise cooperative service "
    "convenience subdistrict street community residents grassroots cadres leadership group "
    "meeting session plenary report implementation deployment arrangement rectification "
    "assessment responsibility system mechanism opening economy"
)

_SYLLABLES = _words(
    "ba bo da de fa ge hu ji ka la li lu ma mo na ni pa qi ra sa shi ta tu wa xi ya yu za zhi"
)

# Clean sentence material, in the seed article's register. None of it should be a problem:
# bench.py's part 1 checks 100 KB of clean text and prints what transfix finds in it.
_VERBS = _words(
    "strengthen promote implement optimize improve consolidate accelerate deepen coordinate "
    "advance support expand upgrade standardize refine safeguard stabilize secure enhance"
)
_ADJS = _words(
    "rural urban industrial ecological modern digital green agricultural public regional "
    "cultural social local basic key major new comprehensive"
)
_NOUNS = [
    "infrastructure",
    "services",
    "industries",
    "enterprises",
    "projects",
    "supply chains",
    "water conservancy",
    "road networks",
    "education resources",
    "medical services",
    "elderly care",
    "housing renovation",
    "employment channels",
    "tourism resources",
    "energy supply",
    "grain output",
    "market entities",
    "talent teams",
    "credit systems",
    "logistics networks",
    "heating pipelines",
    "drinking water",
]
_MEETINGS = [
    "a review meeting on key work in the second quarter",
    "a work promotion meeting on rural revitalization",
    "a special meeting on flood control",
    "a symposium on private economic development",
    "a mobilization meeting on forest fire prevention",
    "a meeting on the construction of key projects",
    "a training session for grassroots cadres",
    "a study session on the spirit of the provincial meeting",
]
_MONTHS = MONTHS  # January .. December
_SHORT_MONTHS = ["Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"]
_TITLES = [
    "Secretary of the county Party committee",
    "Deputy Secretary of the county Party committee",
    "Director of the county development and reform bureau",
    "Member of the Standing Committee of the county Party committee",
    "Chairman of the county federation of trade unions",
    "Head of the county organization department",
    "Director of the county finance bureau",
]
_LOWER_TITLES = [
    "deputy secretary of the county Party committee",
    "member of the Standing Committee of the county Party committee",
    "director of the county agriculture bureau",
    "deputy head of the county",
]
_OUR = [
    "Our county has completed {n} key projects this year.",
    "The total output of our county rose {n} percent year on year.",
    "Officials spoke about the development of our county's economy.",
    "In the first half of the year, our county added {n} new market entities.",
    "The water supply project of our county will cover {n} villages.",
]
_CARRIERS = [
    "The meeting heard a report on {w} and arranged the next stage of work.",
    "Officials from all townships discussed {w} at the meeting.",
    "{name} briefed the participants on {w} and the tasks ahead.",
    "The county will further study {w} in the coming months.",
    "Participants exchanged views on {w} and on {adj} {noun}.",
]


def pseudo_words(n: int, rng: random.Random) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(out)


def synthetic_vocabulary() -> list[str]:
    return GOV_WORDS + pseudo_words(3000, random.Random(7))


# ------------------------------------------------------------------ defect catalogue


@dataclass
class Catalogue:
    """Where the inserted problems come from."""

    #: (kind, weight, maker) - a maker returns one sentence carrying one problem
    makers: list[tuple[str, float, Callable[[random.Random], str]]] = field(default_factory=list)


def _names() -> tuple[list[str], list[str], list[str]]:
    data = _load(GLOSSARY / "names" / "surnames.yaml")
    assert isinstance(data, dict)
    surnames = [s["pinyin"] for s in data["surnames"] if " " not in s["pinyin"]]
    english = [s["pinyin"] for s in data["surnames"] if s.get("english_word")]
    plain = [s for s in surnames if s not in english]
    given = _words(
        "Jie Shaoyi Zhiqin Xiaorui Bingzheng Xiangqian Wei Yuhu Sai Guibo Xiaodong Xiaoming "
        "Jianjun Lu Jun Hong Lina Guoqiang Haiyan Jianhua Zhiyong Yumei Wenjing Dapeng Chunlei "
        "Xuefeng Liping Jianping Yanhong Zhenhua Shuang Tao Kai Min Yan Ning Bo Peng Gang"
    )
    return plain, english, given


class _People:
    def __init__(self) -> None:
        self.plain, self.english, self.given = _names()

    def name(self, rng: random.Random) -> str:
        return f"{rng.choice(self.plain)} {rng.choice(self.given)}"

    def names(self, rng: random.Random, n: int) -> list[str]:
        return [self.name(rng) for _ in range(n)]


def _as_sentence(fragment: str) -> str:
    """An example fragment as a sentence ("the principal officials" -> "Reports named the
    principal officials."), its own words unchanged."""
    if fragment[:1].islower():
        fragment = "Reports named " + fragment
    return fragment if fragment[-1:] in '.!?"' else fragment + "."


def _term_sentences() -> tuple[list[str], list[str]]:
    """(bare wrong forms of unconditional entries, example sentences of conditional ones)."""
    bare: list[str] = []
    examples: list[str] = []
    for path in sorted((GLOSSARY / "terms").glob("*.yaml")):
        data = _load(path)
        assert isinstance(data, dict)
        for entry in data["entries"]:
            if entry.get("when") or entry.get("unless"):
                examples += [
                    _as_sentence(ex["text"])
                    for ex in entry.get("examples", [])
                    if "text" in ex
                    and ex.get("fixed") not in (None, ex["text"])
                    and "\n" not in ex["text"]
                ]
            else:
                bare += [w for w in entry["wrong"] if w[:1].islower()]
    return bare, examples


def _dates(rng: random.Random) -> str:
    m = rng.randrange(12)
    d = rng.randint(1, 28)
    y = rng.choice([2021, 2022, 2023])
    form = rng.randrange(5)
    if form == 0:
        when = f"{_MONTHS[m]} {d}{'th' if d > 3 else ['st', 'nd', 'rd'][d - 1]}"
    elif form == 1:
        when = f"{y}/{m + 1}/{d}"
    elif form == 2:
        when = f"{d} {_MONTHS[m]} {y}"
    elif form == 3:
        when = f"{rng.choice(_SHORT_MONTHS)} {d}th" if d > 3 else f"{_MONTHS[m]} {d}th"
    else:
        when = f"{y}-{m + 1}-{d}" if m < 9 or d < 10 else f"{y}/{m + 1}/{d}"
    return rng.choice(
        [
            f"On {when}, the county held {rng.choice(_MEETINGS)}.",
            f"The inspection team arrived on {when} to check {rng.choice(_NOUNS)}.",
            f"Construction of the {rng.choice(_ADJS)} {rng.choice(_NOUNS)} project began on "
            f"{when}.",
        ]
    )


def default_catalogue() -> Catalogue:
    """Problems from the default glossary and rules, weighted like the seed article."""
    people = _People()
    bare, examples = _term_sentences()

    def term(rng: random.Random) -> str:
        if examples and rng.random() < 0.35:
            return rng.choice(examples)
        return rng.choice(_CARRIERS).format(
            w=rng.choice(bare),
            name=people.name(rng),
            adj=rng.choice(_ADJS),
            noun=rng.choice(_NOUNS),
        )

    def name_list(rng: random.Random) -> str:
        names = people.names(rng, rng.randint(4, 7))
        broken = f"{rng.choice(people.english).lower()} {rng.choice(people.given)}"
        names.insert(rng.randrange(1, len(names)), broken)
        return f"{', '.join(names)} and other leaders at the county level attended the meeting."

    def name_title(rng: random.Random) -> str:
        given = rng.choice(people.given).lower()
        return (
            f"{rng.choice(people.plain)} {given}, {rng.choice(_LOWER_TITLES)}, "
            "presided over the meeting."
        )

    def title(rng: random.Random) -> str:
        return f"{people.name(rng)}, {rng.choice(_TITLES)}, attended the meeting."

    def our(rng: random.Random) -> str:
        return rng.choice(_OUR).format(n=rng.randint(3, 90))

    return Catalogue(
        [
            ("term", 0.6, term),
            ("name", 0.1, name_list),
            ("name", 0.05, name_title),
            ("title", 0.1, title),
            ("date", 0.08, _dates),
            ("our", 0.07, our),
        ]
    )


@dataclass
class SyntheticTerms:
    """A glossary of N multi-word entries: wrong = 2-4 vocabulary words, en = 'standard term i'.

    No standard form contains a vocabulary word, so fixing never creates a new match.
    """

    entries: int

    def wrong_forms(self) -> list[str]:
        rng = random.Random(11)
        vocab = synthetic_vocabulary()
        seen: dict[str, None] = {}
        while len(seen) < self.entries:
            seen[" ".join(rng.choices(vocab, k=rng.randint(2, 4)))] = None
        return list(seen)

    def pairs(self) -> list[tuple[str, str]]:
        return [(w, f"standard term {i}") for i, w in enumerate(self.wrong_forms())]

    def write_yaml(self, path: Path) -> None:
        lines = ["type: terms", "domain: synthetic", "entries:"]
        for i, (wrong, en) in enumerate(self.pairs()):
            lines.append(f'  - {{id: syn-{i}, en: "{en}", wrong: ["{wrong}"], source: [S1]}}')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def catalogue(self) -> Catalogue:
        forms = self.wrong_forms()
        people = _People()

        def term(rng: random.Random) -> str:
            return rng.choice(_CARRIERS).format(
                w=rng.choice(forms),
                name=people.name(rng),
                adj=rng.choice(_ADJS),
                noun=rng.choice(_NOUNS),
            )

        return Catalogue([("term", 1.0, term)])


# ------------------------------------------------------------------ clean sentences


class _Clean:
    def __init__(self) -> None:
        self.people = _People()

    def vp(self, rng: random.Random) -> str:
        return f"{rng.choice(_VERBS)} {rng.choice(_ADJS)} {rng.choice(_NOUNS)}"

    def sentence(self, rng: random.Random) -> str:
        vps = ", ".join(self.vp(rng) for _ in range(rng.randint(1, 3)))
        name = self.people.name(rng)
        shape = rng.randrange(7)
        if shape == 0:
            return f"It is necessary to {vps}, and {self.vp(rng)}."
        if shape == 1:
            return f"We should {vps} and constantly {self.vp(rng)}."
        if shape == 2:
            return f"{name} pointed out that all departments should {vps}."
        if shape == 3:
            return f"All townships should {vps}, and make solid progress in {rng.choice(_NOUNS)}."
        if shape == 4:
            return f"At the meeting, {name} reported the progress of {rng.choice(_NOUNS)}."
        if shape == 5:
            return f"{name} called for efforts to {vps}."
        return f"The county invested {rng.randint(2, 900)} million yuan to {self.vp(rng)}."

    def headline(self, rng: random.Random) -> str:
        return f"Zizhou County held {rng.choice(_MEETINGS)}"


# ------------------------------------------------------------------ articles


def articles(
    catalogue: Catalogue, seed: int, density: float, article_bytes: int = 5000
) -> Iterator[tuple[str, int]]:
    """Endless (article, problems inserted) of about ``article_bytes`` bytes each, with one
    problem per ``density`` bytes on average."""
    rng = random.Random(seed)
    clean = _Clean()
    makers = [m for _, _, m in catalogue.makers]
    weights = [w for _, w, _ in catalogue.makers]
    emitted = 0.0
    problems = 0
    while True:
        paras: list[str] = [clean.headline(rng)]
        size = len(paras[0])
        inserted = 0
        while size < article_bytes:
            sentences: list[str] = []
            for _ in range(rng.randint(3, 8)):
                if makers and emitted / density >= problems + 1:
                    s = rng.choices(makers, weights)[0](rng)
                    problems += 1
                    inserted += 1
                else:
                    s = clean.sentence(rng)
                sentences.append(s)
                emitted += len(s) + 1
            para = " ".join(sentences)
            paras.append(para)
            size += len(para) + 2
        yield "\n\n".join(paras) + "\n", inserted


def write_file(path: Path, catalogue: Catalogue, seed: int, density: float, size: int) -> int:
    """One file of whole articles, at least ``size`` bytes; returns the problems inserted."""
    parts: list[str] = []
    total = inserted = 0
    for art, n in articles(catalogue, seed, density):
        parts.append(art)
        total += len(art) + 1
        inserted += n
        if total >= size:
            break
    path.write_text("\n".join(parts), encoding="utf-8")
    return inserted


def write_dir(directory: Path, catalogue: Catalogue, seed: int, density: float, files: int) -> int:
    """``files`` articles of about 5 KB, one per file; returns the problems inserted."""
    directory.mkdir(parents=True, exist_ok=True)
    gen = articles(catalogue, seed, density)
    inserted = 0
    for i in range(files):
        art, n = next(gen)
        (directory / f"article-{i:04d}.txt").write_text(art, encoding="utf-8")
        inserted += n
    return inserted
