"""The page model: what the parser (:mod:`doclint.parse`) makes of a page, and every rule reads.

A page is read once into: front matter, bilingual pairs (translated text and
English text with ids, line and column), and a flat list of blocks (headings,
paragraphs, list items, blockquotes, table rows, code fences, HTML comments and
annotations, includes, tab headers, reference-link definitions).  Every block
knows its English side (each pair replaced by its English text) and its
translated side, so an English page and a bilingual page parse the same way and
can be aligned block by block.  Plain data: nothing here parses.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

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
            self.line_starts = line_starts(self.text)
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1


def line_starts(text: str) -> list[int]:
    """The offsets at which the lines of ``text`` start (the first at 0)."""
    # starts[i] = sum of (len(line) + 1) over the lines before line i, computed in C:
    # the running sum of the lengths plus the number of line ends passed.
    return list(map(add, accumulate(map(len, text.split("\n")), initial=0), range(text.count("\n") + 1)))
