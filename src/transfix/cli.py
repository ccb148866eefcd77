"""The ``transfix`` command line: fix, check, config, evaluate."""

from __future__ import annotations

import datetime
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from transfix import __version__
from transfix.errors import TransfixError
from transfix.renderers import plural

if TYPE_CHECKING:
    from rich.console import Console

    from transfix.api import Processor
    from transfix.config import Overrides
    from transfix.ruleset import RuleSet
    from transfix.runner import Outcome

HELP = """\
Clean up machine-translated Chinese government English before it is published.

Fixes non-standard renderings of titles, bodies and policy phrases, pinyin
personal names and dates from YAML glossaries, shows every change with the rule
that made it, and reports what it cannot fix.

\b
Examples:
  transfix fix article.txt                 fix in place, show a coloured diff
  transfix fix --diff examples/zizhou-2022-q2-review.txt
  transfix check --format json site/       a pre-publish gate (exit 1: problems)
  transfix config article.md               the configuration that applies
"""

FIX_HELP = """\
Fix FILEs in place and show each change with the rule that made it.

Certain (safe) fixes are applied; uncertain ones are listed as suggestions
(--unsafe applies them too). Each file is rewritten atomically, keeping its
encoding, byte-order mark and line endings. Use - to read standard input:
the fixed text goes to standard output and the report to standard error.
Markdown and HTML files are fixed in their prose and text nodes only.

Exit status: 0 when it ran (whether or not anything changed); 2 for a usage
error or a file, rule, glossary or configuration that could not be read (the
other files are still processed). With --check: 1 when a file would change.

\b
Examples:
  transfix fix article.txt
  transfix fix --diff examples/zizhou-2022-q2-review.txt
  transfix fix --glossary my-terms.yaml -o clean.txt article.txt
  cat article.txt | transfix fix - > clean.txt
"""

CHECK_HELP = """\
Report every fix transfix would make and every finding; never write.

Directories are walked for *.txt, *.md, *.html and *.htm files (configurable),
skipping what .gitignore and .transfixignore ignore.

Exit status: 0 when nothing reaches --fail-on (default: fixable, that is any
safe fix or an error-level finding), 1 otherwise, 2 for usage, configuration
or input errors.

\b
Examples:
  transfix check examples/
  transfix check --format json --fail-on warning site/ > report.json
  transfix check --format sarif . > transfix.sarif
  transfix check --format github .         annotations in a GitHub Actions job
  transfix check --format html -o review.html site/   a page to review in a browser
  transfix check --baseline .transfix-baseline.json site/   only what is new
"""

