"""Translation drift of whole pages: read them, compare them (:mod:`doclint.drift_compare`), walk locales, ask git.

For every page of a locale a status (see :mod:`doclint.drift_report`): ``current``, ``stale``,
``missing-source``, ``untranslated`` or ``unreadable``.  With a :class:`~doclint.gitsource.GitSource`,
the English at the page's handoff commit decides, and the report shows its diff to the current English.

Nothing here prints; :func:`drift_pages` streams one :class:`PageDrift` per page.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.discover import EnglishRoot, Skipped, walk_pages
from doclint.display import display_path
from doclint.drift_compare import compare
from doclint.drift_report import PageDrift
from doclint.english import ENGLISH_LINK_OUT
from doclint.page import Page
from doclint.parallel import map_pages
from doclint.parse import parse_page
from doclint.reader import read_page
from doclint.results import PageJob

if TYPE_CHECKING:
    from doclint.gitsource import GitSource


# --- pages ----------------------------------------------------------------------------------


def _body(text: str) -> str:
    page = parse_page(text)
    lines = text.split("\n")
    return "\n".join(lines[page.body_line - 1 :])


def drift_page(display: str, locale: str, target_path: Path, english_path: Path,
               git: GitSource | None = None, english_outside: bool = False) -> PageDrift:
    """The drift status of one translated page against its current English page.

    An English page marked ``english_outside`` (it resolves outside the English root) is never read:
    the page is ``unreadable``, with a note saying why.
    """
    target_text = read_page(target_path)
    if target_text.text is None:
        message = target_text.problem.message if target_text.problem else "cannot be read"
        return PageDrift(display, locale, "unreadable", note=message)
    if english_outside:
        return PageDrift(display, locale, "unreadable", note=f"the English page: {ENGLISH_LINK_OUT}")
    if not english_path.is_file():
        return PageDrift(display, locale, "missing-source")
    english_text = read_page(english_path)
    if english_text.text is None:
        message = english_text.problem.message if english_text.problem else "cannot be read"
        return PageDrift(display, locale, "unreadable", note=f"the English page: {message}")
    target = parse_page(target_text.text)
    english = parse_page(english_text.text)
    comparison = compare(target, english)
    result = PageDrift(display, locale, "stale" if comparison.changes else "current", comparison.changes)
    if git is not None:
        _with_git(result, target, english, english_text.text, git)
    return result


def _with_git(result: PageDrift, target: Page, english: Page, english_text: str, git: GitSource) -> None:
    """Decide the status from the English at the handoff commit, when git has it; else note why not."""
    commit = target.front_matter.get("ms.sourcegitcommit", "").strip()
    if not commit:
        result.note = "no ms.sourcegitcommit in the front matter; compared with the English the page carries"
        return
    result.commit = commit
    handoff, reason = git.read(commit, result.path)
    if handoff is None:
        result.note = f"{reason}; compared with the English the page carries"
        return
    handoff_page = parse_page(handoff)
    english_changes = compare(handoff_page, english).changes
    if not english_changes:
        result.status, result.changes = "current", []
        return
    result.status = "stale"
    if not result.changes:
        result.changes = english_changes
    diff = difflib.unified_diff(handoff.split("\n"), english_text.split("\n"),
                                f"en@{commit[:12]}/{result.path}", f"en/{result.path}", n=2, lineterm="")
    result.diff = "\n".join(diff)


def english_pages(source: Path, skipped: Skipped | None = None) -> Iterator[str]:
    """Relative paths (POSIX) of every English page under ``source`` (``skipped`` as in
    :func:`doclint.discover.walk_pages`)."""
    for _, relative in walk_pages(source, skipped):
        yield relative


#: Told of each page (its path, and its path relative to the locale root) whether to leave it out.
Excluded = Callable[[Path, str], bool]


@dataclass
class LocalePlan:
    """One locale root, walked once: the pages to report the drift of, and the English pages it lacks."""

    name: str
    root: Path
    jobs: list[PageJob]  # the locale's pages not excluded, each with its current English page
    untranslated: list[str]  # the English pages (relative paths) with no page here, not excluded


def plan_locale(name: str, root: Path, source: Path, english: Iterable[str], excluded: Excluded | None = None,
                pages: Iterable[tuple[Path, str]] | None = None, skipped: Skipped | None = None,
                english_root: EnglishRoot | None = None) -> LocalePlan:
    """The drift plan of the locale ``name`` at ``root``, against ``english`` (the relative paths of the
    pages under ``source``, sorted); ``pages`` is the walk of ``root`` when the caller has it already
    (else ``skipped(path, reason)`` hears of what the walk leaves out).  ``excluded(page, relative)``
    leaves pages out (an untranslated one by the path it would have).  An English page that resolves
    outside ``source`` is not read (the page is ``unreadable``).  Pages are shown by
    :func:`doclint.display.display_path`."""
    english_root = english_root or EnglishRoot(source)
    seen: set[str] = set()
    jobs: list[PageJob] = []
    for page, relative in walk_pages(root, skipped) if pages is None else pages:
        seen.add(relative)
        if excluded is None or not excluded(page, relative):
            jobs.append(PageJob(display_path(relative), page, source / relative, name,
                                not english_root.holds(relative)))
    untranslated = [relative for relative in english
                    if relative not in seen and (excluded is None or not excluded(root / relative, relative))]
    return LocalePlan(name, root, jobs, untranslated)


def plan_drift(roots: Iterable[tuple[str, Path]], source: Path, excluded: Excluded | None = None,
               skipped: Skipped | None = None) -> list[LocalePlan]:
    """The plan of each (locale, root) against the English pages under ``source`` (each folder walked once;
    ``skipped(path, reason)`` hears of the pages and folders the walks leave out)."""
    english = sorted(english_pages(source, skipped))
    english_root = EnglishRoot(source)
    return [plan_locale(locale, root, source, english, excluded, skipped=skipped, english_root=english_root)
            for locale, root in roots]


def count_pages(plans: Iterable[LocalePlan]) -> int:
    """How many results :func:`drift_planned` will yield: translated pages plus untranslated English ones."""
    return sum(len(plan.jobs) + len(plan.untranslated) for plan in plans)


def drift_pages(roots: Iterable[tuple[str, Path]], source: Path, git: GitSource | None = None,
                excluded: Excluded | None = None, workers: int = 1,
                known: Mapping[tuple[str, str], PageDrift] | None = None,
                skipped: Skipped | None = None) -> Iterator[PageDrift]:
    """The drift of every page of each (locale, root), then that locale's untranslated English pages
    (:func:`plan_drift`, then :func:`drift_planned`)."""
    return drift_planned(plan_drift(roots, source, excluded, skipped), git, workers, known)


def drift_planned(plans: Iterable[LocalePlan], git: GitSource | None = None, workers: int = 1,
                  known: Mapping[tuple[str, str], PageDrift] | None = None) -> Iterator[PageDrift]:
    """The drift of every page of each locale plan, then that locale's untranslated English pages.

    Pages are compared on up to ``workers`` processes (see :mod:`doclint.parallel`), except with
    ``git``, whose reader is one git process of this one.  ``known`` holds drift already found, by
    (locale, displayed path) (an audit has it from checking the pages): those pages are not read again.
    """
    known = known or {}
    for plan in plans:
        todo = [job for job in plan.jobs if (plan.name, job.display) not in known]
        computed = map_pages(_drift_job, todo, git, 1 if git is not None else workers)
        for job in plan.jobs:
            found = known.get((plan.name, job.display))
            yield found if found is not None else next(computed)
        for relative in plan.untranslated:
            yield PageDrift(display_path(relative), plan.name, "untranslated")


def _drift_job(job: PageJob, git: GitSource | None) -> PageDrift:
    assert job.english is not None
    return drift_page(job.display, job.locale, job.target, job.english, git, job.english_outside)
