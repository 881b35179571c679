"""The HTML audit: every finding's text in the one self-contained file, the matrix as filters, the stamp,
drift a 1% share of which shows, and diffs whose changed words are marked."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.drift_report import DriftReport
from doclint.finding import Finding, Severity
from doclint.report import html, render
from doclint.report.html_audit import audit_data
from doclint.results import AuditReport, PageJob, PageResult
from doclint.report.worddiff import changed_spans
from tests.helpers import FIXTURES, git

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""",
                       re.IGNORECASE)
_DATA = re.compile(r'<script type="application/json" id="audit-data">(.*?)</script>', re.DOTALL)


def _data(page: str) -> dict[str, object]:
    """The JSON the audit page's script renders from."""
    match = _DATA.search(page)
    assert match is not None
    return json.loads(match.group(1))


def _messages(data: dict[str, object]) -> Counter[tuple[str, str, str]]:
    """(locale/page, code, message) of every finding the page holds."""
    rules, locales = data["rules"], data["locales"]
    return Counter((f"{locales[row[0]]}/{row[1]}", rules[finding[2]][0], finding[3])  # type: ignore[index]
                   for row in data["pages"] for finding in row[7])  # type: ignore[attr-defined,index]


def _json_messages(report: dict[str, object]) -> Counter[tuple[str, str, str]]:
    return Counter((f"{locale}/{page['path']}", finding["code"], finding["message"])
                   for locale, pages in report["pages"].items()  # type: ignore[attr-defined]
                   for page in pages for finding in page["findings"])


def _audit(root: Path, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["audit", str(root), "--format", fmt, "-q", "--no-cache"])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_the_fixture_audit_holds_every_finding_with_its_rule_and_severity() -> None:
    page = _audit(FIXTURES, "html")
    data = _data(page)
    expected = _json_messages(json.loads(_audit(FIXTURES, "json")))
    assert expected and _messages(data) == expected
    assert all(name and severity in ("error", "warning", "info") for _, name, severity in data["rules"])  # type: ignore[attr-defined]
    assert not _EXTERNAL.search(page)


def test_pages_open_sorted_by_findings_most_errors_first() -> None:
    rows = _data(_audit(FIXTURES, "html"))["pages"]
    counts = [(row[4], row[5], row[6]) for row in rows]  # type: ignore[attr-defined]
    assert counts == sorted(counts, reverse=True) and counts[0][0] > 0
    assert {row[1] for row in rows if not any(row[4:7])}  # type: ignore[attr-defined]  # pages without findings too


def _result(locale: str, path: str, findings: list[Finding]) -> PageResult:
    return PageResult(PageJob(path, Path(path), None, locale), findings, True)


def _finding(code: str, severity: Severity, message: str, path: str = "a.md") -> Finding:
    return Finding(path, 3, 1, code, "translated-identifier" if code == "DL201" else "stale-segment", severity, message)


def test_a_message_cannot_end_the_data_script_early() -> None:
    hostile = "</script><script>alert(1)</script> <!-- x"
    page = render("audit", "html",
                  AuditReport("en", {"zh-CN": [_result("zh-CN", "a.md", [_finding("DL201", Severity.ERROR, hostile)])]}))
    assert page.count("</script>") == 2  # the data block's and the script's: the message's never closes one
    assert _messages(_data(page)) == Counter({("zh-CN/a.md", "DL201", hostile): 1})


def test_the_matrix_names_each_rule_keeps_severities_apart_and_every_count_filters() -> None:
    by_locale = {"zh-CN": [_result("zh-CN", "a.md", [_finding("DL201", Severity.ERROR, "m1"),
                                                      _finding("DL401", Severity.WARNING, "m2")])],
                 "pt-BR": [_result("pt-BR", "a.md", [_finding("DL201", Severity.ERROR, "m3")])]}
    page = render("audit", "html", AuditReport("en", by_locale))
    matrix = page[page.index('<table class="matrix">'):]
    matrix = matrix[: matrix.index("</table>")]
    assert matrix.index("Errors") < matrix.index("DL201") < matrix.index("Warnings") < matrix.index("DL401")
    assert "translated-identifier" in matrix and "stale-segment" in matrix
    assert 'href="#rule=DL201&amp;locale=zh-CN"' in matrix and 'href="#rule=DL201&amp;locale=pt-BR"' in matrix
    assert 'href="#rule=DL401&amp;locale=pt-BR"' not in matrix  # a zero is not a filter


def test_the_header_names_the_date_the_version_and_the_commit_of_the_english(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES, docs)
    git(docs, "init", "-q")
    git(docs, "add", "-A")
    git(docs, "commit", "-q", "-m", "docs")
    commit = git(docs, "rev-parse", "HEAD")
    page = _audit(docs, "html")
    meta = page[page.index('<p class="meta">'):][:400]
    assert re.search(r"Made \d{4}-\d\d-\d\d \d\d:\d\d UTC by doclint \S+", meta)
    assert f"at commit <code>{commit[:12]}</code>" in meta
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))  # git missing: no commit, no failure
    page = _audit(docs, "html")
    assert "at commit" not in page and "by doclint" in page


def test_a_one_percent_stale_share_is_visible_and_the_legend_names_untranslated() -> None:
    widths = html.segment_widths([297, 3, 0, 0, 0])
    assert widths[1] >= html.MIN_SEGMENT and abs(sum(widths) - html.BAR_WIDTH) < 1e-6
    assert "untranslated</span>" in html._legend()


def test_changed_words_are_marked_not_whole_lines() -> None:
    old, new = "Get the properties of a user.", "Get the properties and relationships of a user."
    old_marks, new_marks = changed_spans(old, new)
    assert old_marks == () and new[new_marks[0]:new_marks[1]].strip() == "and relationships"
    long_old, long_new = "word " * 5000 + "end", "word " * 5000 + "fin"
    assert changed_spans(long_old, long_new)[1] == (len(long_new) - 3, len(long_new))  # shared start: linear


def test_the_corpus_audit_holds_every_finding_message(corpus_audit: AuditReport) -> None:
    page = render("audit", "html", corpus_audit)
    expected = _json_messages(json.loads(render("audit", "json", corpus_audit)))
    assert sum(expected.values()) > 40_000
    assert _messages(_data(page)) == expected
    assert not _EXTERNAL.search(page)


def test_audit_data_keeps_pages_the_drift_report_did_not_cover() -> None:
    report = AuditReport("en", {"zh-CN": [_result("zh-CN", "x.md", [_finding("DL201", Severity.ERROR, "m")])]},
                         DriftReport("en", []))
    rows = audit_data(report)["pages"]
    assert [(row[1], row[4]) for row in rows] == [("x.md", 1)]  # type: ignore[attr-defined]
