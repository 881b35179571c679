"""The stamp of a report: when it was made, by which doclint, and from which commit of the English.

The commit is read with ``git rev-parse`` when the source folder is in a git work tree; without git,
outside a work tree, or when git fails or hangs, the stamp simply has no commit.  (The record itself,
:class:`~doclint.results.Stamp`, is plain data the formatters read.)
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from doclint.results import Stamp

_GIT_SECONDS = 10


def doclint_version() -> str:
    """The installed doclint's version ("unknown" when it is not installed as a package)."""
    try:
        return version("doclint")
    except PackageNotFoundError:
        return "unknown"


def git_commit(folder: Path) -> str:
    """The commit checked out in the git work tree holding ``folder``, or "" when there is none."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "rev-parse", "--verify", "-q", "HEAD"],
                              capture_output=True, text=True, timeout=_GIT_SECONDS, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return ""
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) >= 40 else ""


def make_stamp(source: Path | None, now: datetime | None = None) -> Stamp:
    """The stamp of a report made now from the English in ``source``."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Stamp(moment.strftime("%Y-%m-%d %H:%M UTC"), doclint_version(),
                 git_commit(source) if source is not None and source.is_dir() else "")
