"""Benchmark transfix: term-pass and whole-fix throughput, peak memory, start-up time.

Prints figures; asserts nothing (speed is not a test). Each measurement runs in
its own subprocess so that its peak memory is its own.

    python bench/bench.py                      # 1, 10, 100 MB x 100 .. 50,000 entries
    python bench/bench.py --sizes 1,10 --entries 100,10000
    python bench/bench.py --quick              # 1 and 10 MB, 100 and 10,000 entries

Generated texts and glossaries go to bench/out/ (ignored by git) and are reused.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REPO = HERE.parent
ARTICLE = REPO / "examples" / "zizhou-2022-q2-review.txt"
DEFAULT_RULES = ["terms", "names", "dates", "titles", "place", "style"]

GOV_WORDS = [
    "county",
    "township",
    "town",
    "village",
    "committee",
    "party",
    "government",
    "people's",
    "congress",
    "standing",
    "political",
    "consultative",
    "conference",
    "secretary",
    "deputy",
    "chairman",
    "director",
    "head",
    "bureau",
    "office",
    "department",
    "commission",
    "discipline",
    "inspection",
    "supervision",
    "publicity",
    "organization",
    "united",
    "front",
    "work",
    "armed",
    "forces",
    "media",
    "center",
    "development",
    "reform",
    "finance",
    "education",
    "health",
    "housing",
    "transport",
    "water",
    "resources",
    "agriculture",
    "rural",
    "affairs",
    "ecology",
    "environment",
    "protection",
    "emergency",
    "management",
    "market",
    "regulation",
    "statistics",
    "audit",
    "civil",
    "servants",
    "veterans",
    "petition",
    "stability",
    "safety",
    "production",
    "investment",
    "promotion",
    "project",
    "construction",
    "epidemic",
    "prevention",
    "control",
    "poverty",
    "alleviation",
    "revitalization",
    "industry",
    "park",
    "enterprise",
    "cooperative",
    "service",
    "convenience",
    "subdistrict",
    "street",
    "community",
    "residents",
    "grassroots",
    "cadres",
    "leadership",
    "group",
    "meeting",
    "session",
    "plenary",
    "report",
    "implementation",
    "deployment",
    "arrangement",
    "supervision",
    "rectification",
    "assessment",
    "responsibility",
    "system",
    "mechanism",
    "reform",
    "opening",
    "economy",
]


def pseudo_words(n: int, rng: random.Random) -> list[str]:
    syll = [
        "ba",
        "bo",
        "da",
        "de",
        "fa",
        "ge",
        "hu",
        "ji",
        "ka",
        "la",
        "li",
        "lu",
        "ma",
        "mo",
        "na",
        "ni",
        "pa",
        "qi",
        "ra",
        "sa",
        "shi",
        "ta",
        "tu",
        "wa",
        "xi",
        "ya",
        "yu",
        "za",
        "zhi",
    ]
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
    return sorted(out)


def vocabulary() -> list[str]:
    rng = random.Random(7)
    return GOV_WORDS + pseudo_words(3000, rng)


def phrase_pool(n: int = 50_000) -> list[str]:
    """Distinct 2-4 word phrases; the glossary of size N uses the first N as wrong forms."""
    rng = random.Random(11)
    vocab = vocabulary()
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen[" ".join(rng.choices(vocab, k=rng.randint(2, 4)))] = None
    return list(seen)


def make_text(mb: int) -> Path:
    path = OUT / f"text-{mb}mb.txt"
    if path.exists():
        return path
    rng = random.Random(mb)
    vocab = vocabulary()
    pool = phrase_pool()
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    article = ARTICLE.read_text(encoding="utf-8")
    target = mb * 1_000_000
    parts: list[str] = []
    size = 0
    while size < target:
        if rng.random() < 0.05:
            chunk = article + "\n\n"
        else:
            words = rng.choices(vocab, weights, k=rng.randint(8, 30))
            # about one glossary-pool phrase per sentence, so larger glossaries find more
            words.insert(rng.randrange(len(words)), rng.choice(pool))
            chunk = " ".join(words).capitalize() + ". "
            if rng.random() < 0.1:
                chunk += "\n\n"
        parts.append(chunk)
        size += len(chunk.encode())
    path.write_text("".join(parts), encoding="utf-8")
    return path


def make_glossary(entries: int) -> Path:
    path = OUT / f"glossary-{entries}.yaml"
    if path.exists():
        return path
    rng = random.Random(entries)
    vocab = vocabulary()
    lines = ["type: terms", "domain: synthetic", "entries:"]
    for i, wrong in enumerate(phrase_pool()[:entries]):
        en = " ".join(rng.choices(vocab, k=rng.randint(2, 4))) + f" std{i}"
        lines.append(
            f"  - {{id: syn-{i}, en: {json.dumps(en)}, wrong: [{json.dumps(wrong)}], source: [S1]}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------- measured in a subprocess


def _measure_terms(text_path: str, glossary_path: str) -> dict[str, float]:
    from transfix.kinds.base import ScanContext
    from transfix.ruleset import load_ruleset

    rules = OUT / "terms-rule.yaml"
    t0 = time.perf_counter()
    ruleset = load_ruleset([rules], [glossary_path], defaults=False)
    load_s = time.perf_counter() - t0
    (rule,) = ruleset.rules
    text = Path(text_path).read_text(encoding="utf-8")
    base = rss_mb()
    t0 = time.perf_counter()
    hits = sum(1 for _ in rule.scan(text, ScanContext()))
    scan_s = time.perf_counter() - t0
    mb = len(text.encode()) / 1e6
    return {
        "load_s": load_s,
        "scan_s": scan_s,
        "mb_s": mb / scan_s,
        "hits": hits,
        "peak_mb": rss_mb(),
        "text_mb": base,
    }


def _measure_rule(rule_id: str, text_path: str) -> dict[str, float]:
    from transfix.kinds.base import ScanContext
    from transfix.ruleset import load_ruleset

    (rule,) = [r for r in load_ruleset().rules if r.id == rule_id]
    text = Path(text_path).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    hits = sum(1 for _ in rule.scan(text, ScanContext()))
    scan_s = time.perf_counter() - t0
    mb = len(text.encode()) / 1e6
    return {"scan_s": scan_s, "mb_s": mb / scan_s, "hits": hits, "peak_mb": rss_mb()}


def _measure_fix(text_path: str) -> dict[str, float]:
    from transfix.ruleset import load_ruleset

    engine = load_ruleset().engine()
    text = Path(text_path).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    result = engine.fix(text)
    fix_s = time.perf_counter() - t0
    mb = len(text.encode()) / 1e6
    return {
        "fix_s": fix_s,
        "mb_s": mb / fix_s,
        "applied": len(result.applied),
        "suggested": len(result.suggestions),
        "peak_mb": rss_mb(),
    }


def _subprocess(*args: str) -> dict[str, float]:
    env = {**os.environ, "TRANSFIX_CACHE_DIR": str(OUT / "cache")}
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed: {' '.join(args)}\n{proc.stderr}")
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def startup(runs: int) -> tuple[float, float]:
    sample = OUT / "sample-5kb.txt"
    sample.write_bytes(ARTICLE.read_bytes()[:5000].rsplit(b" ", 1)[0])
    exe = shutil.which("transfix", path=str(Path(sys.executable).parent)) or "transfix"
    cmd = [exe, "fix", "--diff", str(sample)]
    env = {**os.environ, "TRANSFIX_CACHE_DIR": str(OUT / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules load from bytecode
    times = {}
    for label, extra in (("warm", {}), ("cold", {"TRANSFIX_NO_CACHE": "1"})):
        samples = []
        subprocess.run(cmd, capture_output=True, env={**env, **extra}, check=True)  # warm-up
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env={**env, **extra}, check=True)
            samples.append(time.perf_counter() - t0)
        times[label] = statistics.median(samples)
    return times["warm"], times["cold"]


def main() -> None:
    measures = {"_terms": _measure_terms, "_fix": _measure_fix, "_rule": _measure_rule}
    if len(sys.argv) > 1 and sys.argv[1] in measures:
        print(json.dumps(measures[sys.argv[1]](*sys.argv[2:])))  # type: ignore[operator]
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="text sizes in MB")
    parser.add_argument("--entries", default="100,1000,10000,50000", help="glossary sizes")
    parser.add_argument("--quick", action="store_true", help="--sizes 1,10 --entries 100,10000")
    parser.add_argument("--startup-runs", type=int, default=10)
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.entries = "1,10", "100,10000"
    sizes = [int(s) for s in args.sizes.split(",")]
    entry_counts = [int(e) for e in args.entries.split(",")]
    OUT.mkdir(exist_ok=True)
    (OUT / "terms-rule.yaml").write_text("rules:\n  - {id: terms, kind: terms}\n")

    import platform

    print(
        f"transfix benchmark on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, one core"
    )
    print()
    print("Term pass (terms rule alone, one scan; glossary compile time is cached after the first)")
    print(
        f"{'text':>6} {'entries':>8} {'compile s':>10} {'scan s':>8} {'MB/s':>7} "
        f"{'matches':>8} {'peak MB':>8}"
    )
    scan_times: dict[tuple[int, int], float] = {}
    for mb in sizes:
        text = make_text(mb)
        for n in entry_counts:
            gloss = make_glossary(n)
            r = _subprocess("_terms", str(text), str(gloss))
            scan_times[(mb, n)] = r["scan_s"]
            print(
                f"{mb:>4}MB {n:>8} {r['load_s']:>10.2f} {r['scan_s']:>8.2f} {r['mb_s']:>7.1f} "
                f"{int(r['hits']):>8} {r['peak_mb']:>8.0f}"
            )
    for mb in sizes:
        lo, hi = min(entry_counts), max(e for e in entry_counts if e <= 10000)
        if (mb, lo) in scan_times and (mb, hi) in scan_times and hi != lo:
            ratio = scan_times[(mb, hi)] / scan_times[(mb, lo)]
            print(f"  {mb} MB: time with {hi} entries / time with {lo} = {ratio:.2f}")
    print()
    print("Each default rule alone (one scan, default data)")
    print(f"{'text':>6} {'rule':>8} {'scan s':>8} {'MB/s':>7} {'results':>8} {'peak MB':>8}")
    for mb in sizes:
        for rule_id in DEFAULT_RULES:
            r = _subprocess("_rule", rule_id, str(make_text(mb)))
            print(
                f"{mb:>4}MB {rule_id:>8} {r['scan_s']:>8.2f} {r['mb_s']:>7.1f} "
                f"{int(r['hits']):>8} {r['peak_mb']:>8.0f}"
            )
    print()
    print("Whole fix with the default rules and glossary")
    print(f"{'text':>6} {'fix s':>8} {'MB/s':>7} {'fixed':>8} {'suggested':>10} {'peak MB':>8}")
    for mb in sizes:
        r = _subprocess("_fix", str(make_text(mb)))
        print(
            f"{mb:>4}MB {r['fix_s']:>8.2f} {r['mb_s']:>7.1f} {int(r['applied']):>8} "
            f"{int(r['suggested']):>10} {r['peak_mb']:>8.0f}"
        )
    print()
    warm, cold = startup(args.startup_runs)
    print(
        f"Start-up: `transfix fix --diff` on a 5 KB file, median of {args.startup_runs} runs: "
        f"{warm:.3f} s with the compiled-rules cache, {cold:.3f} s without"
    )


if __name__ == "__main__":
    main()
