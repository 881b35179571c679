"""The JSON format: one finding per line, whatever the findings' texts hold."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.finding import Finding, Severity
from doclint.report import json_format
from doclint.results import CheckReport, PageJob, PageResult

# Texts that look like the markup between two encoded findings, and plain ones.
_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(['}, {"path": "x"', '"}, {"path": ', "\\", "\n", "é 中"]))
_FINDING = st.builds(Finding, _TEXT, st.integers(1, 10**6), st.integers(1, 500), st.sampled_from(["DL101", "DL311"]),
                     _TEXT, st.sampled_from(list(Severity)), _TEXT)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FINDING, max_size=6))
def test_every_finding_is_one_line_and_the_report_parses_back(findings: list[Finding]) -> None:
    report = CheckReport.of([PageResult(PageJob("page.md", Path("page.md")), findings, True)])
    text = json_format.render(report)
    assert json.loads(text) == {"findings": [finding.to_dict() for finding in findings],
                                "summary": report.summary.to_dict()}
    lines = [line for line in text.split("\n") if line.startswith('    {"path": ')]
    assert [json.loads(line.rstrip(",")) for line in lines] == [finding.to_dict() for finding in findings]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_FINDING, st.integers(0, 2)), max_size=8), _TEXT, _TEXT)
def test_with_places_every_line_is_the_record_the_json_module_would_write(
        findings: list[tuple[Finding, int]], locale: str, page: str) -> None:
    from itertools import groupby

    from doclint.results import Located

    pages = [(f"{locale}/{page}{n}", locale, f"{page}{n}") for n in range(3)]
    places = [pages[n] for _, n in findings]
    where = Located()
    for place, group in groupby(((finding, place) for (finding, _), place in zip(findings, places)),
                                key=lambda pair: pair[1]):
        where.paths.append(place[0])
        where.locales.append(place[1])
        where.pages.append(place[2])
        where.findings.append([finding for finding, _ in group])
    report = CheckReport([], [finding for finding, _ in findings], CheckReport.of([]).summary, where)
    text = json_format.render(report)
    records = [{**finding.to_dict(), "path": path, "locale": place_locale, "page": place_page}
               for (finding, _), (path, place_locale, place_page) in zip(findings, places)]
    assert json.loads(text)["findings"] == records
    lines = [line.strip().rstrip(",") for line in text.split("\n") if line.startswith('    {"path": ')]
    assert lines == [json.dumps(record, ensure_ascii=False) for record in records]
