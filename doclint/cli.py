"""The command line: parse options, call the modules that do the work, render, print, exit.

Exit codes: 0 when no error-level finding, 1 when there is one, 2 on a usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from doclint.cli_ci import (CiOptions, UsageProblem, ci_options, new_findings, read_baseline, select_jobs,
                            translated_paths, write_baseline_file)
from doclint.discover import DiscoveryError, iter_pages, jobs_for
from doclint.engine import check_pages
from doclint.finding import Severity
from doclint.registry import RuleSet, all_rules
from doclint.report import formats, render
from doclint.results import CheckReport, PageJob, PageResult

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.config import Config

CACHE_FOLDER = ".doclint_cache"  # doclint.cache.CACHE_FOLDER, without importing the cache for --no-cache


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output`` when one was asked for."""
    if output is None:
        click.echo(text, nl=False)
        return
    from doclint.atomic import write_atomic

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        raise UsageProblem(f"cannot write {output}: {error.strerror or error}") from None


def exit_code(results: list[PageResult]) -> int:
    """1 when any finding is an error, else 0."""
    return int(any(f.severity is Severity.ERROR for result in results for f in result.findings))


def _format_option(command: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """``--format``, with the formats of ``command`` in :data:`doclint.report.RENDERERS` (the first is the default)."""
    choices = formats(command)
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True)


G = TypeVar("G")


def _grouped(group: type[G], name: str, options: list[Callable[[Any], Any]]) -> Callable[[click.decorators.FC],
                                                                                      click.decorators.FC]:
    """Add ``options`` to a command and hand their values to it as one ``group`` (a named tuple whose fields
    are the options' names) in its parameter ``name``."""
    names: tuple[str, ...] = group._fields  # type: ignore[attr-defined]

    def decorate(command: click.decorators.FC) -> click.decorators.FC:
        @wraps(command)
        def grouped(*args: Any, **values: Any) -> Any:
            values[name] = group(**{key: values.pop(key) for key in names})
            return command(*args, **values)  # type: ignore[operator]

        for option in reversed(options):
            grouped = option(grouped)
        return grouped  # type: ignore[return-value]

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="doclint")
def cli() -> None:
    """doclint checks translated documentation pages against their English source."""


_path = click.Path(path_type=Path)


class RuleOptions(NamedTuple):
    """The options ``check`` and ``audit`` share: the config file, rule selection and severities."""

    config_file: Path | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    severity: tuple[str, ...]


_rule_options = _grouped(RuleOptions, "rules", [
    click.option("--config", "config_file", type=_path,
                 help="Use this config file (default: the nearest .doclint.toml, or pyproject.toml with "
                      "[tool.doclint], from the current folder up)."),
    click.option("--select", multiple=True, metavar="CODES",
                 help="Run only these rules: codes or prefixes (DL2), comma-separated, or ALL."),
    click.option("--ignore", multiple=True, metavar="CODES", help="Do not run these rules (codes or prefixes)."),
    click.option("--extend-select", multiple=True, metavar="CODES",
                 help="Run these rules as well (rules off by default need their full code)."),
    click.option("--severity", multiple=True, metavar="CODE=LEVEL",
                 help="Report a rule (or prefix) at error, warning or info; repeatable."),
])


def _settings(options: RuleOptions) -> tuple[Config | None, RuleSet]:
    """The config file in force and the rule set it and the options select; errors are usage errors."""
    from doclint.config import ConfigError, options_selection, settings

    try:
        return settings(options.config_file, options_selection(options.select, options.ignore,
                                                               options.extend_select, options.severity))
    except ConfigError as error:
        raise UsageProblem(str(error)) from None


_jobs_option = click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, metavar="N",
                            help="Work on N processes (default: the number of CPUs; small runs use one).")


class SpeedOptions(NamedTuple):
    """The options of ``check`` and ``audit`` for speed: worker processes and the result cache."""

    workers: int | None
    no_cache: bool
    cache_dir: Path | None


_speed_options = _grouped(SpeedOptions, "speed", [
    _jobs_option,
    click.option("--no-cache", is_flag=True, help="Check every page again, without reading or writing the cache."),
    click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
                 help=f"Keep the result cache here (default: {CACHE_FOLDER}/ beside the config file, "
                      "or in the current folder)."),
])


