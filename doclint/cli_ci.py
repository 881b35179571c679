"""The options of ``doclint check`` for CI and hooks: baseline files, changed pages, shards, hook file lists.

Part of the command line: these helpers say on stderr what they did and turn their errors into
usage errors (exit code 2); :mod:`doclint.baseline` and :mod:`doclint.select_pages` do the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from doclint.results import PageJob, PageResult

if TYPE_CHECKING:
    from doclint.config import Config

_path = click.Path(path_type=Path)


class UsageProblem(click.ClickException):
    """A problem with what the user asked for (config, baseline, output file, rule code): one line, exit 2."""

    exit_code = 2


class CiOptions(NamedTuple):
    """The options of ``check`` for CI and hooks: baselines, changed pages and shards."""

    baseline: Path | None
    write_baseline: Path | None
    changed_since: str | None
    shard_spec: str | None


#: The options of :class:`CiOptions`, in the order ``--help`` lists them.
ci_options = [
    click.option("--baseline", type=_path, metavar="FILE",
                 help="Report only findings not recorded in this baseline file."),
    click.option("--write-baseline", type=_path, metavar="FILE",
                 help="Record the current findings in this baseline file (and report nothing)."),
    click.option("--changed-since", metavar="REF",
                 help="Check only pages changed since this git ref (or whose English changed, when --source "
                      "is in a git work tree)."),
    click.option("--shard", "shard_spec", metavar="K/N",
                 help="Check only shard K of N: a stable share of the pages, balanced by size."),
]


def translated_paths(paths: tuple[Path, ...], source: Path | None, config: Config | None) -> tuple[Path, ...]:
    """The paths that can be translations: a hook passes every Markdown file, English pages included."""
    from doclint.select_pages import translated_files

    kept, dropped = translated_files(paths, source, config.locales.values() if config else ())
    if dropped and not kept:
        click.echo(f"doclint: none of the {dropped} file(s) is a translated page; nothing to check", err=True)
    return tuple(kept)


def select_jobs(jobs: list[PageJob], paths: tuple[Path, ...], source: Path | None, changed_since: str | None,
                shard_spec: str | None) -> list[PageJob]:
    """The jobs left by --changed-since and --shard (in that order)."""
    from doclint.select_pages import SelectionError, changed_since as changed, parse_shard, shard

    try:
        if changed_since is not None:
            jobs, notes = changed(jobs, changed_since, paths, source)
            for note in notes:
                click.echo(f"doclint: {note}", err=True)
        if shard_spec is not None:
            jobs = shard(jobs, *parse_shard(shard_spec))
    except SelectionError as error:
        raise click.UsageError(str(error)) from None
    return jobs


def _baseline_entries(results: list[PageResult]) -> list[tuple[PageResult, list[str]]]:
    """Each result with the fingerprints of its findings, under the page's repository path."""
    from doclint.baseline import fingerprints
    from doclint.repopath import repository_path

    return [(result, fingerprints(result.findings, repository_path(result.job))) for result in results]


def write_baseline_file(results: list[PageResult], path: Path) -> None:
    """Record every finding of ``results`` in the baseline file ``path``."""
    from doclint import baseline
    from doclint.repopath import repository_path

    entries = [(repository_path(result.job), finding, fingerprint)
               for result, prints in _baseline_entries(results)
               for finding, fingerprint in zip(result.findings, prints)]
    try:
        baseline.write(path, baseline.render(entries))
    except baseline.BaselineError as error:
        raise UsageProblem(str(error)) from None
    click.echo(f"doclint: recorded {len(entries)} finding(s) in {path}", err=True)


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints of a baseline file; a missing or corrupt file is a usage error."""
    from doclint import baseline

    try:
        return baseline.read(path)
    except baseline.BaselineError as error:
        raise UsageProblem(str(error)) from None


def new_findings(results: list[PageResult], known: frozenset[str], path: Path) -> list[PageResult]:
    """``results`` without the findings whose fingerprint the baseline file ``path`` records (``known``)."""
    kept: list[PageResult] = []
    hidden = 0
    for result, prints in _baseline_entries(results):
        new = [finding for finding, fingerprint in zip(result.findings, prints) if fingerprint not in known]
        hidden += len(result.findings) - len(new)
        kept.append(PageResult(result.job, new, result.english_compared))
    if hidden:
        click.echo(f"doclint: {hidden} finding(s) recorded in the baseline {path} not reported", err=True)
    return kept
