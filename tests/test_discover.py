"""Discovery: which English page a file named on the command line is compared with."""

from __future__ import annotations

from pathlib import Path

import pytest

from doclint.discover import jobs_for
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
