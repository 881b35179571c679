"""The lines of a stale page's English diff, with the words that changed inside a changed line marked.

A removed line and the added line that replaces it are compared word by word: what they share at
the start and the end is left plain, and within the rest :class:`difflib.SequenceMatcher` finds the
words kept, as long as the rest is short (a rewritten paragraph is marked as a whole).  Work stays
linear in the length of the lines beyond that bound, so a page with huge lines cannot slow a report.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import accumulate

from doclint.drift_report import PageDrift

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
#: Tokens left after trimming the shared start and end, beyond which the rest is marked whole.
MAX_MATCHED_TOKENS = 60
#: Diff lines kept per page: one huge page must not make the report huge.
MAX_LINES = 400


#: One line of a diff: ``(kind, text, marks)``; ``kind`` is ``-``, ``+``, ``@`` (a hunk header) or `` ``
#: (context), ``marks`` the ``[start, end)`` character spans of ``text`` that changed, flattened.  A plain
#: tuple: a report of thousands of stale pages makes hundreds of thousands of them.
DiffLine = tuple[str, str, tuple[int, ...]]


def changed_spans(old: str, new: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The character spans (flattened ``start, end`` pairs) of ``old`` and ``new`` that differ, by words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a_mid, b_mid = a[start : len(a) - end], b[start : len(b) - end]
    a_base, b_base = sum(map(len, a[:start])), sum(map(len, b[:start]))
    if len(a_mid) > MAX_MATCHED_TOKENS or len(b_mid) > MAX_MATCHED_TOKENS or not a_mid or not b_mid:
        return _whole(a_base, a_mid), _whole(b_base, b_mid)
    a_spans: list[int] = []
    b_spans: list[int] = []
    a_offsets, b_offsets = _offsets(a_mid, a_base), _offsets(b_mid, b_base)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            _extend(a_spans, a_offsets[i1], a_offsets[i2])
        if j2 > j1:
            _extend(b_spans, b_offsets[j1], b_offsets[j2])
    return tuple(a_spans), tuple(b_spans)


def _whole(base: int, tokens: list[str]) -> tuple[int, ...]:
    length = sum(map(len, tokens))
    return (base, base + length) if length else ()


def _offsets(tokens: list[str], base: int) -> list[int]:
    return list(accumulate(map(len, tokens), initial=base))


def _extend(spans: list[int], start: int, end: int) -> None:
    """Add ``[start, end)``, joined to the last span when they touch."""
    if spans and spans[-1] == start:
        spans[-1] = end
    else:
        spans.extend((start, end))


def mark_pairs(lines: list[DiffLine]) -> list[DiffLine]:
    """``lines`` with each run of removed lines and the run of added lines after it compared line by line."""
    marked = list(lines)
    index = 0
    while index < len(marked):
        if marked[index][0] != "-":
            index += 1
            continue
        removed_end = index
        while removed_end < len(marked) and marked[removed_end][0] == "-":
            removed_end += 1
        added_end = removed_end
        while added_end < len(marked) and marked[added_end][0] == "+":
            added_end += 1
        for offset in range(min(removed_end - index, added_end - removed_end)):
            old, new = marked[index + offset], marked[removed_end + offset]
            old_marks, new_marks = changed_spans(old[1], new[1])
            marked[index + offset] = ("-", old[1], old_marks)
            marked[removed_end + offset] = ("+", new[1], new_marks)
        index = added_end
    return marked


def diff_lines(page: PageDrift, limit: int = MAX_LINES, marked: bool = True) -> tuple[list[DiffLine], int]:
    """The English diff of a stale page, at most ``limit`` lines, and how many more; the changed words are
    marked unless ``marked`` is false (the audit page marks them in the browser, page by page, as it shows them)."""
    lines: list[DiffLine] = []
    if page.diff:
        for number, line in enumerate(page.diff.split("\n")):
            header = line.startswith("@@") or (number < 2 and line.startswith(("--- ", "+++ ")))
            kind = "@" if header else line[:1] if line[:1] in ("-", "+") else " "
            lines.append((kind, line if kind == "@" else line[1:], ()))
    else:
        for change in page.changes:
            lines.append(("@", f"@@ {change.kind} {change.block}: translated line {change.line or '-'}, "
                               f"English line {change.source_line or '-'} @@", ()))
            lines.extend(("-", line, ()) for line in change.old.split("\n") if change.old)
            lines.extend(("+", line, ()) for line in change.new.split("\n") if change.new)
    more = max(len(lines) - limit, 0)
    return mark_pairs(lines[:limit]) if marked else lines[:limit], more
