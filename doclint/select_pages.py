"""Which pages a run checks: those changed since a git ref, one shard of N, the files a hook passes.

Nothing here reads page contents; sizes come from the file system and changes from ``git``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.results import PageJob

if TYPE_CHECKING:
    import subprocess

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class SelectionError(Exception):
    """A page selection option cannot be used (a usage error); the message is one line."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` as ``(K, N)`` with ``1 <= K <= N``."""
    match = _SHARD.match(text)
    if match is None:
        raise SelectionError(f"--shard {text!r} must be K/N, like 1/4")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise SelectionError(f"--shard {text!r}: K must be between 1 and N")
    return index, count


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def shard_bins(jobs: Sequence[PageJob], count: int) -> list[list[int]]:
    """Indexes of ``jobs`` in ``count`` bins balanced by file size.

    Greedy largest-first: pages by size (descending, ties by path) each go to the lightest bin (ties:
    the first).  It depends only on paths and sizes, so every machine computes the same bins.
    """
    order = sorted(range(len(jobs)), key=lambda i: (-_size(jobs[i].target), jobs[i].display,
                                                    jobs[i].target.as_posix()))
    loads = [0] * count
    bins: list[list[int]] = [[] for _ in range(count)]
    for index in order:
        lightest = min(range(count), key=lambda b: (loads[b], b))
        bins[lightest].append(index)
        loads[lightest] += _size(jobs[index].target)
    return [sorted(members) for members in bins]


def shard(jobs: Sequence[PageJob], index: int, count: int) -> list[PageJob]:
    """Shard ``index`` (1-based) of ``count``, in the jobs' own order."""
    return [jobs[i] for i in shard_bins(jobs, count)[index - 1]]


def _real(path: Path) -> Path:
    """An absolute path with its folders' links resolved (but not a link the file itself is)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import subprocess  # only --changed-since runs git: a plain check never pays for importing it

    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", check=False)
    except OSError as error:
        raise SelectionError(f"--changed-since needs git: {error.strerror or error}") from None


def _work_tree(folder: Path) -> Path | None:
    result = _git(folder, "rev-parse", "--show-toplevel")
    return Path(result.stdout.strip()).resolve() if result.returncode == 0 and result.stdout.strip() else None


def changed_files(folder: Path, ref: str) -> set[Path]:
    """Files under ``folder`` changed since ``ref`` (committed, staged or not) plus new untracked ones."""
    top = _work_tree(folder)
    if top is None:
        raise SelectionError(f"--changed-since: {folder} is not in a git work tree")
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise SelectionError(f"--changed-since: {ref!r} is not a commit in the git repository at {top}")
    diff = _git(folder, "diff", "--name-only", "-z", ref, "--", ".")
    if diff.returncode != 0:
        reason = (diff.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise SelectionError(f"--changed-since: git diff failed: {reason}")
    new = _git(folder, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ".")
    names = [name for name in diff.stdout.split("\0") if name]
    names += [name for name in new.stdout.split("\0") if name] if new.returncode == 0 else []
    return {_real(top / name) for name in names}


def changed_since(jobs: Iterable[PageJob], ref: str, folders: Iterable[Path],
                  source: Path | None) -> tuple[list[PageJob], list[str]]:
    """The jobs whose translated page changed since ``ref`` in the git repository of ``folders``, or whose
    English page changed since ``ref`` when ``source`` is in a git work tree; and notes for the user."""
    changed: set[Path] = set()
    for folder in dict.fromkeys(folder if folder.is_dir() else folder.parent for folder in folders):
        changed |= changed_files(folder, ref)
    notes: list[str] = []
    if source is not None and source.is_dir() and _work_tree(source) is not None:
        try:
            changed |= changed_files(source, ref)
        except SelectionError as error:
            notes.append(f"{error}; changes to the English were not considered")
    selected = [job for job in jobs if _real(job.target) in changed
                or (job.english is not None and _real(job.english) in changed)]
    return selected, notes


def translated_files(paths: Sequence[Path], source: Path | None, locales: Iterable[Path]) -> tuple[list[Path], int]:
    """The file arguments that can be translations: not inside the English ``source`` and, when the
    config names ``locales``, inside one of them (folders always stay).  Returns them and how many were dropped.

    A hook passes every Markdown file of the repository, English pages and READMEs included.
    """
    roots = [Path(root).resolve() for root in locales]
    english = source.resolve() if source is not None else None
    kept: list[Path] = []
    for path in paths:
        if not path.is_dir():
            real = _real(path)
            if (english is not None and real.is_relative_to(english)) \
                    or (roots and not any(real.is_relative_to(root) for root in roots)):
                continue
        kept.append(path)
    return kept, len(paths) - len(kept)
