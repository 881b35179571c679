"""Consistency across a locale (issue #17): DL511 inconsistent-translation and DL512 shared-translation, on
pages written here: the finding's line and message, what is not a variant, partial runs with and without
the cache, the index the cache keeps, suppressions."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.variants import ROW_BYTES, STRIDE, comparable, pack, rows_of
from tests.helpers import git, pair, write

ENGLISH = "Optional query parameters"


def page(number: int, translation: str, extra: str = "") -> str:
    """A page whose line 5 translates ENGLISH as ``translation``."""
    return (f"# {pair(f'a{number}-101', f'标题 {number}', f'Title {number}')}\n\n"
            f"{pair(f'a{number}-102', f'其他文本 {number}。', f'Other text {number}.')}\n\n"
            f"{pair(f'a{number}-103', translation, ENGLISH)}\n{extra}")


def english(number: int) -> str:
    return f"# Title {number}\n\nOther text {number}.\n\n{ENGLISH}\n"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """en/ and zh-CN/ with three pages sharing one segment: two translate it one way, p3 another."""
    for number in (1, 2, 3):
        write(tmp_path / "en" / f"p{number}.md", english(number))
        write(tmp_path / "zh-CN" / f"p{number}.md", page(number, "可选的查询参数" if number < 3 else "可选查询参数"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--source", "en", *args])
    findings = json.loads(result.stdout)["findings"] if result.stdout.strip() else []
    return result.exit_code, findings, result.stderr


def cross(findings: list[dict[str, object]], code: str = "DL511") -> list[tuple[object, object, object]]:
    return [(finding["path"], finding["line"], finding["column"]) for finding in findings if finding["code"] == code]


def test_the_minority_variant_is_reported_on_its_line_naming_the_majority(docs: Path) -> None:
    code, findings, _ = run("zh-CN", "--no-cache")
    found = [finding for finding in findings if finding["code"] == "DL511"]
    assert len(found) == 1
    finding = found[0]
    text = (docs / "zh-CN" / "p3.md").read_text(encoding="utf-8").split("\n")[4]
    assert finding["path"] == "zh-CN/p3.md" and finding["line"] == 5
    assert text[finding["column"] - 1:].startswith("可选查询参数</span>")  # the translation's own column
    assert '"可选的查询参数" on 2 pages' in finding["message"] and "可选查询参数" in finding["message"]
    assert finding["severity"] == "warning" and code == 0  # a warning does not fail the run


def test_variants_the_pipeline_makes_are_one_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    variants = ["可选的查询参数", "可选的 查询参数。", "可选的查询参数\\.", "**可选的**查询参数", "可选的&#26597;询参数",
                "可选的，查询参数", "[可选的查询参数](a.md)"]
    for number, variant in enumerate(variants, 1):
        write(tmp_path / "en" / f"p{number}.md", english(number))
        write(tmp_path / "zh-CN" / f"p{number}.md", page(number, variant))
    monkeypatch.chdir(tmp_path)
    assert cross(run("zh-CN", "--no-cache")[1]) == []


def test_folding_keeps_words_apart() -> None:
    assert comparable("可选的查询参数") == comparable(" 可选的，查询参数。 ") == comparable("可选的查询参数\\*")
    assert comparable("Somente leitura.") == comparable("somente  LEITURA")
    assert comparable("可选的查询参数") != comparable("可选查询参数")
    assert comparable("Obter usuário") != comparable("Acessar usuário")


def test_a_copy_kept_in_english_is_no_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number, variant in enumerate(["可选的查询参数", "可选的查询参数", ENGLISH], 1):
        write(tmp_path / "en" / f"p{number}.md", english(number))
        write(tmp_path / "zh-CN" / f"p{number}.md", page(number, variant))
    monkeypatch.chdir(tmp_path)
    assert cross(run("zh-CN", "--no-cache")[1]) == []


def test_a_tie_reports_every_variant(docs: Path) -> None:
    (docs / "zh-CN" / "p1.md").unlink()  # p2 and p3: one page each
    found = [finding for finding in run("zh-CN", "--no-cache")[1] if finding["code"] == "DL511"]
    assert {finding["path"] for finding in found} == {"zh-CN/p2.md", "zh-CN/p3.md"}
    assert all("as many as this variant" in str(finding["message"]) for finding in found)


def test_english_on_one_page_only_is_no_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "en" / "p1.md", english(1) + f"\n{ENGLISH}\n")
    write(tmp_path / "zh-CN" / "p1.md", page(1, "可选的查询参数", "\n" + pair("a1-104", "可选查询参数", ENGLISH) + "\n"))
    monkeypatch.chdir(tmp_path)
    assert cross(run("zh-CN", "--no-cache")[1]) == []


def test_a_file_argument_is_compared_with_the_cached_locale(docs: Path) -> None:
    assert cross(run("zh-CN")[1]) == [("zh-CN/p3.md", 5, 28)]  # fills the cache
    _, findings, stderr = run("zh-CN/p3.md")
    assert cross(findings) == [("zh-CN/p3.md", 5, 28)] and "skipped" not in stderr


def test_a_file_argument_without_the_cache_says_consistency_was_skipped(docs: Path) -> None:
    code, findings, stderr = run("zh-CN/p3.md", "--no-cache")
    assert cross(findings) == [] and code == 0
    assert stderr.count("doclint: consistency (DL511) skipped: ") == 1 and "--no-cache" in stderr


def test_a_file_argument_with_a_cold_cache_says_consistency_was_skipped(docs: Path) -> None:
    _, findings, stderr = run("zh-CN/p3.md")
    assert cross(findings) == []
    assert "doclint: consistency (DL511) skipped: the cache holds no current result of 2 other page(s)" in stderr


def test_an_edited_page_outside_the_run_is_not_taken_from_the_cache(docs: Path) -> None:
    run("zh-CN")
    (docs / "zh-CN" / "p1.md").write_text(page(1, "可选查询参数") + "\n", encoding="utf-8")
    _, findings, stderr = run("zh-CN/p3.md")
    assert cross(findings) == [] and "skipped" in stderr


def test_the_shards_find_what_the_whole_run_finds(docs: Path) -> None:
    whole = cross(run("zh-CN")[1])
    parts = [cross(run("zh-CN", "--shard", f"{index}/3")[1]) for index in (1, 2, 3)]
    assert sorted(found for part in parts for found in part) == whole == [("zh-CN/p3.md", 5, 28)]


def test_a_shard_without_the_cache_says_consistency_was_skipped(docs: Path) -> None:
    stderrs = [run("zh-CN", "--no-cache", "--shard", f"{index}/3")[2] for index in (1, 2, 3)]
    assert all("consistency (DL511) skipped" in stderr for stderr in stderrs)


def test_a_warm_run_finds_the_same_without_parsing(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = run("zh-CN")[1]
    import doclint.parse

    def refuse(text: str) -> None:
        raise AssertionError("a warm run parsed a page")

    monkeypatch.setattr(doclint.parse, "parse_page", refuse)
    warm = run("zh-CN")[1]
    assert warm == cold and cross(warm) == [("zh-CN/p3.md", 5, 28)]
    entries = shard_entries(docs, "[0-9a-f][0-9a-f].json")
    indexes = [rows_of(base64.b64decode(entry[1])) for entry in shard_entries(docs, "index-*.json")]
    assert len(entries) == 3 and all(entry[3] is True for entry in entries)
    assert [len(rows) for rows in indexes] == [3 * STRIDE] * 3
    assert len({rows[2 * STRIDE] for rows in indexes}) == 1 and {rows[2 * STRIDE + 2] for rows in indexes} == {5}
    assert all("DL511" not in json.dumps(entry[2]) for entry in entries)  # cross-page findings are never cached


def shard_entries(docs: Path, pattern: str) -> list:
    return [entry for shard in (docs / ".doclint_cache").rglob(pattern)
            for entry in json.loads(shard.read_text(encoding="utf-8"))["entries"].values()]


def records(docs: Path) -> list[Path]:
    return sorted((docs / ".doclint_cache").rglob("cross-*.json"))


def test_the_index_packs_and_unpacks() -> None:
    index = [[(1 << 52) - 1, 123456789], [0, (1 << 52) - 2], [1, 250000], [1, 8 * 1024 * 1024], [0, 3]]
    rows = [(1 << 52) - 1, 0, 1, 1, 0, 123456789, (1 << 52) - 2, 250000, 8 * 1024 * 1024, 3]
    assert rows_of(pack(index)) == rows and len(pack(index)) == 2 * ROW_BYTES and rows_of(pack([[]] * 5)) == []
    with pytest.raises(OverflowError):
        pack([[-1], [0], [1], [1], [0]])


def test_a_warm_run_takes_the_locale_findings_from_its_record(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = run("zh-CN")[1]
    assert len(records(docs)) == 1
    import doclint.variants

    def refuse(*args: object) -> None:
        raise AssertionError("a warm run grouped the locale again")

    monkeypatch.setattr(doclint.variants, "groups", refuse)
    monkeypatch.setattr(doclint.variants, "columns", refuse)
    assert run("zh-CN")[1] == cold and cross(cold) == [("zh-CN/p3.md", 5, 28)]


def test_a_warm_run_after_an_edit_finds_the_variants_it_makes_and_ends(docs: Path) -> None:
    assert cross(run("zh-CN")[1]) == [("zh-CN/p3.md", 5, 28)]
    (docs / "zh-CN" / "p1.md").write_text(page(1, "可选查询参数"), encoding="utf-8")  # p1 and p3 now agree
    warm = run("zh-CN")[1]
    assert cross(warm) == [("zh-CN/p2.md", 5, 28)] and warm == run("zh-CN", "--no-cache")[1]
    (docs / "zh-CN" / "p2.md").write_text(page(2, "可选查询参数"), encoding="utf-8")  # every page agrees
    assert cross(run("zh-CN")[1]) == [] == cross(run("zh-CN", "--no-cache")[1])
    (docs / "zh-CN" / "p3.md").write_text(page(3, "可选的查询参数"), encoding="utf-8")  # p3 is alone again
    assert cross(run("zh-CN")[1]) == [("zh-CN/p3.md", 5, 28)]
    found = [finding for finding in run("zh-CN", "--severity", "DL511=error")[1] if finding["code"] == "DL511"]
    assert [finding["severity"] for finding in found] == ["error"]
    assert len(records(docs)) == 2  # one for each rule set


def test_a_corrupt_or_foreign_record_is_not_used(docs: Path) -> None:
    cold = run("zh-CN")[1]
    record = records(docs)[0]
    kept = json.loads(record.read_text(encoding="utf-8"))
    forged = [["zh-CN/p1.md", 5, 1, "DL511", "inconsistent-translation", "warning", "forged", "", "", None,
               "translation"]]
    for text in ("not JSON", json.dumps({**kept, "digest": "0" * 32, "findings": [[0, forged]]}),
                 json.dumps({**kept, "namespace": "other", "findings": [[0, forged]]}),
                 json.dumps({**kept, "findings": [[0, [["a page"]]]]}), json.dumps({**kept, "findings": [[7, []]]})):
        record.write_text(text, encoding="utf-8")
        assert run("zh-CN")[1] == cold


def index_entries(docs: Path) -> dict[str, object]:
    return {key: entry for shard in sorted((docs / ".doclint_cache").rglob("index-*.json"))
            for key, entry in json.loads(shard.read_text(encoding="utf-8"))["entries"].items()}


def spoil_indexes(docs: Path) -> None:
    """Lose one index shard and corrupt every entry of the others."""
    shards = sorted((docs / ".doclint_cache").rglob("index-*.json"))
    assert len(shards) > 1
    for number, shard in enumerate(shards):
        data = json.loads(shard.read_text(encoding="utf-8"))
        for entry in data["entries"].values():
            entry[1] = "not base64!" if entry[1][0] != "A" else entry[1][:-4]
        if number:
            shard.write_text(json.dumps(data), encoding="utf-8")
        else:
            shard.unlink()


@pytest.mark.parametrize("argument", ["zh-CN", "zh-CN/p3.md"])
def test_a_corrupt_or_lost_cached_index_is_made_again_and_kept(docs: Path, argument: str) -> None:
    cold = run("zh-CN")[1]
    kept = index_entries(docs)
    assert kept
    spoil_indexes(docs)
    for record in records(docs):
        record.unlink()
    _, warm, stderr = run(argument)
    assert cross(warm) == [("zh-CN/p3.md", 5, 28)] and "skipped" not in stderr
    assert warm == [finding for finding in cold if finding["path"].startswith(argument)]
    # The next run reads them again instead of parsing the pages; a page given as a file argument has a key
    # of its own (checked anew here), and its entry under the root's key stays as it was.
    after = index_entries(docs)
    assert sum(after.get(key) == entry for key, entry in kept.items()) == len(kept) - (argument != "zh-CN")


def test_no_cache_writes_no_record(docs: Path) -> None:
    assert cross(run("zh-CN", "--no-cache")[1]) == [("zh-CN/p3.md", 5, 28)]
    assert not (docs / ".doclint_cache").exists()


def test_inline_directives_and_file_ignores_silence_it(docs: Path) -> None:
    (docs / "zh-CN" / "p3.md").write_text(
        page(3, "可选查询参数").replace(pair("a3-103", "可选查询参数", ENGLISH),
                                 "<!-- doclint-disable-next-line DL511 -->\n" + pair("a3-103", "可选查询参数", ENGLISH)),
        encoding="utf-8")
    code, findings, _ = run("zh-CN", "--no-cache")
    assert cross(findings) == [] and not [finding for finding in findings if finding["code"] == "DL901"]
    (docs / "zh-CN" / "p3.md").write_text(page(3, "可选查询参数"), encoding="utf-8")
    write(docs / ".doclint.toml", '[per-file-ignores]\n"p3.md" = ["DL511"]\n')
    assert cross(run("zh-CN", "--no-cache")[1]) == []


def test_select_ignore_severity_and_baseline_apply(docs: Path) -> None:
    assert cross(run("zh-CN", "--no-cache", "--ignore", "DL511")[1]) == []
    code, findings, _ = run("zh-CN", "--no-cache", "--select", "DL511", "--severity", "DL511=error")
    assert cross(findings) == [("zh-CN/p3.md", 5, 28)] and code == 1
    assert run("zh-CN", "--no-cache", "--write-baseline", "base.json")[0] == 0
    assert cross(run("zh-CN", "--no-cache", "--baseline", "base.json")[1]) == []


def test_dl512_is_off_by_default_and_on_with_extend_select(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number, source in enumerate(["Optional query parameters", "Optional query parameters", "Optional parameters"], 1):
        write(tmp_path / "en" / f"p{number}.md", f"# T{number}\n\n{source}\n")
        write(tmp_path / "zh-CN" / f"p{number}.md",
              f"# {pair(f'b{number}-101', f'标题{number}', f'T{number}')}\n\n{pair(f'b{number}-102', '可选的查询参数', source)}\n")
    monkeypatch.chdir(tmp_path)
    assert cross(run("zh-CN", "--no-cache")[1], "DL512") == []
    found = [finding for finding in run("zh-CN", "--no-cache", "--extend-select", "DL512")[1]
             if finding["code"] == "DL512"]
    assert [(finding["path"], finding["line"]) for finding in found] == [("zh-CN/p3.md", 3)]
    assert '"Optional query parameters" on 2 pages' in str(found[0]["message"])


def test_audit_lists_the_largest_groups(docs: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", ".", "--format", "json", "-q", "--no-cache"])
    groups = json.loads(result.stdout)["inconsistencies"]["zh-CN"]
    assert groups[0]["english"] == ENGLISH and groups[0]["pages"] == 3
    assert [(variant["text"], variant["pages"]) for variant in groups[0]["variants"]] == \
        [("可选的查询参数", 2), ("可选查询参数", 1)]
    assert groups[0]["variants"][1]["examples"] == [{"path": "p3.md", "line": 5}]
    markdown = CliRunner().invoke(cli, ["audit", ".", "--format", "markdown", "-q", "--no-cache"]).stdout
    assert "### Inconsistent translations" in markdown and "可选查询参数 ×1" in markdown
    html = CliRunner().invoke(cli, ["audit", ".", "--format", "html", "-q", "--no-cache"]).stdout
    assert "<h2>Inconsistent translations</h2>" in html
    assert "<code>zh-CN/p3.md:5</code>" in html


def test_long_variants_are_shown_from_where_they_differ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two translations alike for their first sixty characters: the message shows the words that differ."""
    common = "此方法支持一些 OData 查询参数来帮助自定义响应，有关一般信息请参阅主题并且阅读更多内容，以及更多的相关说明"
    for number in (1, 2, 3):
        write(tmp_path / "en" / f"p{number}.md", english(number))
        write(tmp_path / "zh-CN" / f"p{number}.md", page(number, common + ("甲乙丙丁" if number < 3 else "戊己庚辛")))
    monkeypatch.chdir(tmp_path)
    _, findings, _ = run("zh-CN", "--no-cache")
    [finding] = [finding for finding in findings if finding["code"] == "DL511"]
    assert "甲乙丙丁" in finding["message"] and "戊己庚辛" in finding["message"]


