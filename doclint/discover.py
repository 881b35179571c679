"""Find the pages to check and the English page each one is compared with."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from doclint.display import display_path
from doclint.results import PageJob

ENGLISH_FOLDERS = ("en", "en-us")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", re.IGNORECASE)
#: A folder surely named for a locale (zh-CN, zh-Hans-CN, es-419): not "how-to" or "api".
_LOCALE_FOLDER = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?-(?:[A-Z]{2}|[0-9]{3})$")
PAGE_SUFFIXES = (".md", ".markdown")


#: Told of each page or folder left out and why (a link out of the root, a folder that cannot be
#: read): ``skipped(path, reason)``.  The reason shows paths with :func:`display_path`.
Skipped = Callable[[Path, str], None]


class DiscoveryError(Exception):
    """A path or folder named on the command line cannot be used (a usage error)."""


def resolve(path: Path | str) -> Path:
    """``path`` made absolute with every link resolved, as far as it can be: never raises.

    :meth:`Path.resolve` raises ``RuntimeError`` on a link loop (``ln -s self.md self.md``); such a
    path stays as far as it resolved, and reading it later fails, which makes it a finding.
    """
    return Path(os.path.realpath(path))


def _outside(path: Path, roots: list[Path]) -> str:
    """Why the link ``path`` is not followed, or ``""`` when it resolves inside one of ``roots``."""
    target = resolve(path)
    if any(target.is_relative_to(root) for root in roots):
        return ""
    where = " or ".join(display_path(root) for root in roots)
    return f"skipped: a link to {display_path(target)}, outside {where}; not followed"


def refuse_file_system_root(folder: Path, what: str = "locale root") -> None:
    """Raise :class:`DiscoveryError` when ``folder`` is the root of the file system: walking it reads
    everything the user can read, which is never a docs tree."""
    real = resolve(folder)
    if real == Path(real.anchor):
        raise DiscoveryError(f"the {what} {display_path(folder)} is the root of the file system; "
                             "name the docs folder itself")


class EnglishRoot:
    """The English root of a run: which English pages lie inside it, links resolved.

    English pages are confined to their root as translated pages are to theirs, so that a link
    (``en/x.md -> /etc/passwd``) or a linked folder (``en/api -> /etc``) cannot make a report print a
    file from elsewhere.  Each folder is resolved and listed once: a listing knows which entries are
    links without a system call per page (an ``lstat`` of each page would add 15 ms to a warm run of
    3,310 pages, which takes 180).
    """

    def __init__(self, source: Path) -> None:
        self.real = resolve(source)
        self._prefix = os.fspath(source) + os.sep
        self._folders: dict[str, tuple[bool, frozenset[str] | None]] = {}

    def holds(self, relative: str | Path) -> bool:
        """Whether ``source/relative`` resolves inside the root (a page that does not exist does)."""
        relative = os.fspath(relative)
        if os.sep != "/":
            relative = relative.replace(os.sep, "/")
        folder, _, name = relative.rpartition("/")
        known = self._folders.get(folder)
        if known is None:
            known = self._folders[folder] = self._folder(self._prefix + folder)
        inside, links = known
        if not inside:
            return False
        if links is None:  # the folder cannot be listed: ask about the page itself
            try:
                is_link = stat.S_ISLNK(os.lstat(self._prefix + relative).st_mode)
            except OSError:
                return True  # nothing there (or nothing this run may see): it reads as missing
        else:
            is_link = name in links
        return not is_link or resolve(self._prefix + relative).is_relative_to(self.real)

    def _folder(self, folder: str) -> tuple[bool, frozenset[str] | None]:
        """Whether ``folder`` resolves inside the root, and the names of the links in it (``None`` when
        it cannot be listed)."""
        if not resolve(folder).is_relative_to(self.real):
            return False, None
        try:
            with os.scandir(folder) as listing:
                return True, frozenset(entry.name for entry in listing if entry.is_symlink())
        except OSError:
            return True, None


def iter_pages(root: Path, skipped: Skipped | None = None) -> Iterator[Path]:
    """Every Markdown page under ``root``, sorted, never following links out of it (``skipped`` hears of them)."""
    for path, _relative in walk_pages(root, skipped):
        yield path


def walk_pages(root: Path, skipped: Skipped | None = None) -> Iterator[tuple[Path, str]]:
    """:func:`iter_pages`, each page with its path relative to ``root`` (POSIX separators).

    A folder's pages come before its subfolders', both sorted by name; hidden folders are left out,
    and a linked folder is never entered.  Built on :func:`os.scandir`, whose entries know whether
    they are links without another system call: a locale holds thousands of pages.
    """
    real_root = resolve(root)
    # A page's path is made from its folder's (a name appended): parsing the whole path again for each of
    # thousands of pages is a tenth of a warm run.
    pending: list[tuple[Path, str]] = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            # An unreadable folder holds no page we can check (as os.walk does), but the user must know.
            if skipped is not None:
                skipped(folder, f"skipped: cannot read the folder: {error.strerror or error}")
            continue
        folders = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    if skipped is not None and (reason := _outside(folder / entry.name, [real_root])):
                        skipped(folder / entry.name, reason)
                    continue
                folders.append((folder / entry.name, prefix + entry.name + "/"))
            elif entry.name.lower().endswith(PAGE_SUFFIXES):
                path = folder / entry.name
                if entry.is_symlink() and (reason := _outside(path, [real_root])):
                    if skipped is not None:
                        skipped(path, reason)
                    continue
                yield path, prefix + entry.name
        pending.extend(reversed(folders))


def _owner(path: Path, roots: Mapping[str, Path]) -> tuple[str, Path] | None:
    """The (innermost) locale root holding ``path``: its name and resolved folder."""
    resolved = _real(path)
    owners = [(name, root) for name, root in roots.items() if resolved.is_relative_to(root)]
    return max(owners, key=lambda owner: len(owner[1].parts), default=None)


def _real(path: Path) -> Path:
    """``path`` made absolute with its folders' links resolved, but not a link the page itself is."""
    return resolve(path) if path.is_dir() else resolve(path.parent) / path.name


