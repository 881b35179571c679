"""Replace a file atomically: a reader sees the old file or the new one, never half of either.

Every file doclint writes goes through :func:`write_atomic`: reports (``-o``), baselines, fixed
pages and result-cache shards.  The bytes go to a temporary file in the same folder (so the
rename never crosses file systems), which is flushed to disk, given the permissions of the file
it replaces (or those a new file gets under the umask, not the temporary file's private 0600),
and renamed over the target.  On any failure the temporary file is removed and the error raised.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def file_mode(path: Path) -> int:
    """The permission bits of the file ``path`` (a link's target), or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` by a file holding exactly ``data``; raises :class:`OSError` when that fails.

    The folder must exist.  A link at ``path`` is replaced, not written through: resolve it first
    to write its target.  ``durable=False`` skips the fsync, for files whose loss costs nothing.
    """
    mode = file_mode(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
