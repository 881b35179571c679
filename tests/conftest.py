"""Fixtures the tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES


@pytest.fixture
def graph_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of fixtures/graph-docs; the current folder is its root."""
    root = tmp_path / "graph-docs"
    shutil.copytree(FIXTURES, root)
    monkeypatch.chdir(root)
    return root


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_audit() -> tuple[Path, dict[str, list[object]], object]:
    """``doclint audit ../shared/corpus`` as the command computes it: the English folder, each locale's
    results and the drift of their pages (skips when ../shared is absent)."""
    if not (CORPUS / "zh-CN").is_dir():
        pytest.skip("../shared/corpus is not present")
    from doclint.discover import find_locales, jobs_for
    from doclint.drift import DriftReport, drift_pages
    from doclint.engine import RuleSet, check_pages

    english, locales = find_locales(CORPUS)
    by_locale: dict[str, list[object]] = {}
    drift = DriftReport(english.name, [])
    for locale in locales:
        results = list(check_pages(list(jobs_for([locale], english, locale.name)), RuleSet.default(), workers=2,
                                   with_drift=True))
        by_locale[locale.name] = results  # type: ignore[assignment]
        known = {(locale.name, result.job.display): result.drift for result in results if result.drift is not None}
        drift.pages.extend(drift_pages([(locale.name, locale)], english, workers=2, known=known))
    return english, by_locale, drift
