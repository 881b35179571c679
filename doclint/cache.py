"""A content cache of page results, so an unchanged page is never checked twice.

An entry is keyed by a hash of everything that decides a page's findings: the translated page's
bytes, its English page's text (or the message saying why it was not read), the page's displayed
path, its path and its English page's path (they appear in findings and messages), the effective
rule set (``RuleSet.fingerprint()``) and the code that runs (the doclint version plus the size and
modification time of every module of the package, so an edited rule never serves stale findings
from an editable install).  A result is stored under the key of the very bytes it was computed
from (:func:`content_key`, made by the check that read them), never under the key looked up
before: a page edited while it was being checked must not have its new findings filed under its
old text, where they would hide the old text's defects when it comes back.

Entries live in ``<cache dir>/v1/<namespace>/<xx>.json`` (``xx``: the key's first two hex digits;
``namespace``: the rule set and code fingerprint), a few dozen entries per file.  Every file
carries a header that is checked, and every entry carries its own key, which must match: a
corrupt, truncated, foreign or hand-edited entry is a miss, never trusted; a shard that is not a
regular file (a FIFO, a link to a device) or is oversized is not read, nor replaced.  Files are
replaced atomically (write a temporary file, then rename), so a reader never sees half a file, and
a failure to write (read-only folder, full disk) only costs the cache, never the run.

``index-<xx>.json`` files keep each entry's consistency index (DL511, DL512) apart from its findings, read only
when the cross-page step needs it (a warm run whose cross-page findings are on record never parses them).

``cross-<x>.json`` files keep the cross-page findings (DL511, DL512) of a whole locale root under a
digest of what they came from (:meth:`PageCache.cross_page`; :mod:`doclint.consistency` makes the digest).

So that a warm run need not read every page, ``stat-<x>.json`` files remember, per page, the
key last computed and the (size, mtime, ctime, inode) of the files it came from; see
:meth:`PageCache.key` for when that record is trusted.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import doclint
from doclint.display import display_path
from doclint.english import missing_english
from doclint.finding import Finding, Fix, Problem, Severity
from doclint.reader import FileProblem, read_bytes_or_none, read_file, read_page
from doclint.results import PageJob, PageResult, packed_index

if TYPE_CHECKING:
    from doclint.page import Page
    from doclint.registry import RuleSet

CACHE_FOLDER = ".doclint_cache"
FORMAT = "doclint-cache"
VERSION = 1
_SEVERITIES = {severity.value: severity for severity in Severity}
_CAUSES = frozenset({"translation", "drift"})
#: A shard file larger than this is not read (a shard holds a few dozen entries of a few kilobytes).
MAX_SHARD_BYTES = 64 * 1024 * 1024


def code_fingerprint() -> str:
    """The doclint version and the size and mtime of each of its modules: changes when the code does."""
    root = Path(doclint.__file__).parent
    parts = [doclint.__version__]
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                parts.append(f"{os.path.relpath(os.path.join(folder, name), root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _digest(*parts: bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def content_key(namespace: str, job: PageJob, target: bytes, english: bytes) -> str:
    """The cache key of page ``job`` whose bytes are ``target`` and whose English is ``english``
    (:func:`english_part` or :func:`checked_english_part`), under the cache ``namespace``."""
    return _digest(namespace.encode(), _encoded(job.display), _encoded(str(job.target)), _encoded(str(job.english)),
                   target, english)


def _part(text: str | None, missing: str | None) -> bytes:
    # A tag first, so that no English text can ever collide with a message or with having no English.
    if text is not None:
        return b"T" + text.encode("utf-8", "surrogatepass")
    return b"M" + _encoded(missing) if missing is not None else b"N"


def english_part(job: PageJob) -> bytes:
    """The English part of a page's key, read from disk now: the English page's text, or the message the
    check gives when it cannot load it.  When that message is not the check's, the key only misses."""
    if job.english is None:
        return _part(None, None)
    english = read_page(job.english)
    if english.text is not None:
        return _part(english.text, None)
    return _part(None, missing_english(job.english, english.problem).message)


def english_text_part(text: str | None, missing: str | None) -> bytes:
    """The English part of a page's key from the English text a check read, or the message of the problem
    standing for it (a check against the English at handoff)."""
    return _part(text, missing)


def checked_english_part(job: PageJob, english: Page | None, missing: Problem | None) -> bytes:
    """The English part of a page's key from what a check loaded: the English page it parsed, or the
    problem saying why there was none (``load_english``)."""
    if job.english is None:
        return _part(None, None)
    if english is not None:
        return _part(english.text, None)
    return _part(None, missing.message if missing is not None else "")


