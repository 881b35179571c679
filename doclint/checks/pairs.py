"""Pair integrity: a page's pairs, each whole, with ids that match, are unique and share one prefix.

What each pair of the page is made of, compared with itself and with the page's other pairs; no
English page is needed.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator

from doclint.checks import Context, Hit, check
from doclint.page import Pair
from doclint.patterns import SXS_LOOKUP


@check("DL301")
def pair_id_mismatch(context: Context) -> Iterator[Hit]:
    """Each pair's two ids must be equal."""
    for pair in context.target.pairs:
        if pair.source_id is not None and pair.source_id != pair.target_id:
            yield Hit(pair.line, pair.column,
                      f"pair data-ttu-id {pair.target_id!r} has data-stu-id {pair.source_id!r}",
                      pair.target_id, pair.source_id)


@check("DL302")
def duplicate_pair_id(context: Context) -> Iterator[Hit]:
    """Pair ids must be unique in the page."""
    pairs = context.target.pairs
    if len({pair.target_id for pair in pairs}) == len(pairs):
        return  # no id twice: the common case, without a search for the first use
    first: dict[str, Pair] = {}
    for pair in context.target.pairs:
        earlier = first.setdefault(pair.target_id, pair)
        if earlier is not pair:
            yield Hit(pair.line, pair.column,
                      f"pair id {pair.target_id!r} is used again; first on line {earlier.line}",
                      pair.target_id, pair.target_id)


@check("DL303")
def mixed_id_prefix(context: Context) -> Iterator[Hit]:
    """All ids share the prefix before '-'; report the first pair of each minority prefix."""
    pairs = context.target.pairs
    if not pairs:
        return
    first = pairs[0].target_id.split("-", 1)[0]
    dashed = first + "-"
    if all(pair.target_id.startswith(dashed) or pair.target_id == first for pair in pairs):
        return  # one prefix: the prefix has no '-', so the ids that have it are it or start with it and '-'
    counts = Counter(pair.target_id.split("-", 1)[0] for pair in pairs)
    if len(counts) < 2:
        return
    main, main_count = counts.most_common(1)[0]
    seen: set[str] = set()
    for pair in pairs:
        prefix = pair.target_id.split("-", 1)[0]
        if prefix != main and prefix not in seen:
            seen.add(prefix)
            yield Hit(pair.line, pair.column,
                      f"pair id {pair.target_id!r} has prefix {prefix!r}; {main_count} other pairs of the "
                      f"page use {main!r}", main, prefix)


@check("DL304")
def orphan_span(context: Context) -> Iterator[Hit]:
    """Every translated span is followed by its English twin, and every twin follows a translated span."""
    page = context.target
    orphans = 0
    for pair in page.pairs:
        if pair.source_id is None:
            orphans += 1
            yield Hit(pair.line, pair.column,
                      f"translated span {pair.target_id!r} has no sxs-lookup English span after it",
                      "", pair.target)
    text = page.text
    if text.count('<span class="sxs-lookup">') == len(page.pairs) - orphans:
        return  # each twin belongs to a pair: the common case, without a scan
    starts = [pair.start for pair in page.pairs]
    for match in SXS_LOOKUP.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and page.pairs[index].end > match.start():
            continue
        line, column = page.locate(match.start())
        yield Hit(line, column, "sxs-lookup English span has no translated span before it", "", match.group())


@check("DL305")
def empty_english(context: Context) -> Iterator[Hit]:
    """A pair's English side must hold text."""
    for pair in context.target.pairs:
        if pair.source is not None and not pair.source.strip():
            yield Hit(pair.line, pair.column, f"pair {pair.target_id!r} has empty English text", "", pair.target)
