"""``doclint rules``: the rule list, one rule's document, and unknown codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.registry import all_rules

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_list_has_every_registered_rule_on_its_own_aligned_line() -> None:
    code, out, _ = run("rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"]
    by_code = {line.split()[0]: line for line in lines[1:]}
    assert sorted(by_code) == sorted(all_rules())
    for rule in all_rules().values():
        line = by_code[rule.code]
        assert line.split()[1:4] == [rule.name, rule.severity.value, "yes" if rule.fixable else "no"]
        assert rule.summary in line
    name_columns = {line.index(line.split()[1]) for line in lines}
    summary_columns = {line.index(line.split()[4]) for line in lines}
    assert len(name_columns) == 1 and len(summary_columns) == 1, "columns are not aligned"


def test_json_list_parses_and_has_the_fields_of_every_rule() -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list)
    assert [record["code"] for record in records] == sorted(all_rules())
    for record in records:
        rule = all_rules()[record["code"]]
        assert record["name"] == rule.name
        assert record["severity"] == rule.severity.value
        assert record["fixable"] is rule.fixable
        assert record["summary"] == rule.summary
        assert isinstance(record["needs_english"], bool) and isinstance(record["default_enabled"], bool)


def test_off_by_default_rules_say_so_in_the_table() -> None:
    off = [rule for rule in all_rules().values() if not rule.default_enabled]
    if not off:
        pytest.skip("every rule is on by default")
    _, out, _ = run("rules")
    line = next(line for line in out.splitlines() if line.startswith(off[0].code))
    assert "off by default" in line


@pytest.mark.parametrize("argument", ["DL201", "dl201", "translated-identifier"])
def test_one_rule_prints_its_markdown_document(argument: str) -> None:
    code, out, _ = run("rules", argument)
    assert code == 0
    assert out == (RULES_DIR / "DL201.md").read_text(encoding="utf-8")


def test_one_rule_as_json_carries_its_record_and_document() -> None:
    code, out, _ = run("rules", "DL103", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["code"] == "DL103" and record["name"] == "block-missing"
    assert record["needs_english"] is True
    assert record["document"] == (RULES_DIR / "DL103.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("argument", ["DL999", "nonsense", ""])
def test_unknown_code_exits_2_with_a_message_and_no_traceback(argument: str) -> None:
    result = CliRunner().invoke(cli, ["rules", argument])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"no rule {argument!r}" in result.stderr
    assert result.stdout == ""


def test_near_miss_suggests_the_rule_meant() -> None:
    _, _, err = run("rules", "translated-identifer")
    assert "did you mean translated-identifier" in err


def test_cli_start_up_does_not_load_the_catalogue() -> None:
    probe = "import sys, doclint.cli; print('doclint.catalogue' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
