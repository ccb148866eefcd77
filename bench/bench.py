"""Benchmark transfix as users pay for it: whole commands, real error density, against peers.

    python bench/bench.py                  # everything (hours while the engine is slow)
    python bench/bench.py --quick          # 1 MB, 200 files, 1,000 terms x 1 MB peers
    python bench/bench.py --sizes 1,10 --parts cli,peers --runs 3

Parts (``--parts``, comma-separated; default all):

- ``gen``      texts at real error density; the measured density (``check --format json``)
- ``cli``      ``fix --diff``, ``fix`` in place, ``check --format json`` at each size
- ``jobs``     ``--jobs 1`` against ``--jobs 2`` on 200 and 1,000 files of 5 KB
- ``terms``    the ``terms`` rule alone with 10,000 synthetic entries plus the default glossary
- ``peers``    textlint + textlint-rule-prh and a Python floor on the same dictionary and text
- ``startup``  ``fix --diff`` on a 5 KB file, compiled-rules cache warm and cold
- ``rules``    in-process: each default rule alone, then Engine.scan and Engine.fix
- ``places``   whole ``fix`` with and without the gazetteer rule (``places``): what it costs
- ``against``  with ``--against BIN`` (another installation's ``transfix``, e.g. of an older
               commit in its own venv): the same commands run by both, alternately, and the
               ratio; on a machine whose speed drifts, the only fair before/after

Every figure is the median of ``--runs`` (3) interleaved runs (A B C A B C A B C), each a
fresh process with the page cache warm; wall and cpu time come from ``os.wait4``, the peak
resident size from GNU time (the largest process of the tree, workers included). Figures
are printed, summarised against their targets at the end and written to
bench/out/results.json; nothing is asserted. Generated inputs are kept in bench/out/
(ignored by git) and rebuilt when the generator, the glossary or the density changes.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import textgen

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
DATA = OUT / "data"
LOGS = OUT / "logs"
CACHE = OUT / "cache"
REPO = HERE.parent
BIN = Path(sys.executable).parent
TRANSFIX = str(BIN / "transfix")
TEXTLINT = HERE / "node_modules" / ".bin" / "textlint"
# GNU time reports the peak resident size of the command it starts. os.wait4 alone would not
# do: a child's peak starts from the size of the process that forked it (this one, holding
# generated text), which Linux carries across exec.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")
PLACE = "Zizhou County, Yulin City, Shaanxi Province"
MB = 1_000_000

# targets (see bench/README.md for where each comes from)
DENSITY_RANGE = (150, 200)  # bytes per problem on real machine-translated pages
FIX_MB_S = 5.0  # whole command, default rules, real density
LINEARITY = 11.0  # time(100 MB) / time(10 MB)
RSS_PER_INPUT = 8.0  # peak resident size / input size
JOBS_SPEEDUP = 1.7  # --jobs 2 against --jobs 1
TERMS_MB_S = 15.0  # terms alone, 10,000 entries, whole command
VS_TEXTLINT = 50.0  # transfix this many times faster, 1,000 terms x 1 MB
VS_FLOOR = 5.0  # transfix at most this many times the floor's time
WARM_S = 0.25
COLD_10K_S = 1.0


def child_env() -> dict[str, str]:
    """The environment of every measured process: its own compiled-rules cache, and module
    bytecode written and read as an installed wheel has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TRANSFIX_CACHE_DIR"] = str(CACHE)
    env.pop("TRANSFIX_NO_CACHE", None)
    return env


# ------------------------------------------------------------------ running and timing


@dataclass
class Case:
    """One command, measured by itself in a fresh process each run."""

    label: str
    argv: list[str]
    timeout: float
    cwd: Path | None = None
    prepare: Callable[[], None] | None = None  # untimed, before each run (fresh copies)
    ok: tuple[int, ...] = (0,)
    env: dict[str, str] = field(default_factory=child_env)


@dataclass
class Timing:
    label: str
    seconds: float | None  # median; None when a run went past the timeout
    rss_mb: float | None
    cpu: float | None  # median user + system seconds of the process tree
    runs: list[float]
    timeout: float

    def show(self) -> str:
        return f"> {self.timeout:.0f} s" if self.seconds is None else f"{self.seconds:.2f} s"


def run_once(case: Case) -> tuple[float, float, float] | None:
    """(wall seconds, peak RSS MB, CPU seconds) of one run; None when stopped at the timeout."""
    if case.prepare:
        case.prepare()
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / (re.sub(r"[^\w.-]+", "_", case.label) + ".log")
    rss_file = log.with_suffix(".rss")
    rss_file.unlink(missing_ok=True)
    argv = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *case.argv] if GNU_TIME else case.argv
    with log.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=case.cwd,
            env=case.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own process group, so a timeout stops its workers
        )
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(case.timeout, stop)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stopped.is_set():
        return None
    if proc.returncode not in case.ok:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"bench: {case.label} exited {proc.returncode}: {case.argv}\n{tail}")
    peak_kb = usage.ru_maxrss  # the fallback, which counts this process's size as a floor
    if GNU_TIME:
        peak_kb = int(rss_file.read_text().split()[-1])
    return wall, peak_kb / 1024, usage.ru_utime + usage.ru_stime


