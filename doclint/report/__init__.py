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
#: The note when there was an English root but none of its pages could be compared.
NONE_COMPARED_NOTE = ("no English page could be compared (DL004 says why for each page): only the rules that need "
                      "the bilingual page alone ran")


def summarize(results: Iterable[PageResult]) -> tuple[list[Finding], dict[str, object]]:
    """All findings in order, and the summary counts every format shows."""
    findings: list[Finding] = []
    pages = pages_with_findings = compared = sourced = 0
    for result in results:
        pages += 1
        compared += result.english_compared
        sourced += result.job.english is not None
        if result.findings:
            pages_with_findings += 1
            findings.extend(result.findings)
    by_severity = Counter(finding.severity.value for finding in findings)
    by_rule = Counter(finding.code for finding in findings)
    summary: dict[str, object] = {
        "pages": pages,
        "pages_with_findings": pages_with_findings,
        "findings": len(findings),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "info": by_severity.get("info", 0),
        "by_rule": dict(sorted(by_rule.items())),
        "english_compared": compared,
    }
    if pages and not compared:
        summary["note"] = NONE_COMPARED_NOTE if sourced else NO_SOURCE_NOTE
    return findings, summary
