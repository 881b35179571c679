"""Stale segments: pairs whose English no longer matches the current English page (DL401)."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checks import Context, Hit, check
from doclint.text import shorten


@check("DL401")
def stale_segment(context: Context) -> Iterator[Hit]:
    """Report each pair whose English text differs from the current English, with both texts."""
    if context.handoff:  # the English changes since the English at handoff, not the page's differences from it
        from doclint.checks.drift_blocks import stale_since_handoff

        yield from stale_since_handoff(context)
        return
    for stale in context.comparison.stale_pairs:
        pair = stale.pair
        if stale.source_line is None:
            message = (f"the English of pair {pair.target_id!r} is no longer in the English page: "
                       f"{shorten(stale.old)!r}")
        else:
            message = (f"the English of pair {pair.target_id!r} changed: it was {shorten(stale.old)!r}; "
                       f"the English page now has {shorten(stale.new, 160)!r} (line {stale.source_line})")
        yield Hit(pair.line, pair.column, message, stale.new, stale.old)
