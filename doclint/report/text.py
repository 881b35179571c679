"""The plain text format: one ``path:line:col: CODE message`` line a finding, then a summary."""

from __future__ import annotations

from doclint.finding import Finding


def summary_line(summary: dict[str, object]) -> str:
    """One sentence with the counts of a run."""
    line = (f"{summary['findings']} findings ({summary['errors']} errors, {summary['warnings']} warnings, "
            f"{summary['info']} info; {causes(summary)}) in {summary['pages_with_findings']} of {summary['pages']} "
            f"pages")
    if "note" in summary:
        line += f"; {summary['note']}"
    return line + "."


def cause_counts(summary: dict[str, object]) -> tuple[int, int]:
    """How many findings of a summary are translation defects, and how many English changes (drift)."""
    counts: dict[str, int] = summary.get("by_cause") or {}  # type: ignore[assignment]
    return counts.get("translation", 0), counts.get("drift", 0)


def causes(summary: dict[str, object]) -> str:
    """The findings of a summary counted by cause, for a summary line."""
    translation, drift = cause_counts(summary)
    return f"{translation} translation, {drift} drift"


def render(findings: list[Finding], summary: dict[str, object]) -> str:
    """Findings as text lines followed by the summary line."""
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings]
    lines.append(summary_line(summary))
    return "\n".join(lines) + "\n"
