"""The miniature docs set: every planted defect is found on its line, clean pages stay clean."""

from __future__ import annotations

import json
from pathlib import Path

from doclint.engine import check_page
from doclint.registry import RuleSet
from doclint.results import PageJob

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "graph-docs"
DEFECTS = json.loads((DOCS / "defects.json").read_text(encoding="utf-8"))


def _findings(relative: str) -> list:
    locale, page = relative.split("/", 1)
    job = PageJob(page, DOCS / locale / page, DOCS / "en" / page, locale)
    return check_page(job, RuleSet.default()).findings


def test_every_planted_defect_is_found_within_one_line() -> None:
    missed = []
    for defect in DEFECTS:
        lines = [finding.line for finding in _findings(defect["path"])]
        if not any(abs(line - defect["line"]) <= 1 for line in lines):
            missed.append((defect["kind"], defect["path"], defect["line"], lines))
    assert missed == []


def test_pages_report_only_their_planted_defects() -> None:
    planted: dict[str, int] = {}
    for defect in DEFECTS:
        planted[defect["path"]] = planted.get(defect["path"], 0) + 1
    for locale in ("zh-CN", "pt-BR"):
        for page in sorted((DOCS / locale).rglob("*.md")):
            relative = page.relative_to(DOCS).as_posix()
            findings = _findings(relative)
            assert len(findings) == planted.get(relative, 0), (relative, [f.message for f in findings])
