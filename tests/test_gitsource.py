"""Git provenance: the English at handoff read from a git repository built by the test."""

from __future__ import annotations

import json
import os
import shutil
import threading
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint import gitsource
from doclint.cli import cli
from doclint.drift import drift_pages
from doclint.gitsource import GitSource

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
       "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_AUTHOR_DATE": "2021-01-01T00:00:00Z",
       "GIT_COMMITTER_DATE": "2021-01-01T00:00:00Z", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}

HANDOFF = "# item\n\nThe size of the item, in bytes.\n\nUse the *name* property.\n"
SAME_CONTENT = "# item\n\nThe size of the item,\nin bytes.\n\nUse the \\*name\\* property.\n"
CHANGED = "# item\n\nThe size of the item, in bytes. Read-only.\n\nUse the *name* property.\n"


def git(cwd: Path, *args: str) -> str:
    """Run git with a fixed identity and dates; return its output."""
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **ENV}, check=True,
                          capture_output=True, text=True).stdout.strip()


def translated(commit: str, english: str = "The size of the item, in bytes.") -> str:
    """A bilingual page translated at ``commit``."""
    return (f"---\nms.sourcegitcommit: {commit}\n---\n# item\n\n"
            f'<span data-ttu-id="ab1-1">O tamanho.</span><span class="sxs-lookup"><span data-stu-id="ab1-1">'
            f"{english}</span></span>\n\nUse the *name* property.\n")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path, str]:
    """A git repository whose docs/en/item.md changed after commit ``handoff``; and a locale folder."""
    root = tmp_path / "english"
    (root / "docs/en").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    page = root / "docs/en/item.md"
    page.write_text(HANDOFF)
    (root / "docs/en/other.md").write_text(HANDOFF)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "handoff")
    handoff = git(root, "rev-parse", "HEAD")
    page.write_text(CHANGED)
    (root / "docs/en/other.md").write_text(SAME_CONTENT)
    git(root, "commit", "-q", "-am", "later")
    locale = tmp_path / "pt-BR"
    locale.mkdir()
    return root / "docs/en", locale, handoff


def test_reads_pages_at_a_commit_through_one_process(repo: tuple[Path, Path, str]) -> None:
    source, _, handoff = repo
    head = git(source, "rev-parse", "HEAD")
    with GitSource.open(source)[0] as reader:  # type: ignore[union-attr]
        first, _ = reader.read(handoff, "item.md")
        process = reader._process
        second, _ = reader.read(head, "item.md")
        assert reader._process is process  # one cat-file process answers every page
        missing, reason = reader.read(handoff, "nowhere.md")
    assert (first, second) == (HANDOFF, CHANGED)
    assert missing is None and "does not exist" in reason
    assert reader.read("HEAD\nx", "item.md")[0] is None  # only commit ids reach the batch process


def test_git_decides_and_shows_the_english_diff_since_handoff(repo: tuple[Path, Path, str]) -> None:
    source, locale, handoff = repo
    (locale / "item.md").write_text(translated(handoff))
    (locale / "other.md").write_text(translated(handoff))
    with GitSource.open(source)[0] as reader:  # type: ignore[union-attr]
        pages = {page.path: page for page in drift_pages([("pt-BR", locale)], source, reader)}
    assert pages["item.md"].status == "stale"
    assert "-The size of the item, in bytes.\n+The size of the item, in bytes. Read-only." in pages["item.md"].diff
    assert pages["item.md"].commit == handoff
    assert pages["other.md"].status == "current" and pages["other.md"].diff == ""


def test_git_sees_changes_in_text_the_pairs_do_not_carry(repo: tuple[Path, Path, str]) -> None:
    source, locale, handoff = repo
    # The translated page already carries the new sentence (say, fixed by hand); git still knows the handoff.
    (locale / "item.md").write_text(translated(handoff, "The size of the item, in bytes. Read-only."))
    result = CliRunner().invoke(cli, ["drift", "--source", str(source), str(locale), "--git", "--format", "json"])
    page = json.loads(result.output)["pages"][0]
    assert page["status"] == "stale" and "+The size of the item, in bytes. Read-only." in page["diff"]