CONFIG_HELP = """\
Print the configuration that applies to PATH (default: the current directory).

\b
Examples:
  transfix config
  transfix config articles/2022/zizhou.md --style chinadaily
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transfix {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    pass


def error(message: str) -> None:
    """One line on stderr: ``transfix: error: <where>: <cause>``."""
    sys.stderr.write(f"transfix: error: {message}\n")


def _use_color(stream: TextIO, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def _console(stream: TextIO) -> Console:
    from rich.console import Console

    return Console(file=stream, highlight=False)


def _parse_date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2022-07-18") from None


RulesOpt = Annotated[
    list[str] | None,
    typer.Option("--rules", metavar="PATH", help="Extra rule file or directory (repeatable)."),
]
GlossaryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--glossary", metavar="PATH", help="Extra glossary file or directory (repeatable)."
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="The document's date, for date checks (default: found in the text).",
    ),
]
StyleOpt = Annotated[
    str | None,
    typer.Option("--style", metavar="NAME", help="House style: xinhua (default), chinadaily."),
]
PlaceOpt = Annotated[
    str | None,
    typer.Option("--place", metavar="PLACE", help='The document\'s place, e.g. "Zizhou County".'),
]
ConfigOpt = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this configuration file instead of looking for one.",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="ZH",
        help="The Chinese source of the one FILE (names, terms and values checked against it).",
    ),
]
MaxSizeOpt = Annotated[
    str | None,
    typer.Option(
        "--max-file-size",
        metavar="SIZE",
        help="Refuse files larger than this: 64MB (default), 500KB, a number of bytes.",
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain output, no colour.")]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Files processed in parallel (default: CPUs)."),
]


def _overrides(
    config: str | None,
    rules: list[str] | None,
    glossary: list[str] | None,
    style: str | None,
    place: str | None,
    date: str | None,
    fail_on: str | None = None,
    max_file_size: str | None = None,
    source: str | None = None,
) -> Overrides:
    from transfix.config import Overrides
    from transfix.document import parse_size

    limit = None
    if max_file_size is not None:
        try:
            limit = parse_size(max_file_size)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--max-file-size'") from None

    return Overrides(
        config=config,
        rules=tuple(str(Path(p).resolve()) for p in rules or ()),
        glossary=tuple(str(Path(p).resolve()) for p in glossary or ()),
        style=style,
        place=place,
        date=_parse_date(date),
        fail_on=fail_on,
        max_file_size=limit,
        source=source,
    )


def _check_source(source: str | None, files: list[str]) -> None:
    """--source goes with exactly one English file, and must exist."""
    if source is None:
        return
    if len(files) != 1 or Path(files[0]).is_dir():
        raise typer.BadParameter("--source goes with exactly one FILE", param_hint="'--source'")
    if not Path(source).is_file():
        error(f"{source}: no such file (the --source)")
        raise typer.Exit(2)


def _prepare(paths: list[str], overrides: Overrides) -> tuple[list[str], list[str], Processor]:
    """Expand directories, and load every configuration the files need, failing early.

    Returns the files, the errors (one line each) for paths that do not exist, and the
    processor that loaded the rule sets (reused when files run in this process).
    """
    from transfix.api import Processor
    from transfix.walk import expand

    proc = Processor(overrides)
    files: list[str] = []
    errors: list[str] = []
    for item in expand(paths, lambda p: proc.settings(p)):
        if isinstance(item, TransfixError):
            errors.append(str(item))
        else:
            files.append(item)
    # A walked file that is another file's Chinese source is not an English document.
    sources = {
        str(found.resolve())
        for f in files
        if (found := proc.settings(f).source_for(f)) is not None and found.is_file()
    }
    if sources:
        named = set(paths)
        files = [f for f in files if f in named or str(Path(f).resolve()) not in sources]
    for f in files or ["-"]:
        settings = proc.settings(None if f == "-" else f)
        proc.ruleset(settings)  # a broken rule file or glossary fails here, once
        proc._engine(settings, None if f == "-" else f)
    return files, errors, proc


def _progress(total: int) -> tuple[object, object]:
    """A rich progress bar on stderr when it is a terminal and there are many files."""
    if total <= 8 or not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    bar = Progress(transient=True, console=_console(sys.stderr))
    task = bar.add_task("checking", total=total)
    return bar, lambda n: bar.advance(task, n)


def _missing(what: str, why: str, command: str) -> None:
    """No FILE/PATH given: say what is missing and how to call the command; exit 2."""
    error(f"missing {what} ({why}; - reads standard input)")
    sys.stderr.write(
        f"usage: transfix {command} [OPTIONS] {what}...  (transfix {command} --help for more)\n"
    )
    raise typer.Exit(2)


@app.command(help=FIX_HELP)
def fix(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FILE", show_default=False, help="Files or directories; - reads stdin."
        ),
    ] = None,
    diff: Annotated[
        bool, typer.Option("--diff", "--dry-run", help="Show the changes; write nothing.")
    ] = False,
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if a file would change.")
    ] = False,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="OUT", help="Write the result to OUT (one FILE)."),
    ] = None,
    unsafe: Annotated[
        bool, typer.Option("--unsafe", help="Also apply suggestions (unsafe fixes).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Also rewrite read-only files.")] = False,
    interactive: Annotated[
        bool,
        typer.Option("--interactive", "-i", help="Ask about each suggestion (as git add -p)."),
    ] = False,
    review_all: Annotated[
        bool, typer.Option("--review-all", help="With -i: ask about the safe fixes too.")
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="With -i: skip, and record (key r), problems here "
            "(default .transfix-baseline.json).",
        ),
    ] = None,
    rules: RulesOpt = None,
    glossary: GlossaryOpt = None,
    date: DateOpt = None,
    style: StyleOpt = None,
    place: PlaceOpt = None,
    config: ConfigOpt = None,
    source: SourceOpt = None,
    jobs: JobsOpt = None,
    max_file_size: MaxSizeOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    from transfix.interrupt import record_writes
    from transfix.renderers import diff as render
    from transfix.runner import Options, failed, run

    if not files:
        _missing("FILE", "what to fix", "fix")
        return
    if output is not None and len(files) > 1:
        raise typer.BadParameter("-o/--output takes exactly one FILE", param_hint="'-o'")
    if output is not None and (diff or check_only):
        raise typer.BadParameter("--diff writes nothing; drop -o or --diff", param_hint="'-o'")
    if files.count("-") > 1:
        raise typer.BadParameter("standard input (-) can be read only once")
    if output is not None and Path(files[0]).is_dir():
        error(f"{files[0]}: is a directory, expected a file (-o writes one file)")
        raise typer.Exit(2)
    if interactive or review_all or baseline is not None:
        from transfix.review import interactive as review

        conflicts = {"--diff": diff, "--check": check_only, "--unsafe": unsafe}
        why = review.refuse(conflicts, review_all, interactive, baseline is not None)
        if why is not None:
            raise typer.BadParameter(why)
    _check_source(source, files)
    overrides = _overrides(
        config, rules, glossary, style, place, date, None, max_file_size, source=source
    )
    try:
        paths, input_errors, proc = _prepare(files, overrides)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    for e in input_errors:
        error(e)
    if interactive:
        code = review.run(
            paths,
            proc,
            review_all=review_all,
            baseline_path=baseline,
            output=output,
            color=_use_color(sys.stdout, no_color),
        )
        raise typer.Exit(2 if input_errors else code)
    dry = diff or check_only
    text_to_stdout = "-" in paths and not dry and output is None
    report: TextIO = sys.stderr if text_to_stdout else sys.stdout
    console = _console(report) if _use_color(report, no_color) else None
    options = Options(mode="fix", unsafe=unsafe, write=not dry, output=output, force=force)
    failed_files = bool(input_errors)
    would_change = False
    totals: Counter[tuple[str, str]] = Counter()
    written = record_writes()  # an interruption reports them
    for outcome in run(paths, overrides, options, jobs, processor=proc, written=written):
        if outcome.error is not None:
            error(outcome.error)
            failed_files = True
            continue
        result = outcome.fix
        assert result is not None
        if outcome.fixed_bytes is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(outcome.fixed_bytes)
            sys.stdout.flush()
        would_change |= result.changed or (check_only and failed(outcome))
        if console is not None:
            render.render_rich(console, result, outcome.written)
        else:
            render.render_plain(result, report, sys.stderr)
        for rule, n_fixed, n_sugg, n_find in render.summary_counts(result):
            totals[(rule, "fixed")] += n_fixed
            totals[(rule, "suggested")] += n_sugg
            totals[(rule, "findings")] += n_find
    rows = [
        (rule, totals[(rule, "fixed")], totals[(rule, "suggested")], totals[(rule, "findings")])
        for rule in sorted({r for r, _ in totals})
    ]
    if console is not None:
        render.render_rich_totals(console, rows)
    else:
        render.render_plain_totals(rows, sys.stderr)
    if failed_files:
        raise typer.Exit(2)
    if check_only and would_change:
        raise typer.Exit(1)


@app.command(help=CHECK_HELP)
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH", show_default=False, help="Files or directories; - reads stdin."
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="text (default), json, sarif, github or html (with -o).",
        ),
    ] = "text",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="LEVEL",
            help="fixable (default), suggestion, error, warning, info or never.",
        ),
    ] = None,
    report_unused_ignores: Annotated[
        bool,
        typer.Option("--report-unused-ignores", help="Report suppressions that suppress nothing."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="FILE", help="--format html: write the page here."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", metavar="FILE", help="Report only problems not in FILE."),
    ] = None,
    write_baseline: Annotated[
        bool,
        typer.Option("--write-baseline", help="Record the current problems in --baseline FILE."),
    ] = False,
    rules: RulesOpt = None,
    glossary: GlossaryOpt = None,
    date: DateOpt = None,
    style: StyleOpt = None,
    place: PlaceOpt = None,
    config: ConfigOpt = None,
    source: SourceOpt = None,
    jobs: JobsOpt = None,
    max_file_size: MaxSizeOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    from transfix.config import FAIL_ON
    from transfix.renderers import check as text_report
    from transfix.runner import Options, failed, run

    if not paths:
        _missing("PATH", "what to check: files or directories", "check")
        return
    if output_format not in ("text", "json", "sarif", "github", "html"):
        raise typer.BadParameter(
            f"{output_format!r}: choose text, json, sarif or github (or html, with -o FILE)",
            param_hint="'--format'",
        )
    if output_format == "html" or output is not None:
        from transfix.review import html as review_html

        why = review_html.refuse(output_format, output)
        if why is not None:
            error(why)
            raise typer.Exit(2)
    known = None
    if baseline is not None or write_baseline:
        from transfix.review import baseline as review_baseline

        try:
            known = review_baseline.open_for(baseline, write_baseline)
        except TransfixError as exc:
            error(str(exc))
            raise typer.Exit(2) from None
    if fail_on is not None and fail_on not in FAIL_ON:
        raise typer.BadParameter(
            f"{fail_on!r}: choose {', '.join(FAIL_ON)}", param_hint="'--fail-on'"
        )
    _check_source(source, paths)
    overrides = _overrides(
        config, rules, glossary, style, place, date, fail_on, max_file_size, source
    )
    try:
        files, errors, proc = _prepare(paths, overrides)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    options = Options(mode="check", report_unused_ignores=report_unused_ignores)
    bar, advance = _progress(len(files))
    outcomes: list[Outcome] = []
    if bar is not None:
        bar.start()  # type: ignore[attr-defined]
    try:
        outcomes = list(
            run(files, overrides, options, jobs, advance, processor=proc)  # type: ignore[arg-type]
        )
    finally:
        if bar is not None:
            bar.stop()  # type: ignore[attr-defined]
    errors += [o.error for o in outcomes if o.error is not None]
    if known is not None:
        try:
            review_baseline.run(known, outcomes, write_baseline, report_unused_ignores)
        except TransfixError as exc:
            error(str(exc))
            raise typer.Exit(2) from None
    problems = [p for o in outcomes for p in o.problems]
    texts = {o.path: o.text for o in outcomes if o.text is not None}
    checked = sum(1 for o in outcomes if o.error is None)
    if output_format == "json":
        from transfix.renderers import json as json_report

        json_report.render(problems, checked, errors, sys.stdout)
    elif output_format == "sarif":
        from transfix.renderers import sarif

        sarif.render(problems, _descriptions(proc), errors, sys.stdout)
    elif output_format == "github":
        from transfix.renderers import github

        github.render(problems, errors, sys.stdout)
    elif output_format == "html":
        assert output is not None
        try:
            review_html.write(output, outcomes, proc, errors)
        except TransfixError as exc:
            errors.append(str(exc))
    elif _use_color(sys.stdout, no_color):
        text_report.render_rich(_console(sys.stdout), problems, texts, checked, len(errors))
    else:
        text_report.render_plain(problems, texts, sys.stdout, checked, len(errors))
    for e in errors:
        error(e)
    if errors:
        raise typer.Exit(2)
    if any(failed(o) for o in outcomes):
        raise typer.Exit(1)


def _descriptions(proc: Processor) -> dict[str, str]:
    ruleset = proc.ruleset(proc.settings(None))
    return {r.id: r.spec.description or r.id for r in ruleset.rules}


ALIGN_HELP = """\
Show how FILE's paragraphs pair with its Chinese source (why something was, or was not,
fixed from the source): each bead, whether it is anchored, and what anchors it.

