"""Table rows split into cells, each with its raw text and both sides.

:func:`scan_cells` is the plain way, for any line: find the pipes outside pairs and not escaped,
then render each cell's sides from its pairs.  Most lines have no backslash, and then the line and
its two sides (as the block parser renders them) split on their pipes give the same cells at once:
:func:`split_cells` takes those pieces.  The block parser (``BlockParser._row``) chooses; the fast
way is tested against the plain one on every table row of the fixtures and the corpus
(tests/test_fast_paths.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from doclint.page import Cell, Pair
from doclint.parse.pairs import render_both

_PIPE_OR_ESCAPE = re.compile(r"\\.|\|", re.DOTALL)
_START = attrgetter("start")


def scan_cells(text: str, start: int, masked: str, pairs: list[Pair]) -> list[Cell]:
    """The cells of the table line at ``start``: split on the pipes outside pairs (``masked`` is the line
    with its pairs blanked out) and not escaped, each side rendered from ``pairs`` (the line's pairs).

    The plain way, for any line: :func:`split_cells` is the quick one for lines without escapes.
    """
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
            source, target = render_both(text, cell_start, cell_end, inside)
        else:
            source = target = text[cell_start:cell_end]
        raw_cell = text[cell_start:cell_end]
        lead = len(raw_cell) - len(raw_cell.lstrip())
        cells.append(Cell(raw_cell, source.strip(), target.strip(), left + 1 + lead + 1))
    return cells


def split_cells(pieces: list[str], raws: list[str], sources: list[str], targets: list[str]) -> list[Cell]:
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
