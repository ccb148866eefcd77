"""What one edit costs before any rule logic: the floor of a pure-Python engine.

Every edit transfix makes or reports goes through the same steps, whatever rule found it:
an ``Edit`` object is made, the overlap policy resolves it against the others, the offset
table maps it and the text is rebuilt around it, and one record of it is written (JSON
here). This times those steps alone, on synthetic edits spread over a text at the bench's
real density (one problem per 175 bytes: about 5,700 per MB), and prints the cost per
edit and per MB of text. Nothing rule-specific runs, so a real ``fix`` costs more.

    python bench/per_item.py            # best of 5
    python bench/per_item.py --repeat 9

Against the issue's target of 5 MB/s for the whole ``fix`` (200 ms per MB for everything,
two scans by every rule included), this is the part no rule can avoid.
"""

from __future__ import annotations

import argparse
import json
import time

from transfix.edits import Edit, Safety, apply_edits, resolve_by_safety
from transfix.engine import OffsetMap

DENSITY = 175  # bytes per problem, as bench.py


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    text = ("The county held a meeting on the work of the second quarter. " * 16 + "\n") * 1000
    step = DENSITY
    starts = range(4, len(text) - 10, step)
    n = len(starts)
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        edits = [
            Edit(s, s + 6, "COUNTY", "terms", "entry", "x.yaml:1", "use COUNTY", Safety.SAFE)
            for s in starts
        ]
        t1 = time.perf_counter()
        chosen = resolve_by_safety(edits)
        t2 = time.perf_counter()
        OffsetMap(chosen)
        apply_edits(text, chosen)
        t3 = time.perf_counter()
        json.dumps(
            [
                {
                    "rule": e.rule_id,
                    "start": e.start,
                    "end": e.end,
                    "old": text[e.start : e.end],
                    "new": e.replacement,
                    "message": e.message,
                }
                for e in chosen
            ]
        )
        t4 = time.perf_counter()
        for name, dt in (
            ("make", t1 - t0),
            ("resolve", t2 - t1),
            ("map and apply", t3 - t2),
            ("one JSON record", t4 - t3),
            ("all", t4 - t0),
        ):
            best[name] = min(best.get(name, dt), dt)
    mb = len(text.encode()) / 1e6
    print(f"{n:,} edits over {mb:.2f} MB (one per {step} bytes), best of {args.repeat}")
    for name, dt in best.items():
        print(f"  {name:<16} {dt / n * 1e6:6.1f} us per edit   {dt / mb * 1000:6.0f} ms per MB")
    print("  target budget for the whole fix at 5 MB/s: 200 ms per MB")


if __name__ == "__main__":
    main()
