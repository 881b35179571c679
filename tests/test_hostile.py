"""Hostile input: every odd file a repository can hold is a finding or a clean skip, never a crash.

Each case is built in a temporary docs tree (``en/`` and ``zh-CN/``) and checked end to end through
the CLI, in process (click's CliRunner) and as a subprocess.  A readable hostile page also carries a
planted defect (a translated property name on a known line), so the rules must still run on it and
name it; an unreadable one must be named by its own finding or by a skip message on stderr.  No file
may change, and no traceback may appear.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from tests.helpers import pair


ENGLISH = """---
title: "widget resource type"
---

# widget resource type

Represents a widget.

| Property | Type | Description |
|:---|:---|:---|
| name | String | The name of the widget. |
"""

#: Line of the table row whose property name the translated pages get wrong.
DEFECT_LINE = 12


def bilingual(name: str = "名称", body: str = "") -> str:
    """A translated widget page whose property ``name`` is translated as ``name`` (a planted defect)."""
    return f"""---
title: "widget resource type"
ms.sourcegitcommit: 0123abc
---

# {pair("a1-101", "小部件资源类型", "widget resource type")}

{pair("a1-102", "表示小部件。", "Represents a widget.")}

| {pair("a1-103", "属性", "Property")} | {pair("a1-104", "类型", "Type")} | {pair("a1-105", "说明", "Description")} |
|:---|:---|:---|
| {pair("a1-106", name, "name")} | {pair("a1-107", "String", "String")} | {pair("a1-108", "小部件的名称。", "The name of the widget.")} |
{body}"""


def _tree(root: Path) -> dict[str, Path]:
    """Write the hostile docs tree; return the translated pages by the name a report must mention."""
    english, target = root / "en", root / "zh-CN"
    english.mkdir(parents=True)
    target.mkdir()
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("SECRET-MARKER-7f3a\n", encoding="utf-8")
    pages: dict[str, bytes | None] = {
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "latin1.md": bilingual(body="Café crème, déjà vu.\n").encode("latin-1", errors="replace").replace(
            b"?", b"\xe9"),
        "utf16.md": codecs.BOM_UTF16_LE + bilingual().encode("utf-16-le"),
        "utf16-no-bom.md": "# widget\n\nplain ASCII text stored as UTF-16\n".encode("utf-16-le"),
        "empty.md": b"",
        "bom-crlf.md": codecs.BOM_UTF8 + bilingual().replace("\n", "\r\n").encode("utf-8"),
        "truncated-pair.md": bilingual(body='\n<span data-ttu-id="a1-120">这段译文没有结束\n').encode(),
        "broken-front-matter.md": ("---\ntitle: [unclosed\n  - : : {\n!!python/object:os.system 'echo hi'\n"
                                   + bilingual()[4:].split("---\n", 1)[1]).encode(),
        "nested-spans.md": bilingual(body="\n" + pair("a1-130", "<span>" * 5000 + "嵌套" + "</span>" * 5000,
                                                      "nested") + "\n").encode(),
        "long-line.md": bilingual(body="\n" + "长" * (2 * 1024 * 1024 // 3) + "\n").encode(),
        "unclosed-fence.md": bilingual(body='\n```json\n{\n  "name": "String"\n').encode(),
        "no-english.md": bilingual().encode(),
        "include-outside.md": bilingual(body="\n[!INCLUDE [secret](../outside/secret.md)]\n"
                                             "[!INCLUDE [secret](/etc/passwd)]\n").encode(),
        "huge.md": None,  # 50 MB, written below
    }
    for name, data in pages.items():
        if data is not None:
            (target / name).write_bytes(data)
        if name != "no-english.md":
            english_text = ENGLISH
            if name == "include-outside.md":
                english_text += "\n[!INCLUDE [secret](../outside/secret.md)]\n[!INCLUDE [secret](/etc/passwd)]\n"
            (english / name).write_text(english_text, encoding="utf-8")
    with open(target / "huge.md", "wb") as stream:
        chunk = (bilingual() + "\n").encode() * 64
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(chunk)
    os.mkfifo(target / "fifo.md")  # reading it would block forever
    os.symlink(target / "gone.md", target / "dangling.md")
    os.symlink(root / "nowhere" / "gone.md", target / "dangling-outside.md")
    os.symlink(outside / "secret.md", target / "outside-link.md")
    (english / "outside-link.md").write_text(ENGLISH, encoding="utf-8")
    os.symlink("loop.md", target / "loop.md")  # a link loop named like a page
    (english / "loop.md").write_text(ENGLISH, encoding="utf-8")
    (target / "english-loop.md").write_bytes(bilingual().encode())
    os.symlink("english-loop.md", english / "english-loop.md")
    names = {name: target / name for name in pages}
    names.update({name: target / name for name in ("dangling.md", "dangling-outside.md", "outside-link.md",
                                                     "fifo.md", "loop.md", "english-loop.md")})
    return names


def _hashes(root: Path) -> dict[str, str]:
    """The hash of every page and config file of the tree (a result cache folder aside)."""
    result = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if path.is_file():
                result[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, _tree(root)


def _check_output(root: Path, names: dict[str, Path], code: int, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stdout + stderr
    assert code in (0, 1), stderr
    for name in names:
        assert name in stdout or name in stderr, f"{name} is named neither in a finding nor in a skip message"
    assert "SECRET-MARKER" not in stdout + stderr


def test_hostile_tree_through_the_cli_in_process(tree: tuple[Path, dict[str, Path]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root, names = tree
    before = _hashes(root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "zh-CN", "--source", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    _check_output(root, names, result.exit_code, result.stdout, result.stderr)
    assert _hashes(root) == before


def test_hostile_tree_through_a_subprocess_with_fix(tree: tuple[Path, dict[str, Path]]) -> None:
    """Even ``--fix --diff`` leaves every file alone, and the run names every page."""
    root, names = tree
    before = _hashes(root)
    result = subprocess.run([sys.executable, "-m", "doclint", "check", "zh-CN", "--source", "en"],
                            cwd=root, capture_output=True, text=True, timeout=120)
    _check_output(root, names, result.returncode, result.stdout, result.stderr)
    diff = subprocess.run([sys.executable, "-m", "doclint", "check", "zh-CN", "--source", "en", "--fix", "--diff"],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in diff.stdout + diff.stderr
    assert diff.returncode in (0, 1)
    assert _hashes(root) == before


def _findings(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["check", *args, "--source", str(root / "en")])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_each_case_gets_the_expected_finding(tree: tuple[Path, dict[str, Path]]) -> None:
    root, names = tree
    out = _findings(root, str(root / "zh-CN"))
    expected = {
        "binary.md": "DL006", "latin1.md": "DL007", "empty.md": "DL008", "truncated-pair.md": "DL005",
        "broken-front-matter.md": "DL002", "unclosed-fence.md": "DL003", "no-english.md": "DL004",
        "huge.md": "DL001", "dangling.md": "DL001", "fifo.md": "DL001", "utf16-no-bom.md": "DL007",
        "loop.md": "DL001", "english-loop.md": "DL004",
    }
    for name, code in expected.items():
        assert any(line.startswith(f"{name}:") and f" {code} " in line for line in out.splitlines()), (name, out)


@pytest.mark.parametrize("name", ["utf16.md", "bom-crlf.md", "nested-spans.md", "long-line.md",
                                  "include-outside.md", "broken-front-matter.md", "unclosed-fence.md",
                                  "english-loop.md"])
def test_rules_still_run_on_readable_hostile_pages(tree: tuple[Path, dict[str, Path]], name: str) -> None:
    """The planted translated name is reported on its own line, whatever else is wrong with the page."""
    root, _names = tree
    out = _findings(root, str(root / "zh-CN"))
    assert any(line.startswith(f"{name}:{DEFECT_LINE}:") and " DL201 " in line for line in out.splitlines()), out


def test_links_out_of_the_root_are_skipped_with_a_message(tree: tuple[Path, dict[str, Path]]) -> None:
    root, _names = tree
    result = CliRunner().invoke(cli, ["check", str(root / "zh-CN"), "--source", str(root / "en")])
    assert "outside-link.md" not in result.stdout  # not read, so no finding about its content
    assert "outside-link.md" in result.stderr and "not followed" in result.stderr
    assert "dangling-outside.md" in result.stderr


def test_a_link_named_on_the_command_line_is_not_followed_out_of_the_folder(
        tree: tuple[Path, dict[str, Path]], monkeypatch: pytest.MonkeyPatch) -> None:
    root, _names = tree
    monkeypatch.chdir(root / "zh-CN")
    result = CliRunner().invoke(cli, ["check", "outside-link.md", "--source", str(root / "en")])
    assert result.exit_code in (0, 1)
    assert "outside-link.md" in result.stderr and "not followed" in result.stderr
    assert "SECRET-MARKER" not in result.output


def test_a_config_file_with_unknown_keys_is_a_clear_usage_error(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zh-CN").mkdir()
    (tmp_path / "zh-CN" / "page.md").write_text(bilingual(), encoding="utf-8")
    (tmp_path / ".doclint.toml").write_text('selct = ["DL2"]\n[locales]\nzh-CN = "zh-CN"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2
    assert 'unknown key "selct"' in result.stderr and "Traceback" not in result.output


def test_an_output_file_that_cannot_be_written_is_a_clear_usage_error(graph_docs: Path) -> None:
    (graph_docs / "blocker").write_text("a file where a folder is expected\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "zh-CN", "--source", "en", "-o", "blocker/report.json"])
    assert result.exit_code == 2
    assert "cannot write blocker/report.json" in result.stderr and "Traceback" not in result.output
    assert (graph_docs / "blocker").read_text(encoding="utf-8") == "a file where a folder is expected\n"


# --- link loops, unreadable folders, messages and limits -----------------------------------------


@pytest.fixture
def loops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """en/ and zh-CN/ with a good page, a page that is a link to itself, two links to each other, and a
    page whose English is a link loop; the current folder is the tree."""
    english, target = tmp_path / "en", tmp_path / "zh-CN"
    english.mkdir()
    target.mkdir()
    for name in ("ok.md", "english-loop.md"):
        (target / name).write_text(bilingual(), encoding="utf-8")
    (english / "ok.md").write_text(ENGLISH, encoding="utf-8")
    os.symlink("self.md", target / "self.md")
    os.symlink("b.md", target / "a.md")
    os.symlink("a.md", target / "b.md")
    os.symlink("english-loop.md", english / "english-loop.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("extra", [["--no-cache"], [], ["--config", "loops.toml"]])
def test_a_link_loop_is_dl001_for_that_page_and_the_run_goes_on(loops: Path, extra: list[str]) -> None:
    # A config with globs: they resolve each page's path, which must not raise on a loop either.
    (loops / "loops.toml").write_text('exclude = ["**/nothing/**"]\n[locales]\nzh-CN = "zh-CN"\n'
                                      '[per-file-ignores]\n"zh-CN/self.md" = ["DL2"]\n', encoding="utf-8")
    for _ in range(2):
        code, out, _err = _invoke("check", "zh-CN", "--source", "en", *extra)
    assert code == 1
    lines = out.splitlines()
    for name in ("self.md", "a.md", "b.md"):
        assert f"{name}:1:1: DL001 cannot read the page: Too many levels of symbolic links" in lines
    assert [line for line in lines if line.startswith("english-loop.md:1:1: DL004 the English page en/english-loop.md")
            and line.endswith("Too many levels of symbolic links")]
    assert any(line.startswith(f"ok.md:{DEFECT_LINE}:3: DL201") for line in lines)


def test_a_link_loop_named_on_the_command_line_is_dl001(loops: Path) -> None:
    code, out, _err = _invoke("check", "zh-CN/self.md", "zh-CN/ok.md", "--source", "en")
    assert code == 1 and "zh-CN/self.md:1:1: DL001 " in out and "zh-CN/ok.md:12:3: DL201 " in out


def test_a_link_loop_in_audit_drift_and_extract(loops: Path) -> None:
    code, out, _err = _invoke("audit", ".", "--format", "json", "--no-cache")
    assert code == 1 and '"DL001": 3' in out
    code, out, _err = _invoke("drift", "zh-CN", "--source", "en")
    assert code == 0 and "zh-CN/self.md: unreadable (cannot read the page: Too many levels of symbolic links)" in out
    code, out, _err = _invoke("drift", "zh-CN", "--source", "en", "--git")
    assert code == 0 and "zh-CN/self.md: unreadable" in out
    code, _out, err = _invoke("extract", "zh-CN", "-o", str(loops / "out"))
    assert code == 1 and "zh-CN/self.md: cannot read the page: Too many levels of symbolic links; skipped" in err
    assert (loops / "out" / "ok.md").is_file()
    code, _out, err = _invoke("extract", "zh-CN/self.md")
    assert code == 1 and "zh-CN/self.md: cannot read the page" in err


def _lock(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make every folder called ``name`` unreadable to os.scandir, as a folder without the read bit is
    to anyone but root (these tests run as root in CI containers, where chmod 000 hides nothing)."""
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.path.basename(os.fspath(path)) == name:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_folder_is_named_on_stderr(loops: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (loops / "zh-CN" / "locked").mkdir()
    (loops / "en" / "locked").mkdir()
    _lock(monkeypatch, "locked")
    for args in (["check", "zh-CN", "--source", "en", "--no-cache"], ["drift", "zh-CN", "--source", "en"],
                 ["audit", ".", "--no-cache"], ["extract", "zh-CN", "-o", str(loops / "out")]):
        _code, _out, err = _invoke(*args)
        assert "zh-CN/locked: skipped: cannot read the folder: Permission denied" in err.splitlines(), args
        assert err.count("zh-CN/locked: skipped") == 1, args  # once, though audit walks twice
    _code, _out, err = _invoke("drift", "zh-CN", "--source", "en")
    assert "en/locked: skipped: cannot read the folder: Permission denied" in err.splitlines()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_without_the_read_bit_is_named_on_stderr(loops: Path) -> None:
    locked = loops / "zh-CN" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        _code, _out, err = _invoke("check", "zh-CN", "--source", "en", "--no-cache")
    finally:
        locked.chmod(0o755)
    assert "zh-CN/locked: skipped: cannot read the folder: Permission denied" in err


def test_dl004_says_why_in_one_sentence(loops: Path) -> None:
    for name in ("empty.md", "binary.md", "folder.md"):
        (loops / "zh-CN" / name).write_text(bilingual(), encoding="utf-8")
    (loops / "en" / "empty.md").write_bytes(b"")
    (loops / "en" / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    (loops / "en" / "folder.md").mkdir()
    _code, out, _err = _invoke("check", "zh-CN", "--source", "en", "--no-cache")
    lines = out.splitlines()
    assert "empty.md:1:1: DL004 the English page en/empty.md is empty" in lines
    assert "binary.md:1:1: DL004 the English page en/binary.md is binary (it holds NUL bytes), not text" in lines
    assert "folder.md:1:1: DL004 the English page en/folder.md is not a regular file (a folder, pipe or device); " \
           "skipped" in lines
    assert "english-loop.md:1:1: DL004 the English page en/english-loop.md: cannot read the page: " \
           "Too many levels of symbolic links" in lines
    assert not [line for line in lines if " DL004 " in line and " the page is " in line]  # two sentences joined


def test_the_summary_does_not_say_no_source_when_there_was_one(loops: Path) -> None:
    (loops / "nothing").mkdir()
    _code, out, _err = _invoke("check", "zh-CN", "--source", "nothing", "--no-cache")
    assert "no --source" not in out
    assert out.splitlines()[-1].endswith("; no English page could be compared (DL004 says why for each page): "
                                         "only the rules that need the bilingual page alone ran.")
    _code, out, _err = _invoke("check", "zh-CN", "--no-cache")
    assert "(no --source)" in out.splitlines()[-1]


@pytest.mark.parametrize("args", [["check", "/", "--source", "en"], ["check", "zh-CN", "--source", "/"],
                                  ["drift", "/", "--source", "en"], ["drift", "zh-CN", "--source", "/"],
                                  ["extract", "/", "-o", "out"], ["check", "--config", "root.toml"],
                                  ["check", "zh-CN/../../../../../../../../../../../../../..", "--source", "en"]])
def test_the_file_system_root_is_refused_as_a_root(loops: Path, args: list[str]) -> None:
    (loops / "root.toml").write_text('source = "en"\n[locales]\nall = "/"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "doclint", *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "is the root of the file system" in result.stderr


def test_jobs_is_capped_at_the_cpu_count(loops: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import doclint.cli
    import doclint.parallel

    monkeypatch.setattr(doclint.parallel, "default_workers", lambda: 2)
    asked: list[int] = []
    real = doclint.cli.check_pages

    def spy(jobs: object, ruleset: object, *, workers: int = 1, **kwargs: object) -> object:
        asked.append(workers)
        return real(jobs, ruleset, workers=workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(doclint.cli, "check_pages", spy)
    for jobs, expected in (("100", 2), ("1", 1), ("2", 2)):
        _invoke("check", "zh-CN", "--source", "en", "--no-cache", "--jobs", jobs)
        assert asked.pop() == expected
    assert "most: the number of CPUs" in " ".join(CliRunner().invoke(cli, ["check", "--help"]).stdout.split())


def test_audit_refuses_a_locale_folder_that_is_the_file_system_root(loops: Path) -> None:
    os.symlink("/", loops / "fr-FR")
    result = subprocess.run([sys.executable, "-m", "doclint", "audit", "."], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["Error: the locale root fr-FR is the root of the file system; name the "
                                          "docs folder itself"]
