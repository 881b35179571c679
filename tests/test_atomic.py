"""Atomic writes: the exact bytes, the permissions a file should have, nothing left behind on failure."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from doclint import atomic
from doclint.atomic import write_atomic, write_file
from tests.helpers import FifoReader, is_device, make_device


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


def test_write_atomic_never_replaces_a_link_a_fifo_or_a_device(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_bytes(b"target\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    null = make_device(tmp_path / "null", 3)
    for path in (link, fifo, null, tmp_path):
        with pytest.raises(atomic.NotReplaced, match="not a regular file"):
            write_atomic(path, b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"target\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and is_device(null, 3)
    assert sorted(child.name for child in tmp_path.iterdir()) == ["fifo.json", "link.md", "null", "target.md"]


def test_write_file_writes_a_device_in_place_and_follows_links_without_replacing_them(tmp_path: Path) -> None:
    null = make_device(tmp_path / "null", 3)
    write_file(null, b"report\n")
    assert is_device(null, 3)
    to_null = tmp_path / "to-null"
    to_null.symlink_to(null)
    write_file(to_null, b"report\n")
    assert to_null.is_symlink() and is_device(null, 3)
    # A link to a regular file: its target is replaced atomically, the link stays.
    target = tmp_path / "target.json"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_file(link, b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n" and mode(target) == 0o640
    # A dangling link is created where it points, as a shell redirection would.
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "made.json")
    write_file(dangling, b"made\n")
    assert dangling.is_symlink() and (tmp_path / "made.json").read_bytes() == b"made\n"


def test_write_file_writes_to_a_fifo_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    data = b"x" * 300_000  # more than a pipe holds: the writes must loop until all is taken
    write_file(fifo, data)
    assert reader.result() == data
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_that_no_process_reads_is_an_error_not_a_wait(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="no process reads"):
        write_file(fifo, b"report\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_full_device_is_an_os_error_and_stays_a_device(tmp_path: Path) -> None:
    full = make_device(tmp_path / "full", 7)
    with pytest.raises(OSError, match="No space left"):
        write_file(full, b"report\n")
    assert is_device(full, 7)


def test_a_folder_or_a_socket_is_never_written(tmp_path: Path) -> None:
    with pytest.raises(atomic.NotReplaced):
        write_file(tmp_path, b"x")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock"))
        with pytest.raises(OSError):
            write_file(tmp_path / "sock", b"x")
        assert stat.S_ISSOCK(os.lstat(tmp_path / "sock").st_mode)
    finally:
        server.close()


def test_the_real_dev_null_stays_a_device() -> None:
    # Proven on a stand-in device first (above); this checks the real one, and repairs it if ever broken.
    null = Path("/dev/null")
    before = os.stat(null)
    assert stat.S_ISCHR(before.st_mode)
    try:
        write_file(null, b"report\n")
    finally:
        after = os.lstat(null)
        if not stat.S_ISCHR(after.st_mode):  # pragma: no cover - only if write_file were wrong
            os.unlink(null)
            os.mknod(null, stat.S_IFCHR | 0o666, before.st_rdev)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_replaced_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file away needs root")
    path = tmp_path / "page.md"
    path.write_bytes(b"old\n")
    os.chown(path, 4321, 8765)
    write_atomic(path, b"new\n")
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (4321, 8765) and path.read_bytes() == b"new\n"


def test_a_temporary_name_fits_the_folder_even_for_a_name_near_name_max(tmp_path: Path) -> None:
    for name in ("a" * 255, "页" * 85, "x.md"):  # 255 bytes each but the last
        path = tmp_path / name
        path.write_bytes(b"old\n")
        write_atomic(path, b"new\n")
        assert path.read_bytes() == b"new\n"
        prefix = atomic.temporary_prefix(tmp_path, name)
        assert len(os.fsencode(prefix)) + 8 + len(".tmp") <= 255
        assert atomic.TEMPORARY_NAME.fullmatch(prefix + "abcd_123.tmp")
    assert sorted(child.name for child in tmp_path.iterdir()) == sorted(["a" * 255, "页" * 85, "x.md"])


def _killed_writer(folder: Path) -> Path:
    """The temporary file a doclint killed during a write leaves behind (a real SIGKILL, in a child)."""
    code = (f"import os, signal; from pathlib import Path; from doclint import atomic\n"
            f"atomic.os.replace = lambda *_: os.kill(os.getpid(), signal.SIGKILL)\n"
            f"atomic.write_atomic(Path({str(folder / 'page.md')!r}), b'half')\n")
    before = set(folder.iterdir())
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert process.returncode == -signal.SIGKILL
    (left,) = set(folder.iterdir()) - before
    return left


def test_a_later_write_removes_the_stale_temporary_files_of_killed_runs_and_nothing_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "_swept", set())
    (tmp_path / "page.md").write_bytes(b"page\n")
    stale = _killed_writer(tmp_path)
    assert atomic.TEMPORARY_NAME.fullmatch(stale.name)
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    fresh = _killed_writer(tmp_path)
    kept = {
        "alive": tmp_path / f".page.md.doclint-{os.getppid()}-abcdefgh.tmp",  # a running process's
        "mine": tmp_path / f".page.md.doclint-{os.getpid()}-abcdefgh.tmp",  # this process's
        "user": tmp_path / ".page.md.doclint-1-abcdefgh.tmp.bak",  # not the pattern
        "user2": tmp_path / "notes.doclint-99999999-abcdefgh.tmp",  # no leading dot
        "user3": tmp_path / ".page.md.doclint-99999999-ABCDEFGH.tmp",  # not mkstemp's characters
    }
    for path in kept.values():
        path.write_bytes(b"keep\n")
        os.utime(path, (hour_ago, hour_ago))
    linked = tmp_path / ".page.md.doclint-99999999-abcdefgh.tmp"
    linked.symlink_to(tmp_path / "page.md")  # a link, even named like ours, is not ours
    os.utime(linked, (hour_ago, hour_ago), follow_symlinks=False)
    write_atomic(tmp_path / "other.json", b"{}\n")
    assert not stale.exists()
    assert fresh.exists()  # its process is gone, but it is too recent to be sure
    assert all(path.exists() for path in kept.values()) and linked.is_symlink()
    assert (tmp_path / "page.md").read_bytes() == b"page\n"
