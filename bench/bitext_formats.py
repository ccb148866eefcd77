"""Throughput of the bitext readers: MB/s per format on generated 20,000-unit files.

Prints figures; asserts nothing (speed is not a test). Each format's file is generated in
memory (realistic zh->en government news segments with notes, states, inline tags and
entities), then parsed end to end: XML well-formedness check or polib validation, the
format's scanner, and every segment's run map. ``apply`` times one edit per segment.

Times are CPU time (best of --repeat), so that other processes on the machine matter less.
The ``reference`` column times a well-known baseline on the same file in the same run
(stdlib ``ElementTree.iterparse`` for XML, ``polib.pofile`` for PO), to scale the figures
to another machine.

    python bench/bitext_formats.py             # 20,000 units, best of 3
    python bench/bitext_formats.py --units 100000 --repeat 1
"""

from __future__ import annotations

import argparse
import io
import random
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial

from transfix.bitext.formats import BitextFile, apply_target_edits, parse

ZH = [
    "子洲县召开2022年第二季度工作讲评会",
    "县委书记安路主持会议并讲话",
    "县长何炳正通报了全县经济运行情况",
    "县人大常委会主任樊玉虎、县政协主席赵贵波出席会议",
    "各乡镇（街道）、县直各部门主要负责人参加",
    "会议要求，要持续抓好安全生产和信访维稳工作",
]
EN = [
    "Zizhou county held the work review meeting for the second quarter of 2022",
    "an Lu, Secretary of the county Party committee, presided over the meeting & spoke",
    "County head he Bingzheng reported on the county's economic operation",
    "fan Yuhu and Zhao guibo attended the meeting of the county people's Congress",
    "main responsible persons of townships (streets) and county departments attended",
    'The meeting required "production safety" and letters and visits to be <kept> stable',
]


def _pick(rng: random.Random, n: int) -> list[tuple[str, str]]:
    return [
        (rng.choice(ZH) + rng.choice(ZH), rng.choice(EN) + ". " + rng.choice(EN) + ".")
        for _ in range(n)
    ]


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _po(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def gen_tsv(pairs: list[tuple[str, str]]) -> str:
    return "zh\ten\n" + "".join(f"{zh}\t{en}\tnote\n" for zh, en in pairs)


def gen_tmx(pairs: list[tuple[str, str]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n']
    out.append('<header srclang="zh-CN" segtype="sentence" datatype="plaintext"/>\n<body>\n')
    for i, (zh, en) in enumerate(pairs):
        tag = '<ph x="1">&lt;br/&gt;</ph>' if i % 3 == 0 else ""
        out.append(
            f'<tu tuid="{i}"><prop type="x-domain">gov</prop>\n'
            f'  <tuv xml:lang="zh-CN"><seg>{_xml(zh)}{tag}</seg></tuv>\n'
            f'  <tuv xml:lang="en-US"><seg>{_xml(en)}{tag}</seg></tuv>\n</tu>\n'
        )
    out.append("</body>\n</tmx>\n")
    return "".join(out)


def gen_xliff1(pairs: list[tuple[str, str]]) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="news.html" source-language="zh-CN" target-language="en" '
        'datatype="html">\n<body>\n'
    ]
    for i, (zh, en) in enumerate(pairs):
        g = ('<g id="1">', "</g>") if i % 3 == 0 else ("", "")
        out.append(
            f'<trans-unit id="t{i}">\n'
            f"  <source>{g[0]}{_xml(zh)}{g[1]}</source>\n"
            f'  <target state="translated">{g[0]}{_xml(en)}{g[1]}<x id="2"/></target>\n'
            f'  <note from="mt">machine translation</note>\n</trans-unit>\n'
        )
    out.append("</body>\n</file>\n</xliff>\n")
    return "".join(out)


def gen_xliff2(pairs: list[tuple[str, str]]) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" '
        'srcLang="zh-CN" trgLang="en">\n<file id="f1">\n'
    ]
    for i, (zh, en) in enumerate(pairs):
        pc = ('<pc id="1">', "</pc>") if i % 3 == 0 else ("", "")
        out.append(
            f'<unit id="u{i}"><notes><note>mt</note></notes>\n'
            f'  <segment state="translated">\n'
            f"    <source>{pc[0]}{_xml(zh)}{pc[1]}</source>\n"
            f'    <target>{pc[0]}{_xml(en)}{pc[1]}<ph id="2"/></target>\n'
            f"  </segment>\n</unit>\n"
        )
    out.append("</file>\n</xliff>\n")
    return "".join(out)


def gen_po(pairs: list[tuple[str, str]]) -> str:
    out = [
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    ]
    for i, (zh, en) in enumerate(pairs):
        flag = "#, fuzzy\n" if i % 5 == 0 else ""
        half = len(en) // 2
        out.append(
            f'#: news.html:{i}\n{flag}msgid "{_po(zh)}"\n'
            f'msgstr ""\n"{_po(en[:half])}"\n"{_po(en[half:])}\\n"\n\n'
        )
    return "".join(out)


GENERATORS: dict[str, tuple[str, Callable[[list[tuple[str, str]]], str]]] = {
    "tsv": ("x.tsv", gen_tsv),
    "tmx": ("x.tmx", gen_tmx),
    "xliff1": ("x.xlf", gen_xliff1),
    "xliff2": ("x.xlf", gen_xliff2),
    "po": ("x.po", gen_po),
}


def best_cpu(fn: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``fn`` (bench/bitext_speed.py uses it too)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _reference(fmt: str, text: str) -> tuple[str, Callable[[], object]]:
    if fmt == "po":
        import polib

        return "polib", lambda: polib.pofile(text)
    if fmt == "tsv":
        return "split", lambda: [line.split("\t") for line in text.splitlines()]
    data = text.encode("utf-8")
    return "iterparse", lambda: sum(1 for _ in ET.iterparse(io.BytesIO(data)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pairs = _pick(random.Random(7), args.units)
    print(
        f"{'format':8} {'MB':>6} {'segments':>9} {'parse MB/s':>11} {'apply MB/s':>11}"
        f"  {'reference MB/s':>24}"
    )
    for fmt, (path, gen) in GENERATORS.items():
        text = gen(pairs)
        mb = len(text.encode("utf-8")) / 1e6
        bf: BitextFile = parse(text, path)
        assert bf.format == fmt, bf.format
        parse_s = best_cpu(partial(parse, text, path), args.repeat)
        apply_mb_s = "-"
        if bf.writable:
            edits = [(s.index, 0, 1, "X") for s in bf.segments if s.target[:1].isalpha()]
            apply_s = best_cpu(partial(apply_target_edits, bf, edits), args.repeat)
            apply_mb_s = f"{mb / apply_s:.1f}"
        ref_name, ref = _reference(fmt, text)
        ref_s = best_cpu(ref, args.repeat)
        print(
            f"{fmt:8} {mb:6.2f} {len(bf.segments):9} {mb / parse_s:11.1f} {apply_mb_s:>11}"
            f"  {ref_name:>12} {mb / ref_s:11.1f}"
        )


if __name__ == "__main__":
    main()
