"""What a run is made of: the page jobs it checks and the result of each.

Plain data, importing nothing of doclint above the finding and drift records: discovery makes jobs,
the engine, the cache and the worker processes make results, the formatters read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from doclint.drift_report import PageDrift
from doclint.finding import Finding


@dataclass(frozen=True, slots=True)
class PageJob:
    """One translated page to check: how to name it, where it is, where its English is."""

    display: str
    target: Path
    english: Path | None = None
    locale: str = ""


@dataclass
class PageResult:
    """The findings of one page, whether its English page was compared, and its drift when asked for."""

    job: PageJob
    findings: list[Finding]
    english_compared: bool
    drift: PageDrift | None = None  # set by check_page(with_drift=True); never cached
