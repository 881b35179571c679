"""``--changed-since REF``: only the translated pages changed since REF, and those whose English changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from tests.helpers import check_json, git, pair, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ENGLISH = "# Widget\n\nThe widget.\n\n| Property | Type |\n|:--|:--|\n| name | String |\n"


def bilingual(name: str = "name") -> str:
    """The translated page of ENGLISH, its property name as given."""
    return (f"# {pair(101, 'Widget', 'Widget')}\n\n{pair(102, 'O widget.', 'The widget.')}\n\n"
            f"| {pair(103, 'Propriedade', 'Property')} | {pair(104, 'Tipo', 'Type')} |\n|:--|:--|\n"
            f"| {pair(105, name, 'name')} | {pair(106, 'String', 'String')} |\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with en/ and pt-BR/, pages a, b, c and d, every translated one with a defect; committed."""
    for name in "abcd":
        write(tmp_path / "en" / f"{name}.md", ENGLISH)
        write(tmp_path / "pt-BR" / f"{name}.md", bilingual("nome"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(*args: str) -> tuple[int, set[str], str]:
    """Exit code, the pages with findings (under their locale root), and stderr of ``doclint check --format json ARGS``."""
    code, findings, stderr = check_json(*args)
    return code, {str(f["page"]) for f in findings}, stderr


def test_only_pages_changed_since_the_ref_are_checked(repo: Path) -> None:
    write(repo / "pt-BR" / "a.md", bilingual("nome") + "\n")  # changed, not committed
    write(repo / "pt-BR" / "b.md", bilingual("nomes"))
    git(repo, "commit", "-q", "-am", "b")  # changed and committed
    write(repo / "pt-BR" / "e.md", bilingual("nome"))  # new, untracked
    write(repo / "en" / "e.md", ENGLISH)
    code, pages, _ = checked("--source", "en", "pt-BR", "--changed-since", "HEAD~1")
    assert code == 1
    assert pages == {"a.md", "b.md", "e.md"}


def test_pages_whose_english_changed_are_checked_too(repo: Path) -> None:
    write(repo / "en" / "c.md", ENGLISH.replace("The widget.", "The widget, renamed."))
    git(repo, "commit", "-q", "-am", "English of c")
    _, pages, _ = checked("--source", "en", "pt-BR", "--changed-since", "HEAD~1")
    assert pages == {"c.md"}


def test_nothing_changed_checks_nothing(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "--changed-since", "HEAD",
                                      "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["pages"] == 0


def test_an_english_source_outside_git_only_drops_the_english_side(repo: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("english")
    for name in "abcd":
        write(outside / f"{name}.md", ENGLISH)
    write(repo / "pt-BR" / "d.md", bilingual("nomes"))
    code, pages, _ = checked("--source", str(outside), "pt-BR", "--changed-since", "HEAD")
    assert (code, pages) == (1, {"d.md"})


def test_an_unknown_ref_is_a_usage_error(repo: Path) -> None:
    code, _, stderr = checked("--source", "en", "pt-BR", "--changed-since", "no-such-ref")
    assert code == 2
    assert "no-such-ref" in stderr and "Traceback" not in stderr


def test_a_folder_outside_git_is_a_usage_error(tmp_path_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("plain")
    write(folder / "pt-BR" / "a.md", bilingual())
    write(folder / "en" / "a.md", ENGLISH)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(folder.parent))  # even if the temporary folder is in a repo
    code, _, stderr = checked("--source", "en", "pt-BR", "--changed-since", "HEAD")
    assert code == 2
    assert "not in a git work tree" in stderr
