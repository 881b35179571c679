"""The body of a page split into blocks, line by line, a pair counting as part of one line.

Each line is classified by its first character after spaces and tabs, and only then by a regular
expression; a paragraph, list item or blockquote runs on over its continuation lines.  When no pair
runs across a line end (most pages), a logical line is a line, and blocks are made from the line
index directly.  Table rows are split into cells by :mod:`doclint.parse.tables`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import repeat
from operator import attrgetter

from doclint.finding import Problem
from doclint.page import Block, Cell, Pair
from doclint.parse.lines import Lines
from doclint.parse.pairs import render_both
from doclint.parse.tables import scan_cells, split_cells
from doclint.patterns import REFDEF_LINE as _REFDEF

# Possessive runs (``*+``): the plain ``[ \t]*(?:>[ \t]?)*[ \t]*`` reads a run of spaces in quadratically many
# ways before giving up on it; the spaces, tabs and '>' before the marker can be read only one way anyway.
_FENCE = re.compile(r"^([ \t]*+(?:>[ \t]?+)*+[ \t]*+)(`{3,}+|~{3,}+)[ \t]*([^`\s]*)")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]|$)")
_TAB = re.compile(r'^#[ \t]*+(?:<a\s+name="[^"]*"\s*>\s*</a>[ \t]*)?\[[^\]]*\]\(#tab/', re.IGNORECASE)
_INCLUDE = re.compile(r"^[ \t>]*\[!INCLUDE\b", re.IGNORECASE)
_HR = re.compile(r"^[ \t]{0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
_LIST = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"^[ \t]{0,3}>")
# ``[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$`` with every run possessive: each character of
# a separator line can be read only one way, and the plain form's choices (which run of spaces takes a
# space, which ':?' takes a colon) made a line like '-|  |  |  …x' take exponential time to refuse.
_TABLE_SEP = re.compile(r"^[ \t]*+(?:\|[ \t]*+)?:?+-++:?+[ \t]*+(?:\|[ \t]*+:?+-*+:?+[ \t]*+)*+\|?[ \t]*$")

_START = attrgetter("start")
_END = attrgetter("end")
_SOURCE = attrgetter("source")

#: First characters (after spaces and tabs) of the lines that can end a flow, besides digits.
_FLOW_BREAKERS = "`~>#[-*_+"


@lru_cache(maxsize=64)
def _fence_closer(marker: str) -> re.Pattern[str]:
    """The line that closes a fence opened by ``marker``: the same character, at least as many."""
    return re.compile(r"^[ \t>]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")


class BlockParser:
    """Splits the body into blocks, line by line, treating a pair as part of one line.

    Logical lines (physical lines, joined where a pair runs across a line end) are
    kept as parallel sequences: ``starts`` (offset of each), ``raws`` (its text; it
    ends at ``start + len(raw)``) and ``numbers`` (1-based line number of its start).

    ``plainly`` parses without the shortcuts, for the reference parse the quick one is tested against
    (:func:`doclint.parse.parse_page_plainly`): logical lines always joined, rows always split by
    :func:`~doclint.parse.tables.scan_cells`.
    """

    def __init__(self, text: str, offset: int, pairs: list[Pair], lines: Lines,
                 problems: list[Problem], plainly: bool = False) -> None:
        self.text = text
        self.pairs = pairs
        self.pair_starts = list(map(_START, pairs))
        self.lines = lines
        self.problems = problems
        self.starts: list[int]
        self.raws: list[str]
        self.numbers: range | list[int]
        self.joined: bool  # whether some logical line runs over several lines
        self.blocks: list[Block] = []
        self.table_count = 0
        # Whether no pair is an orphan (so the English side of a line holds what its pairs hold).
        self.no_orphans = None not in map(_SOURCE, pairs)
        self.plainly = plainly
        multi_line = plainly or any(map(text.count, repeat("\n"), self.pair_starts, map(_END, pairs)))
        self._logical_lines(offset, multi_line)

    def _logical_lines(self, offset: int, multi_line: bool) -> None:
        """Set the logical lines from the line holding ``offset`` on, joining lines a pair runs across."""
        text = self.text
        line_starts = self.lines.starts
        first = bisect_right(line_starts, offset) - 1
        if not multi_line:
            self.starts = line_starts[first:]
            self.raws = self.lines.pieces[first:]
            self.numbers = range(first + 1, len(line_starts) + 1)
            self.joined = False
            return
        find = text.find
        spanning = [pair for pair in self.pairs if find("\n", pair.start, pair.end) != -1]
        starts: list[int] = []
        raws: list[str] = []
        numbers: list[int] = []
        index = first
        count = len(line_starts)
        next_pair = 0  # the first spanning pair not yet passed: pairs are disjoint and in text order
        while index < count:
            start = line_starts[index]
            end = line_starts[index + 1] - 1 if index + 1 < count else len(text)
            stop = index
            while next_pair < len(spanning) and spanning[next_pair].start <= end:
                pair = spanning[next_pair]
                next_pair += 1
                if end < pair.end:
                    while stop + 1 < count and line_starts[stop + 1] <= pair.end - 1:
                        stop += 1
                    end = line_starts[stop + 1] - 1 if stop + 1 < count else len(text)
            starts.append(start)
            raws.append(text[start:end])
            numbers.append(index + 1)
            index = stop + 1
        self.starts, self.raws, self.numbers = starts, raws, numbers
        self.joined = True

    def _masked(self, index: int) -> str:
        """The raw line with each pair blanked out, so markup inside pairs never counts."""
        raw = self.raws[index]
        if not self.pairs:
            return raw
        pair_starts = self.pair_starts
        start = self.starts[index]
        low = bisect_left(pair_starts, start)
        high = bisect_left(pair_starts, start + len(raw), low)
        if low == high:
            return raw
        text = self.text
        parts = []
        position = start
        for pair in self.pairs[low:high]:
            parts.append(text[position : pair.start])
            parts.append("x" * (pair.end - pair.start))
            position = pair.end
        parts.append(text[position : start + len(raw)])
        return "".join(parts)

    def _block(self, kind: str, first: int, last: int, lang: str = "") -> Block:
        """A block of logical lines ``first`` to ``last``."""
        start = self.starts[first]
        raw = self.raws[last]
        end = self.starts[last] + len(raw)
        if self.joined:
            return self._span(kind, start, end, lang)
        # Each logical line is one line: the block ends on its last line unless that is empty
        # (then the offset before its end is the line end before it), and begins on its first.
        line = self.numbers[first]
        end_line = self.numbers[last] if raw or first == last else self.numbers[last] - 1
        return self._make(kind, line, end_line, start, end, lang)

    def _line(self, kind: str, index: int) -> None:
        """A block of one logical line that is not empty."""
        if self.joined:
            self._block(kind, index, index)
            return
        start = self.starts[index]
        number = self.numbers[index]
        self._make(kind, number, number, start, start + len(self.raws[index]))

    def _span(self, kind: str, start: int, end: int, lang: str = "") -> Block:
        """A block of ``text[start:end]``, wherever its lines are."""
        line_starts = self.lines.starts
        line = bisect_right(line_starts, start)
        end_line = bisect_right(line_starts, end - 1, line - 1) if end > start else line
        return self._make(kind, line, end_line, start, end, lang)

    def _make(self, kind: str, line: int, end_line: int, start: int, end: int, lang: str = "",
              cells: list[Cell] | None = None, header: tuple[str, ...] = (), row: int = -1,
              table: int = -1) -> Block:
        """Add the block of ``text[start:end]`` on lines ``line`` to ``end_line``, with its pairs and sides."""
        if self.pairs:
            pair_starts = self.pair_starts
            low = bisect_left(pair_starts, start)
            high = bisect_left(pair_starts, end, low)
            if low != high:
                pairs = self.pairs[low:high]
                source, target = render_both(self.text, start, end, pairs)
                block = Block(kind, line, end_line, start, end, source, target, lang, cells, header, row, table,
                              pairs)
                self.blocks.append(block)
                return block
        source = self.text[start:end]
        block = Block(kind, line, end_line, start, end, source, source, lang, cells, header, row, table, [])
        self.blocks.append(block)
        return block

    def parse(self) -> list[Block]:
        """The blocks of the body, in text order."""
        raws = self.raws
        count = len(raws)
        index = 0
        # Each pattern below can only match a line whose first character after spaces and
        # tabs is one of a few: testing that character first skips most regex calls.
        while index < count:
            raw = raws[index]
            if not raw:
                index += 1
                continue
            stripped = raw.strip()
            if not stripped or (stripped[0] == ">" and not stripped.lstrip("> \t")):
                index += 1
                continue
            char = raw.lstrip(" \t")[0]
            if char in "`~>":
                fence = _FENCE.match(raw)
                if fence:
                    index = self._fence(index, fence)
                    continue
            if stripped.startswith("<!--"):
                index = self._comment(index)
                continue
            if char == "#":
                if "(#" in raw and _TAB.match(raw):
                    self._line("tab", index)
                    index += 1
                    continue
                if _HEADING.match(raw):
                    self._line("heading", index)
                    index += 1
                    continue
            elif char == "[" or char == ">":
                if _INCLUDE.match(raw):
                    self._line("include", index)
                    index += 1
                    continue
                if char == "[" and _REFDEF.match(raw):
                    self._line("refdef", index)
                    index += 1
                    continue
            elif char in "-*_" and _HR.match(raw):
                self._line("rule", index)
                index += 1
                continue
            if "|" in raw and index + 1 < count and "-" in raws[index + 1] and _TABLE_SEP.match(raws[index + 1]) \
                    and (char == "|" or "|" in self._masked(index)):
                index = self._table(index)
            elif (char in "*+-" or char.isdecimal()) and _LIST.match(raw):
                index = self._flow("list_item", index)
            elif char == ">" and _QUOTE.match(raw):
                index = self._flow("blockquote", index)
            else:
                index = self._flow("paragraph", index)
        return self.blocks

    def _ends_flow(self, index: int, quote_ends: bool) -> bool:
        """Whether logical line ``index`` starts a new block rather than continuing a flow.

        ``quote_ends``: a blockquote line ends the flow too (it does unless the flow is a quote).
        """
        raw = self.raws[index]
        if not raw or not raw.strip() or raw.lstrip().startswith("<!--"):
            return True
        char = raw.lstrip(" \t")[0]
        if char in _FLOW_BREAKERS or char.isdecimal():
            return bool(
                _FENCE.match(raw)
                or _HEADING.match(raw)
                or _INCLUDE.match(raw)
                or _REFDEF.match(raw)
                or _HR.match(raw)
                or _LIST.match(raw)
                or (_QUOTE.match(raw) and (quote_ends or _QUOTE.sub("", raw, count=1).strip() == ""))
            )
        return False

    def _flow(self, kind: str, index: int) -> int:
        """A paragraph, list item or blockquote with its continuation lines.

        A comment that the pipeline joined onto the end of a line (``text<!-- {…} -->``)
        is split off into a block of its own, as it stands on its own line in English.
        """
        last = index
        raws = self.raws
        starts = self.starts
        count = len(raws)
        quote_ends = kind != "blockquote"
        while True:
            if "<!--" in raws[last]:
                comment = self._trailing_comment(last)
                if comment != -1:
                    text = self.text
                    start = starts[index]
                    text_end = comment
                    while text_end > start and text[text_end - 1] in " \t":
                        text_end -= 1
                    self._finish_flow(self._span(kind, start, text_end))
                    return self._comment(last, comment)
            if last + 1 >= count or self._ends_flow(last + 1, quote_ends):
                break
            last += 1
        start = starts[index]
        end = starts[last] + len(raws[last])
        if self.joined:
            block = self._span(kind, start, end)
        else:  # one logical line is one line, and none of a flow's is empty
            block = self._make(kind, self.numbers[index], self.numbers[last], start, end)
        if kind == "paragraph":
            self._finish_flow(block)
        return last + 1

    def _finish_flow(self, block: Block) -> None:
        """Make a paragraph that is one reference-link definition a ``refdef`` block."""
        if block.kind == "paragraph" and "]:" in block.source:
            source = block.source.strip()
            if "\n" not in source and _REFDEF.match(source):
                block.kind = "refdef"  # a definition the pipeline wrapped in a pair

    def _trailing_comment(self, index: int) -> int:
        """Offset of a ``<!--`` that follows text on the line, outside pairs; else -1."""
        masked = self._masked(index)
        position = masked.find("<!--")
        if position <= 0 or not masked[:position].strip():
            return -1
        return self.starts[index] + position

    def _fence(self, index: int, opening: re.Match[str]) -> int:
        """The code fence opened on logical line ``index``; the index of the line after it."""
        marker = opening.group(2)
        closing = _fence_closer(marker)
        raws = self.raws
        starts = self.starts
        count = len(raws)
        # Only a line holding the marker can close the fence: jump from one occurrence to the next.
        last = count
        if index + 1 < count:
            find = self.text.find
            position = starts[index + 1]
            while True:
                hit = find(marker, position)
                if hit == -1:
                    break
                line = bisect_right(starts, hit, index + 1) - 1
                if closing.match(raws[line]):
                    last = line
                    break
                if line + 1 >= count:
                    break
                position = starts[line + 1]
        if last >= count:
            self.problems.append(
                Problem("DL003", self.numbers[index], 1, f"code fence {marker}{opening.group(3)} is never closed")
            )
            last = count - 1
        self._block("fence", index, last, lang=opening.group(3).lower())
        return last + 1

    def _comment(self, index: int, start: int = -1) -> int:
        """The HTML comment from line ``index`` (or offset ``start`` on it); the index of the line after it."""
        count = len(self.raws)
        starts = self.starts
        start = starts[index] if start == -1 else start
        closing = self.text.find("-->", start)
        if closing == -1:
            self.problems.append(
                Problem("DL003", self.numbers[index], 1, "HTML comment '<!--' is never closed")
            )
            last = count - 1
        else:
            # The first line from ``index`` on whose end is at or after the '-->': lines are
            # contiguous, so a line ends at or after it exactly when the next one starts after it.
            last = min(max(index, bisect_right(starts, closing, index) - 1), count - 1)
        end = starts[last] + len(self.raws[last])
        inner = self.text[start:end].strip()[4:].lstrip()
        self._span("annotation" if inner.startswith("{") else "comment", start, end)
        return last + 1

    def _table(self, index: int) -> int:
        """The table whose header row is line ``index``; the index of the line after it."""
        raws = self.raws
        count = len(raws)
        table = self.table_count
        self.table_count += 1
        header_row = self._row(index, (), 0, table)
        header = tuple(map(_SOURCE, header_row.cells))  # type: ignore[arg-type]
        header_row.header = header
        number = self.numbers[index + 1]
        if self.joined:
            self._block("table_sep", index + 1, index + 1)
            separator = self.blocks[-1]
        else:
            separator = self._make("table_sep", number, number, self.starts[index + 1],
                                   self.starts[index + 1] + len(raws[index + 1]))
        separator.table = table
        separator.header = header
        last = index + 2
        row = 1
        while last < count:
            raw = raws[last]
            if not raw or "|" not in raw or not raw.strip() or raw.lstrip().startswith("<!--"):
                break
            # A pipe first on the line is outside the pairs (a pair begins with '<').
            char = raw.lstrip(" \t")[0]
            if char in "`~>" and _FENCE.match(raw):
                break
            if char != "|" and "|" not in self._masked(last):
                break
            self._row(last, header, row, table)
            row += 1
            last += 1
        return last

    def _row(self, index: int, header: tuple[str, ...], row: int, table: int) -> Block:
        """The table row on logical line ``index``, with its cells."""
        raw = self.raws[index]
        start = self.starts[index]
        end = start + len(raw)
        if self.joined:
            line_starts = self.lines.starts
            line = bisect_right(line_starts, start)
            end_line = bisect_right(line_starts, end - 1, line - 1)
        else:  # the line holds a pipe, so it is not empty
            line = end_line = self.numbers[index]
        block = self._make("table_row", line, end_line, start, end, "", None, header, row, table)
        pairs = block.pairs
        if self.plainly:
            block.cells = scan_cells(self.text, start, self._masked(index), pairs)
            return block
        cells = None
        if not pairs:
            if "\\" not in raw:
                pieces = raw.split("|")
                cells = split_cells(pieces, pieces, pieces, pieces)
        elif self.no_orphans and "\\" not in raw:
            pieces = raw.split("|")
            sources = block.source.split("|")
            targets = block.target.split("|")
            # As many pipes raw as on each side means no pair holds one (a pair holds its
            # target and its source): every pipe is a cell boundary.  A piece holding a pair
            # is not blank, raw or blanked out, so either tells which edge pieces are no cells.
            if len(pieces) == len(sources) == len(targets):
                cells = split_cells(pieces, pieces, sources, targets)
        if cells is None:
            masked = self._masked(index)
            if "\\" not in masked:
                pieces = masked.split("|")
                raw_pieces = raw.split("|")
                sources = block.source.split("|")
                targets = block.target.split("|")
                if len(raw_pieces) == len(sources) == len(targets) == len(pieces):
                    cells = split_cells(pieces, raw_pieces, sources, targets)
            if cells is None:
                cells = scan_cells(self.text, self.starts[index], masked, pairs)
        block.cells = cells
        return block
