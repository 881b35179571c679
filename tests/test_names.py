"""File names doclint did not choose: bytes that are not UTF-8, line breaks, control characters.

A name with a non-UTF-8 byte (``bad\\xff.md``) crashed the default ``check`` while it saved the cache,
and every ``-o``, SARIF, baseline and audit or drift report (``UnicodeEncodeError``); JSON on stdout was
not UTF-8.  A name with a line break was printed raw on stderr ("skipped: a link …", "not fixed: …")
and in text findings, so a file name could forge findings or inject GitHub workflow commands
(``::error``, ``::add-mask::``, ``::stop-commands::``) whatever ``--format`` was.  Every path doclint
shows now goes through :func:`doclint.display.display_path`, which escapes them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doclint.display import display_path, display_text, path_bytes
from tests.test_hostile import DEFECT_LINE, ENGLISH, bilingual

BAD = b"bad\xff.md"
FORGED = b"nl\n::error file=x.md::forged\n::add-mask::x\n::stop-commands::tok.md"
CONTROL = b"esc\x1b[31mred\r\x7f\xc2\x85\xe2\x80\xae.md"  # ESC, CR, DEL, NEL, right-to-left override
NAMES = (BAD, FORGED, CONTROL, b"back\\slash.md", "汉字 名.md".encode())
SHOWN = {BAD: "bad\\xff.md", FORGED: "nl\\n::error file=x.md::forged\\n::add-mask::x\\n::stop-commands::tok.md",
         CONTROL: "esc\\x1b[31mred\\r\\x7f\\u0085\\u202e.md", b"back\\slash.md": "back\\\\slash.md",
         "汉字 名.md".encode(): "汉字 名.md"}


# --- the function ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_display_path_escapes_what_cannot_be_printed_on_one_line(name: bytes) -> None:
    assert display_path(os.fsdecode(name)) == SHOWN[name]


def test_ordinary_paths_are_shown_unchanged() -> None:
    for path in ("api-reference/v1.0/resources/driveitem.md", "zh-CN/概述.md", "a b/c-d_e.f.md", "ñ/ü.md"):
        assert display_path(path) == path
        assert display_path(Path(path)) == path


@given(st.binary(min_size=1, max_size=40).filter(lambda raw: b"\x00" not in raw))
def test_display_path_is_printable_utf8_and_tells_every_name_apart(raw: bytes) -> None:
    shown = display_path(os.fsdecode(raw))
    shown.encode("utf-8")  # never raises: no lone surrogate is left
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    assert all(char.isprintable() or char in " \u3000\u00a0" or ord(char) >= 0xA0 for char in shown)
    # Injective: the escapes can be read back to the very bytes (so two files never share a name).
    assert path_bytes(shown) == raw


@given(st.binary(max_size=40), st.binary(max_size=40))
def test_two_names_are_shown_alike_only_when_equal(first: bytes, second: bytes) -> None:
    if display_path(os.fsdecode(first)) == display_path(os.fsdecode(second)):
        assert first == second


def test_display_text_escapes_controls_but_keeps_backslashes() -> None:
    assert display_text("a\nb\\c\x1b\u2028") == "a\\nb\\c\\x1b\\u2028"
    assert display_text("plain message: C:\\path") == "plain message: C:\\path"


# --- end to end -----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """en/ and zh-CN/ with a page under each hostile name (a planted DL201 each), and links out named
    with line breaks."""
    english, target = tmp_path / "en", tmp_path / "zh-CN"
    english.mkdir()
    target.mkdir()
    for name in NAMES:
        (target / os.fsdecode(name)).write_text(bilingual(), encoding="utf-8")
        (english / os.fsdecode(name)).write_text(ENGLISH, encoding="utf-8")
    outside = tmp_path / "outside\n::add-mask::leak"
    outside.mkdir()
    (outside / "p.md").write_text(bilingual(), encoding="utf-8")
    os.symlink(outside / "p.md", target / "link\n::error::skipped.md")
    return tmp_path


def _doclint(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "doclint", *args], cwd=root, capture_output=True, timeout=120)


def _assert_safe(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    """The run did not crash, and its stdout and stderr are UTF-8 with no workflow command or forged line."""
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # raises on invalid UTF-8
    assert "Traceback" not in out + err and "internal error" not in err, err
    assert result.returncode in (0, 1), err
    for line in err.splitlines():
        assert not line.startswith("::"), line
    return out, err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_with_hostile_names_in_every_format_with_the_cache(tree: Path, fmt: str) -> None:
    for _ in range(2):  # fills the cache, then reads it
        out, err = _assert_safe(_doclint(tree, "check", "zh-CN", "--source", "en", "--format", fmt))
    if fmt == "text":
        finding = re.compile(r"^\S.*:\d+:\d+: DL\d{3} ")
        lines = out.splitlines()
        assert all(finding.match(line) for line in lines[:-1]), lines  # one line per finding, none forged
        for name in NAMES:
            assert f"{SHOWN[name]}:{DEFECT_LINE}:3: DL201 " in out
    elif fmt == "github":
        assert all(line.startswith("::error file=zh-CN/") for line in out.splitlines()[:-1])
    else:
        json.loads(out)
    assert "link\\n::error::skipped.md: skipped: a link to " in err
    assert "outside\\n::add-mask::leak" in err


def test_every_written_report_with_hostile_names(tree: Path) -> None:
    runs = [["check", "zh-CN", "--source", "en", "--format", fmt] for fmt in ("text", "json", "sarif", "github")]
    runs += [["audit", ".", "--format", fmt] for fmt in ("text", "json", "markdown", "html")]
    runs += [["drift", "zh-CN", "--source", "en", "--format", fmt] for fmt in ("text", "json", "markdown", "html")]
    for number, args in enumerate(runs):
        report = tree / f"report-{number}.out"
        _assert_safe(_doclint(tree, *args, "-o", str(report)))
        text = report.read_bytes().decode("utf-8")
        if "sarif" in args:  # a URI names the file itself
            assert '"uri": "zh-CN/bad%FF.md"' in text and '"uri": "zh-CN/nl%0A%3A%3Aerror' in text
        elif args[0] == "check" or "json" in args:  # (text reports of audit and drift list no clean page)
            assert "bad\\xff.md" in text or "bad\\\\xff.md" in text, args  # JSON doubles the backslash
    baseline = tree / "baseline.json"
    _assert_safe(_doclint(tree, "check", "zh-CN", "--source", "en", "--write-baseline", str(baseline)))
    assert "bad\\\\xff.md" in baseline.read_bytes().decode("utf-8")
    out, _ = _assert_safe(_doclint(tree, "check", "zh-CN", "--source", "en", "--baseline", str(baseline)))
    assert out.startswith("0 findings")  # the baseline names the same pages the same way


def test_json_to_stdout_is_utf8(tree: Path) -> None:
    for args in (["check", "zh-CN", "--source", "en", "--no-cache"], ["drift", "zh-CN", "--source", "en"],
                 ["audit", ".", "--no-cache"]):
        out, _ = _assert_safe(_doclint(tree, *args, "--format", "json"))
        assert "bad\\\\xff.md" in out
        json.loads(out)


def test_not_fixed_messages_escape_the_name(tree: Path) -> None:
    """A page with mixed line endings is never rewritten, and stderr says so with its name escaped."""
    page = tree / "zh-CN" / os.fsdecode(FORGED)
    page.write_bytes(bilingual().replace("\n", "\r\n", 3).encode())
    for fix in (["--fix"], ["--fix", "--diff"]):
        _out, err = _assert_safe(_doclint(tree, "check", "zh-CN", "--source", "en", "--no-cache", *fix))
        assert f"{SHOWN[FORGED]}: not fixed: mixed line endings" in err


def test_extract_with_hostile_names(tree: Path) -> None:
    out, err = _assert_safe(_doclint(tree, "extract", "zh-CN", "-o", str(tree / "extracted")))
    assert sorted(os.listdir(os.fsencode(tree / "extracted"))) == sorted(NAMES)
