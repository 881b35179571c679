"""Baselines: record today's findings, then report only new ones, wherever lines move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.baseline import BaselineError, fingerprints, normalised_text, read
from doclint.cli import cli
from doclint.finding import Finding, Severity
from tests.helpers import check_json

WIDGET_GET = Path("pt-BR/api-reference/v1.0/api/widget-get.md")  # a clean page
PRIORITY = Path("pt-BR/api-reference/v1.0/resources/widgetpriority.md")  # a clean page
WIDGETJOB = Path("pt-BR/api-reference/v1.0/resources/widgetjob.md")  # two planted defects (lines 32, 61)


def check(*args: str) -> tuple[int, list[dict[str, object]], str]:
    """``doclint check --source en pt-BR --format json ARGS``: exit code, findings, stderr."""
    return check_json("--source", "en", "pt-BR", *args)


def drop_line(page: Path, needle: str) -> int:
    """Remove the one line of ``page`` holding ``needle``; return its 1-based number."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    [number] = [index for index, line in enumerate(lines) if needle in line]
    del lines[number]
    page.write_text("".join(lines), encoding="utf-8")
    return number + 1


def insert_blank_lines(page: Path, after_blank: int, count: int = 3) -> None:
    """Add ``count`` blank lines beside the ``after_blank``-th blank line of ``page`` (moving what follows)."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    blanks = [index for index, line in enumerate(lines) if not line.strip()]
    at = blanks[after_blank]
    page.write_text("".join(lines[:at] + ["\n"] * count + lines[at:]), encoding="utf-8")


def test_against_its_own_baseline_a_run_reports_nothing_and_exits_0(graph_docs: Path) -> None:
    code, before, _ = check()
    assert code == 1 and len(before) == 5
    code, _, stderr = check("--write-baseline", "baseline.json")
    assert code == 0
    assert "5" in stderr
    code, findings, _ = check("--baseline", "baseline.json")
    assert (code, findings) == (0, [])


def test_a_dropped_json_line_is_the_only_new_finding(graph_docs: Path) -> None:
    check("--write-baseline", "baseline.json")
    line = drop_line(graph_docs / WIDGET_GET, '"colors": ["#0078D4", "#FFFFFF"],')
    code, findings, _ = check("--baseline", "baseline.json")
    assert code == 1
    assert [(f["path"], f["line"]) for f in findings] == [(WIDGET_GET.as_posix(), line)]
    assert "colors" in str(findings[0]["message"])


def test_a_dropped_table_row_is_the_only_new_finding_even_when_lines_move(graph_docs: Path) -> None:
    check("--write-baseline", "baseline.json")
    # Lines inserted above the planted defects of widgetjob.md move them down ...
    insert_blank_lines(graph_docs / WIDGETJOB, after_blank=2, count=4)
    moved = check()[1]
    assert {f["line"] for f in moved if f["path"].endswith("widgetjob.md")} == {36, 65}
    # ... and a row dropped from another page is the one new defect.
    line = drop_line(graph_docs / PRIORITY, '<span data-ttu-id="2d2c5-124">urgent</span>')
    code, findings, _ = check("--baseline", "baseline.json")
    assert code == 1
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [
        (PRIORITY.as_posix(), line, "DL103")]
    assert "urgent" in str(findings[0]["message"])


def test_the_baseline_of_one_locale_does_not_hide_the_same_page_in_another(graph_docs: Path) -> None:
    check("--write-baseline", "baseline.json")  # pt-BR only
    result = CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "zh-CN", "--format", "github",
                                      "--baseline", "baseline.json"])
    annotated = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotated) == 5  # the zh-CN defects, although zh-CN has pages named like pt-BR's defective ones
    assert all("file=zh-CN/" in line for line in annotated)


def test_the_baseline_file_records_no_line_numbers(graph_docs: Path) -> None:
    check("--write-baseline", "baseline.json")
    data = json.loads((graph_docs / "baseline.json").read_text(encoding="utf-8"))
    assert data["doclint-baseline"] == 1
    assert len(data["findings"]) == 5
    assert all(set(record) == {"fingerprint", "path", "code", "message"} for record in data["findings"])
    assert {record["path"] for record in data["findings"]} >= {"pt-BR/api-reference/v1.0/resources/gadget.md"}
    assert not list(graph_docs.glob(".baseline.json.*"))  # no temporary file left behind


@pytest.mark.parametrize("content, says", [
    (None, "does not exist"),
    ('{"doclint-baseline": 1, "findings": [', "not valid JSON"),
    ('{"findings": []}', "not a doclint baseline"),
    ('{"doclint-baseline": 1, "findings": [{"code": "DL101"}]}', "not a doclint baseline"),
])
def test_a_missing_or_corrupt_baseline_is_a_one_line_usage_error(graph_docs: Path, content: str | None, says: str) -> None:
    if content is not None:
        (graph_docs / "baseline.json").write_text(content, encoding="utf-8")
    code, findings, stderr = check("--baseline", "baseline.json")
    assert code == 2
    assert findings == []
    assert says in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_baseline_and_write_baseline_together_is_a_usage_error(graph_docs: Path) -> None:
    code, _, stderr = check("--baseline", "a.json", "--write-baseline", "b.json")
    assert code == 2 and "not both" in stderr
    assert not (graph_docs / "b.json").exists()


# ---- fingerprints --------------------------------------------------------------------------------------------

def finding(line: int, message: str = "m", english: str = "", found: str = "", path: str = "p.md",
            code: str = "DL101") -> Finding:
    """A finding with just what fingerprints read."""
    return Finding(path, line, 1, code, "rule", Severity.ERROR, message, english, found)


def test_a_fingerprint_ignores_the_line_and_column() -> None:
    assert fingerprints([finding(3, english="a", found="b")]) == fingerprints([finding(90, english="a", found="b")])


def test_line_numbers_in_a_message_do_not_change_the_fingerprint() -> None:
    first = finding(5, "row 'x' is missing; the English page has it on line 23")
    second = finding(9, "row 'x' is missing; the English page has it on line 27")
    assert fingerprints([first]) == fingerprints([second])
    assert normalised_text(first) == normalised_text(second)


def test_path_rule_and_text_each_change_the_fingerprint() -> None:
    base = fingerprints([finding(1, english="a", found="b")])
    assert base != fingerprints([finding(1, english="a", found="c")])
    assert base != fingerprints([finding(1, english="a", found="b", path="q.md")])
    assert base != fingerprints([finding(1, english="a", found="b", code="DL102")])
    assert base == fingerprints([finding(1, english="a", found="b", path="other.md")], path="p.md")


def test_identical_findings_get_distinct_fingerprints_by_occurrence() -> None:
    twins = fingerprints([finding(4, english="Double", found="Duplo"), finding(8, english="Double", found="Duplo")])
    assert len(set(twins)) == 2
    # The first occurrence keeps its fingerprint when the second one is fixed.
    assert fingerprints([finding(4, english="Double", found="Duplo")]) == twins[:1]


def test_read_rejects_a_file_that_is_not_a_baseline(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(BaselineError):
        read(path)


def test_a_new_baseline_file_is_readable_by_others_as_the_umask_allows(graph_docs: Path) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    try:
        check("--write-baseline", "baseline.json")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((graph_docs / "baseline.json").stat().st_mode) == 0o644


def test_entries_whose_findings_were_fixed_are_counted_with_how_to_rewrite_the_baseline(graph_docs: Path) -> None:
    check("--write-baseline", "baseline.json")
    code, _, stderr = check("--baseline", "baseline.json")
    assert code == 0 and "match no finding" not in stderr
    CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "--fix"])  # mends 4 of the 5 recorded findings
    code, findings, stderr = check("--baseline", "baseline.json")
    assert (code, findings) == (0, [])
    assert "doclint: 4 entries of the baseline baseline.json match no finding any more (fixed); rewrite it with " \
           "`doclint check --write-baseline baseline.json` over all pages" in stderr


def test_entries_of_pages_a_run_did_not_check_are_not_counted_as_gone(graph_docs: Path) -> None:
    CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "zh-CN", "--write-baseline", "both.json"])
    _, _, stderr = check("--baseline", "both.json")  # pt-BR only: zh-CN's entries are not judged
    assert "match no finding" not in stderr


def test_a_baseline_written_from_a_subfolder_matches_at_the_root(graph_docs: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (graph_docs / ".doclint.toml").write_text('source = "en"\n[locales]\npt-BR = "pt-BR"\nzh-CN = "zh-CN"\n',
                                              encoding="utf-8")
    monkeypatch.chdir(graph_docs / "zh-CN")
    assert CliRunner().invoke(cli, ["check", "--write-baseline", "../baseline.json"]).exit_code == 0
    paths = {record["path"] for record in json.loads((graph_docs / "baseline.json").read_text())["findings"]}
    assert {path.split("/", 1)[0] for path in paths} == {"pt-BR", "zh-CN"}  # from the config's folder
    monkeypatch.chdir(graph_docs)
    result = CliRunner().invoke(cli, ["check", "--baseline", "baseline.json"])
    assert result.exit_code == 0, result.output
    assert "10 finding(s) recorded in the baseline" in result.stderr