def measure(cases: list[Case], runs: int) -> dict[str, Timing]:
    """Run the cases interleaved, ``runs`` rounds; a case that times out is not run again."""
    samples: dict[str, list[tuple[float, float, float]]] = {c.label: [] for c in cases}
    timed_out: set[str] = set()
    for _ in range(runs):
        for case in cases:
            if case.label in timed_out:
                continue
            got = run_once(case)
            if got is None:
                timed_out.add(case.label)
            else:
                samples[case.label].append(got)
    out = {}
    for case in cases:
        s = samples[case.label]
        done = case.label not in timed_out
        out[case.label] = Timing(
            case.label,
            statistics.median(w for w, _, _ in s) if done else None,
            statistics.median(r for _, r, _ in s) if s else None,
            statistics.median(c for _, _, c in s) if done else None,
            [round(w, 3) for w, _, _ in s],
            case.timeout,
        )
    return out


def copier(src: Path, dst: Path) -> Callable[[], None]:
    """A fresh copy of a file or directory (untimed; it also warms the page cache)."""

    def copy() -> None:
        if dst.is_dir():
            shutil.rmtree(dst)
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copyfile(src, dst)

    return copy


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.glob("*.txt"))
    return path.stat().st_size


# ------------------------------------------------------------------ generated inputs


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:10]


class DataSet:
    """A directory of generated inputs sharing one configuration and one defect catalogue.

    ``real``: the default glossary and rules, the example's place; ``syn-N``: N synthetic
    entries on top of the default glossary, only the ``terms`` rule enabled.
    """

    def __init__(self, name: str, density: float, entries: int = 0) -> None:
        self.name = name
        self.density = density
        self.entries = entries
        sources = [Path(textgen.__file__).read_bytes(), f"{density}/{entries}".encode()]
        sources += [p.read_bytes() for p in sorted((REPO / "glossary").rglob("*.yaml"))]
        self.dir = DATA / f"{name}-{_digest(*sources)}"
        self.manifest_path = self.dir / "manifest.json"
        for old in DATA.glob(f"{name}-*"):
            if old != self.dir:
                shutil.rmtree(old)  # an older generator's files: up to 100 MB each
        self.dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.dir / "work", ignore_errors=True)  # copies of an earlier run
        self.manifest: dict[str, Any] = (
            json.loads(self.manifest_path.read_text()) if self.manifest_path.exists() else {}
        )
        self._catalogue: textgen.Catalogue | None = None
        self.used: list[str] = []  # inputs this run asked for
        if entries:
            synthetic = textgen.SyntheticTerms(entries)
            if not (self.dir / "glossary.yaml").exists():
                synthetic.write_yaml(self.dir / "glossary.yaml")
                pairs = synthetic.pairs()
                (self.dir / "dictionary.tsv").write_text(
                    "".join(f"{w}\t{e}\n" for w, e in pairs), encoding="utf-8"
                )
                write_prh(self.dir / "prh.yml", pairs)
                (self.dir / ".textlintrc.json").write_text(
                    json.dumps({"rules": {"prh": {"rulePaths": ["./prh.yml"]}}}) + "\n"
                )
            config = "glossary: [glossary.yaml]\nenable: [terms]\n"
        else:
            config = f"place: {PLACE}\n"
        (self.dir / "transfix.yaml").write_text(config, encoding="utf-8")

    @property
    def catalogue(self) -> textgen.Catalogue:
        if self._catalogue is None:
            self._catalogue = (
                textgen.SyntheticTerms(self.entries).catalogue()
                if self.entries
                else textgen.default_catalogue()
            )
        return self._catalogue

    def _record(self, key: str, make: Callable[[], int], path: Path) -> Path:
        if key not in self.used:
            self.used.append(key)
        if key not in self.manifest:
            t0 = time.perf_counter()
            inserted = make()
            self.manifest[key] = {
                "bytes": size_of(path),
                "inserted": inserted,
                "seconds": round(time.perf_counter() - t0, 2),
            }
            self.manifest_path.write_text(json.dumps(self.manifest, indent=1))
        return path

    def text(self, mb: float) -> Path:
        path = self.dir / f"text-{mb:g}mb.txt"
        seed = int(mb * 1000) + self.entries
        return self._record(
            path.name,
            lambda: textgen.write_file(path, self.catalogue, seed, self.density, int(mb * MB)),
            path,
        )

    def files(self, n: int) -> Path:
        path = self.dir / f"files-{n}"
        return self._record(
            path.name,
            lambda: textgen.write_dir(path, self.catalogue, 7 + n, self.density, n),
            path,
        )

    def work(self, name: str, target: Path) -> Path:
        """Where a fresh copy of ``target`` goes: under the set, so that its transfix.yaml
        applies, with the file's own name (textlint picks its parser by the extension)."""
        where = self.dir / "work" / name.replace(" ", "-")
        return where if target.is_dir() else where / target.name

    def warm_cache(self) -> None:
        """Compile this set's rules into the cache, so that measured runs load them."""
        sample = self.dir / "warm.txt"
        sample.write_text("Zizhou County held a meeting.\n", encoding="utf-8")
        subprocess.run(
            [TRANSFIX, "check", str(sample)], env=child_env(), capture_output=True, check=False
        )


