"""A smoke test of ``python -m doclint.bench`` on a tiny synthetic corpus (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from doclint import bench


def test_the_synthetic_corpus_pairs_every_page_with_its_english(tmp_path: Path) -> None:
    target, english = bench.synthetic_corpus(tmp_path, 30)
    pages = sorted(path.relative_to(target) for path in target.rglob("*.md"))
    assert len(pages) == 30
    assert pages == sorted(path.relative_to(english) for path in english.rglob("*.md"))


def test_the_bench_runs_end_to_end_and_reports_identical_findings(tmp_path: Path) -> None:
    target, english = bench.synthetic_corpus(tmp_path / "corpus", 40)
    result = subprocess.run([sys.executable, "-m", "doclint.bench", str(target), "--source", str(english),
                             "--repeat", "1", "--jobs", "2", "--bytecode"], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "40 pages" in out
    for label in ("floor", "--no-cache", "warm cache", "one page", "pages given twice", "byte-compiled beforehand"):
        assert label in out
    assert "--ignore DL511,DL512" in out and "consistency costs " in out
    assert "findings identical --jobs 1 vs default jobs: yes" in out
    assert "findings identical cold vs warm cache: yes" in out
    assert not (target / ".doclint_cache").exists() and not (tmp_path / ".doclint_cache").exists()


def test_bytecode_env_compiles_what_a_command_imports_into_its_own_prefix(tmp_path: Path) -> None:
    env = bench.bytecode_env([([sys.executable, "-c", "import doclint.page"], None)], tmp_path / "prefix")
    assert env["PYTHONPYCACHEPREFIX"] == str(tmp_path / "prefix")
    compiled = {path.name.split(".")[0] for path in (tmp_path / "prefix").rglob("*.pyc")}
    assert {"page", "finding"} <= compiled
