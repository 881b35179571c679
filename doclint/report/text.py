"""The plain text format: one ``path:line:col: CODE message`` line a finding, then a summary."""

from __future__ import annotations

from doclint.results import CheckReport, Summary


def summary_line(summary: Summary) -> str:
    """One sentence with the counts of a run."""
    line = (f"{summary.findings} findings ({summary.errors} errors, {summary.warnings} warnings, "
            f"{summary.info} info; {causes(summary)}) in {summary.pages_with_findings} of {summary.pages} pages")
    if summary.note:
        line += f"; {summary.note}"
    return line + "."


def causes(summary: Summary) -> str:
    """The findings of a summary counted by cause: translation defects, and English changes since (drift)."""
    return f"{summary.translation} translation, {summary.drift} drift"


def render(report: CheckReport) -> str:
    """Findings as text lines followed by the summary line."""
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in report.findings]
    lines.append(summary_line(report.summary))
    return "\n".join(lines) + "\n"
