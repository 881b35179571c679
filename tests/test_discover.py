"""Discovery: which English page a file named on the command line is compared with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from doclint.discover import iter_pages, jobs_for, walk_pages
from tests.helpers import check_json, pair, write

ENGLISH = "| Property | Type |\n|:--|:--|\n| name | String |\n"
TRANSLATED = (f"| {pair(101, 'Propriedade', 'Property')} | {pair(102, 'Tipo', 'Type')} |\n|:--|:--|\n"
              f"| {pair(103, 'nome', 'name')} | {pair(104, 'String', 'String')} |\n")  # a translated name: DL201


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """docs/en and docs/zh-CN with api/item.md (no config file); the current folder is elsewhere/."""
    write(tmp_path / "docs" / "en" / "api" / "item.md", ENGLISH)
    write(tmp_path / "docs" / "zh-CN" / "api" / "item.md", TRANSLATED)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    return tmp_path / "docs"


def codes(*args: str) -> list[str]:
    """The finding codes of ``doclint check ARGS``."""
    return [str(finding["code"]) for finding in check_json(*args)[1]]


def test_an_absolute_file_outside_the_current_folder_is_compared_with_its_english_page(tree: Path) -> None:
    page = tree / "zh-CN" / "api" / "item.md"
    [job] = jobs_for([page], tree / "en")
    assert job.english == tree / "en" / "api" / "item.md"
    assert codes("--source", str(tree / "en"), str(page)) == ["DL201"]


def test_a_relative_file_outside_the_current_folder_is_compared_with_its_english_page(tree: Path) -> None:
    assert codes("--source", "../docs/en", "../docs/zh-CN/api/item.md") == ["DL201"]


def test_a_file_whose_english_page_is_missing_is_named_from_its_locale_folder(tree: Path) -> None:
    page = write(tree / "zh-CN" / "api" / "gone.md", TRANSLATED)
    [job] = jobs_for([page], tree / "en")
    assert job.english == tree / "en" / "api" / "gone.md"  # not en/../docs/zh-CN/api/gone.md


def test_a_file_is_still_named_from_the_current_folder_when_the_english_has_it_there(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "zh-CN")
    [job] = jobs_for([Path("api/item.md")], Path("../en"))
    assert (job.display, job.english) == ("api/item.md", Path("../en/api/item.md"))
    assert codes("--source", "../en", "api/item.md") == ["DL201"]


def _walk_reference(root: Path) -> list[tuple[Path, str]]:
    """The pages os.walk finds (sorted, hidden and linked folders not entered), with their relative paths."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if name.lower().endswith((".md", ".markdown")):
                path = Path(folder, name)
                found.append((path, path.relative_to(root).as_posix()))
    return found


def test_walking_a_locale_finds_what_os_walk_finds_in_the_same_order(tmp_path: Path) -> None:
    root = tmp_path / "zh-CN"
    for name in ("b.md", "a.MD", "c.markdown", "notes.txt", "api/z.md", "api/a.md", "api/deep/x.md",
                 "Api2/y.md", ".hidden/h.md", "api/.also-hidden/h.md", "b/page.md"):
        write(root / name, "# page\n")
    (root / "folder.md").mkdir()  # a folder named like a page is no page
    write(root / "folder.md" / "inner.md", "# inner\n")
    (root / "linked").symlink_to(root / "api", target_is_directory=True)  # inside the root, never entered
    (root / "api" / "link.md").symlink_to(root / "b.md")  # a link to a page inside the root is a page
    found = list(walk_pages(root))
    assert found == _walk_reference(root)
    assert [relative for _, relative in found][:4] == ["a.MD", "b.md", "c.markdown", "Api2/y.md"]
    assert list(iter_pages(root)) == [path for path, _ in found]
