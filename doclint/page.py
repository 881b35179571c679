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

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, attrgetter, mul, sub

from doclint.finding import Problem

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

# The opening of a translated span; when the whole pair is simple (no markup inside either
# side) the first branch matches all of it, filling groups 2-4, else the second ends at '>'.
_PAIR_OPEN = re.compile(
    r'<span data-ttu-id="([^"]*)"'
    r'(?:>([^<]*)</span><span class="sxs-lookup"><span data-stu-id="([^"]*)">([^<]*)</span></span>'
    r'|\s*>)'
)
_TTU_PREFIX = '<span data-ttu-id="'
# A pair with no markup inside either side, all of it; its markup (all but the groups) is
# _SIMPLE_MARKUP characters long.
_SIMPLE_PAIR = re.compile(
    r'<span data-ttu-id="([^"]*)">([^<]*)</span>'
    r'<span class="sxs-lookup"><span data-stu-id="([^"]*)">([^<]*)</span></span>'
)
_SIMPLE_MARKUP = len('<span data-ttu-id="">') + len('</span><span class="sxs-lookup"><span data-stu-id="">') \
    + len("</span></span>")
# What _close_span looks at: a '<span' (a tag when a '>' follows), a '</span>', a blank line.
_SPAN_MARK = re.compile(r'<span\b|</span>|\n[ \t]*\n')
_LOOKUP_OPEN = re.compile(r'[ \t]*<span class="sxs-lookup">[ \t]*<span data-stu-id="([^"]*)"\s*>')
_LOOKUP_CLOSE = re.compile(r"[ \t]*</span>")
_ORPHAN_LOOKUP = re.compile(r'<span class="sxs-lookup">')

# Possessive runs (``*+``): the plain ``[ \t]*(?:>[ \t]?)*[ \t]*`` reads a run of spaces in quadratically many
# ways before giving up on it; the spaces, tabs and '>' before the marker can be read only one way anyway.
_FENCE = re.compile(r"^([ \t]*+(?:>[ \t]?+)*+[ \t]*+)(`{3,}+|~{3,}+)[ \t]*([^`\s]*)")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]|$)")
_TAB = re.compile(r'^#[ \t]*+(?:<a\s+name="[^"]*"\s*>\s*</a>[ \t]*)?\[[^\]]*\]\(#tab/', re.IGNORECASE)
_INCLUDE = re.compile(r"^[ \t>]*\[!INCLUDE\b", re.IGNORECASE)
_REFDEF = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*(\S+)")
_HR = re.compile(r"^[ \t]{0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
_LIST = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"^[ \t]{0,3}>")
# ``[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$`` with every run possessive: each character of
# a separator line can be read only one way, and the plain form's choices (which run of spaces takes a
# space, which ':?' takes a colon) made a line like '-|  |  |  …x' take exponential time to refuse.
_TABLE_SEP = re.compile(r"^[ \t]*+(?:\|[ \t]*+)?:?+-++:?+[ \t]*+(?:\|[ \t]*+:?+-*+:?+[ \t]*+)*+\|?[ \t]*$")
_PIPE_OR_ESCAPE = re.compile(r"\\.|\|", re.DOTALL)
# A '---' or '...' line, matched from the line end before it: a literal first character lets
# the search skip ahead, where a '^' in MULTILINE mode makes it try every offset.
_FRONT_CLOSE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
_START = attrgetter("start")
_END = attrgetter("end")
_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
#: First characters (after spaces and tabs) of the lines that can end a flow, besides digits.
_FLOW_BREAKERS = "`~>#[-*_+"
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.\-]*)[ \t]*:[ \t]*+(.*)$")
_FRONT_KEYS = re.compile(_FRONT_KEY.pattern, re.MULTILINE)


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
    #: Offsets of the line starts (the parser's; made on first use for a page built otherwise).
    line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    @property
    def bilingual(self) -> bool:
        """Whether the page holds translated pairs (an English page holds none)."""
        return bool(self.pairs)

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset`` in :attr:`text` (a bisection, not a count from the start)."""
        if not self.line_starts:
            self.line_starts = _Lines(self.text).starts
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1


class _Lines:
    """Offsets of line starts, for turning offsets into 1-based line and column.

    ``pieces`` holds the text split on LF, so that ``pieces[i]`` is line ``i + 1``
    without its line end.
    """

    __slots__ = ("starts", "pieces")

    def __init__(self, text: str) -> None:
        pieces = text.split("\n")
        self.pieces = pieces
        # starts[i] = sum of (len(line) + 1) over the lines before line i, computed in C:
        # the running sum of the lengths plus the number of line ends passed.
        self.starts = list(map(add, accumulate(map(len, pieces), initial=0), range(len(pieces))))

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``."""
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def parse_page(text: str) -> Page:
    """Parse a page (bilingual or English) given as text with LF line ends."""
    problems: list[Problem] = []
    lines = _Lines(text)
    front_matter, body_offset = _front_matter(text, problems)
    pairs = _scan_pairs(text, body_offset, lines, problems)
    blocks = _BlockParser(text, body_offset, pairs, lines, problems).parse()
    body_line = bisect_right(lines.starts, body_offset)
    return Page(text, front_matter, body_line, pairs, blocks, problems, lines.starts)


