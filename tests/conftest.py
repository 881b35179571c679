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