def write_prh(path: Path, pairs: list[tuple[str, str]]) -> None:
    """A prh dictionary with our matching: whole words, any case, any whitespace between."""
    lines = ["version: 1", "rules:"]
    for wrong, standard in pairs:
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in wrong.split()) + r"\b"
        lines.append(f"  - expected: {json.dumps(standard)}")
        lines.append("    pattern: '/" + pattern.replace("'", "''") + "/gi'")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ report helpers


class Report:
    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self.summary: list[dict[str, Any]] = []

    def target(
        self, figure: str, value: float | None, target: str, met: bool | None, shown: str = ""
    ) -> None:
        """One line of the summary; ``value`` None means not measured (``shown`` says why:
        "> 12.0" when a run was stopped at its timeout)."""
        self.summary.append(
            {"figure": figure, "value": value, "shown": shown, "target": target, "met": met}
        )


def fmt(x: float | None, spec: str = ".2f", none: str = "-") -> str:
    return none if x is None else format(x, spec)


def bounded_ratio(
    num: Timing, den: Timing, target: float, higher_is_better: bool
) -> tuple[float | None, str, bool | None]:
    """num/den, its text, and whether it meets ``target``. When ``num`` ran past its timeout
    the ratio is only bounded below ("> x"), which may already decide the mark."""
    if den.seconds is None:
        return None, "-", None
    if num.seconds is None:
        bound = num.timeout / den.seconds
        if higher_is_better:
            decided = True if bound >= target else None
        else:
            decided = False if bound > target else None
        return None, f"> {bound:.1f}", decided
    ratio = num.seconds / den.seconds
    return ratio, f"{ratio:.1f}", ratio >= target if higher_is_better else ratio <= target


def mb_s(nbytes: int, t: Timing) -> float | None:
    return None if t.seconds is None else nbytes / MB / t.seconds


LOADS: list[float] = []


def heading(title: str) -> None:
    """A part's title, with the load average: on a shared machine, wall times include waiting
    for other processes (the cpu column does not)."""
    LOADS.append(os.getloadavg()[0])
    print()
    print(title)
    print("-" * len(title), f"(load average {LOADS[-1]:.2f} on {os.cpu_count()} cores)")


# ------------------------------------------------------------------ parts


