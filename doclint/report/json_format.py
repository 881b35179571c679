"""The JSON format: ``{"findings": [...], "summary": {...}}``, one finding per line."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from doclint.finding import Severity
from doclint.results import CheckReport, Located

# Compact separators and no indent let json use its C encoder; an indented dump of a whole locale's
# findings took longer than reading the locale from the cache.
_encode = json.JSONEncoder(ensure_ascii=False).encode
_LABEL = {severity: severity.value for severity in Severity}  # a dict look-up is faster than Enum.value


def render(report: CheckReport) -> str:
    """One JSON object holding every finding (one per line, so reports diff and grep well) and the summary.

    With the report's ``where`` (the same findings by page), a finding's ``path`` is its page's path from the
    current folder, and ``locale`` and ``page`` (its path under the locale root) follow the finding's own fields
    (``cause`` last among them).
    """
    findings, where = report.findings, report.where
    if where is None:
        lines = ",\n".join(f"    {_encode(finding.to_dict())}" for finding in findings)
    else:
        lines = ",\n".join(_lines(where))
    summary_text = json.dumps(report.summary.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    findings_text = f"[\n{lines}\n  ]" if findings else "[]"
    return f'{{\n  "findings": {findings_text},\n  "summary": {summary_text}\n}}\n'


def _lines(where: Located) -> list[str]:
    """Each finding as one line of JSON, as ``_encode`` would write its record, built from strings encoded
    once per page and once per rule: encoding a dict per finding cost more than the rest of the report."""
    quote = encode_basestring
    rules: dict[tuple[str, str, Severity], str] = {}
    lines: list[str] = []
    for path, locale, page, findings in zip(where.paths, where.locales, where.pages, where.findings):
        head = f'    {{"path": {quote(path)}, "line": '
        tail = f', "locale": {quote(locale)}, "page": {quote(page)}}}'
        for finding in findings:
            key = (finding.code, finding.rule, finding.severity)
            rule = rules.get(key)
            if rule is None:
                rule = rules[key] = (f'"code": {quote(finding.code)}, "rule": {quote(finding.rule)}, '
                                     f'"severity": "{_LABEL[finding.severity]}", "message": ')
            lines.append(f'{head}{finding.line}, "column": {finding.column}, {rule}{quote(finding.message)}, '
                         f'"cause": {quote(finding.cause)}{tail}')
    return lines
