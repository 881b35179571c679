"""Name the mistakes that would otherwise pass as a clean run, each in one line.

A folder with no Markdown page, English pages checked as if they were translations, and a ``--source``
one level too high or too low all give few or no findings; these functions say what went wrong
instead.  Nothing here prints: the command line shows the lines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from doclint.discover import walk_pages
from doclint.display import display_path, path_bytes
from doclint.reader import read_bytes_or_none
from doclint.results import PageJob, PageResult

#: How a bilingual page marks a translated segment, in the encodings a page may be stored in.
_PAIR_MARKS = tuple("data-ttu-id".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
#: Pages whose English is looked for in another folder before naming it (enough to tell, and cheap).
_SAMPLE = 25


def empty_folders(paths: Iterable[Path]) -> list[Path]:
    """The folders among ``paths`` that hold no Markdown page at all."""
    return [path for path in paths if path.is_dir() and next(walk_pages(path), None) is None]


def has_pairs(jobs: Sequence[PageJob]) -> bool:
    """Whether any page of ``jobs`` has a bilingual pair (read until the first that has one)."""
    return any(_bilingual(job.target) for job in jobs)


def english_pages(jobs: Sequence[PageJob]) -> str | None:
    """A warning when none of ``jobs`` has a bilingual pair: English pages checked as translated ones."""
    if not jobs or has_pairs(jobs):
        return None
    roots = sorted({job.root for job in jobs if job.root})
    where = f" under {', '.join(_shown(Path(root)) for root in roots[:3])}" if roots else ""
    return (f"none of the {len(jobs)} page(s){where} has a bilingual pair (<span data-ttu-id>): "
            "this looks like English pages, not translated ones")


def missing_source(results: Sequence[PageResult], source: Path | None) -> str | None:
    """A warning when most pages have no English page under ``source``, naming the folder one level up
    or down that has them, if there is one."""
    if source is None:
        return None
    compared = [result for result in results if result.job.english is not None]
    missing = [result.job for result in compared if not result.english_compared]
    if not missing or len(missing) * 2 <= len(compared):
        return None
    line = f"{len(missing)} of {len(compared)} page(s) have no English page under {_shown(source)}"
    locales = {job.locale for job in missing}
    # job.page and job.display are shown escaped: the file names are their bytes (display.path_bytes)
    better = _matching_folder(source, [os.fsdecode(path_bytes(job.page or job.display)) for job in missing[:_SAMPLE]],
                              locales)
    if better is not None:
        line += f"; --source {_shown(better)} has them"
    return line


def _matching_folder(source: Path, pages: list[str], locales: set[str]) -> Path | None:
    """The folder one level above or below ``source`` that has most of ``pages``, if one has over half;
    of folders below with as many, one named for the pages' locale (``en-at-handoff/zh-CN`` for zh-CN pages)."""
    candidates = [source.parent] if source.resolve() != source.resolve().parent else []
    try:
        children = [child for child in source.iterdir() if child.is_dir() and not child.name.startswith(".")]
    except OSError:
        children = []
    candidates += sorted(children, key=lambda child: (child.name not in locales, child.name))
    best, hits = None, len(pages) // 2
    for folder in candidates:
        present = [page for page in pages if (folder / page).is_file()]
        if len(present) > hits and not _bilingual(folder / present[0]):  # a translation beside it is no source
            best, hits = folder, len(present)
    return best


def _bilingual(page: Path) -> bool:
    # Read like a page (doclint.reader): a FIFO or device named like a page never blocks the run.
    data = read_bytes_or_none(page)
    return data is not None and any(mark in data for mark in _PAIR_MARKS)


def _shown(path: Path) -> str:
    """A folder as the user would type it from the current folder: relative when inside it, with a slash."""
    try:
        text = path.resolve().relative_to(Path.cwd().resolve()).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        text = path.as_posix()
    return display_path(text.rstrip("/")) + "/" if text not in ("", ".") else "./"
