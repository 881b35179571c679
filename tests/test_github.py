"""``--format github``: workflow commands GitHub turns into annotations, escaped as the runner expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.finding import Finding, Severity
from doclint.report.github import annotation, escape_data, escape_property

def finding(severity: Severity, message: str = "m", path: str = "pt-BR/a.md") -> Finding:
    """A finding on line 7, column 3."""
    return Finding(path, 7, 3, "DL201", "translated-identifier", severity, message)


def test_message_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"  # only properties escape ':' and ','


def test_property_escaping() -> None:
    assert escape_property("C:\\docs,v1%\n") == "C%3A\\docs%2Cv1%25%0A"


@pytest.mark.parametrize("severity, command", [
    (Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")])
def test_the_command_follows_the_severity(severity: Severity, command: str) -> None:
    line = annotation(finding(severity, "property 'nome': 50% off,\nreally"))
    assert line.startswith(f"::{command} file=pt-BR/a.md,line=7,col=3,title=DL201::")
    assert line.split("::", 2)[2].startswith("property 'nome': 50%25 off,%0Areally")
    assert "\n" not in line


def test_a_path_with_a_comma_cannot_break_the_properties() -> None:
    line = annotation(finding(Severity.ERROR, path="pt-BR/a,line=1.md"))
    assert "file=pt-BR/a%2Cline=1.md,line=7," in line


def test_a_run_annotates_every_finding_with_its_repository_path(graph_docs: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "zh-CN", "--format", "github"])
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 10
    # Defect 6 of fixtures/graph-docs/DEFECTS.md, a dropped table row.
    assert any(line.startswith("::error file=pt-BR/api-reference/v1.0/resources/gadget.md,line=28,col=1,"
                               "title=DL103::") and "isOnline" in line for line in annotations)
    assert sum("file=zh-CN/" in line for line in annotations) == 5