\b
Examples:
  transfix align article.en.txt --source article.zh.txt
  transfix align site/a.en.md          with source: "{stem}.zh{suffix}" in transfix.yaml
"""


@app.command(name="align", help=ALIGN_HELP, no_args_is_help=True)
def align_cmd(
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False)],
    source: SourceOpt = None,
    config: ConfigOpt = None,
) -> None:
    from transfix.api import Processor
    from transfix.document import read_document

    overrides = _overrides(config, None, None, None, None, None, source=source)
    try:
        proc = Processor(overrides)
        doc = read_document(file)
        settings = proc.settings(file)
        if proc.source_path(settings, file) is None:
            error(f"{file}: no Chinese source (give --source, or source: in transfix.yaml)")
            raise typer.Exit(2)
        engine, _ = proc._engine(settings, file)
        view = proc._view_fn(settings, file)(doc.text)
        ctx = engine.prepare(doc.text, proc._context(settings, doc))
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    aligned = ctx.aligned
    if aligned is None:
        error(f"{file}: the bitext rule is disabled, so nothing is aligned")
        raise typer.Exit(2)
    from transfix.edits import LineIndex

    en_lines = LineIndex(view.text)

    def preview(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= 40 else s[:39] + "…"

    anchored = sum(1 for b in aligned.beads if b.anchored)
    typer.echo(
        f"{file} ↔ {aligned.path}: {plural(len(aligned.beads), 'bead')}, {anchored} anchored"
        + ("" if aligned.belongs else "; the source does not seem to belong to this English")
    )
    for b in aligned.beads:
        zh = (
            " + ".join(
                f"zh ¶{i + 1} (line {aligned.line_col(aligned.zh_units[i].start)[0]})" for i in b.zh
            )
            or "—"
        )
        en = (
            " + ".join(
                f"en ¶{j + 1} (line {en_lines.line_col(aligned.en_paragraphs[j].start)[0]})"
                for j in b.en
            )
            or "—"
        )
        mark = "anchored" if b.anchored else "not anchored"
        typer.echo(f"  {b.kind}  {zh:<22} ↔ {en:<22} {mark} ({b.score:g})")
        if b.zh:
            typer.echo(f"        {preview(''.join(aligned.zh_units[i].text for i in b.zh))}")
        if b.en:
            p = aligned.en_paragraphs[b.en[0]]
            typer.echo(f"        {preview(view.text[p.start : p.end])}")


@app.command(name="config", help=CONFIG_HELP)
def config_cmd(
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="A file or directory.", show_default=False)
    ] = ".",
    rules: RulesOpt = None,
    glossary: GlossaryOpt = None,
    date: DateOpt = None,
    style: StyleOpt = None,
    place: PlaceOpt = None,
    config: ConfigOpt = None,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="yaml (default) or json.")
    ] = "yaml",
) -> None:
    import contextlib
    import json

    import yaml

    from transfix.api import Processor

    overrides = _overrides(config, rules, glossary, style, place, date)
    try:
        proc = Processor(overrides)
        target = Path(path)
        settings = proc.settings(str(target / "x") if target.is_dir() else path)
        proc.ruleset(settings)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    metadata: dict[str, object] = {}
    if target.is_file():  # the document's own date and place (Markdown front matter)
        from transfix.document import read_document
        from transfix.markup import metadata_for

        with contextlib.suppress(TransfixError):
            metadata = metadata_for(path, read_document(path, settings.max_file_size).text)
    data = settings.describe(overrides, metadata, path)
    data["rules_loaded"] = [r.id for r in proc.ruleset(settings).rules]
    if output_format == "json":
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip())


rules_app = typer.Typer(
    help="Tools for glossary maintainers: run examples, lint, list, generate docs.",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        show_default=False,
        help="More rule or glossary files or directories (besides defaults and configuration).",
    ),
]


def _maintainer_ruleset(paths: list[str] | None, config: str | None) -> RuleSet:
    """Default rules and glossaries, the configured ones, and PATHs (sorted by content)."""
    from transfix.api import Processor
    from transfix.maintain.lint import _classify
    from transfix.ruleset import load_ruleset

    settings = Processor(_overrides(config, None, None, None, None, None)).settings(None)
    rule_files, glossary_files = _classify(paths or [])
    return load_ruleset(
        [*settings.rules, *map(str, rule_files)], [*settings.glossary, *map(str, glossary_files)]
    )


@app.command(name="explain", help="Show a rule or glossary entry: its forms, sources, examples.")
def explain_cmd(
    rule_id: Annotated[
        str, typer.Argument(metavar="ID", help="A rule id, or an entry: terms/county-head.")
    ],
    paths: PathsArg = None,
    config: ConfigOpt = None,
) -> None:
    from transfix.maintain import catalog

    try:
        ruleset = _maintainer_ruleset(paths, config)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    found = catalog.find(ruleset, rule_id)
    if not found:
        error(f"no rule or entry {rule_id!r} (transfix rules list shows them all)")
        raise typer.Exit(2)
    typer.echo("\n\n".join(catalog.explain(ruleset, item) for item in found))


@rules_app.command(name="test", help="Run every example of every rule and glossary entry.")
def rules_test(paths: PathsArg = None, config: ConfigOpt = None) -> None:
    from transfix.maintain.examples import run_examples

    try:
        ruleset = _maintainer_ruleset(paths, config)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    count, failures = run_examples(ruleset)
    for f in failures:
        typer.echo(f"{f.example.origin}: {f.example.subject}: {f.reason}")
        typer.echo(f"  expected: {f.expected!r}")
        typer.echo(f"  actual:   {f.actual!r}")
    typer.echo(f"{plural(count, 'example')}, {len(failures)} failed")
    if failures:
        raise typer.Exit(1)


@rules_app.command(name="lint", help="Check rule and glossary files: schema, conflicts, regexes.")
def rules_lint(
    paths: PathsArg = None,
    no_defaults: Annotated[
        bool, typer.Option("--no-defaults", help="Lint only the given files.")
    ] = False,
) -> None:
    from transfix.maintain.lint import lint, report

    messages = lint(paths or [], defaults=not no_defaults)
    typer.echo(report(messages))
    if any(m.level == "error" for m in messages):
        raise typer.Exit(1)


@rules_app.command(name="list", help="A table of every rule, glossary entry and date anchor.")
def rules_list(
    paths: PathsArg = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (terms, names, ...).")
    ] = None,
    safety: Annotated[str | None, typer.Option("--safety", help="safe or unsafe.")] = None,
    grep: Annotated[
        str | None, typer.Option("--grep", help="Only items whose id or summary contains this.")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="text (default) or json.")
    ] = "text",
    config: ConfigOpt = None,
) -> None:
    import json

    from transfix.maintain import catalog

    try:
        ruleset = _maintainer_ruleset(paths, config)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    rows = [
        i
        for i in catalog.items(ruleset)
        if (kind is None or i.kind.split()[0] == kind)
        and (safety is None or i.safety == safety)
        and (grep is None or grep.lower() in f"{i.id} {i.summary}".lower())
    ]
    if output_format == "json":
        typer.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    width = max([len(r.id) for r in rows] + [2])
    typer.echo(f"{'id':<{width}}  {'kind':<12} {'severity':<8} {'safety':<7} file")
    for r in rows:
        where = f"{r.file}:{r.line}" if r.line else r.file
        typer.echo(f"{r.id:<{width}}  {r.kind:<12} {r.severity:<8} {r.safety or '-':<7} {where}")
    typer.echo(plural(len(rows), "item"))


@rules_app.command(name="docs", help="Generate docs/glossary.md from the rules and glossaries.")
def rules_docs(
    output: Annotated[
        str | None, typer.Option("-o", "--output", metavar="FILE", help="Write here.")
    ] = None,
    paths: PathsArg = None,
    config: ConfigOpt = None,
) -> None:
    from transfix.maintain.catalog import glossary_markdown

    try:
        text = glossary_markdown(_maintainer_ruleset(paths, config))
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    if output is None:
        typer.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")


def _corpus(
    paths: list[str], config: str | None
) -> tuple[Overrides, list[str], list[str], Processor, RuleSet]:
    """A corpus's files (walked), path errors, the processor and the rule set, or exit 2."""
    overrides = _overrides(config, None, None, None, None, None)
    try:
        files, errors, proc = _prepare(paths, overrides)
        return overrides, files, errors, proc, proc.ruleset(proc.settings(None))
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None