def _front_matter(text: str, problems: list[Problem]) -> tuple[dict[str, str], int]:
    """Read ``---``-delimited front matter tolerantly: key: value lines, quotes stripped."""
    if not (text.startswith("---\n") or text.startswith("--- \n")):
        return {}, 0
    # The closing line starts at offset 4 or later, just after a line end.
    close = _FRONT_CLOSE.search(text, 3)
    if close is None:
        problems.append(Problem("DL002", 1, 1, "front matter is not closed by a '---' line"))
        return {}, 0
    values: dict[str, str] = {}
    block = text[4 : close.start() + 1]
    lines = block.split("\n")
    found = _FRONT_KEYS.findall(block)
    if len(found) == len(lines) - lines.count(""):
        # Every line that is not empty is a key: value line (the usual case), read in one go.
        for key, value in found:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[key] = value
        lines = []
    for number, line in enumerate(lines, start=2):
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
    end = close.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return values, end


def _close_span(text: str, pos: int) -> int:
    """Offset of the ``</span>`` that closes a span opened just before ``pos``, or -1.

    Nested spans are counted; a blank line or the start of another pair means
    the span was never closed (a truncated pair).  A nested span tag runs from
    ``<span`` to the first ``>`` (what is inside it is no token); a ``<span`` with
    no ``>`` after it is no tag.
    """
    depth = 1
    search = _SPAN_MARK.search
    find = text.find
    tagged = True  # False once no '>' is left: then no '<span' is a tag (searching for one again would be quadratic)
    while True:
        token = search(text, pos)
        if token is None:
            return -1
        pos = token.end()
        value = token.group()
        if value == "</span>":
            depth -= 1
            if depth == 0:
                return token.start()
        elif value == "<span":
            if not tagged:
                continue
            close = find(">", pos)
            if close == -1:
                tagged = False
                continue
            start = token.start()
            if text.startswith("<span data-ttu-id=", start) or text.startswith('<span class="sxs-lookup"', start):
                return -1
            depth += 1
            pos = close + 1
        else:
            return -1


def _scan_pairs(text: str, offset: int, lines: _Lines, problems: list[Problem]) -> list[Pair]:
    """Find every bilingual pair in the body; broken ones become problems."""
    pairs: list[Pair] = []
    if "data-ttu-id" not in text:
        return pairs
    starts = lines.starts
    # Split the whole text when no pair can begin before the body (not copying the body).
    whole = text.find(_TTU_PREFIX, 0, offset + len(_TTU_PREFIX) - 1) == -1
    parts = _SIMPLE_PAIR.split(text if whole else text[offset:])
    count = len(parts) // 5
    if count == text.count(_TTU_PREFIX, offset):
        return _simple_pairs(parts, count, 0 if whole else offset, starts)
    append = pairs.append
    position = offset
    index = 0  # line index of the previous pair: pairs come in text order, so bisect from there
    while True:
        # Searching on from the end of a match is what finditer does: restart it only where a
        # broken or markup-holding pair moves the position past the end of its opening match.
        for opening in _PAIR_OPEN.finditer(text, position):
            start = opening.start()
            index = bisect_right(starts, start, index) - 1
            line, column = index + 1, start - starts[index] + 1
            target_id, target, source_id, source = opening.groups()
            position = opening.end()
            if target is not None:  # the whole simple pair matched in one go
                append(Pair(target_id, source_id, target, source, start, position, opening.start(2), line, column))
                continue
            open_end = position
            target_end = _close_span(text, open_end)
            if target_end == -1:
                problems.append(
                    Problem("DL005", line, column, f"pair {target_id}: the translated span is never closed")
                )
                continue
            target = text[open_end:target_end]
            after = target_end + len("</span>")
            lookup = _LOOKUP_OPEN.match(text, after)
            if lookup is None:
                append(Pair(target_id, None, target, None, start, after, open_end, line, column))
                position = after
                break
            source_end = _close_span(text, lookup.end())
            closing = _LOOKUP_CLOSE.match(text, source_end + 7) if source_end != -1 else None
            if closing is None:
                problems.append(
                    Problem("DL005", line, column, f"pair {target_id}: the English span is never closed")
                )
                position = lookup.end()
                break
            append(Pair(target_id, lookup.group(1), target, text[lookup.end() : source_end],
                        start, closing.end(), open_end, line, column))
            position = closing.end()
            break
        else:
            return pairs


