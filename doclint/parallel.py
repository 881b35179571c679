"""Check many pages on several processes, returning results in the order of the pages.

Pages are cut into contiguous chunks of similar total size (at most :data:`CHUNK_PAGES` pages),
so each worker gets a steady stream of work and results come back in page order.  A worker
returns only findings: parsed pages never leave it and are dropped page by page, so memory stays
flat however many pages there are.  Runs of few pages are checked in this process: starting a
pool costs more than it saves (the pre-commit case).  :func:`map_pages` runs other per-page work
(``--fix``, drift) the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from doclint.engine import PageJob, PageResult, RuleSet, check_page
from doclint.finding import Finding

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from doclint.drift import PageDrift
    from doclint.handoff import GitHistory

T = TypeVar("T")
S = TypeVar("S")

#: Fewer pages than this are checked serially, without a pool.
MIN_PARALLEL_PAGES = 24
#: The most pages in one chunk of work.
CHUNK_PAGES = 50
#: Aim for at least this many chunks per worker, so a slow chunk does not hold up the end of the run.
CHUNKS_PER_WORKER = 6

_shared: Any = None  # set in each worker by _start: what every call of the work is given besides its job
_work: Callable[[PageJob, Any], Any] | None = None  # likewise


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _size(job: PageJob) -> int:
    total = 0
    for path in (job.target, job.english):
        if path is not None:
            try:
                total += os.stat(path).st_size
            except OSError:
                pass
    return total + 512  # every page costs something, even an empty or missing one


def chunks(jobs: Sequence[PageJob], workers: int) -> list[list[PageJob]]:
    """Contiguous runs of ``jobs`` of similar total size, each at most :data:`CHUNK_PAGES` pages."""
    sizes = [_size(job) for job in jobs]
    count = max(workers * CHUNKS_PER_WORKER, -(-len(jobs) // CHUNK_PAGES), 1)
    budget = sum(sizes) / count
    result: list[list[PageJob]] = []
    current: list[PageJob] = []
    filled = 0
    for job, size in zip(jobs, sizes):
        current.append(job)
        filled += size
        if filled >= budget or len(current) >= CHUNK_PAGES:
            result.append(current)
            current, filled = [], 0
    if current:
        result.append(current)
    return result


def _start(shared: Any, work: Callable[[PageJob, Any], Any]) -> None:
    global _shared, _work
    _shared, _work = shared, work


def _run_chunk(chunk: list[PageJob]) -> list[Any]:
    assert _work is not None
    return [_work(job, _shared) for job in chunk]


def _check(job: PageJob, settings: tuple[RuleSet, bool, GitHistory | None]) \
        -> tuple[list[Finding], bool, PageDrift | None, str]:
    """A page's result without its job (the job is the caller's already, so it is not sent back);
    ``settings``: the rule set, whether to find the page's drift, and the git history of the English."""
    result = check_page(job, *settings)
    return result.findings, result.english_compared, result.drift, result.note


def _context() -> BaseContext:
    import multiprocessing

    # fork starts workers in milliseconds and shares the imported rules; elsewhere spawn is the safe choice.
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def check_parallel(jobs: Sequence[PageJob], ruleset: RuleSet, workers: int,
                   method: str | None = None, with_drift: bool = False,
                   history: GitHistory | None = None) -> Iterator[PageResult]:
    """Check ``jobs`` on up to ``workers`` processes, yielding results in the order of ``jobs``.

    ``method`` names a multiprocessing start method (``fork``, ``spawn``); by default fork on Linux.
    With one worker or few pages no process is started.  ``with_drift`` and ``history`` as in
    :func:`check_page` (a worker reads the history through a git process of its own).
    """
    results = map_pages(_check, jobs, (ruleset, with_drift, history), workers, method)
    for job, (findings, compared, drift, note) in zip(jobs, results):
        yield PageResult(job, findings, compared, drift, note)


def map_pages(work: Callable[[PageJob, S], T], jobs: Sequence[PageJob], shared: S, workers: int,
              method: str | None = None) -> Generator[T, None, None]:
    """``work(job, shared)`` for each of ``jobs`` on up to ``workers`` processes, in the order of ``jobs``.

    ``work`` must be a module-level function or a :func:`functools.partial` of one (a spawned worker
    imports it by name); what it returns is pickled back, so it should return findings, not parsed pages.
    """
    if workers <= 1 or len(jobs) < MIN_PARALLEL_PAGES:
        for job in jobs:
            yield work(job, shared)
        return
    import multiprocessing  # only here: a small run never pays for importing it

    chunked = chunks(jobs, workers)
    context = multiprocessing.get_context(method) if method else _context()
    with context.Pool(min(workers, len(chunked)), initializer=_start, initargs=(shared, work)) as pool:
        for results in pool.imap(_run_chunk, chunked):
            yield from results