@app.command(name="stats", help="Across a corpus: how often each rule and entry fired.")
def stats_cmd(
    paths: Annotated[list[str], typer.Argument(metavar="CORPUS", show_default=False)],
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="text (default) or json.")
    ] = "text",
    top: Annotated[int, typer.Option("--top", help="How many files to list.")] = 10,
    config: ConfigOpt = None,
    jobs: JobsOpt = None,
) -> None:
    import json

    from transfix.maintain.corpus import stats
    from transfix.runner import Options, run

    overrides, files, errors, proc, ruleset = _corpus(paths, config)
    outcomes = list(run(files, overrides, Options(mode="check"), jobs, processor=proc))
    for e in errors + [o.error for o in outcomes if o.error]:
        error(e)
    result = stats(ruleset, [p for o in outcomes for p in o.problems], len(outcomes))
    data = result.as_dict(top)
    if output_format == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(plural(data["files"], "file"))
    typer.echo("\nfired (rule or entry: count)")
    for rule, n in data["by_rule"].items():
        typer.echo(f"  {n:>6}  {rule}")
    typer.echo(f"\nnever fired ({len(data['never_fired'])})")
    for rule in data["never_fired"]:
        typer.echo(f"          {rule}")
    typer.echo("\nfiles with most problems")
    for f in data["top_files"]:
        typer.echo(f"  {f['problems']:>6}  {f['path']}")


