"""The ``transfix`` command line."""

from __future__ import annotations

import datetime
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, TextIO

import typer

from transfix import __version__
from transfix.errors import TransfixError

HELP = """\
Clean up machine-translated Chinese government English before it is published.

Fixes non-standard renderings of titles, bodies and policy phrases from YAML
glossaries, and shows every change with the rule that made it.

\b
Examples:
  transfix fix article.txt                 fix in place, show a coloured diff
  transfix fix --diff examples/zizhou-2022-q2-review.txt
  transfix fix --unsafe -o clean.txt article.txt
  cat article.txt | transfix fix - > clean.txt
"""

FIX_HELP = """\
Fix FILEs in place and show each change with the rule that made it.

Certain (safe) fixes are applied; uncertain ones are listed as suggestions
(--unsafe applies them too). Each file is rewritten atomically, keeping its
encoding, byte-order mark and line endings. Use - to read standard input:
the fixed text goes to standard output and the report to standard error.

Exit status: 0 when it ran (whether or not anything changed); 2 for a usage
error or a file, rule or glossary that could not be read (the other files are
still processed).

\b
Examples:
  transfix fix article.txt
  transfix fix --diff examples/zizhou-2022-q2-review.txt
  transfix fix --glossary my-terms.yaml -o clean.txt article.txt
  cat article.txt | transfix fix - > clean.txt
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


RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", metavar="PATH", help="Extra rule file or directory (repeatable)."),
]


def _parse_date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2022-07-18") from None


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
GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary", metavar="PATH", help="Extra glossary file or directory (repeatable)."
    ),
]


@app.command(help=FIX_HELP, no_args_is_help=True)
def fix(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE", show_default=False, help="Text files to fix; - reads standard input."
        ),
    ],
    diff: Annotated[
        bool, typer.Option("--diff", "--dry-run", help="Show the changes; write nothing.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="OUT", help="Write the result to OUT (one FILE)."),
    ] = None,
    unsafe: Annotated[
        bool, typer.Option("--unsafe", help="Also apply suggestions (unsafe fixes).")
    ] = False,
    rules: RulesOpt = None,
    glossary: GlossaryOpt = None,
    date: DateOpt = None,
    style: StyleOpt = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Plain output: a unified diff, no colour.")
    ] = False,
) -> None:
    from transfix.document import Document, read_document, read_stdin, write_atomic
    from transfix.kinds.base import ScanContext
    from transfix.renderers import diff as render
    from transfix.ruleset import load_ruleset

    if output is not None and len(files) > 1:
        raise typer.BadParameter("-o/--output takes exactly one FILE", param_hint="'-o'")
    if output is not None and diff:
        raise typer.BadParameter("--diff writes nothing; drop -o or --diff", param_hint="'-o'")
    if files.count("-") > 1:
        raise typer.BadParameter("standard input (-) can be read only once")

    doc_date = _parse_date(date)
    try:
        ruleset = load_ruleset(rules or [], glossary or [])
        ruleset.check_style(style)
        engine = ruleset.engine()
    except TransfixError as exc:
        error(str(exc))
        raise typer.Exit(2) from None

    text_to_stdout = "-" in files and not diff and output is None
    report: TextIO = sys.stderr if text_to_stdout else sys.stdout
    color = _use_color(report, no_color)
    console = None
    if color:
        from rich.console import Console

        console = Console(file=report, highlight=False)
    failed = False
    totals: Counter[tuple[str, str]] = Counter()
    for name in files:
        try:
            doc: Document = read_stdin() if name == "-" else read_document(name)
            ctx = ScanContext(path=doc.path, date=doc_date, style=style)
            result = engine.fix(doc.text, ctx, unsafe=unsafe)
            written = None
            fixed_doc = doc.with_text(result.text)
            if name == "-" and not diff and output is None:
                sys.stdout.flush()
                sys.stdout.buffer.write(fixed_doc.encode())
                sys.stdout.flush()
            elif output is not None:
                write_atomic(output, fixed_doc.encode())
                written = str(output)
            elif not diff and result.changed:
                write_atomic(name, fixed_doc.encode())
        except TransfixError as exc:
            error(str(exc))
            failed = True
            continue
        label = doc.display_name
        if console is not None:
            render.render_rich(console, label, result, written)
        else:
            render.render_plain(label, result, report, sys.stderr)
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
    if failed:
        raise typer.Exit(2)


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
    typer.echo(
        f"precision {report.precision:.1%} ({report.true_positives} right changes, "
        f"{report.false_positives} wrong; {len(report.traps_touched)} of {n_trap} traps touched)"
    )
    typer.echo(f"recall    {report.recall:.1%} of {n_certain} certain cases")
    typer.echo(f"suggested {report.suggestion_recall:.1%} of {n_sugg} suggestion cases")
    if show_failures:
        for o in report.outcomes:
            if not o.right:
                typer.echo(f"\n{o.case.origin}: {o.case.id} ({o.case.kind})")
                typer.echo(f"  text:     {o.case.text}")
                if o.case.fixed is not None:
                    typer.echo(f"  expected: {o.case.fixed}")
                typer.echo(f"  fix:      {o.safe_text}")
                typer.echo(f"  --unsafe: {o.unsafe_text}")


def main() -> None:
    """Entry point: never a traceback for the user, unless TRANSFIX_DEBUG is set."""
    try:
        app()
    except TransfixError as exc:  # pragma: no cover - commands catch their own
        error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("transfix: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("TRANSFIX_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set TRANSFIX_DEBUG=1 for details)")
        sys.exit(2)
