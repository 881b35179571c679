"""Output formats: each module turns results into text; only the CLI prints it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain
from operator import attrgetter, truth

from doclint.engine import PageResult
from doclint.finding import Finding

#: Output formats of ``check``: name -> module with ``render(findings, summary) -> str``.
FORMATTERS: dict[str, str] = {
    "text": "doclint.report.text",
    "json": "doclint.report.json_format",
    "sarif": "doclint.report.sarif",
    "github": "doclint.report.github",
}

NO_SOURCE_NOTE = ("English pages were not compared (no --source): only the rules that need the bilingual "
                  "page alone ran")
NO_ENGLISH_NOTE = "no English page was found under the source: only the rules that need the bilingual page alone ran"


def summarize(results: Iterable[PageResult]) -> tuple[list[Finding], dict[str, object]]:
    """All findings in order, and the summary counts every format shows."""
    results = list(results)
    # Counted in C (map, attrgetter, Counter): a locale has thousands of pages and findings on every run.
    per_page = list(map(attrgetter("findings"), results))
    findings: list[Finding] = list(chain.from_iterable(per_page))
    pages = len(results)
    pages_with_findings = pages - list(map(len, per_page)).count(0)
    compared = sum(map(attrgetter("english_compared"), results))
    by_severity = {severity.value: count for severity, count in Counter(map(attrgetter("severity"), findings)).items()}
    by_rule = Counter(map(attrgetter("code"), findings))
    summary: dict[str, object] = {
        "pages": pages,
        "pages_with_findings": pages_with_findings,
        "findings": len(findings),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "info": by_severity.get("info", 0),
        "by_rule": dict(sorted(by_rule.items())),
        "english_compared": compared,
        "fixable": sum(map(truth, map(attrgetter("fix"), findings))),  # not count(None): Fix.__eq__ is Python
    }
    if pages and not compared:
        with_source = any(result.job.english is not None for result in results)
        summary["note"] = NO_ENGLISH_NOTE if with_source else NO_SOURCE_NOTE
    return findings, summary


def render_check(fmt: str, results: list[PageResult], *, color: bool = False,
                 statistics: bool = False) -> tuple[str, dict[str, object]]:
    """The report of ``check`` in ``fmt`` (its formatter imported only when used), and the run's summary.

    Every format names a page by its path from the current folder (see :mod:`doclint.repopath`).
    """
    from importlib import import_module

    from doclint.repopath import located

    findings, summary = summarize(results)
    where = located(results)
    module = import_module(FORMATTERS[fmt])
    if fmt == "text":
        return module.render(findings, summary, where, color=color, statistics=statistics), summary
    return module.render(findings, summary, where), summary