@app.command(name="suggest", help="Mine a corpus for glossary candidates; write YAML stubs.")
def suggest_cmd(
    paths: Annotated[list[str], typer.Argument(metavar="CORPUS", show_default=False)],
    output: Annotated[
        str | None, typer.Option("-o", "--output", metavar="FILE", help="Write the stubs here.")
    ] = None,
    minimum: Annotated[int, typer.Option("--min-count", help="Seen at least this often.")] = 2,
    config: ConfigOpt = None,
) -> None:
    import yaml

    from transfix.document import read_document
    from transfix.maintain.corpus import by_kind, stubs, suggest

    _, files, errors, _, ruleset = _corpus(paths, config)
    documents = []
    for f in files:
        try:
            documents.append((f, read_document(f).text))
        except TransfixError as exc:
            errors.append(str(exc))
    for e in errors:
        error(e)
    found = suggest(ruleset, documents, minimum)
    header = (
        "# Candidates from `transfix suggest`: review each, fill in the TODOs, add examples,\n"
        "# then move them into glossary/ (or a roster). Counts and contexts show the evidence.\n"
    )
    text = header + yaml.safe_dump(stubs(found), sort_keys=False, allow_unicode=True, width=100)
    if output is None:
        typer.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
    sys.stderr.write(
        f"{plural(len(found), 'candidate')} "
        f"({', '.join(f'{n} {k}' for k, n in by_kind(found).items())})"
        f" from {plural(len(documents), 'file')}\n"
    )


