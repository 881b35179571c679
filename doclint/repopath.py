"""Name checked pages by their path in the repository (their locale root joined with the page's path).

Findings carry the path relative to the locale root (``api-reference/…/widget.md``), which is the
same for every locale; CI annotations, SARIF and baselines need the file itself (``pt-BR/api-reference/…``).
"""

from __future__ import annotations

from pathlib import Path

from doclint.display import display_path
from doclint.results import PageJob


def repository_path(job: PageJob) -> str:
    """The page as named on the command line (root + relative path), relative to the current folder if inside it,
    shown by :func:`display_path`."""
    target = job.target
    if target.is_absolute():
        for base in (Path.cwd(), Path.cwd().resolve()):
            if target.is_relative_to(base):
                return display_path(target.relative_to(base))
    return display_path(target)
