"""Why a translated page's English page is not compared: the DL004 problem, in one sentence.

The engine reports it, the cache keys a result by it, drift notes it; it lives here, below all three.
"""

from __future__ import annotations

import os
from pathlib import Path

from doclint.display import display_path
from doclint.finding import Problem

#: Why an English page that resolves outside the English root is not compared (DL004, drift's note).
ENGLISH_LINK_OUT = "a link out of the English root; not read"


def missing_english(path: Path, problem: Problem | None) -> Problem:
    """The DL004 problem of a page whose English page ``path`` could not be loaded (``problem``: the reader's)."""
    # lexists: a link loop exists (reading it failed), though Path.exists says it does not.
    if problem is None or not os.path.lexists(path):
        return Problem("DL004", 1, 1, f"the English page {display_path(path)} does not exist")
    return Problem("DL004", 1, 1, english_message(path, problem.message))


def english_message(path: Path, reason: str) -> str:
    """One sentence on the English page ``path`` and why it is not compared.

    ``reason`` is a reader's message (``the page is empty``, ``cannot read the page: …``), whose
    subject becomes the English page, or anything else, which follows a colon.
    """
    shown = display_path(path)
    if reason.startswith("the page "):
        return f"the English page {shown} {reason[len('the page '):]}"
    return f"the English page {shown}: {reason}"
