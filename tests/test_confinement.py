"""English pages are confined to the English root, as translated pages are to theirs.

A pull request can add ``en/x.md -> /etc/passwd``, a linked folder ``en/api -> /etc``, or
``en/x.md -> ../.git/config`` (where a CI checkout keeps its token).  Before, ``check`` quoted such a
file in DL103/DL104 messages and ``drift`` printed it whole, in every format.  Now such an English page
is never read: DL004 says it is a link out of the English root, drift calls the page unreadable, and
no output of any command, format or cache state holds a byte of the file.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.discover import EnglishRoot, jobs_for
from tests.helpers import git, write
from tests.test_hostile import ENGLISH, bilingual

SECRET = "SECRET-7c1e"
OUT_MESSAGE = "a link out of the English root; not read"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """repo/docs/{en,zh-CN} in a git repository whose .git/config holds a token; the English has a file
    link out (x.md), a linked folder out (api/), a link to the git config (git.md), and, as a control,
    a link inside the root (alias.md -> real.md)."""
    repo = tmp_path / "repo"
    docs = repo / "docs"
    english, target = docs / "en", docs / "zh-CN"
    for name in ("real.md", "alias.md", "x.md", "git.md", "api/y.md"):
        write(target / name, bilingual())
    write(english / "real.md", ENGLISH)
    git(repo, "init", "-q")
    with open(repo / ".git" / "config", "a", encoding="utf-8") as config:
        config.write(f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}-token\n')
    outside = tmp_path / "outside"
    write(outside / "passwd", f"root:{SECRET}-passwd:0:0\n\n# {SECRET} heading\n")
    write(outside / "etc" / "y.md", f"# {SECRET} folder\n\n{SECRET} paragraph\n")
    os.symlink(outside / "passwd", english / "x.md")
    os.symlink(outside / "etc", english / "api")
    os.symlink("../../.git/config", english / "git.md")
    os.symlink("real.md", english / "alias.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pages")
    monkeypatch.chdir(docs)
    return docs


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _assert_clean(code: int, *texts: str) -> None:
    assert code in (0, 1), texts
    for text in texts:
        assert SECRET not in text
        assert "Traceback" not in text


def test_english_root_holds_pages_inside_and_not_links_out(docs: Path) -> None:
    root = EnglishRoot(Path("en"))
    assert root.holds("real.md") and root.holds("alias.md") and root.holds("missing.md")
    assert not root.holds("x.md") and not root.holds("git.md") and not root.holds("api/y.md")
    jobs = {job.display: job.english_outside for job in jobs_for([Path("zh-CN")], Path("en"))}
    assert jobs == {"alias.md": False, "git.md": True, "real.md": False, "x.md": True, "api/y.md": True}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("cache", [["--no-cache"], []])
def test_check_never_prints_an_english_page_out_of_the_root(docs: Path, fmt: str, cache: list[str]) -> None:
    for _ in range(2):  # with the cache: filled, then served
        code, out, err = _run("check", "zh-CN", "--source", "en", "--format", fmt, *cache)
        _assert_clean(code, out, err)
    for name in ("x.md", "git.md", "api/y.md"):
        assert name in out
    assert out.count(OUT_MESSAGE) == 3


def test_check_reports_dl004_for_each_link_out_and_compares_the_link_inside(docs: Path) -> None:
    code, out, err = _run("check", "zh-CN", "--source", "en", "--no-cache")
    _assert_clean(code, out, err)
    lines = out.splitlines()
    for name in ("x.md", "git.md", "api/y.md"):
        assert f"{name}:1:1: DL004 the English page en/{name}: {OUT_MESSAGE}" in lines
    assert not [line for line in lines if line.startswith(("alias.md:", "real.md:")) and " DL004 " in line]
    assert any(line.startswith("alias.md:12:3: DL201") for line in lines)  # compared through its link


def test_check_of_a_file_argument_and_fix_diff_never_read_it(docs: Path) -> None:
    code, out, err = _run("check", "zh-CN/x.md", "zh-CN/api/y.md", "--source", "en", "--no-cache")
    _assert_clean(code, out, err)
    assert out.count(OUT_MESSAGE) == 2
    code, out, err = _run("check", "zh-CN", "--source", "en", "--no-cache", "--fix", "--diff")
    _assert_clean(code, out, err)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
@pytest.mark.parametrize("use_git", [[], ["--git"]])
def test_drift_never_prints_an_english_page_out_of_the_root(docs: Path, fmt: str, use_git: list[str]) -> None:
    code, out, err = _run("drift", "zh-CN", "--source", "en", "--format", fmt, *use_git)
    _assert_clean(code, out, err)
    if fmt == "html":  # the page table shows statuses, not notes
        assert out.count('<span class="status s-unreadable">unreadable</span>') == 3
    else:
        assert out.count(OUT_MESSAGE) == 3


def test_drift_calls_such_pages_unreadable(docs: Path) -> None:
    code, out, err = _run("drift", "zh-CN", "--source", "en", "--format", "json")
    _assert_clean(code, out, err)
    import json

    statuses = {page["path"]: (page["status"], page.get("note")) for page in json.loads(out)["pages"]}
    for name in ("x.md", "git.md", "api/y.md"):
        assert statuses[name] == ("unreadable", f"the English page: {OUT_MESSAGE}")
    assert statuses["alias.md"][0] == "current"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_audit_never_prints_an_english_page_out_of_the_root(docs: Path, fmt: str) -> None:
    code, out, err = _run("audit", ".", "--format", fmt, "--no-cache")
    _assert_clean(code, out, err)


def test_the_outputs_written_to_files_hold_nothing_from_outside(docs: Path, tmp_path: Path) -> None:
    runs = [("check", "zh-CN", "--source", "en", "--format", "sarif"), ("drift", "zh-CN", "--source", "en",
            "--format", "markdown"), ("audit", ".", "--format", "html"), ("check", "zh-CN", "--source", "en")]
    for number, args in enumerate(runs):
        report = tmp_path / f"report-{number}"
        code, out, err = _run(*args, "-o", str(report))
        _assert_clean(code, out, err, report.read_text(encoding="utf-8"))
    baseline = tmp_path / "baseline.json"
    code, out, err = _run("check", "zh-CN", "--source", "en", "--write-baseline", str(baseline))
    _assert_clean(code, out, err, baseline.read_text(encoding="utf-8"))


def test_no_file_outside_the_named_roots_is_opened(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only unprinted: never read.  Every open of the process is recorded (the runs are small, so
    they stay in this process)."""
    opened: list[str] = []
    real_open = os.open

    def spy(path: object, *args: object, **kwargs: object) -> int:
        opened.append(os.path.realpath(path))  # type: ignore[arg-type]
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    for args in (["check", "zh-CN", "--source", "en", "--no-cache"], ["check", "zh-CN", "--source", "en"],
                 ["drift", "zh-CN", "--source", "en"], ["drift", "zh-CN", "--source", "en", "--git"],
                 ["audit", ".", "--no-cache"]):
        code, out, err = _run(*args)
        _assert_clean(code, out, err)
    outside = str(docs.parent.parent / "outside")
    git_config = str(docs.parent / ".git" / "config")
    assert opened  # the spy did see the pages being read
    assert not [path for path in opened if path.startswith(outside) or path == git_config]


def test_drift_git_reads_blobs_not_the_files_they_name(docs: Path) -> None:
    """With --git, the English at handoff comes from git, which stores a link as the text of its target:
    a link committed at the handoff commit shows as that text, never as the file it names."""
    commit = git(docs.parent, "rev-parse", "HEAD")
    write(docs / "zh-CN" / "x.md", bilingual().replace("0123abc", commit))
    code, out, err = _run("drift", "zh-CN", "--source", "en", "--git", "--format", "json")
    _assert_clean(code, out, err)


def test_a_subprocess_run_with_workers_prints_nothing_from_outside(docs: Path) -> None:
    """Enough pages for the worker processes: the mark travels with each job."""
    for number in range(30):
        write(docs / "zh-CN" / "api" / f"page{number}.md", bilingual())
    import sys

    for args in (["check", "zh-CN", "--source", "en", "--no-cache", "--jobs", "2"],
                 ["drift", "zh-CN", "--source", "en", "--jobs", "2"]):
        result = subprocess.run([sys.executable, "-m", "doclint", *args], capture_output=True, text=True,
                                timeout=120)
        _assert_clean(result.returncode, result.stdout, result.stderr)
        assert result.stdout.count(OUT_MESSAGE) == 33
