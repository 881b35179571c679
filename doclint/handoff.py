"""Where the English a page was translated from comes from, and reading it.

A translated page names the English commit it was made from (``ms.sourcegitcommit``).  That English
("the English at handoff") comes either from a folder laid out like the source, holding for each page
the English it was translated from (``--handoff DIR``), or from the git history of the source folder
(``--git``: the page at that commit, read through one ``git cat-file --batch`` process per worker).

When it cannot be had (no ``ms.sourcegitcommit``, a commit the repository lacks, a shallow clone, a page
that was elsewhere at that commit and cannot be found unambiguously) the reason is returned as a note and
the page is checked against the current English alone.  Nothing here prints or raises on bad input.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from doclint.display import display_path
from doclint.english import ENGLISH_LINK_OUT, english_message, missing_english
from doclint.finding import Problem
from doclint.handoff_text import COMMIT_KEY, label, same_content
from doclint.reader import read_page
from doclint.results import PageJob

if TYPE_CHECKING:
    from doclint.gitsource import GitSource
    from doclint.page import Page

#: Why an English at handoff that resolves outside its handoff folder is not read (the note of the page).
HANDOFF_LINK_OUT = "a link out of the handoff folder; not read"

#: A folder named like a docs version: the pages of one version are often moved to another (beta to v1.0).
_VERSION = re.compile(r"^(?:v\d+(?:\.\d+)*|beta|alpha|preview)$", re.IGNORECASE)


@dataclass
class Handoff:
    """The English at handoff of one page and the current English, or the note saying why there is none.

    ``current`` is the current English page, or the English at handoff itself when the two have the
    same content (so an unchanged page is not parsed twice); ``None`` when it is gone or unreadable,
    and ``problems`` then says so (DL405 for a page gone since, DL004 for one that cannot be read).
    """

    english: Page | None
    current: Page | None = None
    label: str = ""
    note: str = ""
    problems: list[Problem] = field(default_factory=list)
    #: For the result cache's key: the text of the English at handoff, of the current English page, and the
    #: message of the problem that stands for the current English page when there is none.
    text: str = ""
    current_text: str | None = None
    missing: str | None = None


def handoff_outside(job: PageJob) -> bool:
    """Whether the English at handoff of ``job`` resolves outside its handoff folder (a link out of it, or a
    page in a linked folder that leads out): it is then never read, as an English page out of the English
    root is not (:attr:`PageJob.english_outside`)."""
    if job.handoff is None or job.handoff_root is None:
        return False
    root = os.path.realpath(job.handoff_root)
    return os.path.commonpath([root, os.path.realpath(job.handoff)]) != root


def read_handoff(job: PageJob, target: Page, history: GitHistory | None) -> Handoff:
    """The English at handoff of ``job`` (from ``job.handoff``, else from ``history``) and its current English."""
    from doclint.parse import parse_page

    moved = ""
    if job.handoff is not None:
        if handoff_outside(job):
            return Handoff(None, note=f"the English at handoff {display_path(job.handoff)}: {HANDOFF_LINK_OUT}")
        read = read_page(job.handoff)
        if read.text is None:
            message = read.problem.message if read.problem else "cannot be read"
            return Handoff(None, note=f"the English at handoff {display_path(job.handoff)}: {message}")
        text = read.text
    elif history is not None and job.english is not None:
        found, moved, reason = history.page(job.english, target.front_matter.get(COMMIT_KEY, "").strip())
        if found is None:
            return Handoff(None, note=reason)
        text = found
    else:
        return Handoff(None, note="no English at handoff was named")
    english = parse_page(text)
    result = Handoff(english, label=label(target, moved), text=text)
    if job.english is None:
        return result
    if job.english_outside:  # confined to the English root, as load_english does
        result.problems.append(Problem("DL004", 1, 1, english_message(job.english, ENGLISH_LINK_OUT)))
        result.missing = result.problems[-1].message
        return result
    current = read_page(job.english)
    if current.text is not None:
        result.current_text = current.text
        result.current = english if same_content(current.text, text) else parse_page(current.text)
    elif os.path.lexists(job.english):
        result.problems.append(missing_english(job.english, current.problem))
        result.missing = result.problems[-1].message
    else:
        result.problems.append(Problem("DL405", 1, 1, f"the English page {display_path(job.english)} is gone: "
                                                      f"it was removed or moved since {result.label}"))
        result.missing = result.problems[-1].message
    return result


class GitHistory:
    """The English at a commit, read from the git history of the source folder.

    One ``git cat-file --batch`` process answers every page of a process; a worker process starts its own
    (the object crosses to workers without its process).  A page missing at its path at the commit is
    looked for under the sibling version folders (``beta`` for ``v1.0``) and taken when exactly one has it.
    """

    def __init__(self, source: Path, git: GitSource) -> None:
        self.source = source
        self.git = git
        self._pid = os.getpid()

    @classmethod
    def open(cls, source: Path) -> tuple[GitHistory | None, str]:
        """The history of the English folder ``source``, or ``None`` and why not (no git, no work tree)."""
        from doclint.gitsource import GitSource

        git, reason = GitSource.open(source)
        return (cls(source, git), "") if git is not None else (None, reason)

    def __getstate__(self) -> dict[str, object]:
        from doclint.gitsource import GitSource

        # A worker gets the repository, not this process's pipe to git.
        return {"source": self.source, "git": GitSource(self.git.toplevel, self.git.prefix, self.git.shallow),
                "_pid": -1}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def page(self, english: Path, commit: str) -> tuple[str | None, str, str]:
        """The English page ``english`` (a path under the source folder) at ``commit``: its text, the path it
        had there when it was elsewhere (else ``""``), or ``None`` and why not."""
        if not commit:
            return None, "", f"no {COMMIT_KEY} in the front matter"
        if self._pid != os.getpid():
            self._own_process()
        try:
            relative = PurePosixPath(english.relative_to(self.source).as_posix())
        except ValueError:
            return None, "", f"{english} is not under {self.source}"
        text, reason = self.git.read(commit, relative.as_posix())
        if text is not None:
            return text, "", ""
        if "does not exist at commit" not in reason:
            return None, "", reason
        moved = self._moved(commit, relative)
        if moved is None:
            return None, "", reason
        text, _ = self.git.read(commit, moved)
        return (text, moved, "") if text is not None else (None, "", reason)

    def _own_process(self) -> None:
        """Leave the git process of the parent (a forked worker inherits its pipe) to the parent."""
        from doclint.gitsource import GitSource

        self.git = GitSource(self.git.toplevel, self.git.prefix, self.git.shallow)
        self._pid = os.getpid()

    def _moved(self, commit: str, relative: PurePosixPath) -> str | None:
        """Where the page was at ``commit`` when not at ``relative``: the one sibling version folder holding it."""
        parts = relative.parts
        for depth in range(len(parts) - 2, -1, -1):
            if not _VERSION.match(parts[depth]):
                continue
            siblings = [name for name in self._folders(commit, "/".join(parts[:depth]))
                        if name != parts[depth] and _VERSION.match(name)]
            found = [path for path in ("/".join((*parts[:depth], name, *parts[depth + 1:])) for name in siblings)
                     if self._kind(commit, path) == "blob"]
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def _object(self, spec: str) -> tuple[str, bytes, int] | None:
        """The type, content and id length (in bytes) of the object ``spec`` names (``<commit>:<path>``),
        through the batch process."""
        if "\n" in spec:
            return None
        process = self.git._start()
        stdin: IO[bytes] = process.stdin  # type: ignore[assignment]
        stdout: IO[bytes] = process.stdout  # type: ignore[assignment]
        try:
            stdin.write(f"{spec}\n".encode())
            stdin.flush()
            parts = stdout.readline().decode("utf-8", "replace").split()
            if len(parts) != 3 or not parts[2].isdigit():
                return None
            size = int(parts[2])
            data = _read_exactly(stdout, size + 1)[:size]  # and the newline after the object
        except (OSError, ValueError):
            self.git.close()
            return None
        return parts[1], data, len(parts[0]) // 2

    def _kind(self, commit: str, path: str) -> str:
        found = self._object(f"{commit}:{self.git.prefix}{path}")
        return found[0] if found is not None else ""

    def _folders(self, commit: str, folder: str) -> list[str]:
        """The names of the subfolders of ``folder`` (relative to the source folder) at ``commit``."""
        spec = f"{self.git.prefix}{folder}".rstrip("/")
        found = self._object(f"{commit}:{spec}")
        if found is None or found[0] != "tree":
            return []
        return _tree_folders(found[1], found[2])

    def close(self) -> None:
        """End the git process of this process."""
        self.git.close()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    parts, total = [], 0
    while total < size:
        part = stream.read(size - total)
        if not part:
            raise ValueError("git cat-file ended early")
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def _tree_folders(data: bytes, id_length: int) -> list[str]:
    """The folder names of a raw git tree object: entries ``<mode> <name>\\0<object id, id_length bytes>``."""
    names: list[str] = []
    position = 0
    while position < len(data):
        space = data.find(b" ", position)
        nul = data.find(b"\0", space + 1)
        if space == -1 or nul == -1:
            break
        if data[position:space] in (b"40000", b"040000"):
            names.append(data[space + 1:nul].decode("utf-8", "replace"))
        position = nul + 1 + id_length
    return names
