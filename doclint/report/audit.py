"""The audit report as text and JSON: per locale, pages, pages with findings, findings per rule and drift.

(Markdown and HTML have modules of their own, :mod:`doclint.report.markdown` and :mod:`doclint.report.html`.)
"""

from __future__ import annotations

import json

from doclint.registry import all_rules
from doclint.report.text import causes
from doclint.results import AuditReport, Summary


def _table(locale: str, summary: Summary) -> list[str]:
    lines = [f"{locale}: {summary.pages} pages, {summary.pages_with_findings} with findings, "
             f"{summary.findings} findings ({summary.errors} errors, {summary.warnings} warnings, "
             f"{summary.info} info; {causes(summary)})"]
    by_rule = summary.by_rule
    if by_rule:
        rules = all_rules()
        width = max(len(rules[code].name) if code in rules else len(code) for code in by_rule)
        lines.append(f"  {'rule':<{width + 7}} findings")
        for code, count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
            name = rules[code].name if code in rules else ""
            lines.append(f"  {code} {name:<{width + 1}} {count:>8}")
    return lines


def render_json(report: AuditReport) -> str:
    """``{"english", "locales": {locale: summary with its drift}, "pages": {locale: [...]}, "drift": [...]}``."""
    drift_summary = report.drift.summary if report.drift is not None else {}
    summaries: dict[str, dict[str, object]] = {}
    for locale, summary in report.summaries.items():
        summaries[locale] = summary.to_dict()
        if locale in drift_summary:
            summaries[locale]["drift"] = drift_summary[locale].to_dict()
    pages = {
        locale: [
            {"path": r.job.display, "findings": [f.to_dict() for f in r.findings]}
            for r in results if r.findings
        ]
        for locale, results in report.by_locale.items()
    }
    data: dict[str, object] = {"english": report.english, "locales": summaries, "pages": pages}
    if report.consistency:
        data["inconsistencies"] = {locale: [group.to_dict() for group in groups]
                                   for locale, groups in report.consistency.items()}
    if report.drift is not None:
        data["drift"] = [page.to_dict() for page in report.drift.pages
                         if page.status not in ("current", "untranslated")]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_text(report: AuditReport) -> str:
    """A table per locale: pages, findings by severity and by rule, and the locale's drift counts."""
    drift_summary = report.drift.summary if report.drift is not None else {}
    lines = [f"doclint audit: {len(report.summaries)} locales against {report.english}/", ""]
    for locale, summary in report.summaries.items():
        lines.extend(_table(locale, summary))
        if locale in drift_summary:
            row = drift_summary[locale]
            lines.append(f"  drift: {row.count('current')} current, {row.count('stale')} stale, "
                         f"{row.count('missing-source')} missing source, {row.count('untranslated')} untranslated "
                         f"({row.percent_current}% current)")
        for group in report.consistency.get(locale, [])[:5]:
            variants = "; ".join(f"{variant.text!r} ×{variant.pages}" for variant in group.variants)
            lines.append(f"  inconsistent: {group.english!r} on {group.pages} pages: {variants}")
        lines.append("")
    return "\n".join(lines)
