"""Name checked pages by their path from where you run (their locale root joined with the page's path).

Findings carry the path relative to the locale root (``api-reference/…/widget.md``), which is the
same for every locale; every output names the file itself (``pt-BR/api-reference/…``), so it opens
from the current folder, ``git apply`` takes a ``--fix --diff`` and two locales never look alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from doclint.engine import PageJob, PageResult
from doclint.finding import Finding


class Place(NamedTuple):
    """Where a finding's page is: ``path`` from the current folder, its ``locale`` and its ``page`` under the
    locale root."""

    path: str
    locale: str
    page: str


class PathNamer:
    """Names pages from one folder (the current one unless ``base`` is given): a page inside it by its
    relative path, any other by the path it was given (relative to the current folder, or absolute).

    The pages of a locale root are named by the root's name joined with their path under it, the root's
    worked out once: naming thousands of pages costs a dictionary look-up each, not path arithmetic.
    """

    def __init__(self, base: Path | None = None) -> None:
        self.cwd = Path.cwd()
        folder = base if base is not None else self.cwd
        self.bases = (folder, folder.resolve())
        self.roots: dict[str, str] = {}

    def __call__(self, job: PageJob) -> str:
        """The path of ``job``'s page from the base folder."""
        if not job.root:
            return self.name(job.target)
        prefix = self.roots.get(job.root)
        if prefix is None:
            prefix = self.roots[job.root] = "" if (name := self.name(Path(job.root))) == "." else f"{name}/"
        return prefix + job.display

    def name(self, path: Path) -> str:
        """``path`` (absolute, or relative to the current folder) from the base folder, when inside it."""
        absolute = path if path.is_absolute() else self.cwd / path
        for base in self.bases:
            if absolute.is_relative_to(base):
                return absolute.relative_to(base).as_posix()
        return path.as_posix()


def repository_path(job: PageJob, base: Path | None = None) -> str:
    """The page of ``job`` named from ``base`` (default: the current folder): see :class:`PathNamer`."""
    return PathNamer(base)(job)


@dataclass(slots=True)
class Located:
    """The pages of a run that have findings, in order: each page's path from the current folder, its
    locale, its path under the locale root and its findings, in four parallel lists.

    Lists of strings rather than a tuple a page: a tuple is an object the garbage collector tracks, and
    allocating thousands of them while a locale's results are alive made collections scan those results.
    """

    paths: list[str] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    findings: list[list[Finding]] = field(default_factory=list)

    def places(self) -> list[Place]:
        """Each page's :class:`Place`, in order."""
        return list(map(Place, self.paths, self.locales, self.pages))


def located(results: Iterable[PageResult]) -> Located:
    """The pages of ``results`` that have findings, named from the current folder (see :class:`Located`)."""
    name = PathNamer()
    roots = name.roots
    where = Located()
    paths, locales, pages, findings = (where.paths.append, where.locales.append, where.pages.append,
                                       where.findings.append)
    for result in filter(attrgetter("findings"), results):  # most pages have none: skip them in C
        job = result.job
        prefix = roots.get(job.root)
        paths(name(job) if prefix is None else prefix + job.display)
        locales(job.locale)
        pages(job.page or job.display)
        findings(result.findings)
    return where
