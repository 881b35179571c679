"""Issue #14 with ``--git``: the English at each page's ``ms.sourcegitcommit``, read from git repositories the
tests build (several commits, pages naming different commits, a missing commit, a shallow clone, a page
that moved, no git at all)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from tests.helpers import check_json, git, pair, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TABLE = "| Property | Type |\n|:--|:--|\n"
MISSING = "0123456789abcdef0123456789abcdef01234567"


def english(*rows: str) -> str:
    """An English page with a table of ``rows`` (name:type)."""
    return "# item\n\n" + TABLE + "".join(f"| {row.split(':')[0]} | {row.split(':')[1]} |\n" for row in rows)


def translated(commit: str, *rows: str) -> str:
    """A page translated at ``commit`` from ``english(*rows)``."""
    head = (f"---\nms.sourcegitcommit: {commit}\n---\n# {pair(1, 'item', 'item')}\n\n"
            f"| {pair(2, 'Propriedade', 'Property')} | {pair(3, 'Tipo', 'Type')} |\n|:--|:--|\n")
    return head + "".join(f"| {row.split(':')[0]} | {row.split(':')[1]} |\n" for row in rows)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """docs/en in a git repository of three commits, and the commit ids; the current folder is tmp_path.

    Commit 0 has item.md (id) and other.md (id); commit 1 adds a row to item.md; commit 2 adds one to
    other.md.  So item.md translated at commit 0 is stale, and other.md translated at commit 1 is too.
    """
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "docs"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commits = []
    for item_rows, other_rows in ((("id:String",), ("id:String",)), (("id:String", "size:Int64"), ("id:String",)),
                                  (("id:String", "size:Int64"), ("id:String", "name:String"))):
        write(root / "en/item.md", english(*item_rows))
        write(root / "en/other.md", english(*other_rows))
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", f"commit {len(commits)}")
        commits.append(git(root, "rev-parse", "HEAD"))
    return root / "en", commits


def by_page(findings: list[dict[str, object]]) -> dict[str, set[tuple[str, str]]]:
    """(code, cause) of each page's findings."""
    result: dict[str, set[tuple[str, str]]] = {}
    for finding in findings:
        result.setdefault(str(finding["page"]), set()).add((str(finding["code"]), str(finding["cause"])))
    return result


def test_each_page_is_checked_against_the_english_at_its_own_commit(repo: tuple[Path, list[str]]) -> None:
    source, commits = repo
    write(Path("pt-BR/item.md"), translated(commits[0], "id:Cadeia"))  # a type translated: an error
    write(Path("pt-BR/other.md"), translated(commits[1], "id:String"))
    code, findings, stderr = check_json("--source", str(source), "--git", "pt-BR")
    assert (code, stderr) == (1, "")
    assert by_page(findings) == {"item.md": {("DL202", "translation"), ("DL321", "translation"), ("DL402", "drift")},
                                 "other.md": {("DL402", "drift")}}
    messages = {f["page"]: str(f["message"]) for f in findings if f["code"] == "DL402"}
    assert f"(commit {commits[0][:12]})" in messages["item.md"] and "table row 'size'" in messages["item.md"]
    assert f"(commit {commits[1][:12]})" in messages["other.md"] and "table row 'name'" in messages["other.md"]


def test_the_same_findings_as_with_a_folder_holding_the_english_at_handoff(repo: tuple[Path, list[str]]) -> None:
    source, commits = repo
    write(Path("pt-BR/item.md"), translated(commits[0], "id:Cadeia"))
    write(Path("at-handoff/item.md"), english("id:String"))
    with_git = check_json("--source", str(source), "--git", "pt-BR")[1]
    with_folder = check_json("--source", str(source), "--handoff", "at-handoff", "pt-BR")[1]
    assert with_git == with_folder


def test_a_commit_the_repository_lacks_costs_one_note_and_the_witness_fallback(repo: tuple[Path, list[str]]) -> None:
    source, commits = repo
    write(Path("pt-BR/item.md"), translated(MISSING, "id:String"))
    write(Path("pt-BR/other.md"), translated(MISSING, "id:String"))
    write(source / "third.md", english("id:String"))
    git(source, "add", ".")
    git(source, "commit", "-q", "-m", "third")
    write(Path("pt-BR/third.md"), translated(git(source, "rev-parse", "HEAD"), "id:String"))
    write(Path("pt-BR/none.md"), translated(MISSING, "id:String").replace(f"ms.sourcegitcommit: {MISSING}", "a: b"))
    write(Path("pt-BR/bad.md"), translated("HEAD~1", "id:String"))
    for name in ("none.md", "bad.md"):
        write(source / name, english("id:String"))
    code, findings, stderr = check_json("--source", str(source), "--git", "pt-BR")
    assert stderr.count("\n") == 1
    assert "could not be read for 4 page(s)" in stderr and f"commit {MISSING[:12]} is not in the git" in stderr
    assert "2 other reason(s) for 2 more" in stderr  # no ms.sourcegitcommit; one that is no commit id
    # Against the current English alone the missing rows are errors: nothing on these pages shows that
    # their English moved.
    assert code == 1 and by_page(findings) == {"item.md": {("DL103", "translation")},
                                               "other.md": {("DL103", "translation")}}