def _inside(folder: Path, other: Path | None) -> Path | None:
    """``other`` relative to ``folder`` when it lies strictly inside it, else ``None``."""
    if other is None:
        return None
    folder, other = resolve(folder), resolve(other)
    return other.relative_to(folder) if other != folder and other.is_relative_to(folder) else None


def _file_page(path: Path, source: Path | None) -> Path:
    """The page path of a file argument that no configured locale root holds.

    A file is named relative to the current folder (run from the locale root) when it lies inside it
    and ``source`` has that page (or there is no ``source``).  Otherwise it is named relative to the
    locale root it lies under: the outermost folder from which ``source`` has the same page; failing
    that, a file outside the current folder is named relative to the nearest folder named like a
    locale (``zh-CN``), or else its own folder.
    """
    from_here = Path(os.path.relpath(path))
    outside = bool(from_here.parts) and from_here.parts[0] == os.pardir
    if not outside:
        from_here = from_here if path.is_absolute() else path
        if source is None or (source / from_here).is_file():
            return from_here
    real = _real(path)
    folders = list(real.parents)
    if source is not None:
        for folder in reversed(folders):
            if (source / real.relative_to(folder)).is_file():
                return real.relative_to(folder)
    if not outside:
        return from_here
    for folder in folders:
        if _LOCALE_FOLDER.match(folder.name) and not folder.name.startswith("en-"):
            return real.relative_to(folder)
    return Path(real.name)


