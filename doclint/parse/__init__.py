"""The parser: page text in, :class:`~doclint.page.Page` out, in one pass per stage.

Stages, each a module: :mod:`~doclint.parse.front_matter` (``key: value`` lines),
:mod:`~doclint.parse.pairs` (bilingual pairs with exact offsets), :mod:`~doclint.parse.blocks`
(the body's blocks, with :mod:`~doclint.parse.tables` splitting table rows into cells), over the
line starts of :mod:`~doclint.parse.lines`.  The parser never raises on bad input: what it cannot
make sense of becomes a :class:`~doclint.finding.Problem` on the page, and parsing goes on.

Each stage takes shortcuts for the usual page; :func:`parse_page_plainly` parses without any of them,
the reference the quick parse is tested against on generated pages and on every page of the corpus
(tests/test_fast_paths.py).

A handful of regular expressions rather than an HTML or Markdown library: a bilingual page is
Markdown with one fixed span pattern, and every finding must point at an exact line and column.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from doclint.finding import Problem
from doclint.page import Page
from doclint.parse.blocks import BlockParser
from doclint.parse.front_matter import parse_front_matter
from doclint.parse.lines import Lines
from doclint.parse.pairs import scan_pairs, scan_pairs_plainly
from doclint.reader import read_page_and_bytes

__all__ = ["parse_file", "parse_page", "parse_page_plainly"]


def parse_file(path: Path) -> tuple[Page | None, Problem | None, bytes | None]:
    """The page at ``path`` read and parsed, or why it could not be read; and the bytes it was read as
    (``None`` when the file could not be read)."""
    text, data = read_page_and_bytes(path)
    if text.text is None:
        return None, text.problem, data
    return parse_page(text.text), None, data


def parse_page(text: str) -> Page:
    """Parse a page (bilingual or English) given as text with LF line ends."""
    problems: list[Problem] = []
    lines = Lines(text)
    front_matter, body_offset = parse_front_matter(text, problems)
    pairs = scan_pairs(text, body_offset, lines, problems)
    blocks = BlockParser(text, body_offset, pairs, lines, problems).parse()
    body_line = bisect_right(lines.starts, body_offset)
    return Page(text, front_matter, body_line, pairs, blocks, problems, lines.starts)


def parse_page_plainly(text: str) -> Page:
    """:func:`parse_page` without its shortcuts: slower, and the same page."""
    problems: list[Problem] = []
    lines = Lines(text)
    front_matter, body_offset = parse_front_matter(text, problems, plainly=True)
    pairs = scan_pairs_plainly(text, body_offset, lines, problems) if "data-ttu-id" in text else []
    blocks = BlockParser(text, body_offset, pairs, lines, problems, plainly=True).parse()
    body_line = bisect_right(lines.starts, body_offset)
    return Page(text, front_matter, body_line, pairs, blocks, problems, lines.starts)
