"""Check pages: read and parse each page and its English page, lint it (:mod:`doclint.lint`), return results.

Many pages go through the result cache (:mod:`doclint.cache`) and worker processes
(:mod:`doclint.parallel`); neither changes any result.  Nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.english import ENGLISH_LINK_OUT, english_message, missing_english
from doclint.finding import Finding, Problem
from doclint.parallel import map_pages
from doclint.registry import RuleSet
from doclint.results import PageIndex, PageJob, PageResult

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.context import Context
    from doclint.drift_report import PageDrift
    from doclint.handoff import GitHistory, Handoff
    from doclint.page import Page

__all__ = ["ENGLISH_LINK_OUT", "PageJob", "PageResult", "RuleSet", "check_page", "check_pages", "check_text",
           "load_english", "missing_english"]


def _load(path: Path) -> tuple[Page | None, Problem | None]:
    from doclint.parse import parse_file  # here: a run served from the cache never parses

    return parse_file(path)[:2]


def check_page(job: PageJob, ruleset: RuleSet, with_drift: bool = False, namespace: str | None = None,
               history: GitHistory | None = None) -> PageResult:
    """Check one translated page against its English page (when ``job.english`` is set).

    ``with_drift`` also gives the page's drift status (as :func:`doclint.drift.drift_page` does) from the
    same parsed pages and the same comparison DL401 reads, so an audit reads and parses each page once.
    With the ``namespace`` of a result cache, the result's ``key`` is the cache key of the very bytes
    checked, read once: a page edited during the run is stored under the key of the text whose findings
    these are.  With the English at handoff (``job.handoff``, or ``history`` at the page's commit) the
    translation rules compare with that English and the drift rules with the current English; when it
    cannot be had, ``note`` says why, the page is checked against the current English, and has no key.
    """
    from doclint.context import Context
    from doclint.lint import index_page, lint, lint_unreadable  # here, like the parser: a warm run never lints
    from doclint.parse import parse_file

    ignored = ruleset.file_ignores.codes_for(job.target, job.display) if ruleset.file_ignores else frozenset()
    target, problem, data = parse_file(job.target)
    if target is None:
        problem = problem or Problem("DL001", 1, 1, "the page cannot be read")
        result = PageResult(job, lint_unreadable(job.display, problem, ruleset, ignored), False,
                            index=b"" if ruleset.cross_page_codes() else None)
        if namespace is not None and data is not None and not job.english_outside:
            # The findings come from the bytes alone; the English is read only to make the key the lookup makes.
            from doclint.cache import content_key, english_part, handoff_part

            handoff_key = handoff_part(job)
            if handoff_key is not None:
                result.key = content_key(namespace, job, data, english_part(job) + handoff_key)
        if with_drift:
            from doclint.drift_report import PageDrift

            result.drift = PageDrift(job.display, job.locale, "unreadable", note=problem.message)
        return result
    note = ""
    if job.handoff is not None or history is not None:
        from doclint.handoff import read_handoff

        handoff = read_handoff(job, target, history)
        if handoff.english is not None:
            return _check_handoff(job, target, handoff, ruleset, ignored, with_drift, namespace, data)
        note = handoff.note
    english, missing, english_problem = load_english(job)
    context = Context(job.display, target, english, locale=job.locale)
    result = PageResult(job, lint(context, ruleset, ignored, [missing] if missing is not None else ()),
                        english is not None, note=note, index=index_page(target, ruleset, ignored))
    # A page whose English at handoff could not be had is checked again next time: git may have it.
    if namespace is not None and data is not None and not job.english_outside and not note:
        from doclint.cache import checked_english_part, content_key

        result.key = content_key(namespace, job, data, checked_english_part(job, english, missing))
    if with_drift and job.english is not None:
        result.drift = _page_drift(job, job.english, context, english_problem)
    return result


def _check_handoff(job: PageJob, target: Page, handoff: Handoff, ruleset: RuleSet, ignored: frozenset[str],
                   with_drift: bool, namespace: str | None, data: bytes | None) -> PageResult:
    """Check a page against the English it was translated from, with the English changes since as drift."""
    from doclint.context import Context
    from doclint.lint import index_page, lint

    assert handoff.english is not None
    context = Context(job.display, target, handoff.english, current=handoff.current, handoff=handoff.label,
                      locale=job.locale)
    result = PageResult(job, lint(context, ruleset, ignored, handoff.problems), True,
                        index=index_page(target, ruleset, ignored))
    if namespace is not None and data is not None and not job.english_outside:
        from doclint.cache import content_key, english_text_part, handoff_part

        handoff_key = handoff_part(job, handoff.text)
        if handoff_key is not None:
            result.key = content_key(namespace, job, data,
                                     english_text_part(handoff.current_text, handoff.missing) + handoff_key)
    if with_drift:
        from doclint.handoff_drift import page_drift

        result.drift = page_drift(job, context)
    return result


def _page_drift(job: PageJob, english_path: Path, context: Context, english_problem: Problem | None) -> PageDrift:
    """The drift status :func:`doclint.drift.drift_page` gives the page, from the pages this check parsed."""
    from doclint.drift_report import PageDrift  # here: only an audit asks for drift

    if context.english is not None:
        changes = context.comparison.changes  # the comparison DL401 made, or makes now
        return PageDrift(job.display, job.locale, "stale" if changes else "current", changes)
    if not job.english_outside and not english_path.is_file():
        return PageDrift(job.display, job.locale, "missing-source")
    message = english_problem.message if english_problem else "cannot be read"
    return PageDrift(job.display, job.locale, "unreadable", note=f"the English page: {message}")


def load_english(job: PageJob) -> tuple[Page | None, Problem | None, Problem | None]:
    """The parsed English page of ``job`` (``None`` without one), or the DL004 problem saying why it is
    missing and the reader's problem when it could not be read (or, out of the English root, was not)."""
    if job.english is None:
        return None, None, None
    if job.english_outside:
        return None, Problem("DL004", 1, 1, english_message(job.english, ENGLISH_LINK_OUT)), \
            Problem("DL001", 1, 1, ENGLISH_LINK_OUT)
    english, problem = _load(job.english)
    if english is None:
        return None, missing_english(job.english, problem), problem
    return english, None, None


def check_text(display: str, translated: str, english: str | None, ruleset: RuleSet,
               handoff: str | None = None) -> list[Finding]:
    """Check a translated page given as text (LF line ends) against its English text, if any, and against
    the English it was translated from (``handoff``), if given: then ``english`` is the current English
    (``None``: gone since)."""
    from doclint.context import Context
    from doclint.lint import lint
    from doclint.parse import parse_page

    page = parse_page(translated)
    if handoff is None:
        return lint(Context(display, page, parse_page(english) if english is not None else None), ruleset)
    from doclint.handoff_text import label

    at_handoff = parse_page(handoff)
    name = label(page)
    gone = [] if english is not None else \
        [Problem("DL405", 1, 1, f"the English page is gone: it was removed or moved since {name}")]
    context = Context(display, page, at_handoff, current=parse_page(english) if english is not None else None,
                      handoff=name)
    return lint(context, ruleset, problems=gone)


def check_pages(jobs: Iterable[PageJob], ruleset: RuleSet, *, workers: int = 1,
                cache: PageCache | None = None, with_drift: bool = False,
                history: GitHistory | None = None) -> Generator[PageResult, None, None]:
    """Check pages, yielding each page's result in the order of ``jobs``.

    With ``workers`` > 1 pages are checked on that many processes (see :mod:`doclint.parallel`);
    with a ``cache``, pages whose content key is known are not checked again, and new results
    are stored in it when the run ends.  Neither changes any result.  ``with_drift`` sets the
    drift of each page that is checked (a result from the cache has none).  ``history`` gives the
    English at each page's handoff commit (``--git``; each worker process reads it with its own git).
    """
    if cache is None:
        if workers <= 1:
            for job in jobs:
                yield check_page(job, ruleset, with_drift, history=history)
            return
        yield from check_parallel(list(jobs), ruleset, workers, with_drift=with_drift, history=history)
        return
    yield from _check_cached(list(jobs), ruleset, workers, cache, with_drift, history)


Worked = tuple[list[Finding], bool, "PageDrift | None", str | None, str, "PageIndex"]


def _check(job: PageJob, settings: tuple[RuleSet, bool, str | None, GitHistory | None]) -> Worked:
    """A page's result without its job (the job is the caller's already, so it is not sent back), with the
    cache key of the bytes it came from and its note; ``settings``: the rule set, whether to find the page's
    drift, the cache's namespace (``None``: no key) and the git history of the English."""
    result = check_page(job, *settings)
    return result.findings, result.english_compared, result.drift, result.key, result.note, result.index


def check_parallel(jobs: Sequence[PageJob], ruleset: RuleSet, workers: int,
                   method: str | None = None, with_drift: bool = False,
                   history: GitHistory | None = None) -> Generator[PageResult, None, None]:
    """Check ``jobs`` on up to ``workers`` processes, yielding results in the order of ``jobs``.

    ``method`` names a multiprocessing start method (``fork``, ``spawn``); by default fork on Linux.
    With one worker or few pages no process is started.  ``with_drift`` and ``history`` as in
    :func:`check_page` (a worker reads the history through a git process of its own).
    """
    results = map_pages(_check, jobs, (ruleset, with_drift, None, history), workers, method)
    for job, (findings, compared, drift, _, note, index) in zip(jobs, results):
        yield PageResult(job, findings, compared, drift, note=note, index=index)


def _check_cached(jobs: list[PageJob], ruleset: RuleSet, workers: int, cache: PageCache,
                  with_drift: bool, history: GitHistory | None = None) -> Generator[PageResult, None, None]:
    # A page whose English leads out of the English root is never read, nor cached: its key could not
    # tell it from the same bytes inside the root.
    keys = [cache.key(job) if not job.english_outside else None for job in jobs]
    known = [cache.get(key, job) if key is not None else None for key, job in zip(keys, jobs)]
    missing = [job for job, result in zip(jobs, known) if result is None]
    computed = map_pages(_check, missing, (ruleset, with_drift, cache.namespace, history), workers)
    try:
        for job, result in zip(jobs, known):
            if result is None:
                findings, compared, drift, key, note, index = next(computed)
                result = PageResult(job, findings, compared, drift, key, note, index)
                if key is not None:
                    # The key of the bytes checked, not the one looked up: the page may have changed since.
                    cache.put(key, result)
            yield result
    finally:
        computed.close()
        cache.save()
