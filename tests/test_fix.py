"""``check --fix``: certain fixes only, only the lines of their block or cell, pages kept as stored."""

from __future__ import annotations

import codecs
import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint import atomic
from doclint import fix as fix_module
from doclint.cli import cli
from doclint.engine import check_text
from doclint.parse import parse_page
from doclint.registry import RuleSet
from doclint.results import PageJob
from tests.helpers import FIXTURES, pair



ENGLISH = """# widget resource type

| Property | Type | Description |
|:---|:---|:---|
| name | String | The name. |
| size | Int32 | The size. |

```json
{
  "name": "String",
  "size": 1024,
  "state": "on | off | unknownFutureValue"
}
```
"""


def translated(name: str = "name", size_type: str = "Int32", json_lines: tuple[str, ...] | None = None,
               before_fence: str = "") -> str:
    """The bilingual widget page, with what the tests choose to get wrong."""
    lines = json_lines if json_lines is not None else (
        '  "name": "String",', '  "size": 1024,', '  "state": "on | off | unknownFutureValue"')
    body = "\n".join(lines)
    return f"""# {pair("b2-101", "小部件资源类型", "widget resource type")}

| {pair("b2-102", "属性", "Property")} | {pair("b2-103", "类型", "Type")} | {pair("b2-104", "说明", "Description")} |
|:---|:---|:---|
| {pair("b2-105", name, "name")} | {pair("b2-106", "String", "String")} | {pair("b2-107", "名称。", "The name.")} |
| {pair("b2-108", "size", "size")} | {pair("b2-109", size_type, "Int32")} | {pair("b2-110", "大小。", "The size.")} |
{before_fence}
```json
{{
{body}
}}
```
"""


CLEAN = translated()


def _tree(tmp_path: Path, page: str | bytes, name: str = "widget.md") -> Path:
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "zh-CN").mkdir(exist_ok=True)
    (tmp_path / "en" / name).write_text(ENGLISH, encoding="utf-8")
    target = tmp_path / "zh-CN" / name
    target.write_bytes(page.encode("utf-8") if isinstance(page, str) else page)
    return target


def _run(tmp_path: Path, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "zh-CN"), "--source", str(tmp_path / "en"), *options])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("broken", [
    translated(name="名称"),  # translated property name
    translated(size_type="整数"),  # translated type
    translated(json_lines=('  "nome": "String",', '  "size": 1024,', '  "state": "on | off | unknownFutureValue"')),
    translated(json_lines=('  "name": "String",', '  "state": "on | off | unknownFutureValue"')),  # dropped line
    translated(json_lines=('  "name": "String",', '  "size": 1024,', '  "state": "on | unknownFutureValue"')),
    translated(json_lines=('  "name": "String",', '  "size": 1024,', '  "extra": true,',
                           '  "state": "on | off | unknownFutureValue"')),  # an extra line
    translated(name="名称", size_type="整数",  # several defects at once, two in one block
               json_lines=('  "nome": "String",', '  "state": "on | unknownFutureValue"')),
])
def test_fix_restores_the_page_exactly(tmp_path: Path, broken: str) -> None:
    target = _tree(tmp_path, broken)
    code, out, err = _run(tmp_path, "--fix")
    assert target.read_text(encoding="utf-8") == CLEAN
    assert code == 0 and "0 findings" in out
    assert "applied" in err


def test_fix_changes_only_the_lines_of_the_defects(tmp_path: Path) -> None:
    broken = translated(name="名称", json_lines=('  "nome": "String",', '  "size": 1024,',
                                                 '  "state": "on | off | unknownFutureValue"'))
    target = _tree(tmp_path, broken)
    _run(tmp_path, "--fix")
    before, after = broken.split("\n"), target.read_text(encoding="utf-8").split("\n")
    assert len(before) == len(after)
    changed = [index + 1 for index, (old, new) in enumerate(zip(before, after)) if old != new]
    assert changed == [5, 10]


