"""Rules about doclint's own directives in a page; their findings come from the suppression step."""

from __future__ import annotations

from collections.abc import Iterable

from doclint.checks import Context, Hit, check


@check("DL901")
def unused_suppression(context: Context) -> Iterable[Hit]:
    """Computed by :mod:`doclint.suppress` once every rule has run; registered here for its code and document."""
    return ()
