"""Write files safely: replace a regular file atomically, and never replace anything else.

Every file doclint writes goes through this module.  :func:`write_atomic` replaces a regular file
(fixed pages, result-cache shards): the bytes go to a temporary file in the same folder (so the
rename never crosses file systems), which is flushed to disk, given the permissions, owner and
group of the file it replaces (or the permissions a new file gets under the umask, not the
temporary file's private 0600), and renamed over the target.  On any failure the temporary file
is removed and the error raised.  A path that exists and is not a regular file (a link, a FIFO, a
device, a folder) is never replaced.

:func:`write_file` writes a file the user named (``-o``, ``--write-baseline``) as a shell
redirection would: a link is followed, never replaced; a regular or missing file at its end is
replaced atomically; a FIFO or character device (``/dev/null``, ``/dev/stdout`` on a pipe or
terminal) is opened and written in place, since a rename would replace the device itself (a
FIFO that no process reads is an error, not a wait).

Temporary files are named ``.<name>.doclint-<pid>-<8 random characters>.tmp`` (``<name>`` cut
short when the whole would exceed the folder's NAME_MAX).  A process killed between creating one
and the rename leaves it behind; :func:`remove_stale_temporaries` removes those of this pattern
that belong to this user, are older than :data:`STALE_SECONDS` and whose process is gone.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

#: The temporary files of this module: ``.<name>.doclint-<pid>-<mkstemp's 8 characters>.tmp``.
TEMPORARY_NAME = re.compile(r"\..*\.doclint-([0-9]{1,10})-[a-z0-9_]{8}\.tmp", re.DOTALL)
#: A temporary file of a process that is gone is removed once it is this old (a write takes milliseconds).
STALE_SECONDS = 300.0
_MARK = ".doclint-"
_swept: set[str] = set()  # folders already swept by this process


class NotReplaced(OSError):
    """The path exists and is not a file doclint may replace or write (a link, folder, socket, device)."""


def file_mode(path: Path) -> int:
    """The permission bits of the file ``path`` (a link's target), or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temporary_prefix(folder: Path, name: str) -> str:
    """The prefix of a temporary file for ``name`` in ``folder``: its name cut so the whole fits NAME_MAX."""
    mark = f"{_MARK}{os.getpid()}-"
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    budget = limit - len(".") - len(mark) - 8 - len(".tmp")
    encoded = os.fsencode(name)
    if len(encoded) > budget:
        # Cut on a character boundary where the name decodes; the name is only a hint for a human.
        name = encoded[: max(budget, 0)].decode("utf-8", "ignore")
    return f".{name}{mark}"


def make_folders(base: Path, inner: Path) -> None:
    """Make the folders from ``base`` down to ``inner`` (inside it); raises :class:`NotReplaced` for anything but
    a folder among them.  A symbolic link there (committed to a repository, say) would have files written
    wherever it points: a folder doclint keeps to itself (the result cache) never follows one."""
    current = base
    for part in inner.relative_to(base).parts:
        current = current / part
        try:
            os.mkdir(current)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                raise NotReplaced(errno.EEXIST, "not a folder; not followed", str(current)) from None


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace the regular file ``path`` (or create it) by a file holding exactly ``data``.

    Raises :class:`OSError` when that fails, and :class:`NotReplaced` when ``path`` exists and is
    not a regular file: a link, FIFO, device or folder there is left alone (resolve a link first
    to write its target).  The folder must exist.  ``durable=False`` skips the fsync, for files
    whose loss costs nothing.
    """
    try:
        before: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        before = None
    if before is not None and not stat.S_ISREG(before.st_mode):
        raise NotReplaced(errno.EEXIST, "not a regular file; not replaced", str(path))
    remove_stale_temporaries(path.parent)
    mode = before.st_mode & 0o7777 if before is not None else file_mode(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path.parent, path.name),
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if before is not None:
            _keep_owner(temporary, before)
        os.chmod(temporary, mode)  # after chown, which may clear the set-id bits
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _keep_owner(temporary: str, before: os.stat_result) -> None:
    """Give the temporary file the owner and group of the file it replaces, as far as this process may."""
    if (before.st_uid, before.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid in (before.st_uid, -1):  # a non-root user may still give the file its group
        try:
            os.chown(temporary, uid, before.st_gid)
            return
        except PermissionError:
            continue


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a file the user named, as a shell redirection would; raises :class:`OSError`.

    A link is followed and never replaced.  A regular file at its end (or none) is replaced
    atomically; a FIFO or character device is opened and written in place (a FIFO that no process
    reads is an :class:`OSError` at once); anything else (a folder, socket, block device) is
    :class:`NotReplaced`.
    """
    try:
        found: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        found = None  # missing, or a link to a missing file: created where the link points
    if found is not None and (stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode)):
        _write_in_place(path, data)
        return
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise NotReplaced(errno.EEXIST, "not a file, FIFO or character device; not written", str(path))
    target = Path(os.path.realpath(path))
    if found is not None and not _same_file(target, found):
        # A link the kernel resolves itself (/dev/stdout to /proc/self/fd/1 of a file): write through it.
        _write_in_place(path, data)
        return
    write_atomic(target, data)


def _same_file(path: Path, found: os.stat_result) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (found.st_dev, found.st_ino)


def _write_in_place(path: Path, data: bytes) -> None:
    """Open ``path`` (a FIFO, a character device, or a file behind a link the kernel resolves) and write.

    The open does not wait: a FIFO that no process reads is an error at once, never a hang.
    """
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a FIFO that no process reads", str(path)) from None
        raise
    try:
        os.set_blocking(descriptor, True)  # the writes may wait for a reader to drain the pipe
        info = os.fstat(descriptor)
        if stat.S_ISREG(info.st_mode):
            os.ftruncate(descriptor, 0)
        elif not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            raise NotReplaced(errno.EEXIST, "not a file, FIFO or character device; not written", str(path))
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        if stat.S_ISREG(info.st_mode):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed doclint left in ``folder``; return them.

    Only files named like this module's temporary files (:data:`TEMPORARY_NAME`), owned by this
    user, regular, unchanged for :data:`STALE_SECONDS` and whose process no longer runs are
    removed; anything else, and any error, is left alone.  Each folder is swept once per process.
    """
    key = os.fspath(folder)
    if key in _swept:
        return []
    _swept.add(key)
    removed: list[Path] = []
    limit = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = TEMPORARY_NAME.fullmatch(entry.name) if entry.name.endswith(".tmp") else None
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mtime > limit \
                    or _running(int(match.group(1))):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs (in this process's view); when unsure, it does."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return True