@pytest.mark.parametrize("bom, newline", [(True, "\r\n"), (False, "\r\n"), (True, "\n"), (False, "\r")])
def test_fix_keeps_bom_and_line_ends(tmp_path: Path, bom: bool, newline: str) -> None:
    prefix = codecs.BOM_UTF8 if bom else b""
    target = _tree(tmp_path, prefix + translated(name="名称").replace("\n", newline).encode("utf-8"))
    _run(tmp_path, "--fix")
    assert target.read_bytes() == prefix + CLEAN.replace("\n", newline).encode("utf-8")


def test_fix_keeps_utf16(tmp_path: Path) -> None:
    target = _tree(tmp_path, codecs.BOM_UTF16_LE + translated(name="名称").encode("utf-16-le"))
    _run(tmp_path, "--fix")
    assert target.read_bytes() == codecs.BOM_UTF16_LE + CLEAN.encode("utf-16-le")


def test_fix_keeps_the_file_mode(tmp_path: Path) -> None:
    target = _tree(tmp_path, translated(name="名称"))
    os.chmod(target, 0o640)
    _run(tmp_path, "--fix")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == CLEAN


def test_mixed_line_ends_are_not_rewritten(tmp_path: Path) -> None:
    text = translated(name="名称").replace("\n", "\r\n", 3)
    target = _tree(tmp_path, text)
    before = target.read_bytes()
    code, _out, err = _run(tmp_path, "--fix")
    assert target.read_bytes() == before
    assert "widget.md" in err and "mixed line endings" in err
    assert code == 1


def test_a_page_with_a_parse_error_is_never_rewritten(tmp_path: Path) -> None:
    broken = translated(name="名称") + "\n```http\nGET /widgets\n"  # an unclosed fence
    target = _tree(tmp_path, broken)
    code, out, err = _run(tmp_path, "--fix")
    assert target.read_text(encoding="utf-8") == broken
    assert "parse error" in err and "DL003" in err
    assert "DL201" in out and code == 1


def test_a_suppressed_finding_is_not_fixed(tmp_path: Path) -> None:
    broken = translated(name="名称", before_fence="<!-- doclint-disable DL201 -->\n").replace(
        "| " + pair("b2-105", "名称", "name"), "<!-- doclint-disable-next-line DL201 -->\n| "
        + pair("b2-105", "名称", "name"))
    target = _tree(tmp_path, broken)
    _run(tmp_path, "--fix")
    assert pair("b2-105", "名称", "name") in target.read_text(encoding="utf-8")


def test_second_fix_changes_nothing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "docs")
    docs = tmp_path / "docs"
    runner = CliRunner()
    for locale in ("zh-CN", "pt-BR"):
        runner.invoke(cli, ["check", str(docs / locale), "--source", str(docs / "en"), "--fix"])
    hashes = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in docs.rglob("*.md")}
    for locale in ("zh-CN", "pt-BR"):
        result = runner.invoke(cli, ["check", str(docs / locale), "--source", str(docs / "en"), "--fix"])
        assert "applied 0 fix(es) in 0 page(s)" in result.stderr
    assert hashes == {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in docs.rglob("*.md")}


def test_fixture_defects_fixable_ones_fixed_the_others_still_reported(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "docs")
    docs = tmp_path / "docs"
    outputs = {}
    for locale in ("zh-CN", "pt-BR"):
        result = CliRunner().invoke(cli, ["check", str(docs / locale), "--source", str(docs / "en"), "--fix"])
        outputs[locale] = result.stdout
    lines = {path: (docs / path).read_text(encoding="utf-8").split("\n") for path in (
        "zh-CN/api-reference/v1.0/api/widget-render.md", "zh-CN/api-reference/v1.0/resources/widget.md",
        "pt-BR/api-reference/v1.0/resources/widget.md", "pt-BR/api-reference/v1.0/resources/gadget.md",
        "pt-BR/api-reference/v1.0/resources/widgetjob.md", "zh-CN/api-reference/v1.0/resources/widgetjob.md")}
    assert lines["zh-CN/api-reference/v1.0/api/widget-render.md"][35] == "POST /widgets/{widgetId}/render"
    assert lines["zh-CN/api-reference/v1.0/resources/widget.md"][66].strip() == '"description": "String",'
    assert lines["zh-CN/api-reference/v1.0/resources/widget.md"][67].strip() == '"displayName": "String",'
    assert lines["pt-BR/api-reference/v1.0/resources/widget.md"][67].strip() == '"displayName": "String",'
    assert '"microsoft.graph.gadget"' in lines["pt-BR/api-reference/v1.0/resources/gadget.md"][40]
    assert '>Double</span><span class="sxs-lookup">' in lines["pt-BR/api-reference/v1.0/resources/widgetjob.md"][31]
    assert '"notStarted | inProgress | completed | failed"' in lines["pt-BR/api-reference/v1.0/resources/widgetjob.md"][60]
    assert '>displayName</span><span class="sxs-lookup">' in lines["zh-CN/api-reference/v1.0/resources/widgetjob.md"][29]
    # what no fix can restore is still reported
    assert " DL301 " in outputs["zh-CN"] and " DL103 " in outputs["zh-CN"] and " DL103 " in outputs["pt-BR"]
    assert not any(f" {code} " in outputs[locale] for code in ("DL101", "DL102", "DL201", "DL202", "DL204")
                   for locale in outputs)


