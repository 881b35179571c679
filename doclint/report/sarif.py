"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one result per finding.

The rules come from the registry and the rule catalogue; findings name their file by its
repository path (see :mod:`doclint.repopath`), written as a relative URI.
"""

from __future__ import annotations

import json
import os
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from doclint.baseline import fingerprints
from doclint.catalogue import documents
from doclint.display import path_bytes
from doclint.finding import Severity
from doclint.registry import all_rules
from doclint.repopath import repository_path
from doclint.results import CheckReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "doclint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECTION = re.compile(r"^## (.+?)\s*$", re.MULTILINE)


def _version() -> str:
    try:
        return version("doclint")
    except PackageNotFoundError:
        return "0"


def _section(text: str, title: str) -> str:
    """The body of the ``## title`` section of a rule document, as one paragraph of plain text."""
    parts = _SECTION.split(text)
    for index in range(1, len(parts) - 1, 2):
        if parts[index].strip().lower() == title:
            return " ".join(parts[index + 1].split())
    return ""


def rule_descriptors() -> list[dict[str, object]]:
    """``tool.driver.rules``: every registered rule with its catalogue text."""
    docs = documents()
    descriptors: list[dict[str, object]] = []
    for code, rule in sorted(all_rules().items()):
        doc = docs.get(code)
        text = doc.text if doc is not None else f"# {code} {rule.name}\n\n{rule.summary}\n"
        descriptors.append({
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": (_section(text, "what it checks") if doc else "") or rule.summary},
            "help": {"text": text, "markdown": text},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"fixable": rule.fixable, "needsEnglish": rule.needs_source},
        })
    return descriptors


def _uri(path: str) -> str:
    # The file's own name, its display escapes undone: bad\xff.md is the file bad%FF.md.
    real = os.fsdecode(path_bytes(path))
    return Path(real).as_uri() if Path(real).is_absolute() else quote(real, safe="/", errors="surrogateescape")


def render(report: CheckReport) -> str:
    """The SARIF log of a run."""
    report = report.with_paths(repository_path)  # results name the file in the repository
    findings = report.findings
    rules = rule_descriptors()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    for finding in findings:  # a code without a registered rule (an internal error) still needs a descriptor
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append({"id": finding.code, "name": finding.rule,
                          "shortDescription": {"text": finding.rule or finding.code},
                          "defaultConfiguration": {"level": LEVELS[finding.severity]}})
    results = []
    for finding, fingerprint in zip(findings, fingerprints(findings)):
        results.append({
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.path)},
                "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
            }}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        })
    run = {
        "tool": {"driver": {"name": "doclint", "version": _version(), "semanticVersion": _version(),
                            "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"summary": report.summary.to_dict()},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
