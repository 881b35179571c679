"""The options of ``doclint check`` for its report, and what it says on stderr around it.

Part of the command line: colour (``--color``, ``NO_COLOR``), ``--statistics``, the summary line on
stderr when the report goes to a file, and the one-line warnings of :mod:`doclint.mistakes`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from doclint.cli_ci import UsageProblem
from doclint.engine import PageJob, PageResult

COLOR_CHOICES = ("auto", "always", "never")


def report_options(command: click.decorators.FC) -> click.decorators.FC:
    """``--color`` and ``--statistics``."""
    options = [
        click.option("--color", "color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
                     help="Colour the text report: auto colours a terminal unless NO_COLOR is set."),
        click.option("--statistics", is_flag=True,
                     help="Print the number of findings of each rule instead of the findings (text format)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def use_color(choice: str, output: Path | None) -> bool:
    """Whether to colour: ``always``, ``never``, or (``auto``) on a terminal when ``NO_COLOR`` is unset or empty."""
    if choice != "auto":
        return choice == "always"
    return output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def emit(fmt: str, results: list[PageResult], output: Path | None, color: str, statistics: bool) -> None:
    """Print (or write to ``output``) the report of ``results``; with ``output``, the summary line goes to stderr."""
    from doclint.cli import write_output
    from doclint.report import render_check
    from doclint.report.text import summary_line

    if statistics and fmt != "text":
        raise UsageProblem(f"--statistics counts findings in the text format, not in {fmt}")
    colour = fmt == "text" and use_color(color, output)
    text, summary = render_check(fmt, results, color=colour, statistics=statistics)
    write_output(text, output, color=colour)
    if output is not None:
        click.echo(f"doclint: {summary_line(summary)}", err=True)


def warn(line: str) -> None:
    """One warning line on stderr."""
    click.echo(f"doclint: warning: {line}", err=True)


def warn_empty_folders(paths: tuple[Path, ...], jobs: list[PageJob]) -> bool:
    """Warn of each folder argument holding no Markdown page; true when, for that, no page is left to check."""
    from doclint.mistakes import empty_folders

    empty = empty_folders(paths)
    for folder in empty:
        warn(f"no Markdown pages (*.md, *.markdown) under {folder.as_posix()}/")
    return bool(empty) and not jobs


def warn_mistakes(jobs: list[PageJob], results: list[PageResult], source: Path | None) -> None:
    """Warn when the pages look English, or when most have no English page under ``source``."""
    from doclint.mistakes import english_pages, missing_source

    for line in (english_pages(jobs), missing_source(results, source)):
        if line is not None:
            warn(line)
