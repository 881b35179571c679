"""Markdown reports sized for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

The totals, the rule table, the pages with the most findings and the most-changed stale pages;
every list is capped and says how many more there are ("… and N more"), and the whole report
stays within :data:`LIMIT` characters however large the corpus.
Page paths, page text and notes come from files anyone can propose: each is shown as
text, and none can end its table cell, code span or fence early.
"""

from __future__ import annotations

import re
from collections import Counter

from doclint.drift_report import DriftReport, PageDrift
from doclint.registry import all_rules
from doclint.results import AuditReport
from doclint.text import shorten

#: GitHub refuses a pull-request comment over 65,536 characters (a step summary may hold 1 MiB).
LIMIT = 65_536
#: Rows of the locale and rule tables, and pages with findings, listed before the rest are only counted.
MAX_ROWS = 50
#: Locales given a column of their own in the rule table (the Total column counts them all).
MAX_LOCALE_COLUMNS = 8
#: Stale pages listed in full before the rest are only counted.
MAX_PAGES = 100
#: Room kept for the closing lines ("… and N more") and the safety margin of every budget.
_SLACK = 1024


#: Diff lines shown per page: one huge page must not crowd out the others.
MAX_DIFF_LINES = 150


def _size(lines: list[str]) -> int:
    """The characters ``lines`` take, joined by newlines."""
    return sum(len(line) + 1 for line in lines)


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
    """The most-changed stale pages within ``budget`` characters, then how many more there are."""
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
        size = len(row) + 1 + _size(section)
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
    budget = limit - _size(head + tail) - _SLACK
    lines = [*head, *tail, "### Most-changed stale pages", "", *stale_pages(report, budget)]
    return _within("\n".join(lines).rstrip("\n") + "\n", limit)


def _within(text: str, limit: int) -> str:
    """``text`` cut at a line to ``limit`` characters, saying so, should the budgets above ever fall short."""
    if len(text) <= limit:
        return text
    note = "\n… (cut to fit a pull-request comment)\n"
    return text[: text.rfind("\n", 0, limit - len(note)) + 1].rstrip("\n") + note


def _capped(rows: list[str], total: int, what: str, budget: int) -> list[str]:
    """``rows`` (of ``total``) within ``budget`` characters and :data:`MAX_ROWS`, then how many more."""
    kept: list[str] = []
    used = 0
    for row in rows[:MAX_ROWS]:
        if used + len(row) + 1 > budget:
            break
        kept.append(row)
        used += len(row) + 1
    if len(kept) < total:
        kept.extend(["", f"… and {total - len(kept)} more {what}."])
    return kept


def _totals(report: AuditReport, budget: int) -> list[str]:
    rows = [f"| {_cell(locale)} | {summary.pages} | {summary.pages_with_findings} | {summary.errors} | "
            f"{summary.warnings} | {summary.info} | {summary.translation} | {summary.drift} |"
            for locale, summary in report.summaries.items()]
    return ["| Locale | Pages | With findings | Errors | Warnings | Info | Translation | Drift |",
            "|---|---:|---:|---:|---:|---:|---:|---:|", *_capped(rows, len(rows), "locales", budget), "",
            "_Translation_: defects of the translation; _Drift_: English changes since the page was translated "
            "(warnings unless configured otherwise)."]