def jobs_for(paths: list[Path], source: Path | None, locale: str = "", *, roots: Mapping[str, Path] | None = None,
             excluded: Callable[[Path, str], bool] | None = None,
             skipped: Skipped | None = None) -> Iterator[PageJob]:
    """Jobs for command-line paths: a folder is a locale root, a file is relative to the current folder
    (or to the locale root it lies under, when that is where the English has it; see :func:`_file_page`).

    With ``roots`` (locale name -> resolved root, from the config) a path inside a locale root is taken
    relative to that root instead, wherever the current folder is.  ``excluded(page, relative)`` drops pages.
    The source folder is never walked as if it were a translation when it lies inside a folder argument.
    A link is followed only to a page inside a locale root (or, without roots, inside the current folder);
    ``skipped(path, reason)`` hears of the links that are not.  An English page that resolves outside
    ``source`` is marked (:attr:`PageJob.english_outside`) and never read.  Pages are shown by
    :func:`display_path`.
    """
    english_root = EnglishRoot(source) if source is not None else None
    for path in paths:
        owner = _owner(path, roots) if roots else None
        if path.is_dir():
            refuse_file_system_root(path)
            # Pages are named relative to the locale root holding the folder, or to the folder itself.
            prefix = resolve(path).relative_to(owner[1]) if owner else Path()
            lead = f"{prefix.as_posix()}/" if prefix.parts else ""
            name = locale or (owner[0] if owner else path.name)
            root = os.fspath(owner[1] if owner else path)
            yield from folder_jobs(path, walk_pages(path, skipped), source, name, lead, excluded, english_root, root)
        elif path.exists() or path.is_symlink():
            if path.is_symlink():
                reason = _outside(path, list(roots.values()) if roots else [Path.cwd().resolve()])
                if reason:
                    if skipped is not None:
                        skipped(path, reason)
                    continue
            relative_path = _real(path).relative_to(owner[1]) if owner is not None else _file_page(path, source)
            if excluded is not None and excluded(path, relative_path.as_posix()):
                continue
            english = source / relative_path if source is not None else None
            outside = english_root is not None and not english_root.holds(relative_path)
            name = locale or (owner[0] if owner else _root_name(path, relative_path))
            yield PageJob(display_path(path), path, english, name, outside, page=display_path(relative_path))
        else:
            raise DiscoveryError(f"no such file or folder: {display_path(path)}")


def folder_jobs(folder: Path, pages: Iterable[tuple[Path, str]], source: Path | None, locale: str, lead: str = "",
                excluded: Callable[[Path, str], bool] | None = None,
                english_root: EnglishRoot | None = None, root: str = "") -> Iterator[PageJob]:
    """Jobs for the ``pages`` of a walk of ``folder`` (:func:`walk_pages`), each named ``lead`` + its path in
    ``folder``; the source folder is left out when it lies inside ``folder``, and so are ``excluded`` pages.
    An English page that resolves outside ``english_root`` (that of ``source``) is marked.  ``root`` is the
    locale root the names are relative to (see :class:`~doclint.results.PageJob`)."""
    skip = _inside(folder, source)
    skip_prefix = f"{skip.as_posix()}/" if skip is not None else None
    english_folders: dict[str, Path] = {}  # as in walk_pages: each English folder's path is made once
    for page, within in pages:
        if skip_prefix is not None and within.startswith(skip_prefix):
            continue
        relative = lead + within
        if excluded is not None and excluded(page, relative):
            continue
        english = None
        if source is not None:
            part, _, name = relative.rpartition("/")
            english_folder = english_folders.get(part)
            if english_folder is None:
                english_folder = english_folders[part] = source / part
            english = english_folder / name
        outside = english_root is not None and not english_root.holds(relative)
        yield PageJob(display_path(relative), page, english, locale, outside, root)


def _root_name(path: Path, page: Path) -> str:
    """The name of the folder a file argument's ``page`` path is relative to: its locale root's."""
    parents = _real(path).parents
    return parents[len(page.parts) - 1].name if 0 < len(page.parts) <= len(parents) else ""


def find_locales(root: Path) -> tuple[Path, list[Path]]:
    """The English folder of a docs tree and the locale folders beside it."""
    if not root.is_dir():
        raise DiscoveryError(f"not a folder: {display_path(root)}")
    children = sorted(child for child in root.iterdir() if child.is_dir() and not child.name.startswith("."))
    english = next((child for child in children if child.name.lower() in ENGLISH_FOLDERS), None)
    if english is None:
        raise DiscoveryError(f"no English folder ({' or '.join(ENGLISH_FOLDERS)}) in {display_path(root)}")
    # English variants (en-gb, en-at-handoff) are not translations of the English.
    locales = [child for child in children if _LOCALE.match(child.name)
               and child.name.lower().split("-")[0] != "en"]
    if not locales:
        raise DiscoveryError(f"no locale folders (like zh-CN or pt-BR) beside {display_path(english)}")
    return english, locales
