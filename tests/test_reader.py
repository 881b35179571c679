"""The page reader: exact bytes, the size limit, and what decoding reports."""

from __future__ import annotations

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


@pytest.mark.parametrize(("data", "newline"), [(b"a\r\nb\r\n", "\r\n"), (b"a\nb\n", "\n"), (b"a\rb\r", "\n")])
def test_decode_gives_lf_text_and_remembers_the_line_ends(data: bytes, newline: str) -> None:
    result = decode(data)
    assert result.text == "a\nb\n" and result.newline == newline
