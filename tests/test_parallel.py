"""Checking on several processes gives exactly the serial results, in the serial order."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest

from doclint import parallel
from doclint.discover import jobs_for
from doclint.engine import check_page, check_pages, check_parallel
from doclint.registry import RuleSet
from doclint.results import PageJob

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "graph-docs"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _fixture_jobs(copies: int) -> list[PageJob]:
    """Every fixture page ``copies`` times, each copy shown under its own prefix so order is visible."""
    jobs = []
    for copy in range(copies):
        for locale in ("zh-CN", "pt-BR"):
            for page in sorted((DOCS / locale).rglob("*.md")):
                relative = page.relative_to(DOCS / locale).as_posix()
                jobs.append(PageJob(f"{copy}/{locale}/{relative}", page, DOCS / "en" / relative, locale))
    return jobs


def _serial(jobs: list[PageJob], ruleset: RuleSet) -> list[tuple[str, list, bool]]:
    return _run(check_page(job, ruleset) for job in jobs)


def _run(results) -> list[tuple[str, list, bool]]:
    return [(result.job.display, result.findings, result.english_compared) for result in results]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parallel_results_equal_serial_results_in_order(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    jobs = _fixture_jobs(4)
    ruleset = RuleSet.default()
    expected = _serial(jobs, ruleset)
    assert any(findings for _, findings, _ in expected)  # the fixtures hold planted defects
    got = _run(check_parallel(jobs, ruleset, 2, method=method))
    assert got == expected


def test_check_pages_with_workers_equals_serial() -> None:
    jobs = _fixture_jobs(3)
    ruleset = RuleSet.default()
    assert _run(check_pages(jobs, ruleset, workers=2)) == _run(check_pages(jobs, ruleset))


def test_missing_english_and_unreadable_pages_survive_the_pool(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    jobs = _fixture_jobs(2) + [PageJob("binary.md", tmp_path / "binary.md", tmp_path / "nope.md"),
                               PageJob("gone.md", tmp_path / "gone.md", None)]
    ruleset = RuleSet.default()
    got = _run(check_parallel(jobs, ruleset, 2))
    assert got == _serial(jobs, ruleset)
    assert [finding.code for finding in got[-1][1]] == ["DL001"]


def test_a_small_run_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for a small run")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    jobs = _fixture_jobs(1)[:5]
    ruleset = RuleSet.default()
    assert _run(check_pages(jobs, ruleset, workers=8)) == _serial(jobs, ruleset)


def test_chunks_are_contiguous_bounded_and_cover_every_page() -> None:
    jobs = _fixture_jobs(20)
    work = parallel.chunks(jobs, 2)
    assert [job for chunk in work for job in chunk] == jobs
    assert all(0 < len(chunk) <= parallel.CHUNK_PAGES for chunk in work)
    assert len(work) >= 2 * parallel.CHUNKS_PER_WORKER


@pytest.mark.skipif(not (SHARED / "corpus" / "zh-CN").is_dir(), reason="../shared/corpus is absent")
def test_a_real_sample_is_identical_on_two_processes() -> None:
    corpus = SHARED / "corpus"
    jobs = list(jobs_for([corpus / "zh-CN"], corpus / "en-at-handoff" / "zh-CN"))[::16][:200]
    assert len(jobs) == 200
    ruleset = RuleSet.default()
    assert _run(check_pages(jobs, ruleset, workers=2)) == _run(check_pages(jobs, ruleset, workers=1))


def test_drift_on_several_processes_equals_serial_drift(tmp_path: Path) -> None:
    import shutil

    from doclint.drift import drift_pages

    locale = tmp_path / "zh-CN"
    for copy in range(5):  # enough pages for a pool
        shutil.copytree(DOCS / "zh-CN", locale / f"copy{copy}")
    english = tmp_path / "en"
    for copy in range(5):
        shutil.copytree(DOCS / "en", english / f"copy{copy}")
    (english / "copy0" / "only-english.md").write_text("# Only in English\n", encoding="utf-8")
    serial = list(drift_pages([("zh-CN", locale)], english))
    assert len(serial) >= parallel.MIN_PARALLEL_PAGES
    assert {page.status for page in serial} >= {"current", "stale", "untranslated"}
    assert list(drift_pages([("zh-CN", locale)], english, workers=2)) == serial


def _interrupt_self(job: PageJob, shared: None) -> str:
    """Work that gets the Ctrl-C a terminal sends to every process of the run."""
    os.kill(os.getpid(), signal.SIGINT)
    return job.display


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_ignore_ctrl_c(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    jobs = _fixture_jobs(2)
    got: list[str] = []
    # A worker the signal killed would lose its chunk, and the pool would wait for it for ever.
    thread = threading.Thread(target=lambda: got.extend(parallel.map_pages(_interrupt_self, jobs, None, 2, method)),
                              daemon=True)
    thread.start()
    thread.join(120)
    assert got == [job.display for job in jobs]
