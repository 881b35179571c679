"""Output formats: each renderer turns one command's report into text; only the CLI prints it.

:data:`RENDERERS` is the one table of formats: ``(command, format)`` -> ``"module:function"``, the
function taking the command's report (a :class:`~doclint.results.CheckReport`, an
:class:`~doclint.results.AuditReport`, a :class:`~doclint.drift_report.DriftReport`, the rules, or
one rule's document) and returning the text.  A format's module is imported only when it is used,
so a run imports the one it prints.  Adding a format is a module with that function and a row here.
Formatters read the plain reports and the rule registry, never the engine or a rule module.
"""

from __future__ import annotations

from importlib import import_module

#: Every output format, by command: what ``--format`` accepts, and the function that renders it.
RENDERERS: dict[tuple[str, str], str] = {
    ("check", "text"): "doclint.report.text:render",
    ("check", "json"): "doclint.report.json_format:render",
    ("check", "sarif"): "doclint.report.sarif:render",
    ("check", "github"): "doclint.report.github:render",
    ("audit", "text"): "doclint.report.audit:render_text",
    ("audit", "json"): "doclint.report.audit:render_json",
    ("audit", "markdown"): "doclint.report.markdown:render_audit",
    ("audit", "html"): "doclint.report.html:render_audit",
    ("drift", "text"): "doclint.report.drift:render_text",
    ("drift", "json"): "doclint.report.drift:render_json",
    ("drift", "markdown"): "doclint.report.markdown:render_drift",
    ("drift", "html"): "doclint.report.html:render_drift",
    ("rules", "text"): "doclint.report.rules_format:render_text",
    ("rules", "json"): "doclint.report.rules_format:render_json",
    ("rule", "text"): "doclint.report.rules_format:render_document_text",
    ("rule", "json"): "doclint.report.rules_format:render_document_json",
}


def formats(command: str) -> tuple[str, ...]:
    """The formats of ``command``, in table order (the first is the default)."""
    return tuple(fmt for name, fmt in RENDERERS if name == command)


def render(command: str, fmt: str, report: object) -> str:
    """``report`` of ``command`` in format ``fmt`` (its module imported now)."""
    module, _, function = RENDERERS[(command, fmt)].partition(":")
    text: str = getattr(import_module(module), function)(report)
    return text
