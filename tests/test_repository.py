"""From a repository root with ``[locales]``: every output names each page by a path that opens from there,
and ``--fix --diff`` is a patch ``git apply`` takes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from tests.helpers import FIXTURES, git

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CONFIG = 'source = "en"\n\n[locales]\npt-BR = "pt-BR"\nzh-CN = "zh-CN"\n'


def _repository(root: Path) -> Path:
    """``root`` as a git repository holding a .doclint.toml with [locales], everything committed."""
    (root / ".doclint.toml").write_text(CONFIG, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "docs")
    return root


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of fixtures/graph-docs laid out as a repository; the current folder is its root."""
    root = tmp_path / "docs"
    shutil.copytree(FIXTURES, root)
    monkeypatch.chdir(_repository(root))
    return root


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _paths(fmt: str, out: str) -> list[str]:
    """The page paths a report names."""
    if fmt == "text":
        return [line.split(":", 1)[0] for line in out.splitlines()[:-1]]
    if fmt == "json":
        return [str(finding["path"]) for finding in json.loads(out)["findings"]]
    if fmt == "sarif":
        return [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(out)["runs"][0]["results"]]
    return [line.split("file=", 1)[1].split(",", 1)[0] for line in out.splitlines() if line.startswith("::")]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_path_opens_from_the_repository_root(repository: Path, fmt: str) -> None:
    paths = _paths(fmt, _run("--format", fmt))
    assert len(paths) >= 10
    assert all(Path(path).is_file() for path in paths), [path for path in paths if not Path(path).is_file()]
    assert {path.split("/", 1)[0] for path in paths} == {"pt-BR", "zh-CN"}  # the two locales never look alike


def test_json_names_the_locale_and_the_page_under_its_root(repository: Path) -> None:
    findings = json.loads(_run("--format", "json"))["findings"]
    assert findings and all(finding["path"] == f"{finding['locale']}/{finding['page']}" for finding in findings)


def test_a_file_argument_is_named_as_given_with_its_locale_and_page(repository: Path) -> None:
    page = "pt-BR/api-reference/v1.0/resources/gadget.md"
    findings = json.loads(_run("--format", "json", page))["findings"]
    assert findings and {(f["path"], f["locale"], f["page"]) for f in findings} == \
        {(page, "pt-BR", page.split("/", 1)[1])}


def test_paths_from_a_subfolder_still_open(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository / "zh-CN")
    paths = _paths("text", _run())
    assert paths and all(Path(path).is_file() for path in paths)
    assert any(not Path(path).is_absolute() for path in paths)  # the pages under the current folder: relative


def _apply_check(root: Path, patch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "apply", "--check", "-"], cwd=root, input=patch, capture_output=True, text=True)


def test_fix_diff_is_a_patch_git_applies_at_the_root(repository: Path) -> None:
    patch = _run("--fix", "--diff")
    assert "--- a/pt-BR/" in patch and "--- a/zh-CN/" in patch
    applied = _apply_check(repository, patch)
    assert applied.returncode == 0, applied.stderr
    subprocess.run(["git", "apply", "-"], cwd=repository, input=patch, text=True, check=True)
    assert _run("--fix", "--diff") == ""  # the patch made every fix --fix would make


@pytest.mark.skipif(not (CORPUS / "zh-CN").is_dir(), reason="../shared/corpus is not present")
def test_fix_diff_applies_on_corpus_pages_laid_out_as_a_repository(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    for folder in ("api", "resources"):
        pages = sorted((CORPUS / "zh-CN" / "api-reference" / "v1.0" / folder).glob("*.md"))[:120]
        for page in pages:
            relative = page.relative_to(CORPUS / "zh-CN")
            for locale, source in (("zh-CN", "zh-CN"), ("pt-BR", "pt-BR"), ("en", "en")):
                if (CORPUS / source / relative).is_file():
                    (root / locale / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(CORPUS / source / relative, root / locale / relative)
    monkeypatch.chdir(_repository(root))
    paths = _paths("text", _run())
    assert len(paths) > 100 and all(Path(path).is_file() for path in paths)
    patch = _run("--fix", "--diff")
    assert patch.count("\n--- a/") >= 3
    applied = _apply_check(root, patch)
    assert applied.returncode == 0, applied.stderr
