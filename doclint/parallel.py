"""Check many pages on several processes, returning results in the order of the pages.

Pages are cut into contiguous chunks of similar total size (at most :data:`CHUNK_PAGES` pages),
so each worker gets a steady stream of work and results come back in page order.  A worker
returns only findings: parsed pages never leave it and are dropped page by page, so memory stays
flat however many pages there are.  Runs of few pages are checked in this process: starting a
pool costs more than it saves (the pre-commit case).  :func:`map_pages` runs any per-page work this
way: checks (:func:`doclint.engine.check_parallel`), ``--fix``, drift.  Workers ignore Ctrl-C (the
terminal sends it to them too): the parent alone answers it, and lets each worker end the page in
hand, so no ``--fix`` write is cut short; a second Ctrl-C ends them at once.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Generator, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TypeVar

from doclint.results import PageJob

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

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
_stop: Any = None  # likewise: an event the parent sets when it leaves early, to skip the work left


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


def _start(shared: Any, work: Callable[[PageJob, Any], Any], stop: Any) -> None:
    global _shared, _work, _stop
    _shared, _work, _stop = shared, work, stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # before unblocking: a Ctrl-C already pending is dropped
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_chunk(chunk: list[PageJob]) -> list[Any]:
    assert _work is not None
    results = []
    for job in chunk:
        if _stop.is_set():  # nobody waits for these results any more
            break
        results.append(_work(job, _shared))
    return results


def _context() -> BaseContext:
    import multiprocessing

    # fork starts workers in milliseconds and shares the imported rules; elsewhere spawn is the safe choice.
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


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
    stop = context.Event()
    with ExitStack() as stack:
        # Workers start with Ctrl-C held back (a forked or spawned process inherits the mask) until
        # they ignore it, so none can be interrupted before; here it is held only until the pool is
        # in the stack, which ends the workers whenever the KeyboardInterrupt comes.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") \
            else None
        try:
            pool = stack.enter_context(context.Pool(min(workers, len(chunked)), initializer=_start,
                                                    initargs=(shared, work, stop)))
        finally:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        try:
            for results in pool.imap(_run_chunk, chunked):
                yield from results
        except BaseException:  # Ctrl-C, an error, or the caller stopped early: end the pages in hand, skip the rest
            stop.set()
            pool.close()
            pool.join()  # a second Ctrl-C here leaves it, and the pool's exit ends the workers at once
            raise