def _speed(config: Config | None, ruleset: RuleSet, options: SpeedOptions) -> tuple[int, PageCache | None]:
    """The number of worker processes and the result cache (``None`` with --no-cache)."""
    workers = _workers(options.workers)
    if options.no_cache:
        return workers, None
    from doclint.cache import PageCache

    folder = options.cache_dir if options.cache_dir is not None \
        else (config.base if config else Path.cwd()) / CACHE_FOLDER
    return workers, PageCache(folder, ruleset)


def _workers(workers: int | None) -> int:
    """The number of worker processes: as given, else the number of CPUs."""
    if workers is not None:
        return workers
    from doclint.parallel import default_workers

    return default_workers()


_ci_options = _grouped(CiOptions, "ci", ci_options)


@cli.command()
@click.argument("paths", nargs=-1, type=_path)
@click.option("--source", type=click.Path(path_type=Path, file_okay=False),
              help="The English root: page <root>/<p> is compared with <source>/<p>.")
@_format_option("check")
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
@click.option("--fix", is_flag=True, help="Apply the certain fixes (see `doclint rules`: fixable), then report "
                                          "what remains.")
@click.option("--diff", is_flag=True, help="With --fix: print the fixes as a unified diff and write nothing.")
@_rule_options
@_ci_options
@_speed_options
def check(paths: tuple[Path, ...], source: Path | None, fmt: str, output: Path | None, fix: bool, diff: bool,
          rules: RuleOptions, ci: CiOptions, speed: SpeedOptions) -> None:
    """Check translated pages (files, or folders as locale roots) against the English.

    Without PATHS, every locale root of the config file is checked against its source.
    """
    if diff and not fix:
        raise click.UsageError("--diff shows what --fix would change: use it with --fix")
    config, ruleset = _settings(rules)
    if not paths:
        if config is None or not (config.locales or config.source):
            raise click.UsageError("name at least one page or locale folder to check "
                                   "(or set source and [locales] in .doclint.toml)")
        paths = tuple(config.roots.values())
    if source is not None and not source.is_dir():
        raise click.UsageError(f"--source {source} is not a folder")
    if source is None and config is not None:
        source = config.source
    paths = translated_paths(paths, source, config)
    if ci.baseline is not None and ci.write_baseline is not None:
        raise click.UsageError("use --baseline or --write-baseline, not both")
    known = read_baseline(ci.baseline) if ci.baseline is not None else None
    try:
        jobs = list(jobs_for(list(paths), source, roots=config.roots if config else None,
                             excluded=config.excluded if config and config.exclude else None,
                             skipped=_report_skip))
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    jobs = select_jobs(jobs, paths, source, ci.changed_since, ci.shard_spec)
    workers, cache = _speed(config, ruleset, speed)
    if fix:
        results = _fix(jobs, ruleset, diff, workers, cache)
    else:
        results = list(check_pages(jobs, ruleset, workers=workers, cache=cache))
    if ci.write_baseline is not None:
        write_baseline_file(results, ci.write_baseline)
        sys.exit(0)
    if known is not None and ci.baseline is not None:
        results = new_findings(results, known, ci.baseline)
    write_output(render("check", fmt, CheckReport.of(results)), output)
    sys.exit(exit_code(results))


def _report_skip(path: Path, reason: str) -> None:
    """Say on stderr which page discovery left out, and why."""
    click.echo(f"{path}: {reason}", err=True)


