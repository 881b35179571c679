"""The differences between two sequences (block keys, code lines, characters), in bounded time.

difflib's SequenceMatcher (without autojunk: every comparison here must see every element) finds the
longest common stretch, then does the same on each side of it.  Each search walks every pair of equal
elements of its stretch, and there can be as many searches as matches: cubic time on characters that
recur (a 2 KB paragraph against its English took 33 s), quadratic on repeated block keys or lines.  The
comparisons of one page share a :class:`Budget` of that work, which no page of the corpus comes near;
while it lasts the matcher runs as it is, and past it the common head and tail of two sequences are
matched and everything between them is one change.  A page with many costly blocks is bounded as a
whole, not block by block.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import repeat
from typing import Any

#: Steps of matching work (pairs of equal elements walked, elements looked at) allowed per page; the
#: most a page of the corpus takes is 5.9 million (a big resource page against newer English).
BUDGET = 30_000_000

Opcode = tuple[str, int, int, int, int]


class Budget:
    """The steps of matching work left to one page's comparisons."""

    __slots__ = ("left",)

    def __init__(self, steps: int = BUDGET) -> None:
        self.left = steps

    def spend(self, steps: int) -> bool:
        """Take ``steps``; whether they were there to take."""
        self.left -= steps
        return self.left >= 0


class _OverBudget(Exception):
    pass


class _BoundedMatcher(SequenceMatcher[Any]):
    """A SequenceMatcher that stops, raising :class:`_OverBudget`, once its searches would pass the budget."""

    def __init__(self, a: Sequence[Any], b: Sequence[Any], budget: Budget) -> None:
        super().__init__(None, a, b, autojunk=False)
        self.first = a
        self.places: dict[Any, list[int]] = self.b2j  # type: ignore[attr-defined]  # each element: where in b
        self.budget = budget

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0,
                           bhi: int | None = None) -> Any:
        ahi = len(self.first) if ahi is None else ahi
        # What the search walks: each element of a[alo:ahi], and the places in b of each (at most).
        found: list[list[int]] = list(map(self.places.get, self.first[alo:ahi], repeat([])))
        if not self.budget.spend(ahi - alo + sum(map(len, found))):
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def opcodes(a: Sequence[Any], b: Sequence[Any], budget: Budget | None = None) -> list[Opcode]:
    """What ``SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`` gives, while ``budget`` (the
    page's; a budget of its own if none) lasts; else the common head and tail as ``equal`` and the rest
    as one change."""
    budget = budget if budget is not None else Budget()
    if budget.spend(len(b)):  # indexing b, which the matcher does first
        try:
            return list(_BoundedMatcher(a, b, budget).get_opcodes())
        except _OverBudget:
            pass
    return _around_the_middle(a, b)


def ratio(a: Sequence[Any], b: Sequence[Any], budget: Budget | None = None) -> float:
    """``SequenceMatcher(None, a, b, autojunk=False).ratio()`` from :func:`opcodes`: twice the matched
    elements over all of them (1.0 for two empty sequences)."""
    total = len(a) + len(b)
    matched = sum(i2 - i1 for tag, i1, i2, _j1, _j2 in opcodes(a, b, budget) if tag == "equal")
    return 2.0 * matched / total if total else 1.0


def _around_the_middle(a: Sequence[Any], b: Sequence[Any]) -> list[Opcode]:
    shorter = min(len(a), len(b))
    head = 0
    while head < shorter and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < shorter - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    codes: list[Opcode] = []
    if head:
        codes.append(("equal", 0, head, 0, head))
    if head < a_end or head < b_end:
        tag = "replace" if head < a_end and head < b_end else "delete" if head < a_end else "insert"
        codes.append((tag, head, a_end, head, b_end))
    if tail:
        codes.append(("equal", a_end, len(a), b_end, len(b)))
    return codes
