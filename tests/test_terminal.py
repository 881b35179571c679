"""``check`` on a terminal and at scale: severity on every line, colour (--color, NO_COLOR), --statistics,
how many findings --fix would mend, the summary on stderr with -o, and a help that shows all of itself."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint import cli_report
from doclint.cli import cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LINE = re.compile(r"^(?P<path>[^:]+):\d+:\d+: (?P<code>DL\d{3})(?: \[\*\])? (?P<severity>error|warning|info): \S")


def _check(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", "pt-BR", "zh-CN", "--source", "en", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_every_text_line_carries_its_severity(graph_docs: Path) -> None:
    code, out, _ = _check()
    lines = out.splitlines()
    assert code == 1 and len(lines) == 11
    assert all(_LINE.match(line) for line in lines[:-1]), lines
    assert "10 findings (10 errors, 0 warnings, 0 info; 10 translation, 0 drift) in 7 of 12 pages; 7 fixable with --fix ([*])." == lines[-1]


def test_the_fixable_count_is_what_fix_mends(graph_docs: Path) -> None:
    _, before, _ = _check()
    fixable = sum(" [*] " in line for line in before.splitlines())
    CliRunner().invoke(cli, ["check", "--no-cache", "pt-BR", "zh-CN", "--source", "en", "--fix"])
    _, after, _ = _check()
    assert fixable == 7 and len(after.splitlines()) == len(before.splitlines()) - fixable
    assert "fixable" not in after


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("choice, no_color, tty, output, coloured", [
    ("auto", "", True, None, True), ("auto", "1", True, None, False), ("auto", "", False, None, False),
    ("auto", "", True, Path("report.txt"), False), ("always", "1", False, None, True), ("never", "", True, None, False),
])
def test_colour_follows_the_option_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch, choice: str,
                                                             no_color: str, tty: bool, output: Path | None,
                                                             coloured: bool) -> None:
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr("sys.stdout", _Terminal() if tty else io.StringIO())
    assert cli_report.use_color(choice, output) is coloured


def test_color_always_colours_and_never_does_not(graph_docs: Path) -> None:
    _, coloured, _ = _check("--color", "always", env={"NO_COLOR": "1"})  # the option beats the variable
    _, plain, _ = _check("--color", "never")
    assert ANSI.search(coloured) and not ANSI.search(plain)
    assert ANSI.sub("", coloured) == plain


def test_statistics_count_each_rule_like_ruff(graph_docs: Path) -> None:
    code, out, _ = _check("--statistics")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].split() == ["3", "DL101", "error", "[*]", "code-block-changed"]
    assert sum(int(line.split()[0]) for line in lines[:-1]) == 10
    assert lines[-1].startswith("10 findings")
    result = CliRunner().invoke(cli, ["check", "pt-BR", "--source", "en", "--statistics", "--format", "json"])
    assert result.exit_code == 2 and "--statistics" in result.stderr


def test_with_output_the_summary_still_goes_to_stderr(graph_docs: Path) -> None:
    code, out, err = _check("-o", "report.json", "--format", "json")
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1] == \
        "doclint: 10 findings (10 errors, 0 warnings, 0 info; 10 translation, 0 drift) in 7 of 12 pages; 7 fixable with --fix ([*])."
    assert (graph_docs / "report.json").read_text(encoding="utf-8").startswith("{")


def test_audit_with_output_still_says_each_locale_summary_on_stderr(graph_docs: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "-q", "--no-cache", ".", "-o", "audit.json", "--format", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert {line.split(":")[1].strip() for line in lines if line.startswith("doclint: ")} == {"pt-BR", "zh-CN"}
    assert all(" findings (" in line for line in lines if line.startswith("doclint: "))
    assert (graph_docs / "audit.json").read_text(encoding="utf-8").startswith("{")


def test_the_help_shows_every_command_summary_whole_and_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=100)
    commands = result.stdout.split("Commands:")[1]
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        assert command.short_help and command.short_help in " ".join(commands.split()), name
    assert "..." not in commands
    for help_text in (result.stdout, CliRunner().invoke(cli, ["check", "--help"]).stdout):
        assert "Exit codes:" in help_text and re.search(r"^\s+2\s+a usage error", help_text, re.MULTILINE)
