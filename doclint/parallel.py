"""Check many pages on several processes, returning results in the order of the pages.

Pages are cut into contiguous chunks of similar total size (at most :data:`CHUNK_PAGES` pages),
so each worker gets a steady stream of work and results come back in page order.  A worker
returns only findings: parsed pages never leave it and are dropped page by page, so memory stays
flat however many pages there are.  Runs of few pages are checked in this process: starting a
pool costs more than it saves (the pre-commit case).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from doclint.engine import PageJob, PageResult, RuleSet, check_page
from doclint.finding import Finding

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

#: Fewer pages than this are checked serially, without a pool.
MIN_PARALLEL_PAGES = 24
#: The most pages in one chunk of work.
CHUNK_PAGES = 50
#: Aim for at least this many chunks per worker, so a slow chunk does not hold up the end of the run.
CHUNKS_PER_WORKER = 6

_ruleset: RuleSet | None = None  # set in each worker by _start


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


def _start(ruleset: RuleSet) -> None:
    global _ruleset
    _ruleset = ruleset


def _check_chunk(chunk: list[PageJob]) -> list[tuple[list[Finding], bool]]:
    assert _ruleset is not None
    results = []
    for job in chunk:
        result = check_page(job, _ruleset)
        results.append((result.findings, result.english_compared))
    return results


def _context() -> BaseContext:
    import multiprocessing

    # fork starts workers in milliseconds and shares the imported rules; elsewhere spawn is the safe choice.
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def check_parallel(jobs: Sequence[PageJob], ruleset: RuleSet, workers: int,
                   method: str | None = None) -> Iterator[PageResult]:
    """Check ``jobs`` on up to ``workers`` processes, yielding results in the order of ``jobs``.

    ``method`` names a multiprocessing start method (``fork``, ``spawn``); by default fork on Linux.
    With one worker or few pages no process is started.
    """
    if workers <= 1 or len(jobs) < MIN_PARALLEL_PAGES:
        for job in jobs:
            yield check_page(job, ruleset)
        return
    import multiprocessing  # only here: a small run never pays for importing it

    work = chunks(jobs, workers)
    context = multiprocessing.get_context(method) if method else _context()
    with context.Pool(min(workers, len(work)), initializer=_start, initargs=(ruleset,)) as pool:
        for chunk, results in zip(work, pool.imap(_check_chunk, work)):
            for job, (findings, compared) in zip(chunk, results):
                yield PageResult(job, findings, compared)
