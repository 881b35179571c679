"""Markdown reports sized for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A summary table per locale, then the most-changed stale pages; everything stays
under :data:`LIMIT` bytes, and what does not fit is counted ("… and N more").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from doclint.drift import DriftReport, PageDrift
from doclint.report.text import cause_counts
from doclint.text import shorten

if TYPE_CHECKING:
    from doclint.report.audit import AuditReport

#: GitHub refuses step summaries over 1 MiB; stay well under it.
LIMIT = 900 * 1024
#: Stale pages listed in full before the rest are only counted.
MAX_PAGES = 100
#: Diff lines shown per page: one huge page must not crowd out the others.
MAX_DIFF_LINES = 150


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """Inline code that survives backticks inside it."""
    text = text.replace("\n", " ")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def drift_table(report: DriftReport) -> list[str]:
    """The per-locale summary table."""
    lines = ["| Locale | Pages | Current | Stale | Missing source | Untranslated | % current |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for locale, row in report.summary.items():
        lines.append(f"| {_cell(locale)} | {row['pages']} | {row['current']} | {row['stale']} | "
                     f"{row['missing-source']} | {row['untranslated']} | {row['percent_current']}% |")
    return lines


def _page_section(page: PageDrift) -> list[str]:
    lines = [f"<details><summary><code>{_html(page.locale)}/{_html(page.path)}</code>: "
             f"{page.changed_segments} English change(s)</summary>", ""]
    if page.note:
        lines.extend([f"_{_cell(page.note)}_", ""])
    body: list[str] = []
    if page.diff:
        body.extend(page.diff.split("\n"))
    else:
        for change in page.changes:
            where = f"@@ translated line {change.line or '-'}, English line {change.source_line or '-'} " \
                    f"({change.kind} {change.block}) @@"
            body.append(where)
            body.extend(f"- {line}" for line in change.old.split("\n") if change.old)
            body.extend(f"+ {line}" for line in change.new.split("\n") if change.new)
    if len(body) > MAX_DIFF_LINES:
        body = [*body[:MAX_DIFF_LINES], f"… and {len(body) - MAX_DIFF_LINES} more diff lines"]
    fence = "````" if any("```" in line for line in body) else "```"
    lines.extend([f"{fence}diff", *body, fence, "", "</details>", ""])
    return lines


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stale_pages(report: DriftReport, budget: int) -> list[str]:
    """The most-changed stale pages within ``budget`` bytes, then how many more there are."""
    stale = report.stale()
    if not stale:
        return ["No stale pages: every translated page matches the current English."]
    lines = ["| Locale | Page | Changes | First change |", "|---|---|---:|---|"]
    details: list[str] = []
    used = 0
    shown = 0
    for page in stale:
        first = page.changes[0] if page.changes else None
        summary = "" if first is None else f"{first.kind}: {shorten(first.new or first.old, 60)}"
        row = f"| {_cell(page.locale)} | {_code(page.path)} | {page.changed_segments} | {_cell(summary)} |"
        section = _page_section(page)
        size = len(row.encode()) + sum(len(line.encode()) + 1 for line in section)
        if shown >= MAX_PAGES or used + size > budget:
            break
        lines.append(row)
        details.extend(section)
        used += size
        shown += 1
    if shown < len(stale):
        lines.append("")
        lines.append(f"… and {len(stale) - shown} more stale pages (run `doclint drift --format html` "
                     f"for all of them).")
    return [*lines, "", *details]


def _missing(report: DriftReport) -> list[str]:
    orphans = [page for page in report.pages if page.status in ("missing-source", "unreadable")]
    if not orphans:
        return []
    lines = ["### Pages without a usable English source", ""]
    for page in orphans[:50]:
        note = f" ({_cell(page.note)})" if page.note else ""
        lines.append(f"- {page.status}: {_code(page.locale + '/' + page.path)}{note}")
    if len(orphans) > 50:
        lines.append(f"- … and {len(orphans) - 50} more")
    return [*lines, ""]


def render_drift(report: DriftReport, limit: int = LIMIT) -> str:
    """The drift report in Markdown, under ``limit`` bytes."""
    head = ["## Translation drift", "", f"Compared with the English in {_code(report.source)}"
            + (" (English at handoff read from git)" if report.git else "") + ".", "",
            *drift_table(report), ""]
    head.extend(f"> {_cell(note)}" for note in report.notes)
    tail = _missing(report)
    budget = limit - sum(len(line.encode()) + 1 for line in head + tail) - 1024
    lines = [*head, *tail, "### Most-changed stale pages", "", *stale_pages(report, budget)]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_audit(report: AuditReport, limit: int = LIMIT) -> str:
    """The audit in Markdown: findings per locale and rule, then the drift summary and stale pages."""
    rules = sorted({code for summary in report.summaries.values() for code in summary["by_rule"]})  # type: ignore[attr-defined]
    lines = ["## doclint audit", "", f"Locales compared with {_code(report.english)}.", "",
             "| Locale | Pages | With findings | Errors | Warnings | Info | Translation | Drift |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for locale, summary in report.summaries.items():
        translation, drift = cause_counts(summary)
        lines.append(f"| {_cell(locale)} | {summary['pages']} | {summary['pages_with_findings']} | "
                     f"{summary['errors']} | {summary['warnings']} | {summary['info']} | {translation} | {drift} |")
    if rules:
        lines.extend(["", "### Findings per rule", "", "| Locale | " + " | ".join(rules) + " |",
                      "|---|" + "---:|" * len(rules)])
        for locale, summary in report.summaries.items():
            by_rule: dict[str, int] = summary["by_rule"]  # type: ignore[assignment]
            lines.append(f"| {_cell(locale)} | " + " | ".join(str(by_rule.get(code, 0)) for code in rules) + " |")
    lines.extend(["", "_Translation_: defects of the translation; _Drift_: English changes since the page was "
                      "translated (warnings unless configured otherwise).", ""])
    if report.drift is not None:
        lines.extend(["### Translation drift", "", *drift_table(report.drift), ""])
        budget = limit - sum(len(line.encode()) + 1 for line in lines) - 1024
        lines.extend(["#### Most-changed stale pages", "", *stale_pages(report.drift, budget)])
    return "\n".join(lines).rstrip("\n") + "\n"