def _simple_pairs(parts: list[str], count: int, offset: int, starts: list[int]) -> list[Pair]:
    """The pairs of a text (from ``offset`` on) whose pairs are all simple, from its split on
    :data:`_SIMPLE_PAIR`.

    ``parts`` runs: text before pair 0, its target id, target, source id, source, text
    before pair 1, and so on; offsets come from summing the lengths, in C.
    """
    ends = list(accumulate(map(len, parts), initial=offset))  # ends[i]: where parts[i] ends, less the markup
    # Before pair k stand k pairs' worth of markup (pair k begins where the text before it ends);
    # its target begins after '<span data-ttu-id="', the id and '">'; it ends after its source.
    step = _SIMPLE_MARKUP
    pair_starts = list(map(add, ends[1::5], range(0, step * count, step)))
    opening = len(_TTU_PREFIX) + 2
    target_starts = list(map(add, ends[2::5], range(opening, step * count + opening, step)))
    pair_ends = list(map(add, ends[5::5], range(step, step * (count + 1), step)))
    numbers = list(map(bisect_right, repeat(starts), pair_starts))
    columns = map(sub, pair_starts, map(starts.__getitem__, map(sub, numbers, repeat(1))))
    return list(map(Pair, parts[1::5], parts[3::5], parts[2::5], parts[4::5], pair_starts, pair_ends,
                    target_starts, numbers, map(add, columns, repeat(1))))


def render(text: str, start: int, end: int, pairs: list[Pair], side: str) -> str:
    """The text of ``text[start:end]`` with each pair in it replaced by one side.

    ``side`` is ``"source"`` (the English) or ``"target"`` (the translation).
    An orphan translated span renders as its translated text on both sides.
    """
    if not pairs:
        return text[start:end]
    parts: list[str] = []
    append = parts.append
    position = start
    source_side = side == "source"
    for pair in pairs:
        if pair.start < position or pair.end > end:
            continue
        append(text[position : pair.start])
        if source_side and pair.source is not None:
            append(pair.source)
        else:
            append(pair.target)
        position = pair.end
    append(text[position:end])
    return "".join(parts)


def _render_both(text: str, start: int, end: int, pairs: list[Pair]) -> tuple[str, str]:
    """``render`` of both sides at once: (source, target); ``pairs`` is not empty."""
    if len(pairs) == 1:
        pair = pairs[0]
        if pair.start >= start and pair.end <= end:
            head = text[start : pair.start]
            tail = text[pair.end : end]
            source = pair.source
            return (f"{head}{pair.target if source is None else source}{tail}",
                    f"{head}{pair.target}{tail}")
    sources: list[str] = []
    targets: list[str] = []
    position = start
    for pair in pairs:
        if pair.start < position or pair.end > end:
            continue
        between = text[position : pair.start]
        source = pair.source
        sources.append(between)
        sources.append(pair.target if source is None else source)
        targets.append(between)
        targets.append(pair.target)
        position = pair.end
    tail = text[position:end]
    sources.append(tail)
    targets.append(tail)
    return "".join(sources), "".join(targets)


