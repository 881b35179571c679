"""The pre-commit hook, for real: ``pre-commit run --all-files`` in a docs repository naming this project.

pre-commit installs the hook from a committed copy of the project into its own virtualenv (with pip,
from the configured package index), so the test is skipped when pre-commit, git or that install is
unavailable, and when the real page it uses (../shared/corpus) is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
DRIVEITEM = Path("api-reference/v1.0/resources/driveitem.md")
PROJECT_FILES = ("doclint", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
PAIR = re.compile(r'(<span data-ttu-id="([^"]+)">)(.*?)(</span><span class="sxs-lookup"><span data-stu-id="\2">)'
                  r"(.*?)(</span></span>)", re.DOTALL)


def _pre_commit() -> str | None:
    found = shutil.which("pre-commit")
    beside = Path(sys.executable).parent / "pre-commit"  # the test interpreter's virtualenv
    venv = Path(os.environ.get("VIRTUAL_ENV", "/nonexistent")) / "bin" / "pre-commit"
    for candidate in (Path(found) if found else None, venv, beside):
        if candidate is not None and candidate.is_file():
            return str(candidate)
    return None


def _git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=doclint-test", "-c", "user.email=test@example.invalid",
                             "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                            cwd=folder, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def _commit_all(folder: Path) -> str:
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "snapshot")
    return _git(folder, "rev-parse", "HEAD")


def _project_clone(folder: Path) -> str:
    """A git repository holding the project's current working tree, committed; returns its commit."""
    folder.mkdir()
    for name in PROJECT_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, folder / name)
    _git(folder, "init", "-q")
    return _commit_all(folder)


def _english_everywhere(text: str) -> str:
    """The page with every pair's translated text replaced by its English."""
    return PAIR.sub(lambda m: m.group(1) + m.group(5) + m.group(4) + m.group(5) + m.group(6), text)


def _run(pre_commit: str, docs: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([pre_commit, "run", "--all-files"], cwd=docs, env=env, capture_output=True, text=True,
                          timeout=900)


def test_hook_definition_names_the_check_command() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "doclint")
    assert hook["entry"] == "doclint check"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]


def test_pre_commit_run_fails_on_a_translated_identifier_then_passes(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    translated = SHARED / "corpus" / "pt-BR" / DRIVEITEM
    english = SHARED / "corpus" / "en-at-handoff" / "pt-BR" / DRIVEITEM
    if not translated.is_file() or not english.is_file():
        pytest.skip("../shared/corpus is absent")

    rev = _project_clone(tmp_path / "doclint")
    docs = tmp_path / "docs"
    (docs / "pt-BR" / DRIVEITEM).parent.mkdir(parents=True)
    (docs / "en" / DRIVEITEM).parent.mkdir(parents=True)
    shutil.copy2(translated, docs / "pt-BR" / DRIVEITEM)
    shutil.copy2(english, docs / "en" / DRIVEITEM)
    (docs / ".doclint.toml").write_text('source = "en"\n\n[locales]\npt-BR = "pt-BR"\n', encoding="utf-8")
    (docs / "README.md").write_text("# Docs\n\nNot a translation: the hook must leave it alone.\n", encoding="utf-8")
    (docs / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {(tmp_path / 'doclint').as_posix()}\n    rev: {rev}\n    hooks:\n      - id: doclint\n",
        encoding="utf-8")
    _git(docs, "init", "-q")
    _commit_all(docs)
    home = tmp_path / "pre-commit-home"

    first = _run(pre_commit, docs, home)
    output = first.stdout + first.stderr
    if first.returncode not in (0, 1) or "An unexpected error has occurred" in output:
        pytest.skip(f"pre-commit could not install or run the hook here: {output.strip().splitlines()[-1:]}")
    assert first.returncode == 1, output
    assert f"pt-BR/{DRIVEITEM.as_posix()}" in output
    assert "DL201" in output  # the translated property names (conteúdo for content, ...)

    page = docs / "pt-BR" / DRIVEITEM
    page.write_text(_english_everywhere(page.read_text(encoding="utf-8")), encoding="utf-8")
    _commit_all(docs)
    second = _run(pre_commit, docs, home)
    assert second.returncode == 0, second.stdout + second.stderr


def test_the_files_a_hook_passes_map_to_their_english_and_the_rest_are_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from doclint.cli import cli

    english = "| Property | Type |\n|:--|:--|\n| name | String |\n"
    cells = [("Propriedade", "Property", "Tipo", "Type"), ("nome", "name", "String", "String")]
    rows = ["| " + " | ".join(
        f'<span data-ttu-id="ab123-{n}{i}">{t}</span><span class="sxs-lookup"><span data-stu-id="ab123-{n}{i}">'
        f"{e}</span></span>" for i, (t, e) in enumerate(((row[0], row[1]), (row[2], row[3])))) + " |"
        for n, row in enumerate(cells)]
    translated = f"{rows[0]}\n|:--|:--|\n{rows[1]}\n"
    for path, text in (("en/api/item.md", english), ("pt-BR/api/item.md", translated), ("README.md", "# Docs\n"),
                       (".doclint.toml", 'source = "en"\n\n[locales]\npt-BR = "pt-BR"\n')):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # What pre-commit passes with --all-files: every Markdown file of the repository.
    result = CliRunner().invoke(cli, ["check", "README.md", "en/api/item.md", "pt-BR/api/item.md"])
    assert result.exit_code == 1
    assert "pt-BR/api/item.md:3:3: DL201" in result.stdout
    assert "DL004" not in result.stdout  # the English page was found
    assert "1 pages" in result.stdout  # README.md and the English page were not checked
    only_english = CliRunner().invoke(cli, ["check", "README.md", "en/api/item.md"])
    assert only_english.exit_code == 0
