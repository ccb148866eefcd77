"""Benchmark the bilingual value layer: zh and en extraction and matching, in MB/s.

Prints figures; asserts nothing (speed is not a test). Paragraphs are generated in the style
of Chinese county news and its machine translation, with dates, amounts, percentages, counts
and plain prose in between, so that most characters are not numbers (as in real text).

    python bench/bitext_numbers.py              # about 4 MB per language
    python bench/bitext_numbers.py --mb 1       # smaller
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from transfix.bitext.numbers import en_quantities, match, zh_quantities

ZH_PROSE = [
    "全县上下要深入贯彻落实党的二十大精神，统一思想，凝聚共识，进一步压实工作责任",
    "会议强调，要坚持以人民为中心的发展思想，一体推进乡村振兴和新型城镇化建设",
    "各乡镇（街道）、县直各部门主要负责同志参加会议，县委副书记、县长主持会议",
    "要聚焦重点项目建设、招商引资、安全生产等重点工作，一是强化责任，二是狠抓落实",
    "切实增强做好重点工作的政治责任感，鼓足干劲，确保各项目标任务圆满完成",
]
EN_PROSE = [
    "The whole county should thoroughly implement the spirit of the 20th CPC National Congress",
    "and further consolidate responsibilities, unify thinking and build consensus at all levels",
    "The meeting stressed that it is necessary to adhere to the people-centered philosophy",
    "Feng Jie, secretary of the county Party committee, attended the meeting and spoke",
    "so as to ensure the successful completion of all work tasks in the second half of the year",
]


def _facts(rng: random.Random) -> tuple[str, str]:
    y, mo, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
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
        f"On {['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August'][mo % 8]}"
        f" {d}, {y}, the county held a meeting on key work in the "
        f"{['first', 'second', 'third', 'fourth'][q - 1]} quarter, completing an investment of "
        f"{yi * 100:g} million yuan, up {pct} percent year on year, with {n} new projects, "
        f"{wan * 10000:,.0f} mu of land transferred and about {n * 10:,} people employed"
    )
    return zh, en


def paragraphs(mb: float, seed: int = 7) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    zh_out: list[str] = []
    en_out: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        zh_parts = rng.sample(ZH_PROSE, 3)
        en_parts = rng.sample(EN_PROSE, 3)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="MB of Chinese text (UTF-8)")
    args = ap.parse_args()
    zh, en = paragraphs(args.mb)
    for name, fn, paras in (
        ("zh_quantities", zh_quantities, zh),
        ("en_quantities", en_quantities, en),
    ):
        size, rate = _rate(fn, paras)
        print(f"{name:14} {size:6.2f} MB  {rate:6.2f} MB/s  ({len(paras)} paragraphs)")
    zq = [zh_quantities(p) for p in zh]
    eq = [en_quantities(p) for p in en]
    t0 = time.process_time()
    reported = 0
    for a, b in zip(zq, eq, strict=True):
        r = match(a, b)
        reported += len(r.zh_only) + len(r.en_only)
    dt = time.process_time() - t0
    size = sum(len(p.encode()) for p in zh + en) / 1_000_000
    print(f"{'match':14} {size:6.2f} MB  {size / dt:6.2f} MB/s of bitext  ({reported} reported)")


if __name__ == "__main__":
    main()
