"""The JSON format: ``{"findings": [...], "summary": {...}}``, one finding per line."""

from __future__ import annotations

import json

from doclint.results import CheckReport

# Compact separators and no indent let json use its C encoder; an indented dump of a whole locale's
# findings took longer than reading the locale from the cache.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def render(report: CheckReport) -> str:
    """One JSON object holding every finding (one per line, so reports diff and grep well) and the summary."""
    findings = report.findings
    lines = ",\n".join(f"    {_encode(finding.to_dict())}" for finding in findings)
    summary_text = json.dumps(report.summary.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    findings_text = f"[\n{lines}\n  ]" if findings else "[]"
    return f'{{\n  "findings": {findings_text},\n  "summary": {summary_text}\n}}\n'
