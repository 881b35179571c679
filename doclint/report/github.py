"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

Escaping follows GitHub's runner: in the message ``%``, CR and LF are percent-encoded; in property
values ``:`` and ``,`` are too.  Findings name their file by its repository path.
"""

from __future__ import annotations

from doclint.finding import Finding, Severity
from doclint.repopath import repository_path
from doclint.report.text import summary_line
from doclint.results import CheckReport

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command of one finding."""
    properties = ",".join(f"{key}={escape_property(value)}" for key, value in (
        ("file", finding.path), ("line", str(finding.line)), ("col", str(finding.column)), ("title", finding.code)))
    return f"::{COMMANDS[finding.severity]} {properties}::{escape_data(f'{finding.message} ({finding.rule})')}"


def render(report: CheckReport) -> str:
    """Annotations, then the summary as a plain log line."""
    report = report.with_paths(repository_path)  # annotations name the file in the repository
    return "\n".join([*map(annotation, report.findings), summary_line(report.summary)]) + "\n"
