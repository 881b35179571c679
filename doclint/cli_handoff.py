"""The options of ``check`` and ``audit`` that name the English each page was translated from.

``--handoff DIR``: page ``<p>`` was translated from ``DIR/<p>`` (``{locale}`` in DIR stands for the page's
locale; ``audit`` looks in ``DIR/<locale>/<p>`` without it).  ``--git``: from the git history of the source
folder, at the page's ``ms.sourcegitcommit``.  What cannot be had costs one line on stderr, and those pages
are checked against the current English alone.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from doclint.cli_ci import UsageProblem
from doclint.display import display_path, display_text

if TYPE_CHECKING:
    from doclint.config import Config
    from doclint.handoff import GitHistory
    from doclint.results import PageJob, PageResult

FALLBACK = "checked against the current English alone (their pairs tell what may be an English change)"


def handoff_options(command: click.decorators.FC) -> click.decorators.FC:
    """The ``--handoff DIR`` and ``--git`` options."""
    options = [
        click.option("--handoff", "handoff", metavar="DIR",
                     help="The English each page was translated from: page <p> was made from DIR/<p> "
                          "({locale} in DIR stands for the locale). Translation rules compare with it; "
                          "English changes since are reported as drift (DL4xx)."),
        click.option("--git", "use_git", is_flag=True,
                     help="Read the English each page was translated from in the git history of the source, "
                          "at the page's ms.sourcegitcommit (as --handoff does with a folder)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def handoff_settings(handoff: str | None, use_git: bool, config: Config | None,
                     source: Path | None) -> tuple[str | None, bool]:
    """The handoff folder template and whether to read git, from the options over the config; usage errors
    for both at once, for a handoff folder that is none, or for either without an English source."""
    if handoff is not None and use_git:
        raise UsageProblem("use --handoff or --git, not both")
    if handoff is None and not use_git and config is not None:
        handoff, use_git = config.handoff, config.git and config.handoff is None
    if handoff is not None and "{locale}" not in handoff and not Path(handoff).is_dir():
        raise UsageProblem(f"--handoff {display_path(Path(handoff))} is not a folder")
    if (handoff is not None or use_git) and source is None:
        raise UsageProblem(f"{'--handoff' if handoff is not None else '--git'} needs the current English too: "
                           "name it with --source (or source in .doclint.toml)")
    return handoff, use_git


def with_handoff(jobs: Iterable[PageJob], source: Path, handoff: str | None, use_git: bool,
                 per_locale: bool = False) -> tuple[list[PageJob], GitHistory | None]:
    """The jobs with the English at handoff each is to be checked against, and the git history to read it
    from; says on stderr (once) what cannot be had.  ``per_locale``: a template without ``{locale}`` holds
    a folder per locale (``audit``).  Each job's handoff folder confines its English at handoff: one that
    leads out of it is not read (:func:`doclint.handoff.handoff_outside`)."""
    from doclint.handoff import GitHistory

    jobs = list(jobs)
    if use_git:
        history, reason = GitHistory.open(source)
        if history is None:
            _say(f"doclint: --git: {reason}; the pages were {FALLBACK}")
            return jobs, None
        where = f"git:{history.git.toplevel}:{history.git.prefix}"
        return [dataclasses.replace(job, history=where) for job in jobs], history
    assert handoff is not None
    result, missing = handoff_jobs(jobs, source, handoff, per_locale=per_locale)
    if missing:
        _say(f"doclint: --handoff: {display_path(Path(handoff))} has no English at handoff for {len(missing)} "
             f"page(s) (such as {missing[0]}); they were {FALLBACK}")
    return result, None


def handoff_jobs(jobs: Iterable[PageJob], source: Path, handoff: str | None, git: str = "",
                 per_locale: bool = False) -> tuple[list[PageJob], list[str]]:
    """The jobs with their English at handoff: in the folder ``handoff`` names (see :func:`with_handoff`), or
    read from the git repository ``git`` names (a job's ``history``); and the pages with none, by name.  Says
    nothing: the rest of a locale root a run compares with (consistency) is given its handoff this way."""
    from doclint.handoff_text import LOCALE, handoff_folder

    if git or handoff is None:
        return [dataclasses.replace(job, history=git) for job in jobs], []
    result: list[PageJob] = []
    missing: list[str] = []
    for job in jobs:
        folder = Path(handoff) / job.locale if per_locale and LOCALE not in handoff else \
            handoff_folder(handoff, job.locale)
        relative = _relative(job, source)
        path = folder / relative if relative is not None else None
        if path is not None and (path.is_file() or path.is_symlink()):  # a link is judged, and refused, by the check
            result.append(dataclasses.replace(job, handoff=path, handoff_root=folder))
        else:
            missing.append(job.display)
            result.append(job)
    return result, missing


def _relative(job: PageJob, source: Path) -> Path | None:
    if job.english is None:
        return None
    try:
        return job.english.relative_to(source)
    except ValueError:
        return None


def report_notes(results: Iterable[PageResult]) -> None:
    """Say on stderr, in one line, for how many pages the English at handoff could not be read, and why."""
    reasons = Counter(result.note for result in results if result.note)
    if not reasons:
        return
    (first, count), *others = reasons.most_common()
    more = f"; {len(others)} other reason(s) for {sum(n for _, n in others)} more" if others else ""
    _say(f"doclint: the English at handoff could not be read for {sum(reasons.values())} page(s) "
         f"({first}: {count}{more}); they were {FALLBACK}")


def _say(message: str) -> None:
    """One line on stderr, its control characters escaped (as :func:`doclint.cli.say`: a name in it is the
    user's or a page's, and must not start another line)."""
    click.echo(display_text(message), err=True)
