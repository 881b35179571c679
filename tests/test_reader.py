"""The page reader: exact bytes, the size limit, and what decoding reports."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from doclint.reader import PageProblem, decode, read_bytes


def test_reads_every_byte_of_a_page_larger_than_one_read(tmp_path: Path) -> None:
    data = ("line ☃\n" * 40_000).encode("utf-8")
    page = tmp_path / "big.md"
    page.write_bytes(data)
    assert read_bytes(page) == data


def test_a_file_whose_size_is_not_known_in_advance_is_read_to_its_end() -> None:
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs a Linux /proc file that reports size 0")
    assert b"Name:" in read_bytes(status)


def test_a_page_over_the_limit_is_a_problem(tmp_path: Path) -> None:
    page = tmp_path / "large.md"
    page.write_bytes(b"x" * 101)
    assert read_bytes(page, max_bytes=101) == b"x" * 101
    with pytest.raises(PageProblem, match="limit"):
        read_bytes(page, max_bytes=100)


@pytest.mark.parametrize(("data", "code"), [(b"", "DL008"), (b" \n\t\n", "DL008"), (b"a\x00b", "DL006"),
                                            (b"\xff\xfe", None), (b"caf\xe9", "DL007")])
def test_decode_names_what_is_wrong(data: bytes, code: str | None) -> None:
    result = decode(data)
    if code is None:  # a UTF-16 byte-order mark and nothing else: an empty UTF-16 page, not an error here
        assert result.encoding == "utf-16"
    else:
        assert result.text is None and result.problem is not None and result.problem.code == code


@pytest.mark.parametrize(("data", "newline"), [(b"a\r\nb\r\n", "\r\n"), (b"a\nb\n", "\n"), (b"a\rb\r", "\r")])
def test_decode_gives_lf_text_and_remembers_the_line_ends(data: bytes, newline: str) -> None:
    result = decode(data)
    assert result.text == "a\nb\n" and result.newline == newline


@pytest.mark.parametrize(("data", "same"), [(b"a\rb\r", True), (b"a\r\nb\r\n", True), (b"a\nb", True),
                                            (b"a\rb\n", False), (b"a\r\nb\n", False), (b"a\r\nb\rc", False)])
def test_only_a_page_with_one_kind_of_line_end_is_written_back_as_it_was(data: bytes, same: bool) -> None:
    # A CR-only page (old Mac line ends) was remembered as LF, so --fix called it "mixed line endings".
    from doclint.fix import encode

    stored = decode(data)
    assert stored.text is not None and (encode(stored.text, stored, data) == data) is same


@pytest.mark.parametrize("data", [codecs.BOM_UTF32_LE + "# Título\n".encode("utf-32-le"),
                                  codecs.BOM_UTF32_BE + "# Título\n".encode("utf-32-be")])
def test_utf32_with_a_byte_order_mark_is_named_not_read_as_utf16(data: bytes) -> None:
    # The UTF-32 little-endian mark starts with the UTF-16 one: the page was read as UTF-16, full of NULs.
    result = decode(data)
    assert result.text is None and result.problem is not None and result.problem.code == "DL007"
    assert "UTF-32" in result.problem.message
