"""The options of ``doclint check`` for its report, and what it says on stderr around it.

Part of the command line: colour (``--color``, ``NO_COLOR``), ``--statistics``, writing the report to
stdout or a file (the summary line then on stderr), and the one-line warnings of :mod:`doclint.mistakes`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

import click

from doclint.cli_ci import UsageProblem
from doclint.cli_options import grouped
from doclint.display import display_path, display_text
from doclint.results import CheckReport, PageJob, PageResult

COLOR_CHOICES = ("auto", "always", "never")


class ReportOptions(NamedTuple):
    """The options of ``check`` for how its report looks: colour and per-rule statistics."""

    color: str
    statistics: bool


report_options = grouped(ReportOptions, "look", [
    click.option("--color", "color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
                 help="Colour the text report: auto colours a terminal unless NO_COLOR is set."),
    click.option("--statistics", is_flag=True,
                 help="Print the number of findings of each rule instead of the findings (text format)."),
])


def write_output(text: str, output: Path | None, color: bool | None = None) -> None:
    """Print ``text`` (keeping its colours when ``color``), or write it to ``output`` when one was asked for
    (see :func:`doclint.atomic.write_file`)."""
    if output is None:
        click.echo(text, nl=False, color=color)
        return
    from doclint.atomic import write_file

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_file(output, text.encode("utf-8"))
    except OSError as error:
        raise UsageProblem(f"cannot write {display_path(output)}: {error.strerror or error}") from None


def use_color(choice: str, output: Path | None) -> bool:
    """Whether to colour: ``always``, ``never``, or (``auto``) on a terminal when ``NO_COLOR`` is unset or empty."""
    if choice != "auto":
        return choice == "always"
    return output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def emit(fmt: str, results: list[PageResult], output: Path | None, look: ReportOptions) -> None:
    """Print (or write to ``output``) the report of ``results``, every page named from the current folder;
    with ``output``, the summary line goes to stderr."""
    from doclint.repopath import located
    from doclint.report import render
    from doclint.report.text import summary_line

    if look.statistics and fmt != "text":
        raise UsageProblem(f"--statistics counts findings in the text format, not in {fmt}")
    colour = fmt == "text" and use_color(look.color, output)
    report = CheckReport.of(results, located(results))
    options: dict[str, object] = {"color": colour, "statistics": look.statistics} if fmt == "text" else {}
    write_output(render("check", fmt, report, **options), output, color=colour)
    if output is not None:
        click.echo(f"doclint: {summary_line(report.summary)}", err=True)


def warn(line: str) -> None:
    """One warning line on stderr, its control characters escaped."""
    click.echo(display_text(f"doclint: warning: {line}"), err=True)


def warn_empty_folders(paths: tuple[Path, ...], jobs: list[PageJob]) -> bool:
    """Warn of each folder argument holding no Markdown page; true when, for that, no page is left to check."""
    from doclint.mistakes import empty_folders

    empty = empty_folders(paths)
    for folder in empty:
        warn(f"no Markdown pages (*.md, *.markdown) under {display_path(folder.as_posix())}/")
    return bool(empty) and not jobs


def warn_mistakes(jobs: list[PageJob], results: list[PageResult], source: Path | None) -> None:
    """Warn when the pages look English, or when most have no English page under ``source``."""
    from doclint.mistakes import english_pages, missing_source

    for line in (english_pages(jobs), missing_source(results, source)):
        if line is not None:
            warn(line)
