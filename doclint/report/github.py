"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

Escaping follows GitHub's runner: in the message ``%``, CR and LF are percent-encoded; in property
values ``:`` and ``,`` are too.  Each finding names its page by its path from the current folder (the
repository root in a workflow), given with the findings of each page.
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


def annotation(finding: Finding, path: str | None = None) -> str:
    """The workflow command of one finding (on the file ``path``, else the finding's own path)."""
    properties = ",".join(f"{key}={escape_property(value)}" for key, value in (
        ("file", finding.path if path is None else path), ("line", str(finding.line)), ("col", str(finding.column)),
        ("title", finding.code)))
    return f"::{COMMANDS[finding.severity]} {properties}::{escape_data(f'{finding.message} ({finding.rule})')}"


def render(report: CheckReport) -> str:
    """Annotations (each page named as in the report's ``where``, else from the current folder), then the
    summary as a plain log line."""
    where = report.where
    if where is None:
        report = report.with_paths(repository_path)  # annotations name the file from here
        lines = list(map(annotation, report.findings))
    else:
        lines = [annotation(finding, path) for path, group in zip(where.paths, where.findings) for finding in group]
    return "\n".join([*lines, summary_line(report.summary)]) + "\n"
