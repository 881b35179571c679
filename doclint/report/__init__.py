"""Output formats: each module turns results into text; only the CLI prints it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from doclint.engine import PageResult
from doclint.finding import Finding

#: Output formats of ``check``: name -> module with ``render(findings, summary) -> str``.
FORMATTERS: dict[str, str] = {
    "text": "doclint.report.text",
    "json": "doclint.report.json_format",
    "sarif": "doclint.report.sarif",
    "github": "doclint.report.github",
}

NO_SOURCE_NOTE = ("English pages were not compared (no --source): only the rules that need the bilingual "
                  "page alone ran")


def summarize(results: Iterable[PageResult]) -> tuple[list[Finding], dict[str, object]]:
    """All findings in order, and the summary counts every format shows."""
    findings: list[Finding] = []
    pages = pages_with_findings = compared = 0
    for result in results:
        pages += 1
        compared += result.english_compared
        if result.findings:
            pages_with_findings += 1
            findings.extend(result.findings)
    by_severity = Counter(finding.severity.value for finding in findings)
    by_cause = Counter(finding.cause for finding in findings)
    by_rule = Counter(finding.code for finding in findings)
    summary: dict[str, object] = {
        "pages": pages,
        "pages_with_findings": pages_with_findings,
        "findings": len(findings),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "info": by_severity.get("info", 0),
        # translation defects, and English changes since the page was translated
        "by_cause": {"translation": by_cause.get("translation", 0), "drift": by_cause.get("drift", 0)},
        "by_rule": dict(sorted(by_rule.items())),
        "english_compared": compared,
    }
    if pages and not compared:
        summary["note"] = NO_SOURCE_NOTE
    return findings, summary
