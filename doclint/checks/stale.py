"""Stale segments: pairs whose English no longer matches the current English page (DL401)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from doclint.checks import Context, Hit, check
from doclint.checks.habits import (cut_otherwise, front_matter_moved, leftover, leftovers, made_from_leftovers,
                                   merged_comment_only)
from doclint.page import Pair
from doclint.text import shorten, squash

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_REFERENCE = re.compile(r"\[([^\[\]]*)\]\[([^\[\]]*)\]")
_DEFINITION = re.compile(r"^[ \t>]*+\[([^\]]+)\]:[ \t]*+<?(\S+?)>?(?:[ \t].*)?$")


def _aligned_cell(context: Context, pair: Pair, row: str) -> str:
    """The cell of the English table row ``row`` in the column of ``pair``'s cell; the row itself when unsure."""
    block = next((block for block in context.target.blocks
                  if block.kind == "table_row" and block.cells and pair in block.pairs), None)
    if block is None or not block.cells:
        return row
    index = bisect.bisect_right([cell.column for cell in block.cells], pair.column) - 1
    cells = [cell.strip() for cell in _CELL_SPLIT.split(row.strip().strip("|"))]
    if len(cells) != len(block.cells) or not 0 <= index < len(cells):
        return row
    return cells[index]


def _changed_definitions(context: Context) -> set[str]:
    """The labels (case-folded) of the reference-link definitions whose target differs from the English's."""
    labels: set[str] = set()
    for english, target in context.changed("refdef"):
        old, new = _DEFINITION.match(english.source.strip()), _DEFINITION.match(target.target.strip())
        if old and new and old.group(2) != new.group(2):
            labels.add(new.group(1).strip().casefold())
    return labels


@check("DL401")
def stale_segment(context: Context) -> Iterator[Hit]:
    """Report each pair whose English text differs from the current English, with both texts.

    A pair whose English is word for word in the current English block differs only in where its reference
    links lead: its page's definition changed, which DL106 reports, so it is not reported twice.  A pair
    whose block has the English block's words, cut, cased or punctuated otherwise, is not out of date, nor is
    one whose translation was made from the English page (:func:`doclint.checks.habits.made_from_leftovers`).
    Several such pairs on a page whose copied front matter (author, dates, product) is the English page's
    are one finding: with no sign that the English moved, they are as likely the pipeline's reuse of
    translation memory as English changes.
    """
    if context.handoff:  # the English changes since the English at handoff, not the page's differences from it
        from doclint.checks.drift_blocks import stale_since_handoff

        yield from stale_since_handoff(context)
        return
    broken: set[str] | None = None
    english_text: str | None = None
    hits: list[Hit] = []
    compared: list[tuple[Pair, str, str]] = []
    others: list[tuple[Pair, str, str]] = []  # pairs whose English is the English page's, cut otherwise
    for stale in context.comparison.stale_pairs:
        pair = stale.pair
        if not stale.old.strip():
            continue  # an empty English is DL305's finding
        if "<!--" in stale.old:
            if english_text is None:
                english_text = squash(context.english.text) if context.english is not None else ""
            if merged_comment_only(stale.old, stale.new if stale.source_line is not None else None, english_text):
                continue  # a pipeline habit, not drift (doclint.checks.habits)
        if stale.source_line is not None and "][" in stale.old and squash(stale.old) in squash(stale.new):
            if broken is None:
                broken = _changed_definitions(context)
            labels = {(match.group(2) or match.group(1)).strip().casefold() for match in _REFERENCE.finditer(stale.old)}
            if labels & broken:
                continue
        new = stale.new
        if stale.source_line is not None:
            new = _aligned_cell(context, pair, stale.new) if stale.new.lstrip().startswith("|") else stale.new
            if cut_otherwise(context, pair, stale.new, new if new != stale.new else None):
                others.append((pair, stale.old, new))
                continue  # the same words, cut, cased or punctuated otherwise: the translation is not out of date
        if stale.source_line is None:
            message = (f"the English of pair {pair.target_id!r} is no longer in the English page: "
                       f"{shorten(stale.old)!r}")
        else:
            message = (f"the English of pair {pair.target_id!r} changed: it was {shorten(stale.old)!r}; "
                       f"the English page now has {shorten(new, 160)!r} (line {stale.source_line})")
        hits.append(Hit(pair.line, pair.column, message, stale.new, stale.old))
        compared.append((pair, stale.old, new if stale.source_line is not None else ""))
    # a translation made from the English page, whatever English its pair kept, is not out of date
    hits = [hit for hit, reported in zip(hits, made_from_leftovers(compared, others)) if reported]
    if hits and context.english is not None and not front_matter_moved(context.target, context.english):
        # no sign the English moved: the page's habit, once (doclint.checks.habits)
        yield leftovers(hits) if len(hits) > 1 else leftover(hits[0])
        return
    yield from hits
