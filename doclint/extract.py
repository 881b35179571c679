"""Rebuild the English (or the translated) page from a bilingual page."""

from __future__ import annotations

from doclint.page import LOCALIZATION_KEYS
from doclint.parse.front_matter import parse_front_matter
from doclint.parse.lines import Lines
from doclint.parse.pairs import render, scan_pairs
from doclint.text import strip_anchors


def extract(text: str, side: str) -> str:
    """The page with every pair replaced by one side (``"source"`` or ``"target"``).

    For the English side, the ``<a name>`` heading anchors and the localization
    front-matter keys the pipeline added are removed too.
    """
    problems: list = []
    _, body_offset = parse_front_matter(text, problems)
    pairs = scan_pairs(text, body_offset, Lines(text), problems)
    head = text[:body_offset]
    body = render(text, body_offset, len(text), pairs, side)
    if side == "source":
        head = "".join(
            line for line in head.splitlines(keepends=True)
            if line.split(":", 1)[0].strip() not in LOCALIZATION_KEYS
        )
        body = strip_anchors(body)
    return head + body
