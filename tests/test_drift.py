"""Translation drift: page status, English changes, the DL401 rule, the drift command and its reports."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.drift import drift_page, drift_pages
from doclint.drift_compare import compare
from doclint.drift_report import DriftReport, PageDrift
from doclint.engine import check_pages, check_text
from doclint.parse import parse_page
from doclint.progress import Progress
from doclint.registry import RuleSet, all_rules
from doclint.report import markdown
from doclint.results import PageJob
from tests.helpers import pair

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DL401 = RuleSet((all_rules()["DL401"],))


FRONT = "---\ntitle: item\nms.sourcegitcommit: 0123456789abcdef0123456789abcdef01234567\n---\n"
TRANSLATED = (
    FRONT
    + f'# <a name="item-resource"></a>{pair(1, "Recurso item", "item resource")}\n\n'
    + pair(2, "Representa um item.", "Represents an item.") + " "
    + pair(3, "Veja [compartilhado][].", "See [compartilhado][].") + "\n\n"
    + f'![Um diagrama](images/item.png)\n\n'
    + "| " + pair(4, "Propriedade", "Property") + " | " + pair(5, "Tipo", "Type") + " |\n|:--|:--|\n"
    + "| name | String |\n"
    + "| size | " + pair(6, "Int64", "Int64") + " |\n\n"
    + "> " + pair(7, "**Observação:** não use &quot;x&quot;.", "**Note:** do not use &quot;x&quot;.") + "\n\n"
    + "[shared]: shared.md\n[compartilhado]: shared.md\n"
)
ENGLISH = (
    "---\ntitle: item\nauthor: someone\n---\n"
    "# item resource\n\n"
    "Represents an\nitem. See [shared][].\n\n"
    "![A diagram](images/item.png)\n\n"
    "| Property\t| Type |\n|:--|:--|\n| name | String |\n| size | Int64 |\n\n"
    '> **Note:**\n> do not use "x".\n\n'
    "[shared]: shared.md\n"
)


def test_pipeline_artifacts_alone_leave_a_page_current() -> None:
    comparison = compare(parse_page(TRANSLATED), parse_page(ENGLISH))
    assert comparison.changes == []
    assert comparison.stale_pairs == []


def test_a_changed_sentence_is_a_change_with_lines_on_both_sides_and_flags_its_pair() -> None:
    english = ENGLISH.replace("Represents an\nitem.", "Represents a file or folder.")
    comparison = compare(parse_page(TRANSLATED), parse_page(english))
    assert [(c.kind, c.line, c.source_line) for c in comparison.changes] == [("changed", 7, 7)]
    assert "Represents an item." in comparison.changes[0].old
    assert "Represents a file or folder." in comparison.changes[0].new
    assert [stale.pair.target_id for stale in comparison.stale_pairs] == ["ab123-2"]


def test_added_and_removed_blocks_are_reported_with_their_own_side_line() -> None:
    english = ENGLISH.replace("| size | Int64 |\n", "| size | Int64 |\n| root | Root |\n")
    english = english.replace('> **Note:**\n> do not use "x".\n\n', "")
    changes = compare(parse_page(TRANSLATED), parse_page(english)).changes
    kinds = {(c.kind, c.line, c.source_line) for c in changes}
    assert ("added", None, 16) in kinds
    assert ("removed", 16, None) in kinds


def test_stale_segment_finding_is_on_the_pair_line_with_old_and_new_english() -> None:
    english = ENGLISH.replace("| size | Int64 |", "| size | Int32 |")
    findings = check_text("item.md", TRANSLATED, english, DL401)
    assert [(f.code, f.line) for f in findings] == [("DL401", 14)]
    assert "'Int64'" in findings[0].message and "Int32" in findings[0].message
    assert check_text("item.md", TRANSLATED, ENGLISH, DL401) == []


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    source, locale = tmp_path / "en", tmp_path / "pt-BR"
    for folder in (source / "resources", locale / "resources"):
        folder.mkdir(parents=True)
    (source / "resources/item.md").write_text(ENGLISH.replace("| size | Int64 |", "| size | Int32 |"),
                                             encoding="utf-8")
    (source / "resources/same.md").write_text(ENGLISH, encoding="utf-8")
    (source / "resources/new.md").write_text("# New\n", encoding="utf-8")
    (locale / "resources/item.md").write_text(TRANSLATED, encoding="utf-8")
    (locale / "resources/same.md").write_text(TRANSLATED, encoding="utf-8")
    (locale / "resources/gone.md").write_text(TRANSLATED, encoding="utf-8")
    (locale / "resources/broken.md").write_bytes(b"\x00\x01binary")
    (source / "resources/broken.md").write_text(ENGLISH, encoding="utf-8")
    return source, locale


def test_every_status_of_a_locale(tmp_path: Path) -> None:
    source, locale = _tree(tmp_path)
    statuses = {(page.path, page.status) for page in drift_pages([("pt-BR", locale)], source)}
    assert statuses == {("resources/item.md", "stale"), ("resources/same.md", "current"),
                        ("resources/gone.md", "missing-source"), ("resources/broken.md", "unreadable"),
                        ("resources/new.md", "untranslated")}


def test_drift_command_json(tmp_path: Path) -> None:
    source, locale = _tree(tmp_path)
    result = CliRunner().invoke(cli, ["drift", "--source", str(source), str(locale), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    stale = [page for page in data["pages"] if page["status"] == "stale"]
    assert [(page["path"], page["locale"], page["changed_segments"]) for page in stale] == \
        [("resources/item.md", "pt-BR", 1)]
    assert data["summary"]["pt-BR"] == {"pages": 4, "current": 1, "stale": 1, "missing-source": 1,
                                        "untranslated": 1, "unreadable": 1, "percent_current": 25.0}


def test_drift_never_reads_the_configured_glossaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, locale = _tree(tmp_path)
    (tmp_path / ".doclint.toml").write_text('glossary = ["absent.tbx"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["drift", "--source", str(source), str(locale), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["pt-BR"]["stale"] == 1
    assert CliRunner().invoke(cli, ["check", "--no-cache", "--source", str(source), str(locale)]).exit_code == 2


def test_drift_command_fails_on_stale_only_when_asked(tmp_path: Path) -> None:
    source, locale = _tree(tmp_path)
    result = CliRunner().invoke(cli, ["drift", "--source", str(source), str(locale), "--fail-on-stale"])
    assert result.exit_code == 1
    assert "resources/item.md: stale" in result.output
    assert "resources/same.md" not in result.output


def test_drift_command_without_source_is_a_usage_error(tmp_path: Path) -> None:
    _, locale = _tree(tmp_path)
    result = CliRunner().invoke(cli, ["drift", str(locale)])
    assert result.exit_code == 2


def test_audit_gains_drift_columns_in_every_format(tmp_path: Path) -> None:
    _tree(tmp_path)
    runner = CliRunner()
    text = runner.invoke(cli, ["audit", str(tmp_path)])
    assert "drift: 1 current, 1 stale, 1 missing source, 1 untranslated" in text.output
    data = json.loads(runner.invoke(cli, ["audit", str(tmp_path), "--format", "json"]).output)
    assert data["locales"]["pt-BR"]["drift"]["stale"] == 1
    assert {(page["path"], page["status"]) for page in data["drift"]} == {
        ("resources/item.md", "stale"), ("resources/gone.md", "missing-source"), ("resources/broken.md", "unreadable")}
    md = runner.invoke(cli, ["audit", str(tmp_path), "--format", "markdown"]).output
    assert "| pt-BR | 4 | 1 | 1 | 1 | 1 | 25.0% |" in md
    assert "DL401" in md and "resources/item.md" in md


@pytest.mark.parametrize("workers", [1, 2])
def test_the_drift_a_check_gives_is_what_drift_page_gives(tmp_path: Path, workers: int) -> None:
    source, locale = _tree(tmp_path)
    (locale / "resources/binary-english.md").write_text(TRANSLATED, encoding="utf-8")
    (source / "resources/binary-english.md").write_bytes(b"\x00\x01binary")
    (locale / "resources/folder-english.md").write_text(TRANSLATED, encoding="utf-8")
    (source / "resources/folder-english.md").mkdir()
    jobs = [PageJob(path.name, path, source / "resources" / path.name, "pt-BR")
            for path in sorted((locale / "resources").iterdir())] * 5  # enough pages for a pool
    results = list(check_pages(jobs, RuleSet.default(), workers=workers, with_drift=True))
    expected = [drift_page(job.display, job.locale, job.target, job.english) for job in jobs]
    assert [result.drift for result in results] == expected
    assert {page.status for page in expected} == {"stale", "current", "missing-source", "unreadable"}
    assert [page.note for page in expected if page.path == "binary-english.md"][0].startswith("the English page:")


def _stale_page(number: int, lines: int) -> PageDrift:
    from doclint.drift_report import Change

    changes = [Change("changed", f"old {i}", f"new {i} " + "x" * 200, i, i, "paragraph") for i in range(lines)]
    return PageDrift(f"page{number:03}.md", "zh-CN", "stale", changes)


def test_markdown_report_stays_under_its_limit_and_says_how_many_more() -> None:
    report = DriftReport("en", [_stale_page(n, 40) for n in range(60)])
    text = markdown.render_drift(report, limit=50_000)
    assert len(text.encode()) < 50_000
    shown = len(re.findall(r"^\| zh-CN \| `page", text, re.MULTILINE))
    assert 0 < shown < 60
    assert f"and {60 - shown} more stale pages" in text
    assert "| zh-CN | 60 | 0 | 60 | 0 | 0 | 0.0% |" in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet() -> None:
    for stream, quiet, shown in ((_Terminal(), False, True), (_Terminal(), True, False), (io.StringIO(), False, False)):
        with Progress(3, "drift", quiet=quiet, stream=stream) as progress:
            for _ in range(3):
                progress.advance()
        assert ("3/3" in stream.getvalue()) is shown


# ---- the real corpus (../shared/corpus, skipped when absent) -------------------------------------------------


def _body(text: str) -> str:
    if text.startswith("---"):
        close = re.search(r"^---\s*$", text[3:], re.MULTILINE)
        if close:
            text = text[3 + close.end():]
    return re.sub(r"[\s\\]", "", text)


@pytest.mark.skipif(not (CORPUS / "zh-CN-2020").is_dir(), reason="../shared/corpus is not present")
def test_zh_cn_2020_verdicts_agree_with_the_english_at_handoff() -> None:
    root = CORPUS / "zh-CN-2020"
    agree = total = stale = 0
    for page in sorted(root.rglob("*.md")):
        relative = page.relative_to(root).as_posix()
        handoff = (CORPUS / "en-at-handoff" / "zh-CN-2020" / relative).read_text(encoding="utf-8-sig")
        current = (CORPUS / "en" / relative).read_text(encoding="utf-8-sig")
        truth = "stale" if _body(handoff) != _body(current) else "current"
        verdict = drift_page(relative, "zh-CN-2020", page, CORPUS / "en" / relative).status
        agree += verdict == truth
        stale += truth == "stale"
        total += 1
    assert total == 909 and stale > 250
    assert agree / total >= 0.95


@pytest.mark.skipif(not (CORPUS / "pt-BR").is_dir(), reason="../shared/corpus is not present")
def test_an_altered_pair_english_is_reported_within_a_line() -> None:
    rng = random.Random(4)
    pages = rng.sample(sorted((CORPUS / "pt-BR").rglob("*.md")), 40)
    found = 0
    for page in pages:
        text = page.read_text(encoding="utf-8-sig")
        candidates = [p for p in parse_page(text).pairs if p.source and re.search(r"[A-Za-z]{3,}", p.source)]
        chosen = rng.choice(candidates)
        marker = f'data-stu-id="{chosen.source_id}">'
        start = text.index(marker, chosen.start) + len(marker)
        word = rng.choice(re.findall(r"[A-Za-z]{3,}", chosen.source))
        altered = text[:start] + chosen.source.replace(word, "frobnicated", 1) + text[start + len(chosen.source):]
        # the translation was made from the pair's English: what it keeps verbatim of it changes too (a
        # translation that kept the English page's text would show it was made from that English, not stale)
        if word in chosen.target:  # the translation (before the English in the text) keeps it
            altered = altered[:chosen.target_start] + chosen.target.replace(word, "frobnicated", 1) \
                + altered[chosen.target_start + len(chosen.target):]
        english = (CORPUS / "en-at-handoff" / "pt-BR" / page.relative_to(CORPUS / "pt-BR")).read_text(
            encoding="utf-8-sig")
        assert check_text(page.name, text, english, DL401) == []
        findings = check_text(page.name, altered, english, DL401)
        found += any(abs(finding.line - chosen.line) <= 1 for finding in findings)
    assert found / len(pages) >= 0.9