def check_summary(path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [TRANSFIX, "check", "--format", "json", "--fail-on", "never", str(path)],
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    summary: dict[str, Any] = json.loads(proc.stdout)["summary"]
    return summary


def part_gen(real: DataSet, report: Report) -> None:
    heading("1. Generated text at real density")
    print(f"target: one problem per {real.density:g} bytes (real pages: {DENSITY_RANGE} bytes)")
    for key in real.used:
        info = real.manifest[key]
        print(
            f"  {real.name}/{key:<16} {info['bytes'] / MB:8.2f} MB  {info['inserted']:>8} "
            f"problems inserted  (generated in {info['seconds']} s)"
        )
    text = real.text(1)
    summary = check_summary(text)
    problems = summary["problems"]
    density = size_of(text) / problems
    by_family: dict[str, int] = {}
    for rule, n in summary["by_rule"].items():
        family = rule.split("/")[0]
        by_family[family] = by_family.get(family, 0) + n
    print(
        f"measured on {text.name} by `transfix check --format json`: {problems} problems "
        f"({summary['fixable']} fixable, {summary['suggestions']} suggestions), "
        f"one per {density:.0f} bytes"
    )
    print("  by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(by_family.items())))
    clean = real.dir / "clean-100kb.txt"
    if not clean.exists():
        textgen.write_file(clean, textgen.Catalogue(), 1, 1e12, 100_000)
    stray = check_summary(clean)["by_rule"]
    print(
        f"clean sentences alone (100 KB, nothing inserted): {sum(stray.values())} problems"
        + (f" {stray}" if stray else "")
    )
    report.results["density"] = {
        "target_bytes_per_problem": real.density,
        "measured_bytes_per_problem": round(density, 1),
        "problems": problems,
        "by_rule": summary["by_rule"],
        "inputs": {real.name: {k: real.manifest[k] for k in real.used}},
    }
    lo, hi = DENSITY_RANGE
    report.target("density, bytes per problem (1 MB)", density, f"{lo}-{hi}", lo <= density <= hi)


def cli_cases(
    ds: DataSet, target: Path, tag: str, timeout: float, commands: tuple[str, ...]
) -> list[Case]:
    cases = []
    if "diff" in commands:
        cases.append(Case(f"{tag} fix --diff", [TRANSFIX, "fix", "--diff", str(target)], timeout))
    if "fix" in commands:
        copy = ds.work(tag, target)
        cases.append(
            Case(
                f"{tag} fix",
                [TRANSFIX, "fix", str(copy)],
                timeout,
                prepare=copier(target, copy),
            )
        )
    if "check" in commands:
        cases.append(
            Case(
                f"{tag} check --format json",
                [TRANSFIX, "check", "--format", "json", str(target)],
                timeout,
                ok=(0, 1),
            )
        )
    return cases


def part_cli(real: DataSet, sizes: list[float], args: argparse.Namespace, report: Report) -> None:
    heading("2. Whole command, default rules and glossary, real density")
    print("stdout and stderr not a terminal (plain diff and report); fix in place on a copy")
    print(
        f"{'input':>8} {'command':<22} {'median':>10} {'MB/s':>7} {'cpu s':>8} {'peak MB':>8} "
        f"{'RSS/in':>7}"
    )
    per_size: dict[float, dict[str, Timing]] = {}
    rows: list[dict[str, Any]] = []
    picked = tuple(args.commands.split(","))
    names = {"diff": "fix --diff", "fix": "fix", "check": "check --format json"}
    commands = [names[c] for c in ("diff", "fix", "check") if c in picked]
    for mb in sizes:
        text = real.text(mb)
        nbytes = size_of(text)
        got = measure(cli_cases(real, text, f"{mb:g}MB", args.timeout, picked), args.runs)
        per_size[mb] = {c: got[f"{mb:g}MB {c}"] for c in commands}
        for command, t in per_size[mb].items():
            speed = mb_s(nbytes, t)
            ratio = None if t.rss_mb is None else t.rss_mb / (nbytes / MB)
            print(
                f"{mb:>6g}MB {command:<22} {t.show():>10} {fmt(speed, '.3f'):>7} "
                f"{fmt(t.cpu, '.2f'):>8} {fmt(t.rss_mb, '.0f'):>8} {fmt(ratio, '.1f'):>7}"
            )
            rows.append(
                {
                    "mb": mb,
                    "bytes": nbytes,
                    "command": command,
                    "seconds": t.seconds,
                    "cpu_s": t.cpu,
                    "runs": t.runs,
                    "mb_s": speed,
                    "peak_rss_mb": t.rss_mb,
                    "rss_per_input": ratio,
                }
            )
    report.results["cli"] = rows
    big = max(sizes)
    nbytes = size_of(real.text(big))
    for command in commands:
        t = per_size[big][command]
        speed = mb_s(nbytes, t)
        report.target(
            f"{command}, MB/s at {big:g} MB",
            speed,
            f">= {FIX_MB_S:g}",
            None if speed is None else speed >= FIX_MB_S,
        )
    if 10 in per_size and 100 in per_size:
        print("linearity, time(100 MB) / time(10 MB):")
        for command in commands:
            t10, t100 = per_size[10][command], per_size[100][command]
            ratio, shown, met = bounded_ratio(t100, t10, LINEARITY, higher_is_better=False)
            print(f"  {command:<22} {shown}")
            report.target(f"{command}, time 100 MB / 10 MB", ratio, f"<= {LINEARITY:g}", met, shown)
    if big >= 10:
        for command in commands:
            t = per_size[big][command]
            ratio = None if t.rss_mb is None else t.rss_mb / (nbytes / MB)
            report.target(
                f"{command}, peak RSS / input at {big:g} MB",
                ratio,
                f"<= {RSS_PER_INPUT:g}",
                None if ratio is None else ratio <= RSS_PER_INPUT,
            )


def part_jobs(real: DataSet, counts: list[int], args: argparse.Namespace, report: Report) -> None:
    heading("2b. --jobs 1 against --jobs 2, `fix --diff DIR` on files of 5 KB")
    print(
        f"{'files':>6} {'jobs 1':>10} {'jobs 2':>10} {'speed-up':>9} {'cpu s 1/2':>13} "
        f"{'peak MB 1/2':>12}"
    )
    rows = []
    for n in counts:
        d = real.files(n)
        cases = [
            Case(
                f"{n} files jobs {j}",
                [TRANSFIX, "fix", "--diff", "--jobs", str(j), str(d)],
                args.timeout,
            )
            for j in (1, 2)
        ]
        got = measure(cases, args.runs)
        one, two = got[f"{n} files jobs 1"], got[f"{n} files jobs 2"]
        speedup = None if not (one.seconds and two.seconds) else one.seconds / two.seconds
        print(
            f"{n:>6} {one.show():>10} {two.show():>10} {fmt(speedup, '.2f'):>9} "
            f"{fmt(one.cpu, '.1f'):>6}/{fmt(two.cpu, '.1f'):<6} "
            f"{fmt(one.rss_mb, '.0f'):>5} / {fmt(two.rss_mb, '.0f'):<5}"
        )
        rows.append(
            {
                "files": n,
                "bytes": size_of(d),
                "jobs1_s": one.seconds,
                "jobs2_s": two.seconds,
                "cpu_s": {"1": one.cpu, "2": two.cpu},
                "peak_rss_mb": {"1": one.rss_mb, "2": two.rss_mb},
                "speedup": speedup,
                "runs": {"1": one.runs, "2": two.runs},
            }
        )
        report.target(
            f"--jobs 2 speed-up, {n} x 5 KB",
            speedup,
            f">= {JOBS_SPEEDUP:g}",
            None if speedup is None else speedup >= JOBS_SPEEDUP,
        )
    report.results["jobs"] = rows


def part_terms(syn: DataSet, mb: float, args: argparse.Namespace, report: Report) -> None:
    heading(f"3. The terms rule alone: {syn.entries:,} synthetic entries + the default glossary")
    text = syn.text(mb)
    nbytes = size_of(text)
    info = syn.manifest[text.name]
    print(
        f"{text.name}: {nbytes / MB:.1f} MB, {info['inserted']} wrong forms inserted "
        f"(one per {nbytes / max(1, info['inserted']):.0f} bytes); config: enable [terms]"
    )
    syn.warm_cache()
    got = measure(cli_cases(syn, text, f"terms {mb:g}MB", args.timeout, ("diff", "fix")), args.runs)
    rows = []
    for command in ("fix --diff", "fix"):
        t = got[f"terms {mb:g}MB {command}"]
        speed = mb_s(nbytes, t)
        print(
            f"  {command:<12} {t.show():>10} {fmt(speed, '.2f'):>7} MB/s "
            f"{fmt(t.cpu, '.2f'):>8} s cpu {fmt(t.rss_mb, '.0f'):>6} MB peak"
        )
        rows.append(
            {
                "command": command,
                "seconds": t.seconds,
                "cpu_s": t.cpu,
                "runs": t.runs,
                "mb_s": speed,
                "peak_rss_mb": t.rss_mb,
            }
        )
        report.target(
            f"terms alone, {syn.entries:,} entries, {command}, MB/s ({mb:g} MB)",
            speed,
            f">= {TERMS_MB_S:g}",
            None if speed is None else speed >= TERMS_MB_S,
        )
    report.results["terms"] = {"entries": syn.entries, "mb": mb, "bytes": nbytes, "rows": rows}


def ensure_textlint() -> bool:
    if TEXTLINT.exists():
        return True
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: textlint is not measured")
        return False
    lock = (HERE / "package-lock.json").exists()
    how = "npm ci" if lock else "npm install"
    print(f"installing textlint and textlint-rule-prh into bench/node_modules ({how}) ...")
    cmd = [npm, "ci"] if lock else [npm, "install"]
    subprocess.run([*cmd, "--no-audit", "--no-fund"], cwd=HERE, check=True)
    return TEXTLINT.exists()


def part_peers(
    cases_spec: list[tuple[int, str]],
    density: float,
    args: argparse.Namespace,
    report: Report,
) -> None:
    heading("4. Peers on the same dictionary and text (fix in place on fresh copies)")
    textlint = ensure_textlint()
    print(
        "transfix: `fix` with enable [terms] (its default glossary loaded too); textlint: "
        "`textlint --fix` with textlint-rule-prh;\nfloor: bench/floor.py (pyahocorasick on a "
        f"lowercased copy, word boundaries, replace, write). textlint stopped at "
        f"{args.peer_timeout:g} s. On a directory transfix uses its default --jobs (the CPU "
        "count);\nthe others run in one process. Outputs are compared with the floor's."
    )
    print(
        f"{'dictionary':>10} {'input':>10} {'transfix':>10} {'textlint':>10} {'floor':>8} "
        f"{'tl/tf':>7} {'tf/floor':>8} {'fixes':>7}"
    )
    rows = []
    for entries, what in cases_spec:
        syn = DataSet(f"syn-{entries}", density, entries)
        target = syn.files(int(what.split()[0])) if "files" in what else syn.text(float(what))
        label = what if "files" in what else f"{what} MB"
        syn.warm_cache()
        tag = f"{entries} terms {label}".replace(" ", "-")
        copies = {tool: syn.work(f"{tag}-{tool}", target) for tool in ("transfix", "floor")}
        cases = [
            Case(
                f"{tag} transfix",
                [TRANSFIX, "fix", str(copies["transfix"])],
                args.timeout,
                prepare=copier(target, copies["transfix"]),
            ),
            Case(
                f"{tag} floor",
                [
                    sys.executable,
                    str(HERE / "floor.py"),
                    str(syn.dir / "dictionary.tsv"),
                    str(copies["floor"]),
                ],
                args.timeout,
                prepare=copier(target, copies["floor"]),
            ),
        ]
        if textlint:
            copies["textlint"] = syn.work(f"{tag}-textlint", target)
            tl_files = (
                [str(copies["textlint"] / f.name) for f in sorted(target.glob("*.txt"))]
                if target.is_dir()
                else [str(copies["textlint"])]
            )
            cases.insert(
                1,
                Case(
                    f"{tag} textlint",
                    [
                        str(TEXTLINT),
                        "--config",
                        str(syn.dir / ".textlintrc.json"),
                        "--fix",
                        *tl_files,
                    ],
                    args.peer_timeout,
                    cwd=syn.dir,
                    prepare=copier(target, copies["textlint"]),
                    ok=(0, 1),
                ),
            )
        got = measure(cases, args.runs)
        tf, fl = got[f"{tag} transfix"], got[f"{tag} floor"]
        tl = got.get(f"{tag} textlint")
        same = _same_output(copies["transfix"], copies["floor"])
        if tl is not None and tl.seconds is not None:
            same = same and _same_output(copies["textlint"], copies["floor"])
        vs_tl, vs_tl_text, vs_tl_met = (
            bounded_ratio(tl, tf, VS_TEXTLINT, higher_is_better=True) if tl else (None, "-", None)
        )
        vs_fl = tf.seconds / fl.seconds if tf.seconds and fl.seconds else None
        fixes = syn.manifest[target.name]["inserted"]
        print(
            f"{entries:>10,} {label:>10} {tf.show():>10} {tl.show() if tl else '-':>10} "
            f"{fl.show():>8} {vs_tl_text:>7} {fmt(vs_fl, '.1f'):>8} {fixes:>7}"
            + ("" if same else "  (outputs differ from the floor's)")
        )
        rows.append(
            {
                "entries": entries,
                "input": label,
                "bytes": size_of(target),
                "transfix_s": tf.seconds,
                "textlint_s": tl.seconds if tl else None,
                "textlint_timed_out": bool(tl and tl.seconds is None),
                "floor_s": fl.seconds,
                "textlint_over_transfix": vs_tl,
                "transfix_over_floor": vs_fl,
                "same_output_as_floor": same,
                "runs": {k: v.runs for k, v in got.items()},
                "cpu_s": {k: v.cpu for k, v in got.items()},
                "peak_rss_mb": {k: v.rss_mb for k, v in got.items()},
            }
        )
        if entries == 1000 and what == "1":
            report.target(
                f"textlint time / transfix time, {entries:,} terms x 1 MB",
                vs_tl,
                f">= {VS_TEXTLINT:g}",
                vs_tl_met,
                vs_tl_text,
            )
        report.target(
            f"transfix time / floor time, {entries:,} terms x {label}",
            vs_fl,
            f"<= {VS_FLOOR:g}",
            None if vs_fl is None else vs_fl <= VS_FLOOR,
        )
    print("tl/tf: times faster than textlint; tf/floor: times the floor's time")
    report.results["peers"] = rows


def _same_output(a: Path, b: Path) -> bool:
    if a.is_dir():
        return all((a / f.name).read_bytes() == f.read_bytes() for f in sorted(b.glob("*.txt")))
    return a.exists() and b.exists() and a.read_bytes() == b.read_bytes()


def part_startup(real: DataSet, syn10k: DataSet, args: argparse.Namespace, report: Report) -> None:
    heading("5. Start-up: `fix --diff` on a 5 KB file")
    sample = real.files(200) / "article-0000.txt"
    big = ["--glossary", str(syn10k.dir / "glossary.yaml")]
    print(
        f"{sample.name} ({size_of(sample)} bytes); cold = cache directory emptied before "
        "each run; bytecode present"
    )

    def cold() -> None:
        shutil.rmtree(CACHE, ignore_errors=True)

    real.warm_cache()
    run = [TRANSFIX, "fix", "--diff", str(sample)]
    subprocess.run([*run, *big], env=child_env(), capture_output=True, check=False)
    warm = measure(
        [Case("warm default", run, args.timeout), Case("warm 10k", [*run, *big], args.timeout)],
        args.startup_runs,
    )
    colds = measure(
        [
            Case("cold default", run, args.timeout, prepare=cold),
            Case("cold 10k", [*run, *big], args.timeout, prepare=cold),
        ],
        args.runs,
    )
    real.warm_cache()
    rows = {}
    for label, t in {**warm, **colds}.items():
        n = args.startup_runs if label.startswith("warm") else args.runs
        print(
            f"  {label:<14} {t.show():>9}  (median of {n:>2}) {fmt(t.cpu, '.2f'):>6} s cpu "
            f"{fmt(t.rss_mb, '.0f'):>5} MB peak"
        )
        rows[label] = {
            "seconds": t.seconds,
            "cpu_s": t.cpu,
            "runs": t.runs,
            "peak_rss_mb": t.rss_mb,
        }
    report.results["startup"] = rows
    w, c = warm["warm default"].seconds, colds["cold 10k"].seconds
    report.target(
        "start-up, warm cache (s)", w, f"<= {WARM_S:g}", None if w is None else w <= WARM_S
    )
    report.target("start-up, cold, default glossary (s)", colds["cold default"].seconds, "-", None)
    report.target(
        f"start-up, cold, {syn10k.entries:,} more entries (s)",
        c,
        f"<= {COLD_10K_S:g}",
        None if c is None else c <= COLD_10K_S,
    )


def part_places(
    real: DataSet, sizes: list[float], args: argparse.Namespace, report: Report
) -> None:
    """The whole ``fix`` (in place, on a copy) with the default rules, and with the same
    configuration but the gazetteer rule disabled: the cost of place checking, measured in
    one interleaved run of the same code (issue 14's "before and after")."""
    heading("7. Place names: whole `fix` with and without the `places` rule")
    without = real.dir / "no-places.yaml"
    without.write_text(f"place: {PLACE}\ndisable: [places]\n", encoding="utf-8")
    print(f"{'input':>8} {'rules':<16} {'median':>10} {'MB/s':>7} {'cpu s':>8}")
    rows = []
    for mb in sizes:
        text = real.text(mb)
        nbytes = size_of(text)
        cases = []
        for tag, extra in (("with places", []), ("without places", ["--config", str(without)])):
            copy = real.work(f"places {mb:g} {tag}", text)
            cases.append(
                Case(
                    f"{mb:g}MB fix {tag}",
                    [TRANSFIX, "fix", *extra, str(copy)],
                    args.timeout,
                    prepare=copier(text, copy),
                )
            )
        got = measure(cases, args.runs)
        timings = {}
        for tag in ("with places", "without places"):
            t = got[f"{mb:g}MB fix {tag}"]
            timings[tag] = t
            print(
                f"{mb:>6g}MB {tag:<16} {t.show():>10} {fmt(mb_s(nbytes, t), '.3f'):>7} "
                f"{fmt(t.cpu, '.2f'):>8}"
            )
        w, wo = timings["with places"], timings["without places"]
        share = None
        if w.cpu and wo.cpu:
            share = w.cpu / wo.cpu - 1
            print(f"{'':>8} the places rule adds {share:+.0%} of CPU time")
        rows.append(
            {
                "mb": mb,
                "with_s": w.seconds,
                "without_s": wo.seconds,
                "with_mb_s": mb_s(nbytes, w),
                "without_mb_s": mb_s(nbytes, wo),
                "cpu_added": share,
            }
        )
    report.results["places"] = rows


def part_against(
    real: DataSet, syn10k: DataSet, sizes: list[float], args: argparse.Namespace, report: Report
) -> None:
    """The same commands by this installation and by ``--against``, alternately (A B A B),
    each in a fresh process with its own compiled-rules cache: start-up warm and cold, ``fix``
    at each size, and ``fix --diff`` on 200 files with one and two jobs."""
    other = str(Path(args.against).resolve())
    heading(f"8. This installation against {other}")
    sample = real.files(200) / "article-0000.txt"
    big = ["--glossary", str(syn10k.dir / "glossary.yaml")]
    files = real.files(200)
    rows = []

    def both(label: str, argv: list[str], n: int, kind: str = "warm") -> None:
        cases = []
        for tag, exe in (("this", TRANSFIX), ("other", other)):
            cache = OUT / f"cache-{tag}"
            env = {**child_env(), "TRANSFIX_CACHE_DIR": str(cache)}
            prepare: Callable[[], None] | None = None
            run = [exe, *argv]
            if kind == "cold":
                prepare = functools.partial(shutil.rmtree, cache, ignore_errors=True)
            elif kind.startswith("copy:"):
                target = real.work(f"against {tag} {label}", Path(kind[5:]))
                prepare = copier(Path(kind[5:]), target)
                run = [exe, *argv, str(target)]
            if kind != "cold":  # compile this installation's rules into its cache first
                if prepare:
                    prepare()
                subprocess.run(run, env=env, capture_output=True, check=False)
            cases.append(Case(f"{label} ({tag})", run, args.timeout, prepare=prepare, env=env))
        got = measure(cases, n)
        mine, theirs = got[f"{label} (this)"], got[f"{label} (other)"]
        ratio = None
        if mine.seconds and theirs.seconds:
            ratio = mine.seconds / theirs.seconds
        print(
            f"  {label:<32} this {mine.show():>9}  other {theirs.show():>9}  "
            f"this/other {fmt(ratio, '.2f'):>5}"
        )
        rows.append(
            {"case": label, "this_s": mine.seconds, "other_s": theirs.seconds, "ratio": ratio}
        )

    both("start-up warm, fix --diff 5 KB", ["fix", "--diff", str(sample)], args.startup_runs)
    both("start-up cold, +10,000 entries", ["fix", "--diff", str(sample), *big], args.runs, "cold")
    for mb in sizes:
        both(f"fix {mb:g} MB", ["fix"], args.runs, f"copy:{real.text(mb)}")
    for jobs in (1, 2):
        both(
            f"fix --diff 200 files, --jobs {jobs}",
            ["fix", "--diff", "-j", str(jobs), str(files)],
            args.runs,
        )
    report.results["against"] = {"other": other, "rows": rows}


def part_rules(real: DataSet, mb: float, args: argparse.Namespace, report: Report) -> None:
    heading(f"6. In-process breakdown on {mb:g} MB (each in its own process, one run)")
    text = real.text(mb)
    ids = json.loads(_child("_ids"))
    print(f"{'what':<24} {'seconds':>9} {'MB/s':>8} {'results':>9} {'peak MB':>8}")
    rows = []
    for what in [*ids, "Engine.scan", "Engine.fix"]:
        try:
            r = json.loads(_child("_rule", what, str(text), timeout=args.timeout))
        except subprocess.TimeoutExpired:
            print(f"{what:<24} {'> ' + format(args.timeout, 'g') + ' s':>9}")
            rows.append({"what": what, "seconds": None})
            continue
        print(
            f"{what:<24} {r['seconds']:>9.2f} {r['mb_s']:>8.2f} {r['results']:>9} "
            f"{r['peak_mb']:>8.0f}"
        )
        rows.append({"what": what, **r})
    report.results["rules"] = {"mb": mb, "rows": rows}


def _child(*argv: str, timeout: float = 600) -> str:
    proc = subprocess.run(
        [sys.executable, __file__, *argv],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(argv)} failed\n{proc.stderr[-2000:]}")
    return proc.stdout


def _in_process(argv: list[str]) -> str:
    """The measured side of part 6 (run as ``bench.py _ids`` / ``bench.py _rule WHAT TEXT``)."""
    import resource

    from transfix.kinds.base import ScanContext
    from transfix.ruleset import load_ruleset

    ruleset = load_ruleset()
    if argv[0] == "_ids":
        return json.dumps([r.id for r in ruleset.rules])
    what, path = argv[1], argv[2]
    text = Path(path).read_text(encoding="utf-8")
    ctx = ScanContext(path=path, place=PLACE)
    t0 = time.perf_counter()
    if what == "Engine.fix":
        fixed = ruleset.engine().fix(text, ctx)
        results = len(fixed.applied) + len(fixed.suggestions)
    elif what == "Engine.scan":
        results = len(ruleset.engine().scan(text, ctx).edits)
    else:
        (rule,) = [r for r in ruleset.rules if r.id == what]
        results = sum(1 for _ in rule.scan(text, ctx))
    seconds = time.perf_counter() - t0
    # VmHWM is this process's own peak; ru_maxrss would start from its parent's size.
    status = Path("/proc/self/status")
    hwm = re.search(r"VmHWM:\s+(\d+)", status.read_text()) if status.exists() else None
    peak = (int(hwm[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    nbytes = len(text.encode())
    return json.dumps(
        {"seconds": seconds, "mb_s": nbytes / MB / seconds, "results": results, "peak_mb": peak}
    )


# ------------------------------------------------------------------ main


def describe_machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([TRANSFIX, "--version"], capture_output=True, text=True).stdout
    node = shutil.which("node")
    node_v = (
        subprocess.run([node, "--version"], capture_output=True, text=True).stdout if node else ""
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "transfix": version.strip(),
        "node": node_v.strip(),
    }


def print_summary(report: Report) -> None:
    heading("Summary")
    cores = os.cpu_count() or 1
    if max(LOADS) > cores:
        print(
            f"the load average reached {max(LOADS):.1f} on {cores} cores during this run: "
            "wall times include waiting\nfor other processes; the cpu columns above are "
            "steadier"
        )
    width = max((len(s["figure"]) for s in report.summary), default=10)
    for s in report.summary:
        value = s["value"]
        if value is None:
            shown = s["shown"] or "timed out"
        else:
            shown = f"{value:.3g}" if value < 100 else f"{value:.0f}"
        mark = {True: "met", False: "MISSED", None: "-"}[s["met"]]
        print(f"  {s['figure']:<{width}} {shown:>10}  target {s['target']:<8} {mark}")


ALL_PARTS = ("gen", "cli", "jobs", "terms", "peers", "startup", "rules", "places", "against")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_ids", "_rule"):
        print(_in_process(sys.argv[1:]))
        return
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join((__doc__ or "").splitlines()[2:]),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 MB, 200 files, terms on 1 MB, peers 1,000 terms x 1 MB",
    )
    parser.add_argument("--sizes", help="single-file sizes in MB (default 1,10,100)")
    parser.add_argument("--files", help="directory sizes for --jobs (default 200,1000)")
    parser.add_argument("--parts", default=",".join(ALL_PARTS), help="comma-separated parts")
    parser.add_argument(
        "--commands", default="diff,fix,check", help="part 2: any of diff, fix, check"
    )
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs per figure")
    parser.add_argument(
        "--against", help="part 'against': another transfix executable to compare with"
    )
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--density", type=float, default=175, help="bytes per inserted problem")
    parser.add_argument("--terms-mb", type=float, help="text size of part 3 (default 10)")
    parser.add_argument("--rules-mb", type=float, help="text size of part 6 (default 10)")
    parser.add_argument(
        "--peers",
        help='peer cases, ENTRIES:MB or ENTRIES:N files (default "100:1,1000:1,1000:200 files,'
        '10000:10")',
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds before a transfix run is stopped"
    )
    parser.add_argument(
        "--peer-timeout", type=float, default=120, help="seconds before a textlint run is stopped"
    )
    args = parser.parse_args()
    parts = [p for p in args.parts.split(",") if p]
    unknown = set(parts) - set(ALL_PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    sizes = [float(s) for s in (args.sizes or ("1" if args.quick else "1,10,100")).split(",")]
    counts = [int(n) for n in (args.files or ("200" if args.quick else "200,1000")).split(",")]
    terms_mb = args.terms_mb or (1 if args.quick else 10)
    rules_mb = args.rules_mb or (1 if args.quick else 10)
    default_peers = "1000:1" if args.quick else "100:1,1000:1,1000:200 files,10000:10"
    peers = [
        (int(e), what.strip())
        for e, what in (p.split(":") for p in (args.peers or default_peers).split(","))
    ]

    started = time.perf_counter()
    machine = describe_machine()
    print(
        f"transfix benchmark: {machine['transfix']} on {machine['cpu']}, {machine['cores']} "
        f"cores, {machine['memory_gb']} GB; Python {machine['python']}, node {machine['node']}"
    )
    print(f"medians of {args.runs} interleaved runs, each a fresh process; page cache warm")
    report = Report()
    report.results["machine"] = machine
    report.results["args"] = vars(args)

    real = DataSet("real", args.density)
    syn10k = DataSet("syn-10000", args.density, 10000)
    print("generating inputs (kept in bench/out/data/) ...", flush=True)
    for mb in sizes:
        real.text(mb)
    for n in counts:
        real.files(n)
    real.files(200)
    real.text(1)
    real.warm_cache()

    if "gen" in parts:
        part_gen(real, report)
    if "cli" in parts:
        part_cli(real, sizes, args, report)
    if "jobs" in parts:
        part_jobs(real, counts, args, report)
    if "terms" in parts:
        part_terms(syn10k, terms_mb, args, report)
    if "peers" in parts:
        part_peers(peers, args.density, args, report)
    if "startup" in parts:
        part_startup(real, syn10k, args, report)
    if "rules" in parts:
        part_rules(real, rules_mb, args, report)
    if "places" in parts:
        part_places(real, sizes, args, report)
    if "against" in parts and args.against:
        part_against(real, syn10k, sizes, args, report)

    print_summary(report)
    elapsed = time.perf_counter() - started
    report.results["summary"] = report.summary
    report.results["load_averages"] = LOADS
    report.results["elapsed_s"] = round(elapsed, 1)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(report.results, indent=1) + "\n")
    print(f"\nwritten to bench/out/results.json; {elapsed / 60:.1f} minutes in all")


if __name__ == "__main__":
    main()
