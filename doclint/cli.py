"""The command line: parse options, call the engine, pick a formatter, print, exit.

Exit codes: 0 when no error-level finding, 1 when there is one, 2 on a usage error.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

import click

from doclint.discover import DiscoveryError, find_locales, iter_pages, jobs_for
from doclint.engine import PageResult, RuleSet, check_pages
from doclint.finding import Severity

FORMATS = ("text", "json")  # keep in step with doclint.report.FORMATTERS


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output`` when one was asked for."""
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def exit_code(results: list[PageResult]) -> int:
    """1 when any finding is an error, else 0."""
    return int(any(f.severity is Severity.ERROR for result in results for f in result.findings))


def render(fmt: str, results: list[PageResult]) -> str:
    """Format check results with the named formatter (imported only when used)."""
    from doclint.report import FORMATTERS, summarize

    findings, summary = summarize(results)
    return importlib.import_module(FORMATTERS[fmt]).render(findings, summary)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="doclint")
def cli() -> None:
    """doclint checks translated documentation pages against their English source."""


_path = click.Path(path_type=Path)


@cli.command()
@click.argument("paths", nargs=-1, type=_path)
@click.option("--source", type=click.Path(path_type=Path, file_okay=False),
              help="The English root: page <root>/<p> is compared with <source>/<p>.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
def check(paths: tuple[Path, ...], source: Path | None, fmt: str, output: Path | None) -> None:
    """Check translated pages (files, or folders as locale roots) against the English."""
    if not paths:
        raise click.UsageError("name at least one page or locale folder to check")
    if source is not None and not source.is_dir():
        raise click.UsageError(f"--source {source} is not a folder")
    try:
        jobs = list(jobs_for(list(paths), source))
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    results = list(check_pages(jobs, RuleSet.default()))
    write_output(render(fmt, results), output)
    sys.exit(exit_code(results))


@cli.command()
@click.argument("paths", nargs=-1, type=_path)
@click.option("--side", type=click.Choice(("source", "target")), default="source", show_default=True,
              help="source: the English page; target: the translated page.")
@click.option("-o", "--output", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write every page under this folder at its relative path.")
def extract(paths: tuple[Path, ...], side: str, output_dir: Path | None) -> None:
    """Rebuild the English (or the translated) page from bilingual pages."""
    from doclint.extract import extract as extract_page
    from doclint.reader import read_page

    pages: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            pages.extend((page, page.relative_to(path)) for page in iter_pages(path))
        elif path.is_file():
            pages.append((path, Path(path.name)))
        else:
            raise click.UsageError(f"no such file or folder: {path}")
    if not pages:
        raise click.UsageError("name at least one bilingual page or folder")
    if output_dir is None and len(pages) > 1:
        raise click.UsageError("several pages: name a folder for them with -o DIR")
    failed = 0
    for page, relative in pages:
        text = read_page(page)
        if text.text is None:
            click.echo(f"{page}: {text.problem.message if text.problem else 'unreadable'}; skipped", err=True)
            failed += 1
            continue
        result = extract_page(text.text, side)
        if output_dir is None:
            click.echo(result, nl=False)
        else:
            write_output(result.replace("\n", text.newline), output_dir / relative)
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("root", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
def audit(root: Path, fmt: str, output: Path | None) -> None:
    """Check every locale of a docs tree (ROOT/en and the locale folders beside it)."""
    from doclint.report import audit as audit_report

    try:
        english, locales = find_locales(root)
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    ruleset = RuleSet.default()
    by_locale: dict[str, list[PageResult]] = {}
    for locale in locales:
        by_locale[locale.name] = list(check_pages(jobs_for([locale], english, locale.name), ruleset))
    write_output(audit_report.render(fmt, english.name, by_locale), output)
    sys.exit(max((exit_code(results) for results in by_locale.values()), default=0))


def main() -> None:
    """Entry point: run the CLI, turning any unexpected error into a one-line message."""
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("doclint: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # never a traceback for the user
        click.echo(f"doclint: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)
