"""Find the pages to check and the English page each one is compared with."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from doclint.engine import PageJob

ENGLISH_FOLDERS = ("en", "en-us")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", re.IGNORECASE)
PAGE_SUFFIXES = (".md", ".markdown")


class DiscoveryError(Exception):
    """A path or folder named on the command line cannot be used (a usage error)."""


def iter_pages(root: Path) -> Iterator[Path]:
    """Every Markdown page under ``root``, sorted, never following links out of it."""
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if not name.lower().endswith(PAGE_SUFFIXES):
                continue
            path = Path(folder, name)
            if path.is_symlink():
                resolved = path.resolve()
                if not resolved.is_relative_to(real_root):
                    continue
            yield path


def _display(path: Path) -> str:
    return path.as_posix()


def jobs_for(paths: list[Path], source: Path | None, locale: str = "") -> Iterator[PageJob]:
    """Jobs for command-line paths: a folder is a locale root, a file is relative to the current folder."""
    for path in paths:
        if path.is_dir():
            for page in iter_pages(path):
                relative = page.relative_to(path)
                english = source / relative if source is not None else None
                yield PageJob(relative.as_posix(), page, english, locale or path.name)
        elif path.exists() or path.is_symlink():
            relative = Path(os.path.relpath(path)) if path.is_absolute() else path
            english = source / relative if source is not None else None
            yield PageJob(_display(path), path, english, locale)
        else:
            raise DiscoveryError(f"no such file or folder: {path}")


def find_locales(root: Path) -> tuple[Path, list[Path]]:
    """The English folder of a docs tree and the locale folders beside it."""
    if not root.is_dir():
        raise DiscoveryError(f"not a folder: {root}")
    children = sorted(child for child in root.iterdir() if child.is_dir() and not child.name.startswith("."))
    english = next((child for child in children if child.name.lower() in ENGLISH_FOLDERS), None)
    if english is None:
        raise DiscoveryError(f"no English folder ({' or '.join(ENGLISH_FOLDERS)}) in {root}")
    locales = [child for child in children if child != english and _LOCALE.match(child.name)
               and child.name.lower() not in ENGLISH_FOLDERS]
    if not locales:
        raise DiscoveryError(f"no locale folders (like zh-CN or pt-BR) beside {english}")
    return english, locales
