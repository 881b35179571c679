"""Atomic writes: the exact bytes, the permissions a file should have, nothing left behind on failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from doclint import atomic
from doclint.atomic import write_atomic


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "report.json", b"{}\n")
    finally:
        os.umask(old)
    assert mode(tmp_path / "report.json") == expected  # not the temporary file's private 0600


@pytest.mark.parametrize("durable", [True, False])
def test_a_replaced_file_keeps_its_permissions_and_gets_exactly_the_bytes(tmp_path: Path, durable: bool) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    data = "\ufeffnew\r\n页面\r\n".encode("utf-8")
    write_atomic(path, data, durable=durable)
    assert path.read_bytes() == data
    assert mode(path) == 0o640
    assert [child.name for child in tmp_path.iterdir()] == ["page.md"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(b"old\n")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new\n")
    assert path.read_bytes() == b"old\n"
    assert [child.name for child in tmp_path.iterdir()] == ["baseline.json"]


def test_a_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_bytes(b"target\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, b"new\n")
    assert not link.is_symlink() and link.read_bytes() == b"new\n"
    assert target.read_bytes() == b"target\n"
