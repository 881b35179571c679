"""Bilingual pairs: each translated span and its ``sxs-lookup`` English twin, found with exact offsets.

A handful of regular expressions with a span-depth counter: nested spans are counted, a truncated
pair (a span never closed) is a DL005 problem.  :func:`scan_pairs` takes a shortcut when every pair
of a page is simple (no markup inside either side, the usual case): one split of the text gives them
all, their offsets summed in C.  :func:`scan_pairs_plainly` is the general scan alone, the reference
the shortcut is tested against (tests/test_fast_paths.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, repeat
from operator import add, sub

from doclint.finding import Problem
from doclint.page import Pair
from doclint.parse.lines import Lines

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


def scan_pairs(text: str, offset: int, lines: Lines, problems: list[Problem]) -> list[Pair]:
    """Find every bilingual pair in the body; broken ones become problems."""
    if "data-ttu-id" not in text:
        return []
    # Split the whole text when no pair can begin before the body (not copying the body).
    whole = text.find(_TTU_PREFIX, 0, offset + len(_TTU_PREFIX) - 1) == -1
    parts = _SIMPLE_PAIR.split(text if whole else text[offset:])
    count = len(parts) // 5
    if count == text.count(_TTU_PREFIX, offset):
        return _simple_pairs(parts, count, 0 if whole else offset, lines.starts)
    return scan_pairs_plainly(text, offset, lines, problems)


def scan_pairs_plainly(text: str, offset: int, lines: Lines, problems: list[Problem]) -> list[Pair]:
    """:func:`scan_pairs` without its shortcut: every pair found by its opening, then its spans closed."""
    pairs: list[Pair] = []
    starts = lines.starts
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


def render_both(text: str, start: int, end: int, pairs: list[Pair]) -> tuple[str, str]:
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
