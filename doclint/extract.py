"""Rebuild the English (or the translated) page from a bilingual page."""

from __future__ import annotations

from doclint.page import LOCALIZATION_KEYS, _front_matter, _Lines, _scan_pairs, render
from doclint.text import strip_anchors


def extract(text: str, side: str) -> str:
    """The page with every pair replaced by one side (``"source"`` or ``"target"``).

    For the English side, the ``<a name>`` heading anchors and the localization
    front-matter keys the pipeline added are removed too.
    """
    problems: list = []
    _, body_offset = _front_matter(text, problems)
    pairs = _scan_pairs(text, body_offset, _Lines(text), problems)
    head = text[:body_offset]
    body = render(text, body_offset, len(text), pairs, side)
    if side == "source":
        head = "".join(
            line for line in head.splitlines(keepends=True)
            if line.split(":", 1)[0].strip() not in LOCALIZATION_KEYS
        )
        body = strip_anchors(body)
    return head + body
