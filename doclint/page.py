"""The page model and its parser.

A page is read once into: front matter, bilingual pairs (translated text and
English text with ids, line and column), and a flat list of blocks (headings,
paragraphs, list items, blockquotes, table rows, code fences, HTML comments and
annotations, includes, tab headers, reference-link definitions).  Every block
knows its English side (each pair replaced by its English text) and its
translated side, so an English page and a bilingual page parse the same way and
can be aligned block by block.

The parser never raises on bad input: what it cannot make sense of becomes a
:class:`Problem` on the page, and parsing goes on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

#: Front-matter keys the localization pipeline adds to a translated page.
LOCALIZATION_KEYS = frozenset(
    {
        "ms.openlocfilehash",
        "ms.sourcegitcommit",
        "ms.translationtype",
        "ms.contentlocale",
        "ms.lasthandoff",
        "ms.locfileid",
    }
)

_TTU_OPEN = re.compile(r'<span data-ttu-id="([^"]*)"\s*>')
_SIMPLE_PAIR = re.compile(
    r'<span data-ttu-id="([^"]*)">([^<]*)</span>'
    r'<span class="sxs-lookup"><span data-stu-id="([^"]*)">([^<]*)</span></span>'
)
_SPAN_TOKEN = re.compile(r'<span\b[^>]*>|</span>|\n[ \t]*\n')
_LOOKUP_OPEN = re.compile(r'[ \t]*<span class="sxs-lookup">[ \t]*<span data-stu-id="([^"]*)"\s*>')
_LOOKUP_CLOSE = re.compile(r"[ \t]*</span>")
_ORPHAN_LOOKUP = re.compile(r'<span class="sxs-lookup">')

_FENCE = re.compile(r"^([ \t]*(?:>[ \t]?)*[ \t]*)(`{3,}|~{3,})[ \t]*([^`\s]*)")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]|$)")
_TAB = re.compile(r'^#[ \t]*(?:<a\s+name="[^"]*"\s*>\s*</a>)?[ \t]*\[[^\]]*\]\(#tab/', re.IGNORECASE)
_INCLUDE = re.compile(r"^[ \t>]*\[!INCLUDE\b", re.IGNORECASE)
_REFDEF = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*(\S+)")
_HR = re.compile(r"^[ \t]{0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
_LIST = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"^[ \t]{0,3}>")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$")
_PIPE_OR_ESCAPE = re.compile(r"\\.|\|", re.DOTALL)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.\-]*)[ \t]*:[ \t]*(.*)$")


@dataclass(slots=True)
class Pair:
    """One translated segment and its English twin.

    ``start``/``end`` are offsets of the whole construct in :attr:`Page.text`;
    ``target_start`` is where the translated text begins (for columns and fixes).
    ``source_id``/``source`` are ``None`` for an orphan translated span.
    """

    target_id: str
    source_id: str | None
    target: str
    source: str | None
    start: int
    end: int
    target_start: int
    line: int
    column: int


@dataclass(slots=True)
class Problem:
    """Something the parser could not read as intended, reported as a finding."""

    code: str
    line: int
    column: int
    message: str


@dataclass(slots=True)
class Cell:
    """One table cell: raw text and both sides, with its 1-based column on the line."""

    raw: str
    source: str
    target: str
    column: int


@dataclass(slots=True)
class Block:
    """One block of a page, with its English (``source``) and translated (``target``) text.

    Lines are 1-based and inclusive.  Table rows carry their cells, their row
    index (0 is the header row) and the English header texts of their table;
    fences carry their info-string language.
    """

    kind: str
    line: int
    end_line: int
    start: int
    end: int
    source: str
    target: str
    lang: str = ""
    cells: list[Cell] | None = None
    header: tuple[str, ...] = ()
    row: int = -1
    table: int = -1
    pairs: list[Pair] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    """A parsed page: its text (LF line ends, no BOM), front matter, pairs, blocks, problems."""

    text: str
    front_matter: dict[str, str]
    body_line: int
    pairs: list[Pair]
    blocks: list[Block]
    problems: list[Problem]

    @property
    def bilingual(self) -> bool:
        """Whether the page holds translated pairs (an English page holds none)."""
        return bool(self.pairs)


class _Lines:
    """Offsets of line starts, for turning offsets into 1-based line and column."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = find("\n", pos + 1)

    def locate(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def parse_page(text: str) -> Page:
    """Parse a page (bilingual or English) given as text with LF line ends."""
    problems: list[Problem] = []
    lines = _Lines(text)
    front_matter, body_offset = _front_matter(text, problems)
    pairs = _scan_pairs(text, body_offset, lines, problems)
    blocks = _BlockParser(text, body_offset, pairs, lines, problems).parse()
    body_line = lines.locate(body_offset)[0]
    return Page(text, front_matter, body_line, pairs, blocks, problems)


def _front_matter(text: str, problems: list[Problem]) -> tuple[dict[str, str], int]:
    """Read ``---``-delimited front matter tolerantly: key: value lines, quotes stripped."""
    if not (text.startswith("---\n") or text.startswith("--- \n")):
        return {}, 0
    close = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if close is None:
        problems.append(Problem("DL002", 1, 1, "front matter is not closed by a '---' line"))
        return {}, 0
    values: dict[str, str] = {}
    block = text[4 : 4 + close.start()]
    for number, line in enumerate(block.split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in " \t-":
            continue
        match = _FRONT_KEY.match(line)
        if match is None:
            problems.append(
                Problem("DL002", number, 1, f"front matter line is not 'key: value': {line.strip()[:60]!r}")
            )
            continue
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[match.group(1)] = value
    end = 4 + close.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return values, end


def _close_span(text: str, pos: int) -> int:
    """Offset of the ``</span>`` that closes a span opened just before ``pos``, or -1.

    Nested spans are counted; a blank line or the start of another pair means
    the span was never closed (a truncated pair).
    """
    depth = 1
    for token in _SPAN_TOKEN.finditer(text, pos):
        value = token.group()
        if value == "</span>":
            depth -= 1
            if depth == 0:
                return token.start()
        elif value.startswith("<span"):
            if value.startswith("<span data-ttu-id=") or value.startswith('<span class="sxs-lookup"'):
                return -1
            depth += 1
        else:
            return -1
    return -1


def _scan_pairs(text: str, offset: int, lines: _Lines, problems: list[Problem]) -> list[Pair]:
    """Find every bilingual pair in the body; broken ones become problems."""
    pairs: list[Pair] = []
    position = offset
    if "data-ttu-id" not in text:
        return pairs
    while True:
        opening = _TTU_OPEN.search(text, position)
        if opening is None:
            break
        start = opening.start()
        line, column = lines.locate(start)
        simple = _SIMPLE_PAIR.match(text, start)
        if simple is not None:
            pairs.append(
                Pair(simple.group(1), simple.group(3), simple.group(2), simple.group(4),
                     start, simple.end(), opening.end(), line, column)
            )
            position = simple.end()
            continue
        target_id = opening.group(1)
        target_end = _close_span(text, opening.end())
        if target_end == -1:
            problems.append(
                Problem("DL005", line, column, f"pair {target_id}: the translated span is never closed")
            )
            position = opening.end()
            continue
        target = text[opening.end() : target_end]
        after = target_end + len("</span>")
        lookup = _LOOKUP_OPEN.match(text, after)
        if lookup is None:
            pairs.append(Pair(target_id, None, target, None, start, after, opening.end(), line, column))
            position = after
            continue
        source_end = _close_span(text, lookup.end())
        closing = _LOOKUP_CLOSE.match(text, source_end + 7) if source_end != -1 else None
        if closing is None:
            problems.append(
                Problem("DL005", line, column, f"pair {target_id}: the English span is never closed")
            )
            position = lookup.end()
            continue
        pairs.append(
            Pair(target_id, lookup.group(1), target, text[lookup.end() : source_end],
                 start, closing.end(), opening.end(), line, column)
        )
        position = closing.end()
    return pairs


def render(text: str, start: int, end: int, pairs: list[Pair], side: str) -> str:
    """The text of ``text[start:end]`` with each pair in it replaced by one side.

    ``side`` is ``"source"`` (the English) or ``"target"`` (the translation).
    An orphan translated span renders as its translated text on both sides.
    """
    if not pairs:
        return text[start:end]
    parts: list[str] = []
    position = start
    for pair in pairs:
        if pair.start < position or pair.end > end:
            continue
        parts.append(text[position : pair.start])
        if side == "source" and pair.source is not None:
            parts.append(pair.source)
        else:
            parts.append(pair.target)
        position = pair.end
    parts.append(text[position:end])
    return "".join(parts)


class _BlockParser:
    """Splits the body into blocks, line by line, treating a pair as part of one line."""

    def __init__(self, text: str, offset: int, pairs: list[Pair], lines: _Lines,
                 problems: list[Problem]) -> None:
        self.text = text
        self.pairs = pairs
        self.pair_starts = [pair.start for pair in pairs]
        self.lines = lines
        self.problems = problems
        self.logical = self._logical_lines(offset)
        self.blocks: list[Block] = []
        self.table_count = 0

    def _logical_lines(self, offset: int) -> list[tuple[int, int, int]]:
        """(start, end, line number) of each line, joining lines a pair runs across."""
        text = self.text
        result: list[tuple[int, int, int]] = []
        starts = self.lines.starts
        first = bisect.bisect_right(starts, offset) - 1
        multi_line = [pair for pair in self.pairs if "\n" in text[pair.start : pair.end]]
        index = first
        count = len(starts)
        while index < count:
            start = starts[index]
            end = starts[index + 1] - 1 if index + 1 < count else len(text)
            stop = index
            for pair in multi_line:
                if pair.start <= end < pair.end:
                    while stop + 1 < count and starts[stop + 1] <= pair.end - 1:
                        stop += 1
                    end = starts[stop + 1] - 1 if stop + 1 < count else len(text)
            result.append((start, end, index + 1))
            index = stop + 1
        return result

    def _pairs_in(self, start: int, end: int) -> list[Pair]:
        low = bisect.bisect_left(self.pair_starts, start)
        high = bisect.bisect_left(self.pair_starts, end)
        return self.pairs[low:high]

    def _block(self, kind: str, first: int, last: int, **extra: object) -> Block:
        return self._span(kind, self.logical[first][0], self.logical[last][1], **extra)

    def _span(self, kind: str, start: int, end: int, **extra: object) -> Block:
        pairs = self._pairs_in(start, end)
        source = render(self.text, start, end, pairs, "source")
        target = render(self.text, start, end, pairs, "target") if pairs else source
        line = self.lines.locate(start)[0]
        end_line = self.lines.locate(end - 1)[0] if end > start else line
        block = Block(kind, line, end_line, start, end, source, target,
                      pairs=pairs, **extra)  # type: ignore[arg-type]
        self.blocks.append(block)
        return block

    def _raw(self, index: int) -> str:
        start, end, _ = self.logical[index]
        return self.text[start:end]

    def _masked(self, index: int) -> str:
        """The raw line with each pair blanked out, so markup inside pairs never counts."""
        start, end, _ = self.logical[index]
        pairs = self._pairs_in(start, end)
        if not pairs:
            return self.text[start:end]
        parts = []
        position = start
        for pair in pairs:
            parts.append(self.text[position : pair.start])
            parts.append("x" * (pair.end - pair.start))
            position = pair.end
        parts.append(self.text[position:end])
        return "".join(parts)

    def parse(self) -> list[Block]:
        count = len(self.logical)
        index = 0
        while index < count:
            raw = self._raw(index)
            stripped = raw.strip()
            if not stripped or (stripped[0] == ">" and not stripped.lstrip("> \t")):
                index += 1
                continue
            fence = _FENCE.match(raw)
            if fence:
                index = self._fence(index, fence)
            elif stripped.startswith("<!--"):
                index = self._comment(index)
            elif _TAB.match(raw):
                self._block("tab", index, index)
                index += 1
            elif _HEADING.match(raw):
                self._block("heading", index, index)
                index += 1
            elif _INCLUDE.match(raw):
                self._block("include", index, index)
                index += 1
            elif _REFDEF.match(raw):
                self._block("refdef", index, index)
                index += 1
            elif _HR.match(raw):
                self._block("rule", index, index)
                index += 1
            elif index + 1 < count and "|" in self._masked(index) and _TABLE_SEP.match(self._raw(index + 1)) \
                    and "-" in self._raw(index + 1):
                index = self._table(index)
            elif _LIST.match(raw):
                index = self._flow("list_item", index)
            elif _QUOTE.match(raw):
                index = self._flow("blockquote", index)
            else:
                index = self._flow("paragraph", index)
        return self.blocks

    def _starts_block(self, index: int) -> bool:
        raw = self._raw(index)
        return bool(
            not raw.strip()
            or _FENCE.match(raw)
            or raw.lstrip().startswith("<!--")
            or _HEADING.match(raw)
            or _INCLUDE.match(raw)
            or _REFDEF.match(raw)
            or _HR.match(raw)
            or _LIST.match(raw)
            or (_QUOTE.match(raw) and _QUOTE.sub("", raw, count=1).strip() == "")
        )

    def _flow(self, kind: str, index: int) -> int:
        """A paragraph, list item or blockquote with its continuation lines.

        A comment that the pipeline joined onto the end of a line (``text<!-- {…} -->``)
        is split off into a block of its own, as it stands on its own line in English.
        """
        last = index
        count = len(self.logical)
        while True:
            comment = self._trailing_comment(last)
            if comment != -1:
                text_end = comment
                while text_end > self.logical[index][0] and self.text[text_end - 1] in " \t":
                    text_end -= 1
                self._finish_flow(kind, self.logical[index][0], text_end)
                return self._comment(last, comment)
            if last + 1 >= count or self._starts_block(last + 1):
                break
            if kind != "blockquote" and _QUOTE.match(self._raw(last + 1)):
                break
            last += 1
        self._finish_flow(kind, self.logical[index][0], self.logical[last][1])
        return last + 1

    def _finish_flow(self, kind: str, start: int, end: int) -> None:
        block = self._span(kind, start, end)
        if kind == "paragraph" and "\n" not in block.source.strip() and _REFDEF.match(block.source.strip()):
            block.kind = "refdef"  # a definition the pipeline wrapped in a pair

    def _trailing_comment(self, index: int) -> int:
        """Offset of a ``<!--`` that follows text on the line, outside pairs; else -1."""
        masked = self._masked(index)
        position = masked.find("<!--")
        if position <= 0 or not masked[:position].strip():
            return -1
        return self.logical[index][0] + position

    def _fence(self, index: int, opening: re.Match[str]) -> int:
        marker = opening.group(2)
        closing = re.compile(r"^[ \t>]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
        count = len(self.logical)
        last = index + 1
        while last < count and not closing.match(self._raw(last)):
            last += 1
        if last >= count:
            start, _, line = self.logical[index]
            self.problems.append(
                Problem("DL003", line, 1, f"code fence {marker}{opening.group(3)} is never closed")
            )
            last = count - 1
        self._block("fence", index, last, lang=opening.group(3).lower())
        return last + 1

    def _comment(self, index: int, start: int = -1) -> int:
        count = len(self.logical)
        start = self.logical[index][0] if start == -1 else start
        closing = self.text.find("-->", start)
        if closing == -1:
            self.problems.append(
                Problem("DL003", self.logical[index][2], 1, "HTML comment '<!--' is never closed")
            )
            last = count - 1
        else:
            last = index
            while last + 1 < count and self.logical[last][1] < closing:
                last += 1
        inner = self.text[start : self.logical[last][1]].strip()[4:].lstrip()
        self._span("annotation" if inner.startswith("{") else "comment", start, self.logical[last][1])
        return last + 1

    def _table(self, index: int) -> int:
        count = len(self.logical)
        table = self.table_count
        self.table_count += 1
        header_block = self._block("table_row", index, index, row=0, table=table)
        header_block.cells = self._cells(index)
        header = tuple(cell.source.strip() for cell in header_block.cells)
        header_block.header = header
        self._block("table_sep", index + 1, index + 1, table=table, header=header)
        last = index + 2
        row = 1
        while last < count:
            raw = self._raw(last)
            if not raw.strip() or "|" not in self._masked(last) or _FENCE.match(raw) \
                    or raw.lstrip().startswith("<!--"):
                break
            block = self._block("table_row", last, last, row=row, table=table, header=header)
            block.cells = self._cells(last)
            row += 1
            last += 1
        return last

    def _cells(self, index: int) -> list[Cell]:
        """Split a table line on the pipes outside pairs and not escaped."""
        start, end, line = self.logical[index]
        masked = self._masked(index)
        text = self.text
        # A backslash escapes the character after it (a pipe included), scanning left to right.
        bounds = [match.start() for match in _PIPE_OR_ESCAPE.finditer(masked) if match.group() == "|"]
        edges = [-1, *bounds, len(masked)]
        cells: list[Cell] = []
        line_start = self.lines.starts[line - 1]
        for left, right in zip(edges, edges[1:]):
            cell_start, cell_end = start + left + 1, start + right
            if left == -1 and not masked[:right].strip():
                continue
            if right == len(masked) and left != -1 and not masked[left + 1 :].strip():
                continue
            pairs = self._pairs_in(cell_start, cell_end)
            source = render(text, cell_start, cell_end, pairs, "source")
            target = render(text, cell_start, cell_end, pairs, "target") if pairs else source
            raw_cell = text[cell_start:cell_end]
            lead = len(raw_cell) - len(raw_cell.lstrip())
            column = cell_start + lead - line_start + 1
            cells.append(Cell(raw_cell, source.strip(), target.strip(), column))
        return cells