EVALUATE_HELP = """\
Measure rules against a labelled evaluation set: precision and recall.

A certain case must be fixed exactly by `fix`; a suggestion case only by
`fix --unsafe`; a trap must stay untouched even with --unsafe. Precision counts
every case the rules changed; recall counts the certain cases.

\b
Examples:
  transfix evaluate tests/data/names_eval.yaml --rule names
  transfix evaluate my-cases.yaml --show-failures
"""


@app.command(help=EVALUATE_HELP, no_args_is_help=True)
def evaluate(
    cases_file: Annotated[Path, typer.Argument(metavar="CASES", help="Evaluation YAML file.")],
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", metavar="ID", help="Evaluate only this rule (repeatable)."),
    ] = None,
    rules: RulesOpt = None,
    glossary: GlossaryOpt = None,
    show_failures: Annotated[
        bool, typer.Option("--show-failures", help="List every case that went wrong.")
    ] = False,
) -> None:
    from transfix.evaluate import evaluate as run_evaluation
    from transfix.evaluate import prepare

    try:
        engine, cases = prepare(cases_file, rule or [], rules or [], glossary or [])
        report = run_evaluation(engine, cases)
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    width = max([len(c) for c, _, _ in report.classes()] + [5])
    typer.echo(f"{'class':<{width}}  cases  right")
    for cls, total, right in report.classes():
        typer.echo(f"{cls:<{width}}  {total:>5}  {right:>5}")
    n_certain = len(report.by_kind("certain"))
    n_sugg = len(report.by_kind("suggestion"))
    n_trap = len(report.by_kind("trap"))
    typer.echo("")
    real = report.real()
    if real["correct"] or real["defective"]:
        _echo_real(real)
    else:
        typer.echo(
            f"precision {report.precision:.1%} ({plural(report.true_positives, 'right change')}, "
            f"{report.false_positives} wrong; {len(report.traps_touched)} of "
            f"{plural(n_trap, 'trap')} touched)"
        )
        typer.echo(f"recall    {report.recall:.1%} of {plural(n_certain, 'certain case')}")
        typer.echo(
            f"suggested {report.suggestion_recall:.1%} of {plural(n_sugg, 'suggestion case')}"
        )
    if show_failures:
        for o in report.outcomes:
            if not o.right or (o.case.correct is not None and (o.wrong() or o.wrong(unsafe=True))):
                typer.echo(f"\n{o.case.origin}: {o.case.id} ({o.case.kind})")
                typer.echo(f"  text:     {o.case.text}")
                if o.case.correct is not None:
                    typer.echo(f"  correct:  {o.case.correct}")
                if o.case.fixed is not None and o.case.fixed != o.case.correct:
                    typer.echo(f"  expected: {o.case.fixed}")
                typer.echo(f"  fix:      {o.safe_text}")
                typer.echo(f"  --unsafe: {o.unsafe_text}")