def test_fix_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    target = _tree(tmp_path, translated(name="名称"))
    before = target.read_bytes()
    code, out, err = _run(tmp_path, "--fix", "--diff")
    assert target.read_bytes() == before
    assert code == 1
    # named from the current folder, so `git apply` takes the diff there (see test_repository.py)
    assert out.startswith(f"--- {target}\n+++ {target}\n@@ ")
    assert "\n-| " + pair("b2-105", "名称", "name") in out and "\n+| " + pair("b2-105", "name", "name") in out
    assert "nothing written" in err


def test_fix_diff_on_a_clean_page_is_empty_and_exits_0(tmp_path: Path) -> None:
    _tree(tmp_path, CLEAN)
    code, out, _err = _run(tmp_path, "--fix", "--diff")
    assert (code, out) == (0, "")


def test_diff_without_fix_is_a_usage_error(tmp_path: Path) -> None:
    _tree(tmp_path, CLEAN)
    code, _out, err = _run(tmp_path, "--diff")
    assert code == 2 and "--fix" in err


def test_an_interrupted_write_leaves_the_page_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _tree(tmp_path, translated(name="名称"))
    before = target.read_bytes()

    def fail(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", fail)
    job = PageJob("widget.md", target, tmp_path / "en" / "widget.md")
    with pytest.raises(KeyboardInterrupt):
        fix_module.fix_page(job, RuleSet.default())
    assert target.read_bytes() == before
    assert sorted(path.name for path in target.parent.iterdir()) == ["widget.md"]


def test_a_page_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = _tree(tmp_path, translated(name="名称"))
    real_rounds = fix_module._fix_rounds

    def edit_meanwhile(*args: object, **kwargs: object) -> object:
        target.write_text("someone else's edit\n", encoding="utf-8")
        return real_rounds(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fix_module, "_fix_rounds", edit_meanwhile)
    outcome = fix_module.fix_page(PageJob("widget.md", target, tmp_path / "en" / "widget.md"), RuleSet.default())
    assert not outcome.written and "changed on disk" in outcome.skipped
    assert target.read_text(encoding="utf-8") == "someone else's edit\n"


def test_rules_catalogue_says_which_rules_fix() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "json"])
    import json

    fixable = {rule["code"] for rule in json.loads(result.stdout) if rule["fixable"]}
    assert {"DL101", "DL102", "DL105", "DL201", "DL202", "DL203", "DL204"} <= fixable


def test_an_include_line_is_fixed_keeping_its_own_indentation() -> None:
    english = parse_page("# Widget\n\n- Permissions:\n\n"
                         "  [!INCLUDE [permissions-table](../includes/permissions/a.md)]\n")
    page = (f"# {pair('b2-101', '小部件', 'Widget')}\n\n- {pair('b2-102', '权限：', 'Permissions:')}\n\n"
            "  [!INCLUDE [permissions-table](../includes/权限/a.md)]\n")
    fixed, applied, _ = fix_module.fix_text("page.md", page, english, RuleSet.default())
    assert applied == 1
    assert fixed == page.replace("../includes/权限/a.md", "../includes/permissions/a.md")