def handoff_part(job: PageJob, text: str | None = None) -> bytes | None:
    """The part of a page's key for the English at handoff: nothing without one; the git repository it is
    read from (the commit is in the page's bytes); the handoff page's text (``text``, else read now), or
    ``None`` when that cannot be read or leads out of its folder (such a page is not cached)."""
    if job.handoff is None and not job.history:
        return b""
    from doclint.handoff import handoff_outside

    history = b"H" + _encoded(job.history)
    if job.handoff is None:
        return history
    if handoff_outside(job):
        return None
    if text is None:
        text = read_page(job.handoff).text
        if text is None:
            return None
    return history + _part(text, None)


class PageCache:
    """Look up and store page results under one cache folder, for one rule set."""

    def __init__(self, folder: Path, ruleset: RuleSet) -> None:
        self.folder = folder
        self.ruleset = ruleset
        self.namespace = _digest(ruleset.fingerprint().encode(), code_fingerprint().encode())
        self.shards: dict[str, dict[str, object]] = {}
        self.pending: dict[str, dict[str, object]] = {}
        self.stat_shards: dict[str, dict[str, object]] = {}
        self.stat_pending: dict[str, dict[str, object]] = {}
        self.index_shards: dict[str, dict[str, object]] = {}
        self.index_pending: dict[str, dict[str, object]] = {}
        self.hits = 0
        self.misses = 0

    def _shard_path(self, key: str) -> Path:
        name = key if key.startswith(("stat-", "index-")) else key[:2]
        return self.folder / f"v{VERSION}" / self.namespace[:20] / f"{name}.json"

    def key(self, job: PageJob) -> str | None:
        """The content key of a page, or ``None`` when the page cannot be cached (unreadable, oversized).

        Fast path: when neither file's (size, mtime, ctime, inode) changed since the key was last
        computed, the recorded key is used without reading the files.  A stat is recorded only for
        files last changed over :data:`SETTLED_SECONDS` ago, so a write in the same clock tick as
        the recording (the "racy git" case) can never hide behind an unchanged stat; ctime
        changes on every write and cannot be set back, so restoring an old mtime hides nothing.
        """
        # Shown paths: a file name that is not UTF-8 must not stop the shard from being written as JSON.
        ident = f"{job.display}\0{display_path(job.target)}\0{job.english and display_path(job.english)}"
        if job.handoff is not None or job.history:
            ident += f"\0{job.handoff and display_path(job.handoff)}\0{job.history}"
        stats = _stats(job)
        if stats is not None:
            # The record sits in this namespace's folder under the page's identity: equal stats are enough.
            known = self._stat_shard(ident).get(ident)
            if isinstance(known, list) and len(known) == 2 and known[0] == stats and isinstance(known[1], str):
                return known[1]
        key = self._content_key(job)
        if key is not None and stats is not None and _settled(stats):
            self.stat_pending.setdefault(_stat_prefix(ident), {})[ident] = [stats, key]
        return key

    def _stat_shard(self, ident: str) -> dict[str, object]:
        prefix = _stat_prefix(ident)
        shard = self.stat_shards.get(prefix)
        if shard is None:
            shard = self.stat_shards[prefix] = _read_shard(self._shard_path(f"stat-{prefix}"), self.namespace)
        return shard

    def _content_key(self, job: PageJob) -> str | None:
        target = read_bytes_or_none(job.target)
        if target is None:
            return None  # unreadable for now: the result would name a transient error
        return self._key_of(job, target)

    def _key_of(self, job: PageJob, target: bytes) -> str | None:
        """The key of ``job`` were its page's bytes ``target`` (``None``: its English at handoff cannot be had)."""
        handoff = handoff_part(job)
        if handoff is None:
            return None
        return content_key(self.namespace, job, target, english_part(job) + handoff)

    def _load(self, key: str) -> dict[str, object]:
        prefix = key[:2]
        shard = self.shards.get(prefix)
        if shard is None:
            shard = self.shards[prefix] = _read_shard(self._shard_path(key), self.namespace)
        return shard

    def get(self, key: str, job: PageJob) -> PageResult | None:
        """The cached result of the page with ``key`` (its ``key`` set: the entry is of the bytes with that key),
        or ``None`` (a miss, or an entry not to trust)."""
        entry = self._load(key).get(key)
        result = None
        if entry is not None:
            try:
                findings, compared, indexed = _decode(entry, key)
                result = PageResult(job, findings, compared, key=key,
                                    index=functools.partial(self.index_or_again, key, job) if indexed else None)
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                result = None
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def index_or_again(self, key: str, job: PageJob) -> bytes:
        """The consistency index of the cached result of ``job`` with ``key``; when the cache lost it, the page's
        index made again now, and kept for the next run if the page still has the bytes of ``key``."""
        index = self.index(key)
        if index is None:
            from doclint.lint import index_file

            index, data = index_file(job, self.ruleset)
            if data is not None and self._key_of(job, data) == key:
                self.index_pending.setdefault(key[:2], {})[key] = [key, base64.b64encode(index).decode("ascii")]
        return index

    def index(self, key: str) -> bytes | None:
        """The packed consistency index kept with the result of ``key`` (:func:`doclint.variants.pack`), or
        ``None`` when the cache cannot give it back (lost, corrupt: the caller indexes the page again)."""
        prefix = key[:2]
        shard = self.index_shards.get(prefix)
        if shard is None:
            shard = self.index_shards[prefix] = _read_shard(self._shard_path(f"index-{prefix}"), self.namespace)
        entry = shard.get(key)
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == key and isinstance(entry[1], str)):
            return None
        try:
            index = base64.b64decode(entry[1], validate=True)
        except ValueError:  # binascii.Error
            return None
        from doclint.variants import ROW_BYTES

        return index if len(index) % ROW_BYTES == 0 else None

    def put(self, key: str, result: PageResult) -> None:
        """Remember ``result`` as the result of the page with ``key`` (written by :meth:`save`)."""
        index = packed_index(result.index)  # called for a cached result stored again (--fix)
        self.pending.setdefault(key[:2], {})[key] = _encode(key, result, index is not None)
        if index is not None:
            self.index_pending.setdefault(key[:2], {})[key] = [key, base64.b64encode(index).decode("ascii")]

    def cross_page(self, root: str, digest: str) -> dict[int, list[Finding]] | None:
        """The cross-page findings on record for the locale root ``root`` (by page number, as
        :meth:`keep_cross_page` kept them) when the record's ``digest`` is ``digest``, else ``None``."""
        data = _read_json(self._record_path(root), self.namespace)
        if data is None or data.get("digest") != digest or not isinstance(data.get("findings"), list):
            return None
        found: dict[int, list[Finding]] = {}
        try:
            for number, rows in data["findings"]:
                if not isinstance(number, int) or not isinstance(rows, list):
                    raise TypeError("bad record")
                found[number] = [_finding(row) for row in rows]
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None
        return found

    def keep_cross_page(self, root: str, digest: str, findings: dict[int, list[Finding]]) -> None:
        """Record the cross-page findings of the locale root ``root`` under ``digest`` (what they were computed
        from), replacing its last record; errors are ignored."""
        if not self._make_folder():
            return
        entries = [[number, [_finding_row(finding) for finding in found]] for number, found in sorted(findings.items())]
        try:
            _write_json(self.folder, self._record_path(root),
                        {"format": FORMAT, "version": VERSION, "namespace": self.namespace, "root": root,
                         "digest": digest, "findings": entries})
        except (OSError, ValueError):  # NotReplaced, a read-only folder, a name that is not UTF-8
            pass

    def _record_path(self, root: str) -> Path:
        name = hashlib.blake2b(_encoded(root), digest_size=8).hexdigest()
        return self.folder / f"v{VERSION}" / self.namespace[:20] / f"cross-{name}.json"

    def _make_folder(self) -> bool:
        if not self.folder.is_dir():
            try:
                self.folder.mkdir(parents=True)
                # Like pytest's and ruff's caches: never committed by accident.
                (self.folder / ".gitignore").write_text("# created by doclint\n*\n", encoding="utf-8")
            except OSError:
                pass
        return self.folder.is_dir()

    def save(self) -> None:
        """Write the new entries, merged with what the shard files hold now; errors are ignored."""
        if self.pending:
            self._make_folder()
        pending = [*self.pending.items(), *((f"stat-{prefix}", entries) for prefix, entries in self.stat_pending.items()),
                   *((f"index-{prefix}", entries) for prefix, entries in self.index_pending.items())]
        for prefix, entries in pending:
            path = self._shard_path(prefix)
            merged = _read_shard(path, self.namespace)
            merged.update(entries)
            try:
                _write_shard(self.folder, path, self.namespace, merged)
            except OSError as error:
                from doclint.atomic import NotReplaced

                if isinstance(error, NotReplaced):
                    continue  # a FIFO, link or folder where a shard belongs is left alone, and not used
                break  # the cache folder is not writable: run without one
        self.pending.clear()
        self.stat_pending.clear()
        self.index_pending.clear()


