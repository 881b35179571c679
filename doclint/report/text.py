"""The plain text format: one ``path:line:col: CODE severity: message`` line a finding, then a summary.

A finding that ``--fix`` can mend carries ``[*]`` after its code, as in ruff.  With colour (a terminal)
the path is bold and the severity coloured; ``--statistics`` prints the count of each rule instead of
the findings.
"""

from __future__ import annotations

from collections import Counter

import click

from doclint.finding import Finding, Severity
from doclint.results import CheckReport, Summary

#: The severity as printed, looked up once per finding (an Enum's ``.value`` is a Python-level property).
_LABEL = {severity: severity.value for severity in Severity}
_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary_line(summary: Summary) -> str:
    """One sentence with the counts of a run."""
    line = (f"{summary.findings} findings ({summary.errors} errors, {summary.warnings} warnings, "
            f"{summary.info} info; {causes(summary)}) in {summary.pages_with_findings} of {summary.pages} pages")
    if summary.fixable:
        line += f"; {summary.fixable} fixable with --fix ([*])"
    if summary.note:
        line += f"; {summary.note}"
    return line + "."


def causes(summary: Summary) -> str:
    """The findings of a summary counted by cause: translation defects, and English changes since (drift)."""
    return f"{summary.translation} translation, {summary.drift} drift"


def render(report: CheckReport, color: bool = False, statistics: bool = False) -> str:
    """Findings as text lines (or, with ``statistics``, a count per rule) followed by the summary line.

    The report's ``where`` (the same findings by page) names each page from the current folder; without
    it, each finding's own path.
    """
    findings, where = report.findings, report.where
    label = _LABEL
    if statistics:
        lines = statistics_lines(findings, color)
    elif color:
        lines = [_coloured(finding, path) for path, group in zip(where.paths, where.findings) for finding in group] \
            if where is not None else [_coloured(finding, finding.path) for finding in findings]
    elif where is not None:
        lines = [f"{path}:{f.line}:{f.column}: {f.code}{' [*]' if f.fix else ''} {label[f.severity]}: {f.message}"
                 for path, group in zip(where.paths, where.findings) for f in group]
    else:
        lines = [f"{f.path}:{f.line}:{f.column}: {f.code}{' [*]' if f.fix else ''} {label[f.severity]}: {f.message}"
                 for f in findings]
    lines.append(summary_line(report.summary) + "\n")  # not join(…) + "\n": that copies a whole locale's report again
    return "\n".join(lines)


def _coloured(finding: Finding, path: str) -> str:
    severity = finding.severity
    fix = click.style(" [*]", fg="green") if finding.fix else ""
    return (f"{click.style(path, bold=True)}:{finding.line}:{finding.column}: "
            f"{click.style(finding.code, bold=True)}{fix} "
            f"{click.style(_LABEL[severity] + ':', fg=_COLOUR[severity], bold=severity is Severity.ERROR)} "
            f"{finding.message}")


def statistics_lines(findings: list[Finding], color: bool = False) -> list[str]:
    """A line per rule, most findings first: count, code, severity, ``[*]`` when some can be fixed, name."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for finding in findings:
        counts[finding.code] += 1
        fixable[finding.code] += finding.fix is not None
        first.setdefault(finding.code, finding)
    width = len(str(max(counts.values(), default=0)))
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        finding = first[code]
        label = f"{_LABEL[finding.severity]:<7}"
        if color:
            label = click.style(label, fg=_COLOUR[finding.severity])
        mark = "[*]" if fixable[code] else "   "
        lines.append(f"{count:>{width}}  {code}  {label}  {mark}  {finding.rule}")
    return lines
