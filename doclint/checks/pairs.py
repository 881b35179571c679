"""Pair integrity: a translated span and its English twin must carry the same id."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checks import Context, Hit, check


@check("DL301")
def pair_id_mismatch(context: Context) -> Iterator[Hit]:
    """Each pair's two ids must be equal."""
    for pair in context.target.pairs:
        if pair.source_id is not None and pair.source_id != pair.target_id:
            yield Hit(pair.line, pair.column,
                      f"pair data-ttu-id {pair.target_id!r} has data-stu-id {pair.source_id!r}",
                      pair.target_id, pair.source_id)