def test_a_page_checked_alone_against_the_english_at_handoff_compares_with_the_cached_rest(docs: Path) -> None:
    """The rest of the root is looked up in the cache under the keys the run checking it gave: with the same
    English at handoff (a folder of it, or git)."""
    for number in (1, 2, 3):
        write(docs / "handoff" / f"p{number}.md", english(number))
    whole = cross(run("zh-CN", "--handoff", "handoff")[1])
    assert whole == [("zh-CN/p3.md", 5, 28)]
    _, alone, stderr = run("zh-CN/p3.md", "--handoff", "handoff")
    assert cross(alone) == whole and "skipped" not in stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_page_checked_alone_with_git_compares_with_the_cached_rest(docs: Path) -> None:
    git(docs / "en", "init", "-q", "-b", "main")
    git(docs / "en", "add", ".")
    git(docs / "en", "commit", "-q", "-m", "English")
    commit = git(docs / "en", "rev-parse", "HEAD")
    for number in (1, 2, 3):
        write(docs / "zh-CN" / f"p{number}.md", f"---\nms.sourcegitcommit: {commit}\n---\n"
              + page(number, "可选的查询参数" if number < 3 else "可选查询参数"))
    _, findings, stderr = run("zh-CN", "--git")
    whole = cross(findings)
    assert whole == [("zh-CN/p3.md", 8, 28)] and "could not be read" not in stderr
    _, alone, stderr = run("zh-CN/p3.md", "--git")
    assert cross(alone) == whole and "skipped" not in stderr


def test_a_pair_whose_text_spans_lines_is_read_back_whole() -> None:
    from doclint.consistency import _Texts

    text = ("| a | b |\n|---|---|\n| x | <span data-ttu-id=\"a1-101\">Erlaubt das Drucken.\n\nZweite Zeile</span>"
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a1-101\">Allows printing.\n\nSecond line</span></span> |\n")
    column = text.split("\n")[2].index("Erlaubt") + 1
    english, translation = _Texts([Path("p.md")], [text]).at((0, 3, column, 0))
    assert english == "Allows printing.\n\nSecond line"
    assert translation == "Erlaubt das Drucken.\n\nZweite Zeile"
    one_line = text.replace(".\n\nZweite Zeile", "").replace(".\n\nSecond line", "")
    assert _Texts([Path("p.md")], [one_line]).at((0, 3, column, 0)) == ("Allows printing", "Erlaubt das Drucken")
