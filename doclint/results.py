"""What a run is made of: the page jobs it checks, the result of each, and the reports formatters print.

Plain data, importing nothing of doclint above the finding and drift records: discovery makes jobs,
the engine, the cache and the worker processes make results, the formatters read the reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import attrgetter, truth
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.finding import Finding

if TYPE_CHECKING:  # a check needs no drift record: a warm run never imports them
    from doclint.drift_report import DriftReport, PageDrift


@dataclass(frozen=True, slots=True)
class PageJob:
    """One translated page to check: how to name it, where it is, where its English is.

    ``english_outside`` marks an English page that resolves outside the English root (a link out of
    it, or a page in a linked folder that leads out): it is never read, and the page gets DL004.
    Discovery (:func:`doclint.discover.jobs_for`) sets it.

    ``display`` is the page's path under its locale root ``root`` (the folder as given, or a configured
    locale root), or for a file argument the path as given; then ``root`` is empty and ``page`` is the
    file's path under its locale root.  Both are shown escaped (:func:`doclint.display.display_path`).

    ``handoff`` is the English the page was translated from (``--handoff``); ``history`` names the git
    repository that English is read from instead (``--git``), so that cached results keep to it.
    ``handoff_root`` is the handoff folder ``handoff`` must resolve inside (it is confined like the
    English page is to the English root).
    """

    display: str
    target: Path
    english: Path | None = None
    locale: str = ""
    english_outside: bool = False
    root: str = ""
    page: str = ""
    handoff: Path | None = None
    history: str = ""
    handoff_root: Path | None = None


#: A page's consistency index, packed (doclint.lint.index_page), or for a result from the cache, a function
#: reading it from there (or indexing the page again when the cache lost it); ``None`` when no cross-page rule ran.
PageIndex = bytes | Callable[[], bytes] | None


def packed_index(index: PageIndex) -> bytes | None:
    """A page's packed index, read from the cache when it is kept there; ``None`` when no cross-page rule ran."""
    return index() if callable(index) else index


@dataclass
class PageResult:
    """The findings of one page, whether its English page was compared, and its drift when asked for."""

    job: PageJob
    findings: list[Finding]
    english_compared: bool
    drift: PageDrift | None = None  # set by check_page(with_drift=True); never cached
    #: The result cache's key of exactly the bytes these findings were computed from (see
    #: :func:`doclint.cache.content_key`); set when the check was asked for it, else ``None``.
    key: str | None = None
    note: str = ""  # why the English at handoff could not be had, when it was asked for; never cached
    #: The page's consistency index (see PageIndex), cached with its findings; ``None`` when no
    #: cross-page rule ran.  The cross-page findings (doclint.consistency) are added to ``findings`` after the
    #: run and never cached with the page (the cache keeps them per locale root, with what they came from).
    index: PageIndex = None


NO_SOURCE_NOTE = ("English pages were not compared (no --source): only the rules that need the bilingual "
                  "page alone ran")
#: The note when there was an English root but none of its pages could be compared.
NONE_COMPARED_NOTE = ("no English page could be compared (DL004 says why for each page): only the rules that need "
                      "the bilingual page alone ran")


@dataclass(frozen=True)
class Summary:
    """The counts every check format shows: pages, findings by severity, by cause and by rule."""

    pages: int
    pages_with_findings: int
    findings: int
    errors: int
    warnings: int
    info: int
    by_rule: dict[str, int]  # by code, sorted
    english_compared: int
    note: str = ""  # set when no page was compared with its English (NO_SOURCE_NOTE, NONE_COMPARED_NOTE)
    fixable: int = 0  # findings --fix would mend
    #: Translation defects, and English changes since the page was translated (``cause`` of the findings).
    translation: int = 0
    drift: int = 0

    def to_dict(self) -> dict[str, object]:
        """The JSON shape (``note`` only when there is one)."""
        data: dict[str, object] = {
            "pages": self.pages,
            "pages_with_findings": self.pages_with_findings,
            "findings": self.findings,
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.info,
            "by_cause": {"translation": self.translation, "drift": self.drift},
            "by_rule": self.by_rule,
            "english_compared": self.english_compared,
            "fixable": self.fixable,
        }
        if self.note:
            data["note"] = self.note
        return data