def test_a_shallow_clone_reads_the_commits_it_has_and_says_which_it_lacks(repo: tuple[Path, list[str]],
                                                                           tmp_path: Path) -> None:
    source, commits = repo
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source.parent}", "shallow")
    shallow = tmp_path / "shallow/en"
    write(Path("pt-BR/item.md"), translated(commits[0], "id:String"))
    write(Path("pt-BR/other.md"), translated(commits[2], "id:String"))  # translated from the head: no drift
    code, findings, stderr = check_json("--source", str(shallow), "--git", "pt-BR")
    assert "could not be read for 1 page(s)" in stderr and "(the clone is shallow)" in stderr
    assert by_page(findings) == {"item.md": {("DL103", "translation")}, "other.md": {("DL103", "translation")}}
    assert "DL402" not in {f["code"] for f in findings}


def test_a_page_moved_from_a_sibling_version_folder_is_found_at_its_commit(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "docs"
    write(root / "en/api/beta/item.md", english("id:String"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "beta")
    handoff = git(root, "rev-parse", "HEAD")
    write(root / "en/api/v1.0/item.md", english("id:String", "size:Int64"))
    (root / "en/api/beta/item.md").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "moved to v1.0")
    write(Path("pt-BR/api/v1.0/item.md"), translated(handoff, "id:String"))
    code, findings, stderr = check_json("--source", str(root / "en"), "--git", "pt-BR")
    assert (code, stderr) == (0, "")
    assert by_page(findings) == {"api/v1.0/item.md": {("DL402", "drift")}}
    assert f"(commit {handoff[:12]}, as api/beta/item.md)" in str(findings[0]["message"])
    # Under two sibling version folders the page is not taken: which one it was is not known.
    write(root / "en/api/beta/item.md", english("id:String"))
    write(root / "en/api/v2.0/item.md", english("id:String"))
    (root / "en/api/v1.0/item.md").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "under two other versions")
    write(root / "en/api/v1.0/item.md", english("id:String"))  # the current English (not committed)
    write(Path("pt-BR/api/v1.0/item.md"), translated(git(root, "rev-parse", "HEAD"), "id:String"))
    _, findings, stderr = check_json("--source", str(root / "en"), "--git", "pt-BR")
    assert "api/v1.0/item.md does not exist at commit" in stderr and findings == []


@pytest.mark.parametrize("where", ["no work tree", "no git"])
def test_no_history_at_all_is_one_note_then_the_current_english(where: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    write(tmp_path / "en/item.md", english("id:String", "size:Int64"))
    write(tmp_path / "pt-BR/item.md", translated(MISSING, "id:String"))
    if where == "no git":
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, findings, stderr = check_json("--source", "en", "--git", "pt-BR")
    assert stderr.count("\n") == 1
    assert ("git is not installed" if where == "no git" else "is not in a git work tree") in stderr
    assert code == 1 and by_page(findings) == {"item.md": {("DL103", "translation")}}


def test_workers_read_git_themselves_and_the_cache_keeps_only_what_git_answered(repo: tuple[Path, list[str]]) -> None:
    source, commits = repo
    for rows in (("id:String",), ("id:String", "size:Int64")):
        for number in range(30):
            write(source / f"p{number}.md", english(*rows))
        git(source, "add", ".")
        git(source, "commit", "-q", "-m", "pages")
        commits.append(git(source, "rev-parse", "HEAD"))
    for number in range(30):  # p0.md, p5.md, … name a commit the repository lacks
        write(Path(f"pt-BR/p{number}.md"), translated(commits[-2] if number % 5 else MISSING, "id:String"))
    args = ["--source", str(source), "--git", "pt-BR"]
    serial = check_json("--no-cache", "-j", "1", *args)
    assert serial == check_json("--no-cache", "-j", "2", *args)
    assert "could not be read for 6 page(s)" in serial[2]
    assert {f["code"] for f in serial[1] if f["page"] == "p1.md"} == {"DL402"}
    assert serial == check_json(*args) == check_json(*args)  # cold cache, then warm: the notes come again


def test_git_true_in_the_config_reads_the_history_for_check_and_drift(repo: tuple[Path, list[str]]) -> None:
    source, commits = repo
    write(Path("pt-BR/item.md"), translated(commits[0], "id:String"))
    write(Path(".doclint.toml"), f'source = "{source}"\ngit = true\n[locales]\npt-BR = "pt-BR"\n')
    _, findings, _ = check_json("--no-cache")
    assert by_page(findings) == {"item.md": {("DL402", "drift")}}
    result = CliRunner().invoke(cli, ["drift", "--format", "json", "-q"])
    page = json.loads(result.stdout)["pages"][0]
    assert page["handoff_commit"] == commits[0] and "+| size | Int64 |" in page["diff"]
