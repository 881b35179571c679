"""Mistakes that used to pass as clean runs are named in one line each."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from doclint.cli import cli


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("doclint: warning: ")]


def test_a_folder_without_pages_is_named_and_nothing_to_check_exits_2(graph_docs: Path) -> None:
    (graph_docs / "ja-JP").mkdir()
    (graph_docs / "ja-JP" / "notes.txt").write_text("not a page", encoding="utf-8")
    code, err = _check("ja-JP", "--source", "en")
    assert code == 2
    assert _warnings(err) == ["doclint: warning: no Markdown pages (*.md, *.markdown) under ja-JP/"]


def test_an_empty_folder_beside_real_ones_is_named_and_the_rest_checked(graph_docs: Path) -> None:
    (graph_docs / "ja-JP").mkdir()
    code, err = _check("ja-JP", "pt-BR", "--source", "en")
    assert code == 1  # pt-BR's findings
    assert "no Markdown pages (*.md, *.markdown) under ja-JP/" in err


def test_english_pages_checked_as_translations_are_named(graph_docs: Path) -> None:
    code, err = _check("en", "--source", "en")
    assert code == 0
    assert len(_warnings(err)) == 1 and "looks like English pages, not translated ones" in err
    assert "under en/" in err


def test_translated_pages_raise_no_such_warning(graph_docs: Path) -> None:
    assert _warnings(_check("pt-BR", "zh-CN", "--source", "en")[1]) == []


def test_a_source_one_level_too_high_names_the_folder_that_matches(graph_docs: Path) -> None:
    code, err = _check("zh-CN", "--source", ".")
    assert _warnings(err) == ["doclint: warning: 6 of 6 page(s) have no English page under ./; "
                              "--source en/ has them"]


def test_a_source_one_level_too_low_names_the_folder_that_matches(graph_docs: Path) -> None:
    _, err = _check("zh-CN", "--source", "en/api-reference")
    assert _warnings(err) == ["doclint: warning: 6 of 6 page(s) have no English page under en/api-reference/; "
                              "--source en/ has them"]


def test_of_sibling_folders_that_match_the_one_named_for_the_locale_is_named(graph_docs: Path) -> None:
    # Laid out like ../shared/corpus/en-at-handoff: one English folder per locale, the same pages in each.
    import shutil

    for locale in ("de-DE", "zh-CN"):
        shutil.copytree(graph_docs / "en", graph_docs / "handoff" / locale)
    _, err = _check("zh-CN", "--source", "handoff")
    assert "--source handoff/zh-CN/ has them" in err


def test_a_source_with_no_matching_folder_still_says_the_pages_are_missing(graph_docs: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "english"
    elsewhere.mkdir()
    _, err = _check("zh-CN", "--source", str(elsewhere))
    assert len(_warnings(err)) == 1 and "6 of 6 page(s) have no English page under" in err and "has them" not in err


def test_the_summary_says_the_english_was_not_found_rather_than_not_given(graph_docs: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--no-cache", "zh-CN", "--source", "."])
    assert "no English page could be compared" in result.stdout  # main's NONE_COMPARED_NOTE (#13)
    assert "(no --source)" not in result.stdout
