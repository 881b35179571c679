"""English pages at a given commit, read from git with one ``git cat-file --batch`` process.

When ``--source`` lies in a git work tree, the English a page was translated from
is the English page at the commit named by the page's ``ms.sourcegitcommit``.
One long-lived ``git cat-file --batch`` answers every page; a commit the
repository lacks (a shallow clone, another repository) is a reason, not an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import TracebackType
from typing import IO

from doclint.reader import MAX_PAGE_BYTES

_COMMIT = re.compile(r"^[0-9a-fA-F]{7,64}$")
#: The header git writes before an object it found: ``<object id> <type> <size>``.
_FOUND = re.compile(rb"([0-9a-f]{40,64}) ([a-z]+) ([0-9]+)\n")
#: The header of an object it did not find (the name asked for, then the word).
_NOT_FOUND = (b" missing\n", b" ambiguous\n")
#: Objects are read in pieces of this size, so one too large to keep is never held whole.
_CHUNK = 1 << 20


class _Desync(Exception):
    """The batch process answered something that is not a header: its stream can no longer be trusted."""


class GitSource:
    """Reads ``<commit>:<source prefix>/<page>`` blobs through one ``git cat-file --batch``."""

    def __init__(self, toplevel: Path, prefix: str, shallow: bool) -> None:
        self.toplevel = toplevel
        self.prefix = prefix
        self.shallow = shallow
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def open(cls, source: Path) -> tuple[GitSource | None, str]:
        """The git source for the English folder ``source``, or ``None`` and why not."""
        git = shutil.which("git")
        if git is None:
            return None, "git is not installed"
        try:
            result = subprocess.run(
                [git, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"],
                cwd=source, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError) as error:
            return None, f"git failed: {error}"
        lines = result.stdout.split("\n")
        if result.returncode != 0 or len(lines) < 3:
            return None, f"{source} is not in a git work tree"
        return cls(Path(lines[0]), lines[1], lines[2].strip() == "true"), ""

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            self._process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.toplevel,
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL)
        return self._process

    def read(self, commit: str, relative: str) -> tuple[str | None, str]:
        """The English page ``relative`` (to the source folder) at ``commit``, or ``None`` and why not."""
        if not _COMMIT.match(commit):
            return None, f"ms.sourcegitcommit {commit[:60]!r} is not a commit id"
        if "\n" in relative or "\r" in relative:  # git would read a CR before the LF as part of the line end
            return None, "the page path holds a line break"
        process = self._start()
        stdin: IO[bytes] = process.stdin  # type: ignore[assignment]
        stdout: IO[bytes] = process.stdout  # type: ignore[assignment]
        try:
            stdin.write(f"{commit}:{self.prefix}{relative}\n".encode())
            stdin.flush()
            found = _answer(stdout, MAX_PAGE_BYTES)
            if found is None:
                return None, self._missing(commit, relative)
        except (OSError, ValueError, _Desync) as error:
            self.close()
            return None, f"git cat-file failed: {error}"
        kind, size, data = found
        if kind != "blob":
            return None, f"{relative} is a {'folder' if kind == 'tree' else kind} at commit {commit[:12]}, not a page"
        if data is None:
            return None, f"{relative} is {size / 1048576:.1f} MiB at commit {commit[:12]}, over the " \
                         f"{MAX_PAGE_BYTES // 1048576} MiB limit"
        text = data.decode("utf-8", "replace").lstrip("\ufeff")
        return text.replace("\r\n", "\n").replace("\r", "\n"), ""

    def _missing(self, commit: str, relative: str) -> str:
        if not self.has_commit(commit):
            where = " (the clone is shallow)" if self.shallow else ""
            return f"commit {commit[:12]} is not in the git repository at {self.toplevel}{where}"
        return f"{relative} does not exist at commit {commit[:12]}"

    def has_commit(self, commit: str) -> bool:
        """Whether the repository holds ``commit`` (asked through the same batch process)."""
        process = self._start()
        stdin: IO[bytes] = process.stdin  # type: ignore[assignment]
        stdout: IO[bytes] = process.stdout  # type: ignore[assignment]
        stdin.write(f"{commit}^{{commit}}\n".encode())
        stdin.flush()
        return _answer(stdout) is not None

    def close(self) -> None:
        """End the ``git cat-file`` process."""
        process, self._process = self._process, None
        if process is not None:
            if process.stdin:
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            if process.stdout:
                process.stdout.close()

    def __enter__(self) -> GitSource:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _answer(stdout: IO[bytes], keep: int = 0) -> tuple[str, int, bytes | None] | None:
    """The type, size and content of the object ``git cat-file --batch`` answered with, or ``None``
    when it has none; the content is ``None`` when the object is over ``keep`` bytes.

    Whatever the type and size, the whole object and the line break after it are read, so the next
    answer starts at its header; anything but a header raises :class:`_Desync`.
    """
    header = stdout.readline()
    if not header:
        raise _Desync("git ended")
    if header.endswith(_NOT_FOUND):
        return None
    found = _FOUND.fullmatch(header)
    if found is None:
        raise _Desync(f"unexpected answer {header[:80]!r}")
    size = int(found[3])
    parts: list[bytes] = []
    left = size + 1
    while left:
        part = stdout.read(min(left, _CHUNK))
        if not part:
            raise _Desync("the answer ends early")
        left -= len(part)
        if size <= keep:
            parts.append(part)
    data = b"".join(parts)
    if size <= keep and not data.endswith(b"\n"):
        raise _Desync("no line break after the object")
    return found[2].decode("ascii"), size, data[:-1] if size <= keep else None