def _fix(jobs: list[PageJob], ruleset: RuleSet, diff: bool, workers: int,
         cache: PageCache | None) -> list[PageResult]:
    """Apply the certain fixes and return the results of the pages as fixed; say on stderr what was done.

    With ``diff``, print the fixes as a diff instead, write nothing, and exit.
    """
    from doclint.fix import FixOutcome, fix_and_check, fix_pages

    outcomes: list[FixOutcome] = []
    results: list[PageResult] = []
    if diff:
        outcomes = fix_pages(jobs, ruleset, write=False, workers=workers)
    else:
        for outcome, result in fix_and_check(jobs, ruleset, workers=workers, cache=cache):
            if outcome is not None:
                outcomes.append(outcome)
            results.append(result)
    for outcome in outcomes:
        if outcome.skipped:
            click.echo(f"{outcome.display}: {outcome.skipped}", err=True)
    changed = [outcome for outcome in outcomes if outcome.changed]
    fixes = sum(outcome.applied for outcome in changed)
    if diff:
        click.echo("".join(outcome.diff() for outcome in changed), nl=False)
        click.echo(f"doclint: {fixes} fix(es) in {len(changed)} page(s) would be applied; nothing written", err=True)
        sys.exit(1 if changed else 0)
    click.echo(f"doclint: applied {fixes} fix(es) in {len(changed)} page(s)", err=True)
    return results


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
@_format_option("audit")
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
@_rule_options
@_speed_options
def audit(root: Path, fmt: str, output: Path | None, quiet: bool, rules: RuleOptions, speed: SpeedOptions) -> None:
    """Check every locale of a docs tree (ROOT/en and the locale folders beside it), with its drift."""
    from doclint.audit import plan_audit, run_audit
    from doclint.progress import Progress

    config, ruleset = _settings(rules)
    try:
        plan = plan_audit(root, config.excluded if config and config.exclude else None)
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    workers, cache = _speed(config, ruleset, speed)
    with Progress(plan.total, "doclint audit", quiet=quiet) as progress:
        report = run_audit(plan, ruleset, workers=workers, cache=cache, advance=progress.advance)
    write_output(render("audit", fmt, report), output)
    sys.exit(max((exit_code(results) for results in report.by_locale.values()), default=0))


@cli.command()
@click.argument("roots", nargs=-1, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--source", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The current English root: page <root>/<p> was translated from <source>/<p>.")
@_format_option("drift")
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
@click.option("--git", "use_git", is_flag=True,
              help="Read the English at handoff (ms.sourcegitcommit) from the git repository of --source.")
@click.option("--fail-on-stale", is_flag=True, help="Exit 1 when a page is stale or its English page is gone.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
@click.option("--config", "config_file", type=_path,
              help="Use this config file for the roots, the source and the pages to exclude.")
@_jobs_option
def drift(roots: tuple[Path, ...], source: Path | None, fmt: str, output: Path | None, use_git: bool,
          fail_on_stale: bool, quiet: bool, config_file: Path | None, workers: int | None = None) -> None:
    """Which translated pages (in locale ROOTS) no longer match the current English, and what changed."""
    from doclint.drift import count_pages, drift_planned, plan_drift
    from doclint.drift_report import DriftReport
    from doclint.progress import Progress

    named = [(root.name, root) for root in roots]
    config, _ = _settings(RuleOptions(config_file, (), (), (), ()))
    if not named and config is not None:
        named = list(config.roots.items())
    if source is None and config is not None:
        source = config.source
    excluded = config.excluded if config and config.exclude else None
    if not named or source is None:
        raise click.UsageError("name the locale folders and --source (or set source and [locales] in .doclint.toml)")
    report = DriftReport(source.as_posix(), [], git=use_git)
    git = None
    if use_git:
        from doclint.gitsource import GitSource

        git, reason = GitSource.open(source)
        if git is None:
            report.git = False
            report.notes.append(f"--git: {reason}; compared with the English the pages carry")
    try:
        plans = plan_drift(named, source, excluded)
        with Progress(count_pages(plans), "doclint drift", quiet=quiet) as progress:
            for page in drift_planned(plans, git, _workers(workers)):
                report.pages.append(page)
                progress.advance()
    finally:
        if git is not None:
            git.close()
    write_output(render("drift", fmt, report), output)
    stale = any(page.status in ("stale", "missing-source") for page in report.pages)
    sys.exit(1 if fail_on_stale and stale else 0)


@cli.command()
@click.argument("code", required=False)
@_format_option("rules")
def rules(code: str | None, fmt: str) -> None:
    """List every rule, or print the document of rule CODE (a code such as DL201, or a rule name)."""
    from difflib import get_close_matches

    registry = all_rules()
    if code is None:
        click.echo(render("rules", fmt, [registry[key] for key in sorted(registry)]), nl=False)
        return
    by_name = {rule.name: rule for rule in registry.values()}
    rule = registry.get(code.strip().upper()) or by_name.get(code.strip().lower())
    if rule is None:
        close = get_close_matches(code.strip().upper(), sorted(registry), n=3) \
            or get_close_matches(code.strip().lower(), sorted(by_name), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageProblem(f"no rule {code!r}{hint}; 'doclint rules' lists them all")
    click.echo(render("rule", fmt, rule), nl=False)


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
