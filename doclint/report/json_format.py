"""The JSON format: ``{"findings": [...], "summary": {...}}``, one finding per line."""

from __future__ import annotations

import json
from collections.abc import Sequence

from doclint.finding import Finding, Severity
from doclint.repopath import Place

# Compact separators and no indent let json use its C encoder; an indented dump of a whole locale's
# findings took longer than reading the locale from the cache.
_encode = json.JSONEncoder(ensure_ascii=False).encode
_LABEL = {severity: severity.value for severity in Severity}  # a dict look-up is faster than Enum.value


def render(findings: list[Finding], summary: dict[str, object], places: Sequence[Place] | None = None) -> str:
    """One JSON object holding every finding (one per line, so reports diff and grep well) and the summary.

    With ``places``, a finding's ``path`` is its page's path from the current folder, and ``locale`` and
    ``page`` (its path under the locale root) follow the finding's own fields.
    """
    if places is None:
        lines = ",\n".join(f"    {_encode(finding.to_dict())}" for finding in findings)
    else:
        lines = ",\n".join(f"    {_encode(_record(finding, place))}" for finding, place in zip(findings, places))
    summary_text = json.dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    findings_text = f"[\n{lines}\n  ]" if findings else "[]"
    return f'{{\n  "findings": {findings_text},\n  "summary": {summary_text}\n}}\n'


def _record(f: Finding, place: Place) -> dict[str, object]:
    return {"path": place.path, "line": f.line, "column": f.column, "code": f.code, "rule": f.rule,
            "severity": _LABEL[f.severity], "message": f.message, "locale": place.locale, "page": place.page}
