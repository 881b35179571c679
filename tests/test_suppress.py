"""Inline suppressions (doclint-disable… directives), per-file ignores and DL901 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.context import Context
from doclint.engine import check_text
from doclint.finding import Hit, Severity
from doclint.registry import Rule, RuleSet, all_rules


def _marker_rule(code: str, marker: str, *, needs_source: bool = False) -> Rule:
    """A stand-in rule that reports every line holding ``marker``, so these tests do not hang on real rules."""

    def check(context: Context) -> Iterator[Hit]:
        for number, line in enumerate(context.target.text.split("\n"), start=1):
            if marker in line:
                yield Hit(number, 1, f"{marker} here")

    return Rule(code, f"marker-{marker.lower()}", Severity.ERROR, "", "", needs_source, function=check)


UNUSED = all_rules()["DL901"]
RULES = RuleSet((_marker_rule("DL201", "AAA"), _marker_rule("DL202", "BBB"),
                 _marker_rule("DL101", "CCC", needs_source=True), UNUSED))


def lint(text: str, ruleset: RuleSet = RULES) -> list[tuple[int, str]]:
    """(line, code) of every finding on a page given as lines."""
    return [(finding.line, finding.code) for finding in check_text("page.md", text, None, ruleset)]


def test_without_directives_every_marker_is_reported() -> None:
    assert lint("AAA\nBBB\nAAA BBB\n") == [(1, "DL201"), (2, "DL202"), (3, "DL201"), (3, "DL202")]


def test_disable_next_line_covers_only_the_next_line_and_only_its_code() -> None:
    page = "<!-- doclint-disable-next-line DL201 -->\nAAA BBB\nAAA\n"
    assert lint(page) == [(2, "DL202"), (3, "DL201")]


def test_disable_line_covers_its_own_line() -> None:
    page = "AAA <!-- doclint-disable-line DL201 -->\nAAA\n"
    assert lint(page) == [(2, "DL201")]


def test_disable_enable_range_with_several_codes() -> None:
    page = "AAA\n<!-- doclint-disable DL201, DL202 -->\nAAA\nBBB\n<!-- doclint-enable -->\nAAA\nBBB\n"
    assert lint(page) == [(1, "DL201"), (6, "DL201"), (7, "DL202")]


def test_disable_without_codes_covers_every_rule_to_the_end_of_the_page() -> None:
    page = "BBB\n<!-- doclint-disable -->\nAAA\nBBB\n"
    assert lint(page) == [(1, "DL202")]


def test_enable_with_a_code_ends_only_that_code() -> None:
    page = "<!-- doclint-disable -->\nAAA BBB\n<!-- doclint-enable DL202 -->\nAAA BBB\n"
    assert lint(page) == [(4, "DL202")]


def test_disable_by_prefix() -> None:
    page = "<!-- doclint-disable-file DL2 -->\nAAA\nBBB\n"
    assert lint(page) == []


def test_disable_file_with_a_code_keeps_the_other_rules() -> None:
    page = "AAA BBB\n<!-- doclint-disable-file DL202 -->\nBBB\n"
    assert lint(page) == [(1, "DL201")]


def test_directive_codes_are_case_insensitive() -> None:
    assert lint("<!-- doclint-disable-next-line dl201 -->\nAAA\n") == []


def test_unused_directive_is_reported_on_its_line() -> None:
    findings = check_text("page.md", "text\n<!-- doclint-disable-next-line DL201 -->\nBBB\n", None, RULES)
    assert [(f.line, f.code, f.severity) for f in findings] == [(2, "DL901", Severity.INFO), (3, "DL202", Severity.ERROR)]
    assert "DL201" in findings[0].message and findings[0].path == "page.md"


def test_only_the_unused_code_of_a_directive_is_reported() -> None:
    findings = check_text("page.md", "<!-- doclint-disable-next-line DL201,DL202 -->\nAAA\n", None, RULES)
    assert [(f.line, f.code) for f in findings] == [(1, "DL901")]
    assert "DL202" in findings[0].message and "DL201" not in findings[0].message


def test_unused_directive_without_codes_is_reported() -> None:
    assert lint("<!-- doclint-disable-file -->\nnothing wrong\n") == [(1, "DL901")]


def test_codes_of_rules_that_did_not_run_are_not_reported_unused() -> None:
    # DL101 needs the English page, which check_text was not given; DL203 is not in the rule set.
    assert lint("<!-- doclint-disable-file DL101, DL203 -->\nAAA\n") == [(2, "DL201")]


def test_misspelt_directive_and_unknown_code_are_reported() -> None:
    page = "<!-- doclint-disabel DL201 -->\nAAA\n<!-- doclint-disable-next-line XX12 -->\nBBB\n"
    findings = check_text("page.md", page, None, RULES)
    assert [(f.line, f.code) for f in findings] == [(1, "DL901"), (2, "DL201"), (3, "DL901"), (4, "DL202")]
    assert "doclint-disabel" in findings[0].message and "XX12" in findings[2].message


def test_unused_suppression_is_not_reported_when_dl901_is_not_selected() -> None:
    without = RuleSet(tuple(rule for rule in RULES.rules if rule.code != "DL901"))
    assert lint("<!-- doclint-disable-next-line DL201 -->\nBBB\n", without) == [(2, "DL202")]


def test_unused_suppression_severity_can_be_overridden() -> None:
    ruleset = RuleSet(RULES.rules, {"DL901": Severity.WARNING})
    findings = check_text("page.md", "<!-- doclint-disable-next-line DL201 -->\nok\n", None, ruleset)
    assert [f.severity for f in findings] == [Severity.WARNING]


def test_a_directive_naming_dl901_silences_it() -> None:
    page = "<!-- doclint-disable-file DL901 -->\n<!-- doclint-disable-next-line DL201 -->\nok\n"
    assert lint(page) == []


def test_a_directive_ends_at_its_own_comment_even_with_no_space_before_the_close() -> None:
    # The kind used to swallow the '--' of '-->' and run on to the next comment: "doclint-disable-next-line--".
    page = "<!-- doclint-disable-next-line-->\nAAA\n<!-- a note -->\nAAA\n"
    assert lint(page) == [(4, "DL201")]


def test_findings_of_rules_outside_the_rule_set_are_dropped() -> None:
    only_a = RuleSet((_marker_rule("DL201", "AAA"),))
    assert lint("AAA\nBBB\n", only_a) == [(1, "DL201")]


# ---- end to end, with the real rules and the command line ----------------------------------------------------

def pair(number: int, translated: str, english: str) -> str:
    """One bilingual pair."""
    return (f'<span data-ttu-id="ab123-{number}">{translated}</span><span class="sxs-lookup">'
            f'<span data-stu-id="ab123-{number}">{english}</span></span>')


def table(*names: tuple[str, str]) -> str:
    """A Property | Type | Description table whose rows have the given (translated, English) names."""
    rows = [f"| {pair(101, 'Propriedade', 'Property')} | {pair(102, 'Tipo', 'Type')} | "
            f"{pair(103, 'Descrição', 'Description')} |", "|:--|:--|:--|"]
    for index, (translated, english) in enumerate(names):
        rows.append(f"| {pair(110 + index, translated, english)} | String | {pair(150 + index, 'Um texto.', 'A text.')} |")
    return "\n".join(rows) + "\n"


def test_real_rule_suppressed_around_a_table() -> None:
    page = "<!-- doclint-disable DL201 -->\n\n" + table(("nome", "name")) + "\n<!-- doclint-enable -->\n\n" \
        + table(("pacote", "package"))
    findings = [f for f in check_text("page.md", page, None, RuleSet.default()) if f.code == "DL201"]
    assert len(findings) == 1 and "pacote" in findings[0].message and "nome" not in findings[0].message


def test_per_file_ignores_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pt-BR" / "api").mkdir(parents=True)
    (tmp_path / "pt-BR" / "resources").mkdir(parents=True)
    for folder in ("api", "resources"):
        (tmp_path / "pt-BR" / folder / "page.md").write_text(table(("nome", "name")), encoding="utf-8")
    (tmp_path / ".doclint.toml").write_text('[per-file-ignores]\n"pt-BR/api/*.md" = ["DL2"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "pt-BR/api/page.md", "pt-BR/resources/page.md"])
    assert "pt-BR/resources/page.md:3:3: DL201" in result.output
    assert "pt-BR/api/page.md" not in result.output
    assert result.exit_code == 1


def test_inline_directive_through_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    page.write_text("<!-- doclint-disable-file DL201 -->\n\n" + table(("nome", "name")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(page), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"DL201"' not in result.output
