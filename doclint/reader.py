"""Read a page's bytes into text without ever raising: bad bytes become a problem."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from doclint.finding import Problem

#: Pages larger than this are reported and skipped: no docs page is this big.
MAX_PAGE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's text (LF line ends, no BOM) and how it was stored, or the problem reading it."""

    text: str | None
    problem: Problem | None = None
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"


def _unreadable(message: str, line: int = 1, code: str = "DL001") -> PageText:
    return PageText(None, Problem(code, line, 1, message))


def decode(data: bytes) -> PageText:
    """Decode page bytes: UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is a problem."""
    if not data or data.isspace():
        return _unreadable("the page is empty", code="DL008")
    encoding, bom = "utf-8", False
    # before UTF-16: the UTF-32 little-endian mark starts with the UTF-16 one
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _unreadable("the page is UTF-32 (it starts with a UTF-32 byte-order mark); save it as UTF-8",
                           code="DL007")
    if data.startswith(codecs.BOM_UTF8):
        data, bom = data[3:], True
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, bom = "utf-16", True
    if encoding == "utf-8" and data.find(b"\x00", 0, 8192) != -1:
        if _utf16_without_bom(data[:8192]):
            return _unreadable("the page looks like UTF-16 without a byte-order mark; save it as UTF-8",
                               code="DL007")
        return _unreadable("the page is binary (it holds NUL bytes), not text", code="DL006")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _unreadable(f"the page is not valid {encoding.upper()} (byte 0x{data[error.start]:02x} "
                           f"at offset {error.start}); save it as UTF-8", line, code="DL007")
    if encoding == "utf-16":
        text = text.lstrip("\ufeff")
    newline = "\n"
    if "\r" in text:
        newline = _line_end(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return PageText(text, None, encoding, bom, newline)


def _line_end(text: str) -> str:
    """The line end of a text holding a CR: CR when no line ends otherwise (old Mac files), else CRLF
    (or LF, for CR mixed with LF); a page that mixes them cannot be written back as it is stored."""
    if "\r\n" in text:
        return "\r\n"
    return "\n" if "\n" in text else "\r"


def _utf16_without_bom(head: bytes) -> bool:
    """Whether NUL bytes sit on every other byte, as in ASCII text stored as UTF-16."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return len(head) >= 4 and max(even, odd) >= 0.4 * len(head) / 2 and min(even, odd) <= 0.05 * len(head) / 2


class PageProblem(Exception):
    """Why a file could not be read as a page (not regular, too large, an OS error)."""


class FileProblem(Exception):
    """Why a file could not be read: ``reason`` says it without naming the file (``is not a regular file``,
    ``cannot be read: …``); ``error`` is the OS error behind it, if any."""

    def __init__(self, reason: str, error: OSError | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error


def read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or a :class:`FileProblem` saying why not.

    The file is opened without blocking and checked on its descriptor, so a FIFO or device (or one
    swapped in after a check, or a link to one) can never make the run hang or read without end.
    Pages, the result cache, baselines and config files are all read through here.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise FileProblem(f"cannot be read: {error.strerror or error}", error) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("is not a regular file (a folder, pipe or device)")
        if info.st_size > max_bytes:
            raise FileProblem(f"is {info.st_size / 1048576:.1f} MiB, over the {max_bytes // 1048576} MiB limit")
        # Raw reads sized by fstat: a buffered read(max_bytes) would allocate the whole limit per page.
        parts, total, size = [], 0, min(info.st_size, max_bytes) + 1
        while total <= max_bytes:  # bounded: the file may grow after fstat
            part = os.read(descriptor, size)
            if not part:
                break
            parts.append(part)
            total += len(part)
            size = 65536
    except OSError as error:
        raise FileProblem(f"cannot be read: {error.strerror or error}", error) from None
    finally:
        os.close(descriptor)
    if total > max_bytes:
        raise FileProblem(f"is over the {max_bytes // 1048576} MiB limit")
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> bytes:
    """The bytes of a page (a regular file of at most ``max_bytes``), or a :class:`PageProblem` saying why not."""
    try:
        return read_file(path, max_bytes)
    except FileProblem as problem:
        if problem.error is not None:
            raise PageProblem(f"cannot read the page: {problem.error.strerror or problem.error}") from None
        raise PageProblem(f"the page {problem.reason}; skipped") from None


def read_bytes_or_none(path: Path) -> bytes | None:
    """:func:`read_bytes`, with ``None`` for a file that cannot be read as a page."""
    try:
        return read_bytes(path)
    except PageProblem:
        return None


def read_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> PageText:
    """Read and decode one page; an unreadable, oversized, non-regular or undecodable file is a problem."""
    return read_page_and_bytes(path, max_bytes)[0]


def read_page_and_bytes(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> tuple[PageText, bytes | None]:
    """:func:`read_page`, with the bytes it decoded (``None`` when the file could not be read)."""
    try:
        data = read_bytes(path, max_bytes)
    except PageProblem as problem:
        return _unreadable(str(problem)), None
    return decode(data), data
