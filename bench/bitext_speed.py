"""Speed of the bilingual layer: what ``--source`` adds on top of the English rules.

Prints figures; asserts nothing (speed is not a test). In-process, CPU time, best of
``--repeat``, default rules and glossary, the bundled example pair
(``examples/bitext/lanchuan-2023-q2-review.{en,zh}.txt``, about 5 KB of English):

- **align**: the pairing (``bitext.align.align``, scores included) on the example, with the
  paragraph counts equal (1-1) and with one English paragraph dropped (the dynamic
  programme runs). Target: under 5 ms for a 5 KB article. Beside it, the whole of the
  bitext rule's ``prepare`` (the source's names, terms and values found, the English
  matched against them, the pairing).
- **layer**: the whole ``fix`` (every round) of a long pair made of the example repeated
  (``--mb`` MB of English), with and without the source; the layer's throughput is the
  English size over the difference. Target: >= 2 MB/s on one core.
- **start-up**: whether ``import transfix.cli`` loads pypinyin (it must not, without a source).

    python bench/bitext_speed.py              # 1 MB, best of 3
    python bench/bitext_speed.py --mb 3 --repeat 1
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bitext_formats import best_cpu  # bench/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "bitext" / "lanchuan-2023-q2-review"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="MB of English for the layer figure")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from transfix.api import Processor
    from transfix.config import Overrides
    from transfix.document import Document
    from transfix.kinds.base import ScanContext, SourceDoc
    from transfix.kinds.bitext import BitextRule

    en = (EXAMPLE.parent / f"{EXAMPLE.name}.en.txt").read_text(encoding="utf-8")
    zh = (EXAMPLE.parent / f"{EXAMPLE.name}.zh.txt").read_text(encoding="utf-8")
    proc = Processor(Overrides(place="Lanchuan County"))
    settings = proc.settings(None)
    ruleset = proc.ruleset(settings)
    (bitext,) = [r for r in ruleset.rules if isinstance(r, BitextRule)]

    print(f"bilingual layer, {len(en.encode()):,} bytes of English, best of {args.repeat}")
    ctx = ScanContext(source=SourceDoc(zh, path="zh.txt"))
    bitext.prepare(en, ctx)  # warm: pypinyin, the surname table
    paras = en.split("\n\n")
    dropped = "\n\n".join(paras[:3] + paras[4:])
    many = max(args.repeat, 20)
    import transfix.bitext.align as align_module

    real_align = align_module.align
    spent: list[float] = []

    def timed_align(*a: object, **k: object) -> object:
        t = time.process_time()
        try:
            return real_align(*a, **k)  # type: ignore[arg-type]
        finally:
            spent.append(time.process_time() - t)

    align_module.align = timed_align  # type: ignore[assignment]
    try:
        for label, text in (("1-1", en), ("one paragraph dropped", dropped)):
            spent.clear()
            # a new string each run: nothing cached for the last text seen is reused
            t = best_cpu(lambda text=text: bitext.prepare((text + " ")[:-1], ctx), many) * 1000  # type: ignore[misc]
            pairing = min(spent) * 1000
            verdict = "met" if pairing < 5 else "MISSED"
            print(
                f"  5 KB article, {label}: pairing (align) {pairing:.2f} ms   target < 5 ms   "
                f"{verdict}; all the source's facts and the pairing {t:.1f} ms"
            )
    finally:
        align_module.align = real_align

    copies = max(1, round(args.mb * 1_000_000 / len(en.encode())))
    big_en = "\n\n".join([en.strip("\n")] * copies) + "\n"
    big_zh = "\n\n".join([zh.strip("\n")] * copies) + "\n"
    mb = len(big_en.encode()) / 1e6
    doc = Document(text=big_en)
    source = SourceDoc(big_zh, path="zh.txt")

    def run(with_source: bool) -> None:
        engine, _ = proc._engine(settings, None)
        base = ScanContext(place="Lanchuan County", source=source if with_source else None)
        engine.fix(doc.text, base)

    without = best_cpu(lambda: run(False), args.repeat)
    with_src = best_cpu(lambda: run(True), args.repeat)
    layer = with_src - without
    rate = mb / layer if layer > 0 else float("inf")
    for label, t in (("without source", without), ("with source   ", with_src)):
        print(f"  whole fix, {mb:.2f} MB English, {label}: {t:.2f} s ({mb / t:.2f} MB/s)")
    verdict = "met" if rate >= 2 else "MISSED"
    print(f"  bilingual layer alone: {layer:.2f} s = {rate:.2f} MB/s   target >= 2   {verdict}")

    probe = "import sys, transfix.cli; print('pypinyin' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    print(f"  pypinyin imported at start-up without a source: {loaded.stdout.strip()}")


if __name__ == "__main__":
    main()