#: A file changed more recently than this is never looked up by its stat (see PageCache.key).
SETTLED_SECONDS = 2.0


def _stat_prefix(ident: str) -> str:
    return hashlib.blake2b(ident.encode("utf-8", "surrogateescape"), digest_size=1).hexdigest()[0]


def _stats(job: PageJob) -> list[list[int] | None] | None:
    """(size, mtime, ctime, inode) of the page and of its English page (``None`` when absent)."""
    result: list[list[int] | None] = []
    for path in (job.target, job.english, *((job.handoff,) if job.handoff is not None else ())):
        if path is None:
            result.append(None)
            continue
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            if path is job.target:
                return None
            result.append(None)
            continue
        except OSError:
            return None
        result.append([stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino])
    return result


def _settled(stats: list[list[int] | None]) -> bool:
    limit = time.time_ns() - int(SETTLED_SECONDS * 1e9)
    return all(stat is None or (stat[1] < limit and stat[2] < limit) for stat in stats)


def _encode(key: str, result: PageResult, indexed: bool) -> list[object]:
    # The fourth item says the page has an index in its index shard.
    entry: list[object] = [key, result.english_compared, [_finding_row(finding) for finding in result.findings]]
    return [*entry, True] if indexed else entry


def _finding_row(f: Finding) -> list[object]:
    return [f.path, f.line, f.column, f.code, f.rule, f.severity.value, f.message, f.english, f.found,
            None if f.fix is None else [f.fix.start, f.fix.end, f.fix.replacement], f.cause]


