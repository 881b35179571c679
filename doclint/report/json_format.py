"""The JSON format: ``{"findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from doclint.finding import Finding


def render(findings: list[Finding], summary: dict[str, object]) -> str:
    """One JSON object holding every finding and the summary."""
    document = {"findings": [finding.to_dict() for finding in findings], "summary": summary}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
