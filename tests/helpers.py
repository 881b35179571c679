"""Helpers the tests share: the fixture docs tree, bilingual pairs, files, git and the ``check`` command."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli

PROJECT = Path(__file__).resolve().parents[1]
#: The fixture docs tree: en/, pt-BR/ and zh-CN/, with the defects DEFECTS.md lists.
FIXTURES = PROJECT / "fixtures" / "graph-docs"


def pair(ident: int | str, translated: str, english: str) -> str:
    """One bilingual pair; a number ``n`` stands for the id ``ab123-n``."""
    ident = f"ab123-{ident}" if isinstance(ident, int) else ident
    return (f'<span data-ttu-id="{ident}">{translated}</span><span class="sxs-lookup">'
            f'<span data-stu-id="{ident}">{english}</span></span>')


def write(path: Path, text: str) -> Path:
    """Write ``text`` at ``path`` (UTF-8), making its folders; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` with a throwaway identity; return its output."""
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c",
                           "commit.gpgsign=false", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout.strip()


def check_json(*args: str) -> tuple[int, list[dict[str, object]], str]:
    """``doclint check --format json ARGS``: the exit code, the findings and stderr."""
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    findings = json.loads(result.stdout)["findings"] if result.stdout.strip() else []
    return result.exit_code, findings, result.stderr


class FifoReader:
    """Reads a FIFO to its end in a thread, having opened it first, so that a writer finds a reader at once.

    It holds a write end of its own until :meth:`result`, so that it waits for the writer instead of
    reading an end of file before anything was written.
    """

    def __init__(self, fifo: Path) -> None:
        import os
        import threading

        self._read = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(self._read, True)
        self._keep = os.open(fifo, os.O_WRONLY)
        self._parts: list[bytes] = []
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        import os

        while chunk := os.read(self._read, 65536):
            self._parts.append(chunk)
        os.close(self._read)

    def result(self) -> bytes:
        """Everything written to the FIFO (once every other writer has closed it)."""
        import os

        os.close(self._keep)
        self._thread.join(timeout=60)
        return b"".join(self._parts)


def make_device(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3), /dev/zero (5) or /dev/full (7) at ``path``: a stand-in
    that a wrong write can clobber without harm (the test is skipped where creating one needs root)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("creating a device needs root")
    return path


def is_device(path: Path, minor: int) -> bool:
    """Whether ``path`` is still the memory device of that ``minor`` (not a file a write put in its place)."""
    info = os.stat(path)
    return stat.S_ISCHR(info.st_mode) and os.major(info.st_rdev) == 1 and os.minor(info.st_rdev) == minor