def rule_table(report: AuditReport, budget: int) -> list[str]:
    """A row per rule with findings (code, name, severity, count per locale, total), most findings first."""
    registry = all_rules()
    locales = list(report.summaries)[:MAX_LOCALE_COLUMNS]
    per_rule: dict[str, Counter[str]] = {}
    for locale, summary in report.summaries.items():
        for code, count in summary.by_rule.items():
            per_rule.setdefault(code, Counter())[locale] += count
    if not per_rule:
        return ["No findings."]
    severity: dict[str, str] = {}  # as reported (a config may change it), from the first finding of each rule
    for findings in report.findings.values():
        for finding in findings:
            severity.setdefault(finding.code, finding.severity.value)
        if len(severity) == len(per_rule):
            break
    ordered = sorted(per_rule.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    rows = []
    for code, counts in ordered:
        name = registry[code].name if code in registry else ""
        level = severity.get(code) or (registry[code].severity.value if code in registry else "")
        cells = " | ".join(str(counts.get(locale, 0)) for locale in locales)
        rows.append(f"| {code} | {_cell(name)} | {level} | {cells} | {sum(counts.values())} |")
    more = len(report.summaries) - len(locales)
    head = " | ".join(_cell(locale) for locale in locales) + " | Total" + (f" ({more} more locales)" if more else "")
    return [f"| Rule | Name | Severity | {head} |", "|---|---|---|" + "---:|" * (len(locales) + 1),
            *_capped(rows, len(rows), "rules", budget)]


def top_pages(report: AuditReport, budget: int) -> list[str]:
    """The pages with the most findings (errors first), with their commonest rules."""
    if not report.findings:
        return ["No page has a finding."]
    ranked = []
    for (locale, path), findings in report.findings.items():
        counts = Counter(finding.severity.value for finding in findings)
        ranked.append((-counts["error"], -counts["warning"], -counts["info"], locale, path, findings))
    ranked.sort(key=lambda item: item[:5])
    rows = []
    for errors, warnings, info, locale, path, findings in ranked[:MAX_ROWS]:
        rules = ", ".join(f"{code} ×{count}" for code, count in Counter(f.code for f in findings).most_common(3))
        rows.append(f"| {_code(locale + '/' + path, cell=True)} | {-errors} | {-warnings} | {-info} | {rules} |")
    return ["| Page | Errors | Warnings | Info | Commonest rules |", "|---|---:|---:|---:|---|",
            *_capped(rows, len(ranked), "pages with findings (`doclint audit --format html` lists them all)",
                     budget)]


def inconsistencies(report: AuditReport, budget: int) -> list[str]:
    """The largest groups of inconsistent translations (DL511): English, each variant ×pages, a page of each."""
    rows = []
    for locale, groups in report.consistency.items():
        for group in groups:
            variants = "; ".join(
                f"{_cell(variant.text)} ×{variant.pages}"
                + (f" ({_code(f'{locale}/{variant.where[0][0]}:{variant.where[0][1]}', cell=True)})" if variant.where else "")
                for variant in group.variants)
            rows.append(f"| {_cell(locale)} | {_cell(group.english)} | {variants} |")
    return ["| Locale | English | Translations ×pages |", "|---|---|---|",
            *_capped(rows, len(rows), "groups (`doclint audit --format html` lists more)", budget)]


def render_audit(report: AuditReport, limit: int = LIMIT) -> str:
    """The audit in Markdown within ``limit`` characters: totals, the rule table, the pages with the most
    findings, the drift table and the most-changed stale pages, each capped with how many more there are."""
    share = (limit - _SLACK) // 5  # no one section may crowd out the others
    lines = ["## doclint audit", "", f"Locales compared with {_code(report.english)}"
             + (f" ({report.stamp.text()})" if report.stamp is not None else "") + ".", "",
             *_totals(report, share), "", "### Findings per rule", "", *rule_table(report, share), "",
             "### Pages with the most findings", "", *top_pages(report, share), ""]
    if report.consistency:
        lines.extend(["### Inconsistent translations", "", *inconsistencies(report, share), ""])
    if report.drift is not None:
        lines.extend(["### Translation drift", "", *drift_table(report.drift)[: MAX_ROWS + 2], ""])
        if len(report.drift.summary) > MAX_ROWS:
            lines.extend([f"… and {len(report.drift.summary) - MAX_ROWS} more locales.", ""])
        budget = limit - _size(lines) - _SLACK
        lines.extend(["#### Most-changed stale pages", "", *stale_pages(report.drift, budget)])
    return _within("\n".join(lines).rstrip("\n") + "\n", limit)
