"""Benchmark the bilingual value layer: zh and en extraction and matching, in MB/s.

Prints figures; asserts nothing (speed is not a test). Paragraphs are generated in the style
of Chinese county news and its machine translation, with dates, amounts, percentages, counts
and plain prose in between, so that most characters are not numbers (as in real text).

    python bench/bitext_numbers.py              # about 2 MB of Chinese per mode
    python bench/bitext_numbers.py --mb 0.5     # smaller

Two densities: "dense" puts a sentence of facts (a date, a quarter, an amount in 亿, a
percentage, a count, an area in 万亩, a hedged count) in every paragraph of about 200 Chinese
characters, about 12 quantities per KB of Chinese; "prose" has one such sentence per paragraph
of about 800 characters, closer to meeting reports (the seed article has about 1 per KB of
English). Times are CPU times (one core). On a shared machine they are still inflated by other
load, so the first line prints a calibration: a pure-Python loop that takes about 0.06 s on an
idle modern core.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from transfix.bitext.numbers import en_quantities, match, zh_quantities

# Chinese prose and its machine translation, aligned by index
PROSE = [
    (
        "全县上下要深入贯彻落实党的二十大精神，统一思想，凝聚共识，进一步压实工作责任",
        "The whole county should thoroughly implement the spirit of the 20th CPC National"
        " Congress, unify thinking, build consensus and further consolidate responsibilities",
    ),
    (
        "会议强调，要坚持以人民为中心的发展思想，一体推进乡村振兴和新型城镇化建设",
        "The meeting stressed that it is necessary to adhere to the people-centered development"
        " philosophy and promote rural revitalization and new urbanization in an integrated way",
    ),
    (
        "各乡镇（街道）、县直各部门主要负责同志参加会议，县委副书记、县长主持会议",
        "The main responsible comrades of all townships (streets) and county departments"
        " attended the meeting, which was presided over by the deputy secretary of the county"
        " Party committee and county head",
    ),
    (
        "要聚焦重点项目建设、招商引资、安全生产等重点工作，一是强化责任，二是狠抓落实",
        "We should focus on key work such as key project construction, investment attraction"
        " and production safety: first, strengthen responsibility; second, grasp implementation",
    ),
    (
        "切实增强做好下半年重点工作的政治责任感，鼓足干劲，确保各项目标任务圆满完成",
        "We should enhance the political responsibility for key work in the second half of the"
        " year, muster enthusiasm and ensure the successful completion of all tasks",
    ),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _facts(rng: random.Random) -> tuple[str, str]:
    y, mo, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    month = MONTHS[mo - 1]
    yi = rng.randint(1, 99) / 10
    n = rng.randint(2, 999)
    pct = rng.randint(1, 300) / 10
    q = rng.randint(1, 4)
    wan = rng.randint(1, 99) / 10
    zh = (
        f"{y}年{mo}月{d}日，全县召开第{['一', '二', '三', '四'][q - 1]}季度重点工作推进会，"
        f"累计完成投资{yi}亿元，同比增长{pct}%，新建项目{n}个，"
        f"流转土地{wan}万亩，带动约{n * 10}人就业"
    )
    en = (
        f"On {month} {d}, {y}, the county held a meeting on key work in the "
        f"{['first', 'second', 'third', 'fourth'][q - 1]} quarter, completing an investment of "
        f"{yi * 100:g} million yuan, up {pct} percent year on year, with {n} new projects, "
        f"{wan * 10000:,.0f} mu of land transferred and about {n * 10:,} people employed"
    )
    return zh, en


def paragraphs(mb: float, prose: int = 3, seed: int = 7) -> tuple[list[str], list[str]]:
    """Paragraph pairs of about ``mb`` MB of Chinese, each a sentence of facts among ``prose``
    sentences of prose."""
    rng = random.Random(seed)
    zh_out: list[str] = []
    en_out: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        picked = [rng.choice(PROSE) for _ in range(prose)]
        zh_parts = [zh for zh, _ in picked]
        en_parts = [en for _, en in picked]
        zf, ef = _facts(rng)
        zh_parts.insert(1, zf)
        en_parts.insert(1, ef)
        zh = "，".join(zh_parts) + "。"
        en = ". ".join(en_parts) + "."
        zh_out.append(zh)
        en_out.append(en)
        size += len(zh.encode())
    return zh_out, en_out


def _rate(fn: Callable[[str], object], paras: list[str]) -> tuple[float, float]:
    size = sum(len(p.encode()) for p in paras) / 1_000_000
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for p in paras:
            fn(p)
        best = min(best, time.process_time() - t0)
    return size, size / best


def _calibration() -> float:
    t0 = time.process_time()
    for i in range(1_000_000):
        max(i, 1)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="MB of Chinese text (UTF-8) per mode")
    args = ap.parse_args()
    print(f"calibration: 10**6 max() calls in {_calibration():.3f} s CPU (idle core: ~0.06 s)")
    for mode, prose in (("dense", 3), ("prose", 14)):
        zh, en = paragraphs(args.mb, prose)
        counts = []
        for name, fn, paras in (
            ("zh_quantities", zh_quantities, zh),
            ("en_quantities", en_quantities, en),
        ):
            size, rate = _rate(fn, paras)
            found = sum(len(fn(p)) for p in paras)  # type: ignore[arg-type]
            counts.append(found)
            print(
                f"{mode:5} {name:14} {size:6.2f} MB  {rate:6.2f} MB/s"
                f"  ({found / size / 1000:.1f} quantities per KB)"
            )
        zq = [zh_quantities(p) for p in zh]
        eq = [en_quantities(p) for p in en]
        t0 = time.process_time()
        reported = 0
        for a, b in zip(zq, eq, strict=True):
            r = match(a, b)
            reported += len(r.zh_only) + len(r.en_only)
        dt = time.process_time() - t0
        size = sum(len(p.encode()) for p in zh + en) / 1_000_000
        print(
            f"{mode:5} {'match':14} {size:6.2f} MB  {size / dt:6.2f} MB/s of bitext"
            f"  ({reported} of {sum(counts)} quantities reported)"
        )


if __name__ == "__main__":
    main()
