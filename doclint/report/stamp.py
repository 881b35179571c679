"""The stamp of a report: when it was made, by which doclint, and from which commit of the English.

The commit is read with ``git rev-parse`` when the source folder is in a git work tree; without git,
outside a work tree, or when git fails or hangs, the stamp simply has no commit.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

_GIT_SECONDS = 10


@dataclass(frozen=True)
class Stamp:
    """When a report was made (UTC, to the minute), doclint's version and the source's git commit (or "")."""

    date: str
    version: str
    commit: str = ""

    def text(self) -> str:
        """One line: ``2026-12-02 06:30 UTC · doclint 0.1.0 · English at commit 1a2b3c4d5e6f``."""
        commit = f" · English at commit {self.commit[:12]}" if self.commit else ""
        return f"{self.date} · doclint {self.version}{commit}"


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
