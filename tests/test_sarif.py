"""``--format sarif``: valid SARIF 2.1.0, one result per finding, rules from the catalogue, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.registry import all_rules
from tests.helpers import PROJECT

SCHEMA = PROJECT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
WIDGETJOB = Path("pt-BR/api-reference/v1.0/resources/widgetjob.md")


def run(fmt: str, *args: str) -> tuple[int, str]:
    """``doclint check --source en pt-BR zh-CN --format FMT ARGS``: exit code and stdout."""
    result = CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "zh-CN", "--format", fmt, *args])
    return result.exit_code, result.stdout


def sarif(*args: str) -> dict:
    """The SARIF log of a run over the fixtures."""
    return json.loads(run("sarif", *args)[1])


def test_the_log_validates_against_the_sarif_schema(graph_docs: Path) -> None:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is absent")
    jsonschema = pytest.importorskip("jsonschema")
    log = sarif()
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    assert log["version"] == "2.1.0"


def test_one_result_per_finding_and_the_exit_code_of_the_run(graph_docs: Path) -> None:
    code, text = run("sarif")
    json_findings = json.loads(run("json")[1])["findings"]
    results = json.loads(text)["runs"][0]["results"]
    assert code == 1
    assert len(results) == len(json_findings) == 10
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results) \
        == sorted((f["code"], f["line"]) for f in json_findings)


def test_results_name_the_file_by_its_repository_path(graph_docs: Path) -> None:
    results = sarif()["runs"][0]["results"]
    located = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results}
    # Defects 9 and 4 of fixtures/graph-graph_docs/DEFECTS.md: one page name, two locales.
    assert (WIDGETJOB.as_posix(), "DL202", 32, 128) in located
    assert ("zh-CN/api-reference/v1.0/resources/widgetjob.md", "DL201", 30, 3) in located
    assert all(not uri.startswith(("/", "file:")) for uri, *_ in located)


def test_rules_come_from_the_registry_and_the_catalogue(graph_docs: Path) -> None:
    driver = sarif()["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(all_rules())
    dl201 = rules["DL201"]
    assert dl201["name"] == "translated-identifier"
    document = (PROJECT / "rules" / "DL201.md").read_text(encoding="utf-8")
    assert dl201["help"]["markdown"] == document
    assert dl201["fullDescription"]["text"].startswith("In a reference table recognised by its English header")
    assert "## " not in dl201["fullDescription"]["text"]
    assert dl201["shortDescription"]["text"] == all_rules()["DL201"].summary
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert all(rules[code]["defaultConfiguration"]["level"] == levels[rule.severity.value]
               for code, rule in all_rules().items())
    results = sarif()["runs"][0]["results"]
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_the_level_follows_the_effective_severity(graph_docs: Path) -> None:
    results = sarif("--severity", "DL202=info", "--severity", "DL204=warning")["runs"][0]["results"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["DL202"] == "note"
    assert levels["DL204"] == "warning"
    assert levels["DL101"] == "error"


def test_fingerprints_stay_when_lines_above_move(graph_docs: Path) -> None:
    def prints() -> dict[tuple[str, str], tuple[str, int]]:
        return {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]):
                (r["partialFingerprints"]["doclint/v1"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in sarif()["runs"][0]["results"]}

    before = prints()
    page = graph_docs / WIDGETJOB
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    blank = next(index for index, line in enumerate(lines) if index > 20 and not line.strip())
    page.write_text("".join(lines[:blank] + ["\n", "\n"] + lines[blank:]), encoding="utf-8")
    after = prints()
    key = (WIDGETJOB.as_posix(), "DL202")
    assert after[key][1] == before[key][1] + 2  # the finding moved ...
    assert after[key][0] == before[key][0]  # ... and kept its fingerprint
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert len({v[0] for v in after.values()}) == len(after)
