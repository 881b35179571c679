"""``doclint extract`` never writes over the pages it reads, and never writes two pages to one file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from doclint.cli import cli
from tests.helpers import pair, write

PAGE = f"# Item\n\n{pair(1, 'O tamanho do item.', 'The size of the item.')}\n"


def _extract(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["extract", *map(str, args)])


def _refused(result: Result, *words: str) -> None:
    """A usage error of one line naming ``words``."""
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert all(word in result.stderr for word in words), result.stderr


@pytest.fixture
def loc(tmp_path: Path) -> Path:
    """A locale folder of two bilingual pages."""
    write(tmp_path / "loc" / "item.md", PAGE)
    write(tmp_path / "loc" / "api" / "user.md", PAGE)
    return tmp_path / "loc"


def test_pages_are_extracted_beside_each_other_in_another_folder(loc: Path, tmp_path: Path) -> None:
    result = _extract(loc, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "api" / "user.md").read_text() == "# Item\n\nThe size of the item.\n"
    assert (loc / "api" / "user.md").read_text() == PAGE


@pytest.mark.parametrize("output", ["loc", "loc/api", "loc/new", ".", "alias"],
                         ids=["is", "inside", "inside-new", "holds", "linked"])
def test_an_output_folder_overlapping_the_pages_is_refused(loc: Path, tmp_path: Path, output: str) -> None:
    (tmp_path / "alias").symlink_to(loc)
    result = _extract(loc, "-o", tmp_path / output)
    _refused(result, "-o", str(loc))
    assert (loc / "item.md").read_text() == PAGE and (loc / "api" / "user.md").read_text() == PAGE
    assert not (loc / "new").exists()


def test_an_output_folder_holding_a_named_page_is_refused(loc: Path) -> None:
    result = _extract(loc / "item.md", "-o", loc)
    _refused(result, str(loc / "item.md"))
    assert (loc / "item.md").read_text() == PAGE


def test_two_pages_of_one_name_are_refused_naming_both(tmp_path: Path) -> None:
    first, second = write(tmp_path / "a" / "item.md", PAGE), write(tmp_path / "b" / "item.md", PAGE)
    result = _extract(first, second, "-o", tmp_path / "out")
    _refused(result, str(first), str(second), str(tmp_path / "out" / "item.md"))
    assert not (tmp_path / "out").exists()


def test_two_folders_with_a_page_at_the_same_place_are_refused(loc: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "other" / "api" / "user.md", PAGE)
    _refused(_extract(loc, tmp_path / "other", "-o", tmp_path / "out"), str(other))


def test_a_page_named_twice_is_written_once(loc: Path, tmp_path: Path) -> None:
    result = _extract(loc / "item.md", loc / "item.md", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["item.md"]


def test_a_name_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    first = write(tmp_path / "a\n::error::x" / "item.md", PAGE)
    second = write(tmp_path / "b" / "item.md", PAGE)
    result = _extract(first, second, "-o", tmp_path / "out")
    _refused(result, "a\\n::error::x")
