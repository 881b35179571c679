"""What drift reports are made of: each page's status and the English changes since its handoff.

Plain data, read by the drift and audit formatters and filled in by :mod:`doclint.drift` and the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

STATUSES = ("current", "stale", "missing-source", "untranslated", "unreadable")


@dataclass(frozen=True, slots=True)
class Change:
    """One English change since the handoff.

    ``kind`` is ``changed`` (a block or segment whose English differs), ``added``
    (an English block the translated page has no counterpart for) or ``removed``
    (translated English the current page no longer has).  ``line`` is on the
    translated page, ``source_line`` on the current English page (``None`` where
    that side has nothing).
    """

    kind: str
    old: str
    new: str
    line: int | None
    source_line: int | None
    block: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a change."""
        return {"kind": self.kind, "block": self.block, "line": self.line, "source_line": self.source_line,
                "old": self.old, "new": self.new}


@dataclass
class PageDrift:
    """The drift status of one page and, for a stale page, what changed in English."""

    path: str
    locale: str
    status: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    commit: str = ""
    diff: str = ""

    @property
    def changed_segments(self) -> int:
        """How many blocks or segments changed, were added or removed in English."""
        return len(self.changes)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a page's drift."""
        data: dict[str, object] = {"path": self.path, "locale": self.locale, "status": self.status,
                                   "changed_segments": self.changed_segments,
                                   "changes": [change.to_dict() for change in self.changes]}
        if self.commit:
            data["handoff_commit"] = self.commit
        if self.note:
            data["note"] = self.note
        if self.diff:
            data["diff"] = self.diff
        return data


@dataclass(frozen=True)
class LocaleDrift:
    """The drift counts of one locale: its translated pages, the pages of each status, the share current."""

    pages: int
    counts: dict[str, int]  # by status, every one of STATUSES
    percent_current: float

    def count(self, status: str) -> int:
        """How many pages have ``status``."""
        return self.counts[status]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: ``{"pages", "current", "stale", …, "percent_current"}``."""
        return {"pages": self.pages, **self.counts, "percent_current": self.percent_current}


def summarize(pages: Iterable[PageDrift]) -> dict[str, LocaleDrift]:
    """Per locale: pages, the count of each status and the share of translated pages that are current."""
    counts: dict[str, Counter[str]] = {}
    for page in pages:
        counts.setdefault(page.locale, Counter())[page.status] += 1
    summary: dict[str, LocaleDrift] = {}
    for locale, counter in counts.items():
        translated = sum(counter[status] for status in ("current", "stale", "missing-source", "unreadable"))
        summary[locale] = LocaleDrift(translated, {status: counter.get(status, 0) for status in STATUSES},
                                      round(100 * counter["current"] / translated, 1) if translated else 0.0)
    return summary


@dataclass
class DriftReport:
    """What every drift format shows: the English folder compared with, and every page's drift."""

    source: str
    pages: list[PageDrift]
    git: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, LocaleDrift]:
        """Per-locale counts (see :func:`summarize`)."""
        return summarize(self.pages)

    def stale(self) -> list[PageDrift]:
        """The stale pages, most changed first."""
        pages = [page for page in self.pages if page.status == "stale"]
        return sorted(pages, key=lambda page: (-page.changed_segments, page.locale, page.path))

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: ``{"source", "pages": [...], "summary": {locale: {...}}}``."""
        data: dict[str, object] = {"source": self.source, "pages": [page.to_dict() for page in self.pages],
                                   "summary": {locale: row.to_dict() for locale, row in self.summary.items()}}
        if self.notes:
            data["notes"] = self.notes
        return data
