"""The command line: parse options, call the modules that do the work, render, print, exit.

Exit codes: 0 when no error-level finding, 1 when there is one, 2 on a usage error.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from doclint.cli_ci import (CiOptions, UsageProblem, new_findings, read_baseline, select_jobs, translated_paths,
                            write_baseline_file)
from doclint.cli_handoff import handoff_jobs, handoff_options, handoff_settings, report_notes, with_handoff
from doclint.cli_options import (RuleOptions, SpeedOptions, ci_group, format_option, jobs_option, path_type,
                                 rule_options, rule_settings, speed_options, speed_settings, worker_count)
from doclint.cli_report import (ReportOptions, emit, report_options, warn_empty_folders, warn_mistakes,
                                write_output)
from doclint.discover import DiscoveryError, iter_pages, jobs_for, refuse_file_system_root
from doclint.display import display_path, display_text
from doclint.engine import check_pages
from doclint.finding import Severity
from doclint.registry import RuleSet, all_rules
from doclint.report import render
from doclint.results import PageJob, PageResult

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.config import Config


def exit_code(results: list[PageResult]) -> int:
    """1 when any finding is an error, else 0."""
    return int(any(f.severity is Severity.ERROR for result in results for f in result.findings))


class _Commands(click.Group):
    """The command group; Ctrl-C ends a command with one line and exit code 130 (click would print
    "Aborted!" and exit 1, the code of findings)."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command, turning Ctrl-C into its exit code."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("doclint: interrupted", err=True)
            raise click.exceptions.Exit(130) from None


EXIT_CODES = """\b
Exit codes:
  0  no error-level finding (warnings and info do not count)
  1  an error-level finding (or, with --fix --diff, something to fix)
  2  a usage error: a bad option, config or baseline file, or no
     Markdown page in any folder named
  130  interrupted (Ctrl-C)"""


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(package_name="doclint")
def cli() -> None:
    """doclint checks translated documentation pages against their English source."""


@cli.command(short_help="Check translated pages against their English pages.", epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=path_type)
@click.option("--source", type=click.Path(path_type=Path, file_okay=False),
              help="The English root: page <root>/<p> is compared with <source>/<p>.")
@format_option("check")
@report_options
@click.option("-o", "--output", type=path_type, help="Write the report to this file instead of stdout.")
@click.option("--fix", is_flag=True, help="Apply the certain fixes (see `doclint rules`: fixable), then report "
                                          "what remains.")
@click.option("--diff", is_flag=True, help="With --fix: print the fixes as a unified diff and write nothing.")
@handoff_options
@rule_options
@ci_group
@speed_options
def check(paths: tuple[Path, ...], source: Path | None, fmt: str, output: Path | None, fix: bool, diff: bool,
          look: ReportOptions, handoff: str | None, use_git: bool, rules: RuleOptions, ci: CiOptions,
          speed: SpeedOptions) -> None:
    """Check translated pages (files, or folders as locale roots) against the English.

    Without PATHS, every locale root of the config file is checked against its source.
    """
    if diff and not fix:
        raise click.UsageError("--diff shows what --fix would change: use it with --fix")
    config, ruleset = rule_settings(rules)
    if not paths:
        if config is None or not (config.locales or config.source):
            raise click.UsageError("name at least one page or locale folder to check "
                                   "(or set source and [locales] in .doclint.toml)")
        paths = tuple(config.roots.values())
    if source is not None and not source.is_dir():
        raise click.UsageError(f"--source {display_path(source)} is not a folder")
    if source is None and config is not None:
        source = config.source
    _refuse_root(source)
    paths = translated_paths(paths, source, config)
    if ci.baseline is not None and ci.write_baseline is not None:
        raise click.UsageError("use --baseline or --write-baseline, not both")
    known = read_baseline(ci.baseline) if ci.baseline is not None else None
    _refuse_root(*(path for path in paths if path.is_dir()), what="locale root")
    try:
        jobs = list(jobs_for(list(paths), source, roots=config.roots if config else None,
                             excluded=config.excluded if config and config.exclude else None,
                             skipped=SkipReporter()))
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    if warn_empty_folders(paths, jobs):
        sys.exit(2)
    discovered = jobs
    jobs = select_jobs(jobs, paths, source, ci.changed_since, ci.shard_spec)
    workers, cache = speed_settings(config, ruleset, speed, say)
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
    if not fix:
        _cross_page(results, discovered, ruleset, cache, source, config, handoff)
    base = config.base if config is not None else None  # baselines name pages from the config's folder
    if ci.write_baseline is not None:
        write_baseline_file(results, ci.write_baseline, base)
        sys.exit(0)
    warn_mistakes(jobs, results, source)
    if known is not None and ci.baseline is not None:
        results = new_findings(results, known, ci.baseline, base)
    emit(fmt, results, output, look)
    sys.exit(exit_code(results))