def _echo_real(r: dict[str, int]) -> None:
    def pct(n: int, d: int) -> str:
        return f"{n} of {d} ({n / d:.0%})" if d else "0 of 0"

    typer.echo(f"correct texts changed        {pct(r['correct_changed'], r['correct'])}")
    typer.echo(f"  with --unsafe              {pct(r['correct_changed_unsafe'], r['correct'])}")
    typer.echo(f"defective fully repaired     {pct(r['repaired'], r['defective'])}")
    typer.echo(f"  with --unsafe              {pct(r['repaired_unsafe'], r['defective'])}")
    typer.echo(f"defective as labelled (auto) {pct(r['auto_right'], r['defective'])}")
    typer.echo(f"defective untouched          {pct(r['untouched'], r['defective'])}")
    typer.echo(f"  with --unsafe              {pct(r['untouched_unsafe'], r['defective'])}")
    typer.echo(f"defective changed wrongly    {pct(r['wrong'], r['defective'])}")
    typer.echo(f"  with --unsafe              {pct(r['wrong_unsafe'], r['defective'])}")


def _stdout_gone() -> None:
    """Point file descriptor 1 at /dev/null, so that nothing more fails on the way out."""
    import contextlib

    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Entry point: never a traceback for the user, unless TRANSFIX_DEBUG is set."""
    import errno
    import gc

    from transfix.interrupt import Interrupted, describe, install

    # A short-lived batch process that makes many small objects: collect rarely, and never
    # walk what start-up built (modules, the compiled rule set) again.
    gc.set_threshold(100_000, 50, 100)
    install()
    if sys.stdout is None:  # started with standard output closed (>&-)
        error("standard output is closed")
        sys.exit(2)
    status: int | str | None = 0
    try:
        try:
            app()
        except SystemExit as exc:
            status = exc.code
        sys.stdout.flush()  # output that cannot be written is an error now, not at exit
    except Interrupted as exc:
        sys.stderr.write(f"transfix: {describe(exc)}\n")
        status = exc.exit_code
    except TransfixError as exc:  # pragma: no cover - commands catch their own
        error(str(exc))
        status = 2
    except KeyboardInterrupt:
        sys.stderr.write("transfix: interrupted\n")
        status = 130
    except OSError as exc:  # files are InputErrors: this is standard output (or error)
        _stdout_gone()
        if exc.errno != errno.EPIPE:  # a closed pipe (| head -1) ends quietly, as typer does
            error(f"cannot write the output: {exc.strerror or exc}")
            status = 2
        else:
            status = 1
    except Exception as exc:
        if os.environ.get("TRANSFIX_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set TRANSFIX_DEBUG=1 for details)")
        status = 2
    sys.exit(status)
