"""``doclint audit``: check every locale of a docs tree against its English folder, with each page's drift.

Each locale folder is walked once: the same walk gives the pages to check and the drift plan
(:func:`doclint.drift.plan_locale`).  Every page is read and parsed once: its drift comes from the
comparison its check made (:meth:`doclint.context.Context.comparison`); only pages whose results came
from the cache are compared again.  Nothing here prints: ``advance`` hears of each page done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.consistency import add_findings
from doclint.discover import EnglishRoot, Skipped, folder_jobs, walk_pages
from doclint.drift import Excluded, LocalePlan, count_pages, drift_planned, english_pages, plan_locale
from doclint.drift_report import DriftReport, PageDrift
from doclint.engine import check_pages
from doclint.registry import RuleSet
from doclint.results import AuditReport, InconsistencyGroup, PageJob, PageResult
from doclint.stamp import make_stamp

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.handoff import GitHistory


@dataclass
class AuditPlan:
    """The English folder of a docs tree and, per locale, the pages to check and its drift plan."""

    english: Path
    locales: list[tuple[list[PageJob], LocalePlan]]

    @property
    def total(self) -> int:
        """How many steps the audit takes: a check of each page, then a drift result of each page."""
        return sum(len(jobs) for jobs, _ in self.locales) + count_pages(plan for _, plan in self.locales)


def plan_audit(english: Path, locales: list[Path], excluded: Excluded | None = None,
               skipped: Skipped | None = None) -> AuditPlan:
    """The audit of the ``locales`` of a docs tree against its ``english`` folder, each walked once;
    ``skipped(path, reason)`` hears of the pages and folders the walks leave out."""
    english_root = EnglishRoot(english)
    walks = [(locale, list(walk_pages(locale, skipped))) for locale in locales]
    english_paths = sorted(english_pages(english, skipped))
    planned: list[tuple[list[PageJob], LocalePlan]] = []
    for locale, pages in walks:
        jobs = list(folder_jobs(locale, pages, english, locale.name, excluded=excluded, english_root=english_root))
        planned.append((jobs, plan_locale(locale.name, locale, english, english_paths, excluded, pages,
                                          english_root=english_root)))
    return AuditPlan(english, planned)


def run_audit(plan: AuditPlan, ruleset: RuleSet, *, workers: int = 1, cache: PageCache | None = None,
              advance: Callable[[], None] = lambda: None, history: GitHistory | None = None) -> AuditReport:
    """Check every page of every locale of ``plan`` and find its drift; ``advance()`` after each step.  The
    report is stamped with the date, doclint's version and the English folder's git commit.  ``history``: the
    git history the English at handoff of the pages is read from (``--git``)."""
    by_locale: dict[str, list[PageResult]] = {}
    drift = DriftReport(plan.english.name, [])
    consistency: dict[str, list[InconsistencyGroup]] = {}
    for jobs, locale in plan.locales:
        results = by_locale[locale.name] = []
        known: dict[tuple[str, str], PageDrift] = {}  # each checked page's drift (a cached result has none)
        for result in check_pages(jobs, ruleset, workers=workers, cache=cache, with_drift=True,
                                  history=history):
            results.append(result)
            if result.drift is not None:
                known[(locale.name, result.job.display)] = result.drift
            advance()
        shown = add_findings(results, ruleset, largest=True)  # the whole locale is checked: its cross-page findings
        if cache is not None:
            cache.save()  # the indexes made again where the cache had lost them
        if shown:
            consistency[locale.name] = shown
        for page in drift_planned([locale], workers=workers, known=known):
            drift.pages.append(page)
            advance()
    return AuditReport(plan.english.name, by_locale, drift, make_stamp(plan.english), consistency)