def _cross_page(results: list[PageResult], discovered: list[PageJob], ruleset: RuleSet, cache: PageCache | None,
                source: Path | None, config: Config | None, handoff: str | None) -> None:
    """Add the cross-page findings (DL511, DL512) of each locale root the check reached; ``handoff``: the folder
    of the English at handoff the pages were checked against (with ``--git``, the checked jobs name the repository)."""
    from doclint.consistency import cross_page

    def discover_root(root: Path) -> list[PageJob]:
        return list(jobs_for([root], source, roots=config.roots if config else None,
                             excluded=config.excluded if config and config.exclude else None))

    git = next((result.job.history for result in results if result.job.history), "")

    def at_handoff(jobs: list[PageJob]) -> list[PageJob]:
        return handoff_jobs(jobs, source, handoff, git)[0] if source is not None and (handoff or git) else jobs

    cross_page(results, discovered, ruleset, cache, discover_root, say, at_handoff)


def say(message: str) -> None:
    """Print one line on stderr, its control characters escaped: nothing a page or file name holds can
    start another line (a forged finding, or a GitHub workflow command such as ``::add-mask::``)."""
    click.echo(display_text(message), err=True)


class SkipReporter:
    """Say on stderr, once each, which page or folder a walk left out and why (``discover.Skipped``)."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, path: Path, reason: str) -> None:
        line = (display_path(path), reason)
        if line not in self.seen:  # an audit walks the English root once per locale
            self.seen.add(line)
            say(f"{line[0]}: {reason}")


def _refuse_root(*folders: Path | None, what: str = "English root") -> None:
    """A usage error (one line) when one of ``folders`` is the root of the file system."""
    try:
        for folder in folders:
            if folder is not None:
                refuse_file_system_root(folder, what)
    except DiscoveryError as error:
        raise UsageProblem(str(error)) from None


def _fix(jobs: list[PageJob], ruleset: RuleSet, diff: bool, workers: int,
         cache: PageCache | None) -> list[PageResult]:
    """Apply the certain fixes and return the results of the pages as fixed; say on stderr what was done.

    With ``diff``, print the fixes as a diff instead, write nothing, and exit.
    """
    from doclint.fix import FixOutcome, fix_and_check, fix_pages
    from doclint.repopath import PathNamer

    name = PathNamer()  # diffs and notes name the page from here, so `git apply` takes the diff
    outcomes: list[FixOutcome] = []
    results: list[PageResult] = []
    if diff:
        outcomes = fix_pages(jobs, ruleset, write=False, workers=workers)
        for job, outcome in zip(jobs, outcomes):
            outcome.display = name(job)
    else:
        for fixed, result in fix_and_check(jobs, ruleset, workers=workers, cache=cache):
            if fixed is not None:
                fixed.display = name(result.job)
                outcomes.append(fixed)
            results.append(result)
    for outcome in outcomes:
        if outcome.skipped:
            say(f"{outcome.display}: {outcome.skipped}")
    changed = [outcome for outcome in outcomes if outcome.changed]
    fixes = sum(outcome.applied for outcome in changed)
    if diff:
        click.echo("".join(outcome.diff() for outcome in changed), nl=False)
        click.echo(f"doclint: {fixes} fix(es) in {len(changed)} page(s) would be applied; nothing written", err=True)
        sys.exit(1 if changed else 0)
    click.echo(f"doclint: applied {fixes} fix(es) in {len(changed)} page(s)", err=True)
    return results


@cli.command(short_help="Rebuild the English or the translated page from bilingual pages.")
@click.argument("paths", nargs=-1, type=path_type)
@click.option("--side", type=click.Choice(("source", "target")), default="source", show_default=True,
              help="source: the English page; target: the translated page.")
@click.option("-o", "--output", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write every page under this folder at its relative path.")
def extract(paths: tuple[Path, ...], side: str, output_dir: Path | None) -> None:
    """Rebuild the English (or the translated) page from bilingual pages."""
    from doclint.extract import OutputProblem, extract as extract_page, plan_outputs
    from doclint.reader import read_page

    pages: list[tuple[Path, Path]] = []
    skipped = SkipReporter()
    for path in paths:
        if path.is_dir():
            _refuse_root(path, what="folder")
            pages.extend((page, page.relative_to(path)) for page in iter_pages(path, skipped))
        elif path.exists() or path.is_symlink():  # a link loop or a FIFO is a page that cannot be read
            pages.append((path, Path(path.name)))
        else:
            raise click.UsageError(f"no such file or folder: {display_path(path)}")
    if not pages:
        raise click.UsageError("name at least one bilingual page or folder")
    if output_dir is None and len(pages) > 1:
        raise click.UsageError("several pages: name a folder for them with -o DIR")
    outputs: Sequence[tuple[Path, Path | None]] = [(pages[0][0], None)]
    if output_dir is not None:
        try:
            outputs = plan_outputs([path for path in paths if path.is_dir()], pages, output_dir)
        except OutputProblem as problem:
            raise UsageProblem(str(problem)) from None
    failed = 0
    for page, target in outputs:
        text = read_page(page)
        if text.text is None:
            say(f"{display_path(page)}: {text.problem.message if text.problem else 'unreadable'}; skipped")
            failed += 1
            continue
        result = extract_page(text.text, side)
        if target is None:
            click.echo(result, nl=False)
        else:
            write_output(result.replace("\n", text.newline), target)
    sys.exit(1 if failed else 0)


@cli.command(short_help="Check every locale of a docs tree, with its drift, in one report.")
@click.argument("root", type=click.Path(path_type=Path, file_okay=False, exists=True))
@format_option("audit")
@click.option("-o", "--output", type=path_type, help="Write the report to this file instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
@handoff_options
@rule_options
@speed_options
def audit(root: Path, fmt: str, output: Path | None, quiet: bool, handoff: str | None, use_git: bool,
          rules: RuleOptions, speed: SpeedOptions) -> None:
    """Check every locale of a docs tree (ROOT/en and the locale folders beside it), with its drift.

    With --handoff DIR (DIR/<locale>/<p>) or --git, each page is checked against the English it was
    translated from, and its drift is what changed in the English since.
    """
    from doclint.audit import plan_audit, run_audit
    from doclint.discover import find_locales
    from doclint.progress import Progress

    config, ruleset = rule_settings(rules)
    try:
        english, locales = find_locales(root)
    except DiscoveryError as error:
        raise click.UsageError(str(error)) from None
    _refuse_root(english)
    _refuse_root(*locales, what="locale root")
    plan = plan_audit(english, locales, config.excluded if config and config.exclude else None, SkipReporter())
    workers, cache = speed_settings(config, ruleset, speed, say)
    handoff, use_git = handoff_settings(handoff, use_git, config, english)
    history = None
    if handoff is not None or use_git:
        cache = None  # a cached result has no drift, and the drift of the rest would not be since the handoff
        marked, history = with_handoff([job for jobs, _ in plan.locales for job in jobs], english, handoff,
                                       use_git, per_locale=True)
        pages = iter(marked)
        plan.locales = [([next(pages) for _ in jobs], locale) for jobs, locale in plan.locales]
    try:
        with Progress(plan.total, "doclint audit", quiet=quiet) as progress:
            report = run_audit(plan, ruleset, workers=workers, cache=cache, advance=progress.advance,
                               history=history)
    finally:
        if history is not None:
            history.close()
    report_notes(result for results in report.by_locale.values() for result in results)
    write_output(render("audit", fmt, report), output)
    if output is not None:  # the report went to a file: the terminal still hears how it went
        from doclint.report.text import summary_line

        for locale, summary in report.summaries.items():
            click.echo(display_text(f"doclint: {locale}: {summary_line(summary)}"), err=True)
    sys.exit(max((exit_code(results) for results in report.by_locale.values()), default=0))


@cli.command(short_help="Which translated pages no longer match the current English.")
@click.argument("roots", nargs=-1, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--source", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The current English root: page <root>/<p> was translated from <source>/<p>.")
@format_option("drift")
@click.option("-o", "--output", type=path_type, help="Write the report to this file instead of stdout.")
@click.option("--git", "use_git", is_flag=True,
              help="Read the English at handoff (ms.sourcegitcommit) from the git repository of --source.")
@click.option("--fail-on-stale", is_flag=True, help="Exit 1 when a page is stale or its English page is gone.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
@click.option("--config", "config_file", type=path_type,
              help="Use this config file for the roots, the source and the pages to exclude.")
@jobs_option
def drift(roots: tuple[Path, ...], source: Path | None, fmt: str, output: Path | None, use_git: bool,
          fail_on_stale: bool, quiet: bool, config_file: Path | None, workers: int | None = None) -> None:
    """Which translated pages (in locale ROOTS) no longer match the current English, and what changed."""
    from doclint.drift import count_pages, drift_planned, plan_drift
    from doclint.drift_report import DriftReport
    from doclint.progress import Progress

    named = [(display_path(root.name), root) for root in roots]
    config, _ = rule_settings(RuleOptions(config_file, (), (), (), ()), glossaries=False)
    if not named and config is not None:
        named = list(config.roots.items())
    if source is None and config is not None:
        source = config.source
    use_git = use_git or (config is not None and config.git)  # git = true in the config, as for check
    excluded = config.excluded if config and config.exclude else None
    if not named or source is None:
        raise click.UsageError("name the locale folders and --source (or set source and [locales] in .doclint.toml)")
    _refuse_root(source)
    _refuse_root(*(root for _, root in named), what="locale root")
    report = DriftReport(display_path(source), [], git=use_git)
    git = None
    if use_git:
        from doclint.gitsource import GitSource

        git, reason = GitSource.open(source)
        if git is None:
            report.git = False
            report.notes.append(f"--git: {reason}; compared with the English the pages carry")
    try:
        plans = plan_drift(named, source, excluded, SkipReporter())
        with Progress(count_pages(plans), "doclint drift", quiet=quiet) as progress:
            for page in drift_planned(plans, git, worker_count(workers)):
                report.pages.append(page)
                progress.advance()
    finally:
        if git is not None:
            git.close()
    write_output(render("drift", fmt, report), output)
    stale = any(page.status in ("stale", "missing-source") for page in report.pages)
    sys.exit(1 if fail_on_stale and stale else 0)


@cli.command(short_help="List the rules, or print one rule's document.")
@click.argument("code", required=False)
@format_option("rules")
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
    _tune_collector()
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("doclint: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # never a traceback for the user
        say(f"doclint: internal error: {type(error).__name__}: {error}")
        sys.exit(2)


def _tune_collector() -> None:
    # A run keeps hundreds of thousands of objects until it ends (pages, findings, cache entries) and makes
    # few reference cycles, so the collector's default pace re-scans them for nothing (5% of a warm run).
    # What the imports made is frozen out of every collection (and so shared untouched with forked workers).
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