def test_a_tab_header_whose_label_is_a_pair_is_not_fixed() -> None:
    english = "# [HTTP](#tab/http)\n\nGet it.\n"
    page = (f"# [{pair('b2-101', 'HTTP 请求', 'HTTP')}](#tab/http-请求)\n\n"
            f"{pair('b2-102', '获取。', 'Get it.')}\n")
    findings = check_text("page.md", page, english, RuleSet.default())
    assert [finding.fix for finding in findings if finding.code == "DL105"] == [None]
    assert fix_module.fix_text("page.md", page, parse_page(english), RuleSet.default())[1] == 0


def test_the_findings_after_fixing_are_those_of_the_fixed_pages_with_or_without_the_cache(tmp_path: Path) -> None:
    def check(docs: Path, *options: str) -> str:
        result = CliRunner().invoke(cli, ["check", str(docs / "zh-CN"), str(docs / "pt-BR"), "--source",
                                          str(docs / "en"), "--format", "json", *options])
        assert result.exit_code == 1 and "Traceback" not in result.output
        return result.stdout.replace(str(docs), "DOCS")  # pages are named by their path, which names the copy

    cold, warm = tmp_path / "cold", tmp_path / "warm"
    shutil.copytree(FIXTURES, cold)
    shutil.copytree(FIXTURES, warm)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    before = check(warm, *cache)  # the cache knows every page as it was
    fixed = check(cold, "--no-cache", "--fix", "-j", "2")
    assert fixed != before
    assert fixed == check(cold, "--no-cache") == check(warm, *cache, "--fix") == check(warm, *cache)
    assert {path.relative_to(cold): path.read_bytes() for path in cold.rglob("*.md")} \
        == {path.relative_to(warm): path.read_bytes() for path in warm.rglob("*.md")}


def test_a_fixed_page_keeps_its_owner_and_group(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a page away needs root")
    target = _tree(tmp_path, translated(name="名称"))
    os.chown(target, 4321, 8765)
    _run(tmp_path, "--fix")
    assert target.read_text(encoding="utf-8") == CLEAN
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 8765)


def test_a_read_only_page_is_not_fixed_and_says_so(tmp_path: Path) -> None:
    target = _tree(tmp_path, translated(name="名称"))
    os.chmod(target, 0o444)
    code, out, err = _run(tmp_path, "--fix")
    assert target.read_text(encoding="utf-8") == translated(name="名称")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert "widget.md: not fixed: the page is read-only" in err
    assert code == 1 and "DL201" in out  # the defect is still reported


def test_a_hard_linked_page_is_not_split_and_says_why(tmp_path: Path) -> None:
    target = _tree(tmp_path, translated(name="名称"))
    other = tmp_path / "elsewhere.md"
    os.link(target, other)
    code, out, err = _run(tmp_path, "--fix")
    assert os.path.samefile(target, other) and target.stat().st_nlink == 2
    assert target.read_text(encoding="utf-8") == translated(name="名称")
    assert "widget.md: not fixed: the page has 2 hard links" in err
    assert code == 1 and "DL201" in out


def test_a_page_named_near_name_max_can_be_fixed(tmp_path: Path) -> None:
    name = "w" * 252 + ".md"  # 255 bytes: the longest name a folder holds
    target = _tree(tmp_path, translated(name="名称"), name=name)
    code, _out, err = _run(tmp_path, "--fix")
    assert target.read_text(encoding="utf-8") == CLEAN, err
    assert code == 0 and sorted(path.name for path in target.parent.iterdir()) == [name]


def test_fix_removes_the_stale_temporary_files_a_killed_fix_left(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys
    import time

    monkeypatch.setattr(atomic, "_swept", set())
    target = _tree(tmp_path, CLEAN)  # nothing to fix: the sweep does not wait for a write
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()  # the pid of a process that has ended
    stale = target.parent / f".widget.md.doclint-{gone}-k3x_9q2a.tmp"
    mine = target.parent / ".widget.md.k3x_9q2a.tmp"  # no doclint mark (older versions made it so): left alone
    for path in (stale, mine):
        path.write_text("half a page", encoding="utf-8")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    _run(tmp_path, "--diff", "--fix")
    assert stale.exists()  # --diff writes nothing, and removes nothing
    code, _out, _err = _run(tmp_path, "--fix")
    assert code == 0 and not stale.exists() and mine.exists()
