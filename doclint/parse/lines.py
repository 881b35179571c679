"""Line starts of a text, for turning offsets into 1-based line and column."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from operator import add


class Lines:
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