@lru_cache(maxsize=64)
def _fence_closer(marker: str) -> re.Pattern[str]:
    """The line that closes a fence opened by ``marker``: the same character, at least as many."""
    return re.compile(r"^[ \t>]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")


class _BlockParser:
    """Splits the body into blocks, line by line, treating a pair as part of one line.

    Logical lines (physical lines, joined where a pair runs across a line end) are
    kept as parallel sequences: ``starts`` (offset of each), ``raws`` (its text; it
    ends at ``start + len(raw)``) and ``numbers`` (1-based line number of its start).
    """

    def __init__(self, text: str, offset: int, pairs: list[Pair], lines: _Lines,
                 problems: list[Problem]) -> None:
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
        multi_line = any(map(text.count, repeat("\n"), self.pair_starts, map(_END, pairs)))
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
                source, target = _render_both(self.text, start, end, pairs)
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
        cells = None
        if not pairs:
            if "\\" not in raw:
                pieces = raw.split("|")
                cells = _split_cells(pieces, pieces, pieces, pieces)
        elif self.no_orphans and "\\" not in raw:
            pieces = raw.split("|")
            sources = block.source.split("|")
            targets = block.target.split("|")
            # As many pipes raw as on each side means no pair holds one (a pair holds its
            # target and its source): every pipe is a cell boundary.  A piece holding a pair
            # is not blank, raw or blanked out, so either tells which edge pieces are no cells.
            if len(pieces) == len(sources) == len(targets):
                cells = _split_cells(pieces, pieces, sources, targets)
        if cells is None:
            masked = self._masked(index)
            if "\\" not in masked:
                pieces = masked.split("|")
                raw_pieces = raw.split("|")
                sources = block.source.split("|")
                targets = block.target.split("|")
                if len(raw_pieces) == len(sources) == len(targets) == len(pieces):
                    cells = _split_cells(pieces, raw_pieces, sources, targets)
            if cells is None:
                cells = self._cells(index, masked, pairs)
        block.cells = cells
        return block

    def _cells(self, index: int, masked: str, pairs: list[Pair]) -> list[Cell]:
        """Split a table line on the pipes outside pairs and not escaped."""
        start = self.starts[index]
        text = self.text
        # A backslash escapes the character after it (a pipe included), scanning left to right.
        bounds = [match.start() for match in _PIPE_OR_ESCAPE.finditer(masked) if match.group() == "|"]
        edges = [-1, *bounds, len(masked)]
        cells: list[Cell] = []
        pair_starts = list(map(_START, pairs))  # in text order: each cell's pairs by bisection
        for left, right in zip(edges, edges[1:]):
            cell_start, cell_end = start + left + 1, start + right
            if left == -1 and not masked[:right].strip():
                continue
            if right == len(masked) and left != -1 and not masked[left + 1 :].strip():
                continue
            low = bisect_left(pair_starts, cell_start)
            inside = pairs[low:bisect_left(pair_starts, cell_end, low)]
            if inside:
                source, target = _render_both(text, cell_start, cell_end, inside)
            else:
                source = target = text[cell_start:cell_end]
            raw_cell = text[cell_start:cell_end]
            lead = len(raw_cell) - len(raw_cell.lstrip())
            cells.append(Cell(raw_cell, source.strip(), target.strip(), left + 1 + lead + 1))
        return cells


def _split_cells(pieces: list[str], raws: list[str], sources: list[str], targets: list[str]) -> list[Cell]:
    """Cells of a table line already split on its cell pipes: masked, raw and rendered pieces.

    An empty first or last piece (outside the leading or trailing pipe) is no cell.
    """
    last = len(pieces) - 1
    first = 0
    left = 0  # offset of the piece on the line
    if not pieces[0].strip():
        first = 1
        left = len(pieces[0]) + 1
    stop = last if last and not pieces[last].strip() else last + 1
    cells: list[Cell] = []
    append = cells.append
    if sources is targets:
        for number in range(first, stop):
            raw = raws[number]
            stripped = raw.strip()
            append(Cell(raw, stripped, stripped, left + len(raw) - len(raw.lstrip()) + 1))
            left += len(raw) + 1
    else:
        for number in range(first, stop):
            raw = raws[number]
            append(Cell(raw, sources[number].strip(), targets[number].strip(),
                        left + len(raw) - len(raw.lstrip()) + 1))
            left += len(raw) + 1
    return cells
