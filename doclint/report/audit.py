"""The audit report: per locale, pages, pages with findings, findings per rule and translation drift."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from doclint.drift import DriftReport
from doclint.engine import PageResult
from doclint.report import summarize
from doclint.report.text import causes


@dataclass
class AuditReport:
    """What the markdown and HTML audits show: findings per locale and rule, and the drift of every page."""

    english: str
    summaries: dict[str, dict[str, object]]
    drift: DriftReport | None = None
    page_findings: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, english: str, by_locale: dict[str, list[PageResult]], drift: DriftReport | None) -> AuditReport:
        """The report of check results by locale, with their drift."""
        page_findings = {(locale, result.job.display): Counter(finding.code for finding in result.findings)
                         for locale, results in by_locale.items() for result in results if result.findings}
        return cls(english, locale_summaries(by_locale), drift, page_findings)


def locale_summaries(by_locale: dict[str, list[PageResult]]) -> dict[str, dict[str, object]]:
    """The summary of each locale's results."""
    return {locale: summarize(results)[1] for locale, results in by_locale.items()}


def _table(locale: str, summary: dict[str, object]) -> list[str]:
    lines = [f"{locale}: {summary['pages']} pages, {summary['pages_with_findings']} with findings, "
             f"{summary['findings']} findings ({summary['errors']} errors, {summary['warnings']} warnings, "
             f"{summary['info']} info; {causes(summary)})"]
    by_rule: dict[str, int] = summary["by_rule"]  # type: ignore[assignment]
    if by_rule:
        from doclint.checks import all_rules

        rules = all_rules()
        width = max(len(rules[code].name) if code in rules else len(code) for code in by_rule)
        lines.append(f"  {'rule':<{width + 7}} findings")
        for code, count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
            name = rules[code].name if code in rules else ""
            lines.append(f"  {code} {name:<{width + 1}} {count:>8}")
    return lines


def render(fmt: str, english: str, by_locale: dict[str, list[PageResult]], drift: DriftReport | None = None) -> str:
    """The audit report in text, JSON, Markdown or HTML; drift columns beside the findings when given."""
    if fmt in ("markdown", "html"):
        from doclint.report import html, markdown

        module = markdown if fmt == "markdown" else html
        return module.render_audit(AuditReport.build(english, by_locale, drift))
    summaries = locale_summaries(by_locale)
    drift_summary = drift.summary if drift is not None else {}
    for locale, summary in summaries.items():
        if locale in drift_summary:
            summary["drift"] = drift_summary[locale]
    if fmt == "json":
        pages = {
            locale: [
                {"path": r.job.display, "findings": [f.to_dict() for f in r.findings]}
                for r in results if r.findings
            ]
            for locale, results in by_locale.items()
        }
        data: dict[str, object] = {"english": english, "locales": summaries, "pages": pages}
        if drift is not None:
            data["drift"] = [page.to_dict() for page in drift.pages if page.status not in ("current", "untranslated")]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = [f"doclint audit: {len(summaries)} locales against {english}/", ""]
    for locale, summary in summaries.items():
        lines.extend(_table(locale, summary))
        if "drift" in summary:
            row: dict[str, object] = summary["drift"]  # type: ignore[assignment]
            lines.append(f"  drift: {row['current']} current, {row['stale']} stale, {row['missing-source']} "
                         f"missing source, {row['untranslated']} untranslated ({row['percent_current']}% current)")
        lines.append("")
    return "\n".join(lines)