def test_a_missing_commit_falls_back_with_a_note(repo: tuple[Path, Path, str]) -> None:
    source, locale, _ = repo
    (locale / "item.md").write_text(translated("0" * 40))
    result = CliRunner().invoke(cli, ["drift", "--source", str(source), str(locale), "--git", "--format", "json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)["pages"][0]
    assert page["status"] == "stale"  # from the English the pairs carry
    assert "not in the git repository" in page["note"] and "compared with the English" in page["note"]


def test_a_shallow_clone_says_so(repo: tuple[Path, Path, str], tmp_path: Path) -> None:
    source, locale, handoff = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", source.parent.parent.as_uri(), str(clone))
    (locale / "item.md").write_text(translated(handoff))
    with GitSource.open(clone / "docs/en")[0] as reader:  # type: ignore[union-attr]
        page = next(drift_pages([("pt-BR", locale)], clone / "docs/en", reader))
    assert page.status == "stale" and "shallow" in page.note and page.diff == ""


def test_outside_a_work_tree_drift_still_runs_with_a_note(tmp_path: Path) -> None:
    source, locale = tmp_path / "en", tmp_path / "pt-BR"
    source.mkdir()
    locale.mkdir()
    (source / "item.md").write_text(HANDOFF)
    (locale / "item.md").write_text(translated("a" * 40))
    result = CliRunner().invoke(cli, ["drift", "--source", str(source), str(locale), "--git", "--format", "json"])
    data = json.loads(result.output)
    assert data["pages"][0]["status"] == "current"
    assert any("not in a git work tree" in note for note in data["notes"])


def _guarded(reader: GitSource, reads: list[tuple[str, str]]) -> list[tuple[str | None, str]]:
    """``reader.read`` of each (commit, page), failing instead of hanging when the reader waits forever."""
    answers: list[tuple[str | None, str]] = []
    thread = threading.Thread(target=lambda: answers.extend(reader.read(*read) for read in reads), daemon=True)
    thread.start()
    thread.join(60)  # the reads take milliseconds; a desynced reader never returns
    if thread.is_alive():
        assert reader._process is not None
        reader._process.kill()  # lets the blocked read end
        thread.join(10)
        pytest.fail("the reader hung: it waited for an object git never sent")
    return answers


def test_a_page_that_was_a_folder_at_handoff_leaves_the_stream_in_step(tmp_path: Path) -> None:
    root = tmp_path / "english"
    (root / "en/item.md").mkdir(parents=True)
    # Read as a header, this entry of the tree's body would announce a blob git never sends.
    (root / "en/item.md/blob 99999\nx").write_text("x")
    (root / "en/other.md").write_text(HANDOFF)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "handoff")
    handoff = git(root, "rev-parse", "HEAD")
    with GitSource.open(root / "en")[0] as reader:  # type: ignore[union-attr]
        (folder, reason), (other, _), (again, _) = _guarded(
            reader, [(handoff, "item.md"), (handoff, "other.md"), (handoff, "item.md/blob 99999\nx")])
    assert folder is None and "item.md is a folder at commit" in reason
    assert other == HANDOFF  # the answer to the next question, not a piece of the tree
    assert again is None  # a line break never reaches the batch process


def test_a_page_too_large_at_handoff_is_skipped_whole(repo: tuple[Path, Path, str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source, _, handoff = repo
    monkeypatch.setattr(gitsource, "MAX_PAGE_BYTES", 10)
    with GitSource.open(source)[0] as reader:  # type: ignore[union-attr]
        (big, reason), (missing, why) = _guarded(reader, [(handoff, "item.md"), (handoff, "nowhere.md")])
    assert big is None and "over the" in reason
    assert missing is None and "does not exist" in why  # the big object was read to its end
