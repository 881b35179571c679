"""Rebuild the English (or the translated) page from a bilingual page, and plan where the pages go."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from doclint.display import display_path
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


class OutputProblem(Exception):
    """Why the pages cannot be written to the output folder asked for."""


def plan_outputs(roots: Sequence[Path], pages: Sequence[tuple[Path, Path]],
                 output_dir: Path) -> list[tuple[Path, Path]]:
    """Each of ``pages`` (a page, its path relative to the output) with the file it is written to.

    ``roots`` are the folders the pages were found in.  Raises :class:`OutputProblem` when
    ``output_dir`` is, holds or lies in one of them, or holds a page (the pages would be replaced
    by their extract, or mixed with it), and when two pages would be written to the same file.
    A page named twice is written once.
    """
    output = _real(output_dir)
    for root in roots:
        real = _real(root)
        if real == output:
            raise OutputProblem(f"-o {display_path(output_dir)} is {display_path(root)}, the folder of the pages to extract: "
                                "they would be replaced; name another folder")
        if real in output.parents:
            raise OutputProblem(f"-o {display_path(output_dir)} is inside {display_path(root)}, the folder of the pages to "
                                "extract: name a folder outside it")
        if output in real.parents:
            raise OutputProblem(f"-o {display_path(output_dir)} holds {display_path(root)}, the folder of the pages to "
                                "extract: name a folder outside it")
    planned: dict[Path, tuple[Path, Path]] = {}
    for page, relative in pages:
        real = _real(page)
        if output in real.parents:
            raise OutputProblem(f"-o {display_path(output_dir)} holds {display_path(page)}, a page to extract: "
                                "name a folder outside it")
        target = output_dir / relative
        earlier = planned.setdefault(target, (page, real))
        if earlier[1] != real:
            raise OutputProblem(f"{display_path(earlier[0])} and {display_path(page)} would both be written to "
                                f"{display_path(target)}: extract them to different folders")
    return [(page, target) for target, (page, _) in planned.items()]


def _real(path: Path) -> Path:
    """``path`` with every link resolved as far as it goes; never raises on a link loop."""
    return Path(os.path.realpath(path))
