"""The Markdown audit fits a pull-request comment (65,536 characters) whatever the corpus, and says what it left out."""

from __future__ import annotations

import re
from pathlib import Path

from doclint.drift_report import Change, DriftReport, PageDrift
from doclint.finding import Finding, Severity
from doclint.report import markdown, render
from doclint.results import AuditReport, PageJob, PageResult

GITHUB_COMMENT_LIMIT = 65_536


def test_the_corpus_audit_fits_a_pull_request_comment(corpus_audit: AuditReport) -> None:
    text = render("audit", "markdown", corpus_audit)
    assert len(text) <= GITHUB_COMMENT_LIMIT
    for heading in ("### Findings per rule", "### Pages with the most findings", "#### Most-changed stale pages"):
        assert heading in text
    assert "| DL201 | translated-identifier | error |" in text
    assert re.search(r"… and \d+ more pages with findings", text) and re.search(r"… and \d+ more stale pages", text)


def _huge() -> AuditReport:
    """400 locales, 30 rules, 120,000 pages with findings and 30,000 stale pages with long diffs."""
    codes = [f"DL{100 + n}" for n in range(30)]
    by_locale: dict[str, list[PageResult]] = {}
    pages: list[PageDrift] = []
    for number in range(400):
        locale = f"xx-{number:03}"
        results = by_locale[locale] = []
        for page in range(300):
            path = f"api-reference/v1.0/api/some-rather-long-page-name-{page:05}.md"
            finding = Finding(path, 1, 1, codes[page % 30], "rule", Severity.ERROR, "m" * 80)
            results.append(PageResult(PageJob(path, Path(path), None, locale), [finding], True))
            if page < 75:
                pages.append(PageDrift(path, locale, "stale", [Change("changed", "old " * 50, "new " * 50, n, n)
                                                               for n in range(40)]))
    return AuditReport("en", by_locale, DriftReport("en", pages))


def test_a_huge_audit_stays_within_the_limit_and_counts_what_it_left_out() -> None:
    text = markdown.render_audit(_huge())
    assert len(text) <= GITHUB_COMMENT_LIMIT
    assert "… and 350 more locales." in text  # the totals table: 50 of 400 locales
    assert re.search(r"… and \d+ more pages with findings", text)
    assert re.search(r"… and \d+ more stale pages", text)
    assert "(392 more locales)" in text  # the rule table: 8 locale columns, the total counts all


def test_a_small_audit_lists_everything() -> None:
    finding = Finding("a.md", 3, 1, "DL201", "translated-identifier", Severity.ERROR, "property 'nome'")
    result = PageResult(PageJob("a.md", Path("pt-BR/a.md"), None, "pt-BR"), [finding], True)
    text = render("audit", "markdown", AuditReport("en", {"pt-BR": [result]}))
    assert "| `pt-BR/a.md` | 1 | 0 | 0 | DL201 ×1 |" in text and "more" not in text
