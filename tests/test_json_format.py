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
