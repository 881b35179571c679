"""Markdown reports sized for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A summary table per locale, then the most-changed stale pages; everything stays
under :data:`LIMIT` bytes, and what does not fit is counted ("… and N more").
Page paths, page text and notes come from files anyone can propose: each is shown as
text, and none can end its table cell, code span or fence early.
"""

from __future__ import annotations

import re

from doclint.drift_report import DriftReport, PageDrift
from doclint.results import AuditReport
from doclint.text import shorten

#: GitHub refuses step summaries over 1 MiB; stay well under it.
LIMIT = 900 * 1024
#: Stale pages listed in full before the rest are only counted.
MAX_PAGES = 100
#: Diff lines shown per page: one huge page must not crowd out the others.
MAX_DIFF_LINES = 150


#: Characters that would end a line (and so a table row, a code span or an HTML block), or hide in
#: it or turn it around (bidirectional controls).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: The punctuation that starts inline Markdown (emphasis, links, images, HTML, entities, math) or
#: ends a table cell; a backslash before any of them shows it as itself.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&$!])")
_BACKTICKS = re.compile(r"`+")
#: What begins a block at the start of a line: a heading, quote, list item, thematic break or setext underline.
_BLOCK_START = re.compile(r"^(\d*)([#>+=\-.)])")


def _visible(text: str) -> str:
    """``text`` on one line: control characters (line breaks) shown as escapes."""
    return _CONTROL.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def _cell(text: str) -> str:
    """Text shown as itself in a table cell or a line of its own."""
    return _MARKUP.sub(r"\\\1", _visible(text))


def _line(text: str) -> str:
    """Text shown as itself at the start of a line (a quote): nothing in it begins a heading, list or block."""
    text = _cell(text).lstrip(" ")  # four spaces would begin a code block
    return _BLOCK_START.sub(r"\1\\\2", text, count=1)


def _code(text: str, cell: bool = False) -> str:
    """Inline code showing ``text`` as itself, whatever backticks it holds; ``cell``: in a table cell,
    whose pipes end the cell even inside code unless escaped."""
    text = _visible(text)
    if cell:
        text = text.replace("|", "\\|")
    fence = "`" * (_longest_backticks(text) + 1)
    # A code span drops one space at each end when both have one, and a backtick at an end would join the fence.
    padded = text.startswith("`") or text.endswith("`") or (text[:1] == text[-1:] == " " and text.strip(" "))
    return f"{fence} {text} {fence}" if padded else f"{fence}{text}{fence}"


def _longest_backticks(text: str) -> int:
    return max(map(len, _BACKTICKS.findall(text)), default=0)


def _fence(lines: list[str]) -> str:
    """A code fence no line of ``lines`` can close: longer than any run of backticks in them."""
    return "`" * max(3, max(map(_longest_backticks, lines), default=0) + 1)


def drift_table(report: DriftReport) -> list[str]:
    """The per-locale summary table."""
    lines = ["| Locale | Pages | Current | Stale | Missing source | Untranslated | % current |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for locale, row in report.summary.items():
        lines.append(f"| {_cell(locale)} | {row.pages} | {row.count('current')} | {row.count('stale')} | "
                     f"{row.count('missing-source')} | {row.count('untranslated')} | {row.percent_current}% |")
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
    fence = _fence(body)
    lines.extend([f"{fence}diff", *body, fence, "", "</details>", ""])
    return lines


def _html(text: str) -> str:
    return _visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        row = f"| {_cell(page.locale)} | {_code(page.path, cell=True)} | {page.changed_segments} | {_cell(summary)} |"
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
    head.extend(f"> {_line(note)}" for note in report.notes)
    tail = _missing(report)
    budget = limit - sum(len(line.encode()) + 1 for line in head + tail) - 1024
    lines = [*head, *tail, "### Most-changed stale pages", "", *stale_pages(report, budget)]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_audit(report: AuditReport, limit: int = LIMIT) -> str:
    """The audit in Markdown: findings per locale and rule, then the drift summary and stale pages."""
    rules = sorted({code for summary in report.summaries.values() for code in summary.by_rule})
    lines = ["## doclint audit", "", f"Locales compared with {_code(report.english)}.", "",
             "| Locale | Pages | With findings | Errors | Warnings | Info | Translation | Drift |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for locale, summary in report.summaries.items():
        lines.append(f"| {_cell(locale)} | {summary.pages} | {summary.pages_with_findings} | "
                     f"{summary.errors} | {summary.warnings} | {summary.info} | {summary.translation} | "
                     f"{summary.drift} |")
    if rules:
        lines.extend(["", "### Findings per rule", "", "| Locale | " + " | ".join(map(_cell, rules)) + " |",
                      "|---|" + "---:|" * len(rules)])
        for locale, summary in report.summaries.items():
            by_rule = summary.by_rule
            lines.append(f"| {_cell(locale)} | " + " | ".join(str(by_rule.get(code, 0)) for code in rules) + " |")
    lines.extend(["", "_Translation_: defects of the translation; _Drift_: English changes since the page was "
                      "translated (warnings unless configured otherwise).", ""])
    if report.drift is not None:
        lines.extend(["### Translation drift", "", *drift_table(report.drift), ""])
        budget = limit - sum(len(line.encode()) + 1 for line in lines) - 1024
        lines.extend(["#### Most-changed stale pages", "", *stale_pages(report.drift, budget)])
    return "\n".join(lines).rstrip("\n") + "\n"
