"""Fixtures the tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from doclint.results import AuditReport
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
def corpus_audit() -> AuditReport:
    """``doclint audit ../shared/corpus`` as the command computes it (:func:`doclint.audit.run_audit`): each
    locale's results, the drift of their pages and the stamp (skips when ../shared is absent)."""
    if not (CORPUS / "zh-CN").is_dir():
        pytest.skip("../shared/corpus is not present")
    from doclint.audit import plan_audit, run_audit
    from doclint.discover import find_locales
    from doclint.registry import RuleSet

    english, locales = find_locales(CORPUS)
    return run_audit(plan_audit(english, locales), RuleSet.default(), workers=2)
