"""The audit report: per locale, pages, pages with findings and findings per rule."""

from __future__ import annotations

import json

from doclint.engine import PageResult
from doclint.report import summarize


def locale_summaries(by_locale: dict[str, list[PageResult]]) -> dict[str, dict[str, object]]:
    """The summary of each locale's results."""
    return {locale: summarize(results)[1] for locale, results in by_locale.items()}


def _table(locale: str, summary: dict[str, object]) -> list[str]:
    lines = [f"{locale}: {summary['pages']} pages, {summary['pages_with_findings']} with findings, "
             f"{summary['findings']} findings ({summary['errors']} errors, {summary['warnings']} warnings, "
             f"{summary['info']} info)"]
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


def render(fmt: str, english: str, by_locale: dict[str, list[PageResult]]) -> str:
    """The audit report in text or JSON."""
    summaries = locale_summaries(by_locale)
    if fmt == "json":
        pages = {
            locale: [
                {"path": r.job.display, "findings": [f.to_dict() for f in r.findings]}
                for r in results if r.findings
            ]
            for locale, results in by_locale.items()
        }
        return json.dumps({"english": english, "locales": summaries, "pages": pages},
                          ensure_ascii=False, indent=2) + "\n"
    lines = [f"doclint audit: {len(summaries)} locales against {english}/", ""]
    for locale, summary in summaries.items():
        lines.extend(_table(locale, summary))
        lines.append("")
    return "\n".join(lines)
