"""``doclint rules``: the rule list as an aligned text table or a JSON array, or one rule's document."""

from __future__ import annotations

import json
from collections.abc import Iterable

from doclint.catalogue import document
from doclint.registry import Rule

_HEADINGS = ("CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY")


def rule_record(rule: Rule) -> dict[str, object]:
    """One rule as plain data: what ``--format json`` prints for it."""
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "fixable": rule.fixable,
        "needs_english": rule.needs_source,
        "default_enabled": rule.default_enabled,
        "summary": rule.summary,
    }


def render_text(rules: Iterable[Rule]) -> str:
    """An aligned table, one rule a line; rules that are off by default say so."""
    rows = [
        (rule.code, rule.name, rule.severity.value, "yes" if rule.fixable else "no",
         rule.summary + ("" if rule.default_enabled else " (off by default)"))
        for rule in rules
    ]
    widths = [max(len(row[index]) for row in [_HEADINGS, *rows]) for index in range(len(_HEADINGS) - 1)]
    lines = ["  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[-1]]).rstrip()
             for row in [_HEADINGS, *rows]]
    return "\n".join(lines) + "\n"


def render_json(rules: Iterable[Rule]) -> str:
    """A JSON array of rule records."""
    return json.dumps([rule_record(rule) for rule in rules], ensure_ascii=False, indent=2) + "\n"


def document_text(rule: Rule) -> str:
    """The rule's document from the catalogue (``rules/CODE.md``), or its title and summary without one."""
    doc = document(rule.code)
    return doc.text if doc is not None else f"# {rule.code} {rule.name}\n\n{rule.summary}\n"


def render_document_text(rule: Rule) -> str:
    """The rule's document, ending in a line end."""
    text = document_text(rule)
    return text if text.endswith("\n") else text + "\n"


def render_document_json(rule: Rule) -> str:
    """The rule's record with its document."""
    return json.dumps({**rule_record(rule), "document": document_text(rule)}, ensure_ascii=False, indent=2) + "\n"