def _decode(entry: object, key: str) -> tuple[list[Finding], bool, bool]:
    """Rebuild an entry's findings, and whether it has a consistency index, checking every field's type;
    raises on anything unexpected."""
    if not isinstance(entry, list) or len(entry) not in (3, 4) or entry[0] != key or not isinstance(entry[1], bool) \
            or not isinstance(entry[2], list) or (len(entry) == 4 and entry[3] is not True):
        raise ValueError("not a cache entry for this key")
    return [_finding(row) for row in entry[2]], entry[1], len(entry) == 4


def _finding(row: Any) -> Finding:
    """A finding from its cached row, every field's type checked; raises on anything unexpected."""
    path, line, column, code, name, severity, message, english, found, fix, cause = row
    # type() is: JSON gives exact ints and strings, and a warm run checks thousands of rows.
    if not (type(line) is int and type(column) is int and type(path) is str and type(code) is str
            and type(name) is str and type(message) is str and type(english) is str and type(found) is str
            and cause in _CAUSES):
        raise TypeError("bad finding")
    repair = None
    if fix is not None:
        start, end, replacement = fix
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(replacement, str)):
            raise TypeError("bad fix")
        repair = Fix(start, end, replacement)
    return Finding(path, line, column, code, name, _SEVERITIES[severity], message, english, found, repair, cause)


def _read_shard(path: Path, namespace: str) -> dict[str, object]:
    """The entries of a shard file; an absent, unreadable, corrupt or foreign file has none, and so has
    one that is not a regular file (read without blocking, never past :data:`MAX_SHARD_BYTES`)."""
    entries = (_read_json(path, namespace) or {}).get("entries")
    return entries if isinstance(entries, dict) else {}


def _read_json(path: Path, namespace: str) -> dict[str, Any] | None:
    """A cache file's content when its header is this cache's (as :func:`_read_shard` reads it), else ``None``."""
    try:
        data = json.loads(read_file(path, MAX_SHARD_BYTES))
    except (FileProblem, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION \
            or data.get("namespace") != namespace:
        return None
    return data


def _write_shard(folder: Path, path: Path, namespace: str, entries: dict[str, object]) -> None:
    _write_json(folder, path, {"format": FORMAT, "version": VERSION, "namespace": namespace, "entries": entries})


def _write_json(folder: Path, path: Path, data: dict[str, object]) -> None:
    from doclint.atomic import make_folders, write_atomic  # here: a warm run writes nothing, so never imports tempfile

    make_folders(folder, path.parent)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # No fsync: a file lost or cut short by a crash is read as a miss, and syncing costs a cold run seconds.
    write_atomic(path, text.encode("utf-8"), durable=False)
