"""The drift report as plain text and as JSON (markdown and HTML have modules of their own)."""

from __future__ import annotations

import json

from doclint.drift_report import DriftReport
from doclint.text import shorten

_COLUMNS = ("pages", "current", "stale", "missing-source", "untranslated", "unreadable")


def render_json(report: DriftReport) -> str:
    """``{"source", "pages": [{"path", "locale", "status", "changed_segments", …}], "summary"}``."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_text(report: DriftReport) -> str:
    """One line per page that is not current (with its changes), then a table per locale."""
    lines: list[str] = []
    for page in report.pages:
        if page.status in ("current", "untranslated"):
            continue
        where = f"{page.locale}/{page.path}"
        note = f" ({page.note})" if page.note else ""
        if page.status != "stale":
            lines.append(f"{where}: {page.status}{note}")
            continue
        lines.append(f"{where}: stale, {page.changed_segments} English change(s){note}")
        for change in page.changes:
            here = f"line {change.line}" if change.line is not None else "not translated"
            there = f"English line {change.source_line}" if change.source_line is not None else "gone in English"
            if change.kind == "changed":
                lines.append(f"  {here} ({there}): changed {shorten(change.old, 70)!r} -> {shorten(change.new, 70)!r}")
            elif change.kind == "added":
                lines.append(f"  {there}: added {shorten(change.new, 100)!r}")
            else:
                lines.append(f"  {here}: removed {shorten(change.old, 100)!r}")
    untranslated = sum(page.status == "untranslated" for page in report.pages)
    if untranslated:
        lines.append(f"{untranslated} English page(s) have no translation (shown in json, markdown and html)")
    if lines:
        lines.append("")
    lines.extend(f"note: {note}" for note in report.notes)
    lines.append(f"drift against {report.source}:")
    header = f"  {'locale':<14}" + "".join(f"{column:>16}" for column in _COLUMNS) + f"{'% current':>12}"
    lines.append(header)
    for locale, row in report.summary.items():
        cells = "".join(f"{value:>16}" for value in (row.pages, *map(row.count, _COLUMNS[1:])))
        lines.append(f"  {locale:<14}{cells}{row.percent_current:>11}%")
    return "\n".join(lines) + "\n"