def summarize(results: Iterable[PageResult]) -> tuple[list[Finding], Summary]:
    """All findings in order, and the summary counts every format shows."""
    findings: list[Finding] = []
    pages = pages_with_findings = compared = sourced = 0
    for result in results:
        pages += 1
        compared += result.english_compared
        sourced += result.job.english is not None
        if result.findings:
            pages_with_findings += 1
            findings.extend(result.findings)
    by_severity = Counter(finding.severity.value for finding in findings)
    by_rule = Counter(finding.code for finding in findings)
    by_cause = Counter(finding.cause for finding in findings)
    return findings, Summary(pages, pages_with_findings, len(findings), by_severity.get("error", 0),
                             by_severity.get("warning", 0), by_severity.get("info", 0), dict(sorted(by_rule.items())),
                             compared, "" if compared or not pages else NONE_COMPARED_NOTE if sourced else NO_SOURCE_NOTE,
                             sum(map(truth, map(attrgetter("fix"), findings))),  # not count(None): Fix.__eq__ is Python
                             by_cause.get("translation", 0), by_cause.get("drift", 0))


@dataclass(slots=True)
class Located:
    """The pages of a run that have findings, in order: each page's path from the current folder, its
    locale, its path under the locale root and its findings, in four parallel lists (all paths shown
    escaped).  :func:`doclint.repopath.located` makes it.

    Lists of strings rather than a tuple a page: a tuple is an object the garbage collector tracks, and
    allocating thousands of them while a locale's results are alive made collections scan those results.
    """

    paths: list[str] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    findings: list[list[Finding]] = field(default_factory=list)


@dataclass(frozen=True)
class CheckReport:
    """What every ``check`` format shows: the results of the pages checked, their findings and summary."""

    results: list[PageResult]
    findings: list[Finding]
    summary: Summary
    #: The pages with findings named from the current folder (set by the CLI; without it, each finding's own path).
    where: Located | None = None

    @classmethod
    def of(cls, results: list[PageResult], where: Located | None = None) -> CheckReport:
        """The report of ``results`` (``where``: the same pages named from the current folder)."""
        findings, summary = summarize(results)
        return cls(results, findings, summary, where)

    def with_paths(self, name: Callable[[PageJob], str]) -> CheckReport:
        """The report with each finding's path replaced by ``name(job)`` of its page (a repository path)."""
        located: list[PageResult] = []
        for result in self.results:
            path = name(result.job)
            located.append(PageResult(result.job, [replace(finding, path=path) for finding in result.findings],
                                      result.english_compared, note=result.note))
        return CheckReport.of(located)


@dataclass(frozen=True, slots=True)
class SharedVariant:
    """One way a repeated English segment is translated across a locale: the text (shortened), how many
    pages use it and a few of them (paths under the locale root, with the line)."""

    text: str
    pages: int
    where: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class InconsistencyGroup:
    """An English segment translated more than one way across a locale (DL511): its variants, most used first."""

    english: str
    pages: int
    variants: tuple[SharedVariant, ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape."""
        return {"english": self.english, "pages": self.pages,
                "variants": [{"text": variant.text, "pages": variant.pages,
                              "examples": [{"path": path, "line": line} for path, line in variant.where]}
                             for variant in self.variants]}


@dataclass(frozen=True)
class Stamp:
    """When a report was made (UTC, to the minute), doclint's version and the English's git commit (or "").

    :func:`doclint.stamp.make_stamp` makes it."""

    date: str
    version: str
    commit: str = ""

    def text(self) -> str:
        """One line: ``2026-12-02 06:30 UTC · doclint 0.1.0 · English at commit 1a2b3c4d5e6f``."""
        commit = f" · English at commit {self.commit[:12]}" if self.commit else ""
        return f"{self.date} · doclint {self.version}{commit}"


@dataclass
class AuditReport:
    """What every ``audit`` format shows: each locale's results (findings per rule), every page's drift,
    and when and from what it was made."""

    english: str
    by_locale: dict[str, list[PageResult]]
    drift: DriftReport | None = None
    stamp: Stamp | None = None
    #: The largest groups of inconsistent translations (DL511) of each locale, when DL511 ran.
    consistency: dict[str, list[InconsistencyGroup]] = field(default_factory=dict)

    @cached_property
    def summaries(self) -> dict[str, Summary]:
        """The summary of each locale's results."""
        return {locale: summarize(results)[1] for locale, results in self.by_locale.items()}

    @cached_property
    def findings(self) -> dict[tuple[str, str], list[Finding]]:
        """The findings of each page that has any, by (locale, page under the locale root)."""
        return {(locale, result.job.display): result.findings
                for locale, results in self.by_locale.items() for result in results if result.findings}
