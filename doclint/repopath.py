"""Name checked pages by their path from where you run (their locale root joined with the page's path).

Findings carry the path relative to the locale root (``api-reference/…/widget.md``), which is the
same for every locale; every output names the file itself (``pt-BR/api-reference/…``), so it opens
from the current folder, ``git apply`` takes a ``--fix --diff`` and two locales never look alike.
Every name is shown by :func:`doclint.display.display_path` (a page's own path under its root is
already shown that way by discovery), so no control character or undecodable byte reaches a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path

from doclint.display import display_path
from doclint.results import Located, PageJob, PageResult


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
        """The path of ``job``'s page from the base folder, shown escaped."""
        if not job.root:
            return self.name(job.target)
        prefix = self.roots.get(job.root)
        if prefix is None:
            prefix = self.roots[job.root] = "" if (name := self.name(Path(job.root))) == "." else f"{name}/"
        return prefix + job.display  # job.display is already shown escaped (discovery)

    def name(self, path: Path) -> str:
        """``path`` (absolute, or relative to the current folder) from the base folder when inside it, shown by
        :func:`display_path`."""
        absolute = path if path.is_absolute() else self.cwd / path
        for base in self.bases:
            if absolute.is_relative_to(base):
                return display_path(absolute.relative_to(base).as_posix())
        return display_path(path.as_posix())


def repository_path(job: PageJob, base: Path | None = None) -> str:
    """The page of ``job`` named from ``base`` (default: the current folder): see :class:`PathNamer`."""
    return PathNamer(base)(job)


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
