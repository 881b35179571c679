"""The command line: parse options, call the engine, pick a formatter, print, exit.

Exit codes: 0 when no error-level finding, 1 when there is one, 2 on a usage error.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from doclint.cli_ci import UsageProblem, ci_options, new_findings, read_baseline, select_jobs, translated_paths, write_baseline_file
from doclint.cli_handoff import handoff_options, handoff_settings, report_notes, with_handoff
from doclint.discover import DiscoveryError, find_locales, iter_pages, jobs_for
from doclint.engine import PageJob, PageResult, RuleSet, check_pages
from doclint.finding import Severity

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.config import Config
    from doclint.drift import DriftReport

FORMATS = ("text", "json", "sarif", "github")  # keep in step with doclint.report.FORMATTERS
REPORT_FORMATS = ("text", "json", "markdown", "html")  # audit and drift
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


def render(fmt: str, results: list[PageResult]) -> str:
    """Format check results with the named formatter (imported only when used)."""
    from doclint.report import FORMATTERS, summarize

    if fmt in ("sarif", "github"):  # annotations name the file in the repository, not the locale-relative page
        from doclint.repopath import with_repository_paths

        results = with_repository_paths(results)
    findings, summary = summarize(results)
    return importlib.import_module(FORMATTERS[fmt]).render(findings, summary)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="doclint")
def cli() -> None:
    """doclint checks translated documentation pages against their English source."""


_path = click.Path(path_type=Path)


def _rule_options(command: click.decorators.FC) -> click.decorators.FC:
    """The options ``check`` and ``audit`` share: the config file, rule selection and severities."""
    options = [
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
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(config_file: Path | None, select: tuple[str, ...], ignore: tuple[str, ...],
              extend_select: tuple[str, ...], severity: tuple[str, ...]) -> tuple[Config | None, RuleSet]:
    """The config file in force and the rule set it and the options select; errors are usage errors."""
    from doclint.config import ConfigError, options_selection, settings

    try:
        return settings(config_file, options_selection(select, ignore, extend_select, severity))
    except ConfigError as error:
        raise UsageProblem(str(error)) from None


_jobs_option = click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, metavar="N",
                            help="Work on N processes (default: the number of CPUs; small runs use one).")


def _speed_options(command: click.decorators.FC) -> click.decorators.FC:
    """The options of ``check`` and ``audit`` for speed: worker processes and the result cache."""
    options = [
        _jobs_option,
        click.option("--no-cache", is_flag=True, help="Check every page again, without reading or writing the cache."),
        click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
                     help=f"Keep the result cache here (default: {CACHE_FOLDER}/ beside the config file, "
                          "or in the current folder)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _speed(config: Config | None, ruleset: RuleSet, workers: int | None, no_cache: bool,
           cache_dir: Path | None) -> tuple[int, PageCache | None]:
    """The number of worker processes and the result cache (``None`` with --no-cache)."""
    workers = _workers(workers)
    if no_cache:
        return workers, None
    from doclint.cache import PageCache

    folder = cache_dir if cache_dir is not None else (config.base if config else Path.cwd()) / CACHE_FOLDER
    return workers, PageCache(folder, ruleset)


def _workers(workers: int | None) -> int:
    """The number of worker processes: as given, else the number of CPUs."""
    if workers is not None:
        return workers
    from doclint.parallel import default_workers

    return default_workers()


@cli.command()
@click.argument("paths", nargs=-1, type=_path)
@click.option("--source", type=click.Path(path_type=Path, file_okay=False),
              help="The English root: page <root>/<p> is compared with <source>/<p>.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
@click.option("--fix", is_flag=True, help="Apply the certain fixes (see `doclint rules`: fixable), then report "
                                          "what remains.")
@click.option("--diff", is_flag=True, help="With --fix: print the fixes as a unified diff and write nothing.")
@handoff_options
@_rule_options
@ci_options
@_speed_options
def check(paths: tuple[Path, ...], source: Path | None, fmt: str, output: Path | None, config_file: Path | None,
          select: tuple[str, ...], ignore: tuple[str, ...], extend_select: tuple[str, ...],
          severity: tuple[str, ...], fix: bool = False, diff: bool = False,
          baseline: Path | None = None, write_baseline: Path | None = None, changed_since: str | None = None,
          shard_spec: str | None = None, workers: int | None = None, no_cache: bool = False,
          cache_dir: Path | None = None, handoff: str | None = None, use_git: bool = False) -> None:
    """Check translated pages (files, or folders as locale roots) against the English.

    Without PATHS, every locale root of the config file is checked against its source.
    """
    if diff and not fix:
        raise click.UsageError("--diff shows what --fix would change: use it with --fix")
    config, ruleset = _settings(config_file, select, ignore, extend_select, severity)
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
    if baseline is not None and write_baseline is not None:
        raise click.UsageError("use --baseline or --write-baseline, not both")
    known = read_baseline(baseline) if baseline is not None else None
    try:
        jobs = list(jobs_for(list(paths), source, roots=config.roots if config else None,
                             excluded=config.excluded if config and config.exclude else None,
                             skipped=_report_skip))
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    jobs = select_jobs(jobs, paths, source, changed_since, shard_spec)
    workers, cache = _speed(config, ruleset, workers, no_cache, cache_dir)
    handoff, use_git = handoff_settings(handoff, use_git, config, source)
    if fix and (handoff is not None or use_git):
        raise UsageProblem("--fix repairs pages against the current English: use it without --handoff or --git")
    if fix:
        results = _fix(jobs, ruleset, diff, workers, cache)
    elif source is not None and (handoff is not None or use_git):
        jobs, history = with_handoff(jobs, source, handoff, use_git)
        try:
            results = list(check_pages(jobs, ruleset, workers=workers, cache=cache, history=history))
        finally:
            if history is not None:
                history.close()
        report_notes(results)
    else:
        results = list(check_pages(jobs, ruleset, workers=workers, cache=cache))
    if write_baseline is not None:
        write_baseline_file(results, write_baseline)
        sys.exit(0)
    if known is not None and baseline is not None:
        results = new_findings(results, known, baseline)
    write_output(render(fmt, results), output)
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
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=_path, help="Write the report to this file instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
@handoff_options
@_rule_options
@_speed_options
def audit(root: Path, fmt: str, output: Path | None, quiet: bool, config_file: Path | None,
          select: tuple[str, ...], ignore: tuple[str, ...], extend_select: tuple[str, ...],
          severity: tuple[str, ...], workers: int | None = None, no_cache: bool = False,
          cache_dir: Path | None = None, handoff: str | None = None, use_git: bool = False) -> None:
    """Check every locale of a docs tree (ROOT/en and the locale folders beside it), with its drift.

    With --handoff DIR (DIR/<locale>/<p>) or --git, each page is checked against the English it was
    translated from, and its drift is what changed in the English since.
    """
    from doclint.drift import DriftReport, count_pages, drift_pages
    from doclint.progress import Progress
    from doclint.report import audit as audit_report

    config, ruleset = _settings(config_file, select, ignore, extend_select, severity)
    try:
        english, locales = find_locales(root)
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    excluded = config.excluded if config and config.exclude else None
    workers, cache = _speed(config, ruleset, workers, no_cache, cache_dir)
    handoff, use_git = handoff_settings(handoff, use_git, config, english)
    history = None
    by_locale: dict[str, list[PageResult]] = {}
    all_jobs = {locale.name: list(jobs_for([locale], english, locale.name, excluded=excluded)) for locale in locales}
    if handoff is not None or use_git:
        cache = None  # a cached result has no drift, and the drift of the rest would not be since the handoff
        marked, history = with_handoff([job for jobs in all_jobs.values() for job in jobs], english, handoff,
                                       use_git, per_locale=True)
        pages = iter(marked)
        all_jobs = {name: [next(pages) for _ in jobs] for name, jobs in all_jobs.items()}
    total = sum(map(len, all_jobs.values())) + count_pages(locales, english, excluded)
    drift = DriftReport(english.name, [])
    with Progress(total, "doclint audit", quiet=quiet) as progress:
        for locale in locales:
            by_locale[locale.name] = []
            known = {}  # each checked page's drift, from the same parse (a cached result has none)
            for result in check_pages(all_jobs[locale.name], ruleset, workers=workers, cache=cache,
                                      with_drift=True, history=history):
                by_locale[locale.name].append(result)
                if result.drift is not None:
                    known[(locale.name, result.job.display)] = result.drift
                progress.advance()
            for page in drift_pages([(locale.name, locale)], english, excluded=excluded, workers=workers,
                                    known=known):
                drift.pages.append(page)
                progress.advance()
    if history is not None:
        history.close()
    report_notes(result for results in by_locale.values() for result in results)
    write_output(audit_report.render(fmt, english.name, by_locale, drift), output)
    sys.exit(max((exit_code(results) for results in by_locale.values()), default=0))


@cli.command()
@click.argument("roots", nargs=-1, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--source", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The current English root: page <root>/<p> was translated from <source>/<p>.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
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
    from doclint.drift import DriftReport, count_pages, drift_pages
    from doclint.progress import Progress

    named = [(root.name, root) for root in roots]
    config, _ = _settings(config_file, (), (), (), ())
    if not named and config is not None:
        named = list(config.roots.items())
    if source is None and config is not None:
        source = config.source
    use_git = use_git or (config is not None and config.git)  # git = true in the config, as for check
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
        total = count_pages([root for _, root in named], source, excluded)
        with Progress(total, "doclint drift", quiet=quiet) as progress:
            for page in drift_pages(named, source, git, excluded, _workers(workers)):
                report.pages.append(page)
                progress.advance()
    finally:
        if git is not None:
            git.close()
    write_output(render_drift(fmt, report), output)
    stale = any(page.status in ("stale", "missing-source") for page in report.pages)
    sys.exit(1 if fail_on_stale and stale else 0)


def render_drift(fmt: str, report: DriftReport) -> str:
    """Format a drift report with the named format (each in its own module)."""
    if fmt in ("text", "json"):
        from doclint.report import drift as drift_format

        return drift_format.render_text(report) if fmt == "text" else drift_format.render_json(report)
    from doclint.report import html, markdown

    return (markdown if fmt == "markdown" else html).render_drift(report)


@cli.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List every rule, or print the document of rule CODE (a code such as DL201, or a rule name)."""
    import json
    from difflib import get_close_matches

    from doclint.checks import all_rules
    from doclint.report import rules_format

    registry = all_rules()
    if code is None:
        click.echo(rules_format.render(fmt, [registry[key] for key in sorted(registry)]), nl=False)
        return
    by_name = {rule.name: rule for rule in registry.values()}
    rule = registry.get(code.strip().upper()) or by_name.get(code.strip().lower())
    if rule is None:
        close = get_close_matches(code.strip().upper(), sorted(registry), n=3) \
            or get_close_matches(code.strip().lower(), sorted(by_name), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageProblem(f"no rule {code!r}{hint}; 'doclint rules' lists them all")
    from doclint.catalogue import document  # only this command reads the catalogue

    doc = document(rule.code)
    text = doc.text if doc is not None else f"# {rule.code} {rule.name}\n\n{rule.summary}\n"
    if fmt == "json":
        click.echo(json.dumps({**rules_format.rule_record(rule), "document": text}, ensure_ascii=False, indent=2))
    else:
        click.echo(text, nl=not text.endswith("\n"))


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
