"""Hostile glossaries (issue #17): external entities, entity expansion, a huge file, a file that is no glossary.

Each must cost one line on stderr and exit code 2, with no traceback, and nothing outside the glossary
may be read: the sentinel files' text never shows, the files are never opened by Python, and lxml's
parser as doclint configures it expands nothing even when handed such a file directly.
"""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from doclint import glossary as glossary_module
from doclint.cli import cli
from tests.helpers import PROJECT, pair, write

SECRET = "sentinel-secret-7f3a"
XXE = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY leak SYSTEM "file://{secret}">]>
<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry>
<langSet xml:lang="en"><tig><term>&leak;</term></tig></langSet></termEntry></body></text></martif>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "file://{dtd}">
<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry>
<langSet xml:lang="en"><tig><term>&leak;</term></tig></langSet></termEntry></body></text></martif>
"""
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY lol "lol">\n'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">\n'
                    for n in range(1, 10))
          + ']>\n<martif xml:lang="en"><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol9;</term>'
            "</tig></langSet></termEntry></body></text></martif>\n")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A locale root with one page, and the sentinel files a hostile glossary points at."""
    write(tmp_path / "secret.txt", SECRET)
    write(tmp_path / "evil.dtd", f'<!ENTITY leak SYSTEM "file://{tmp_path / "secret.txt"}">\n')
    return write(tmp_path / "pt-BR" / "p.md", pair(1, "Use o Intune.", "Use Intune.") + "\n").parent


def _hostile(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"hostile-{kind}.tbx"
    if kind == "xxe":
        write(path, XXE.format(secret=tmp_path / "secret.txt"))
    elif kind == "external-dtd":
        write(path, EXTERNAL_DTD.format(dtd=tmp_path / "evil.dtd"))
    elif kind == "laughs":
        write(path, LAUGHS)
    elif kind == "huge":
        with open(path, "wb") as handle:  # sparse: 100 MB that cost no disk
            handle.write(b"<martif>")
            handle.truncate(100 * 1024 * 1024)
    elif kind == "not-xml":
        write(path, "<martif><termEntry>unclosed & broken\n")
    elif kind == "not-tbx":
        write(path, "<html><body>a page</body></html>\n")
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return path


KINDS = ["xxe", "external-dtd", "laughs", "huge", "not-xml", "not-tbx", "binary"]
REASONS = {"xxe": "entities", "external-dtd": "declared outside the file", "laughs": "entities", "huge": "MiB limit",
           "not-xml": "not valid XML", "not-tbx": "not TBX", "binary": "UTF-8"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_glossary_is_one_line_and_exit_2_reading_nothing_outside(docs: Path, tmp_path: Path, kind: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = _hostile(tmp_path, kind)
    opened: list[str] = []
    real_open: Callable[..., Any] = builtins.open
    real_os_open: Callable[..., int] = os.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--glossary", str(hostile), str(docs)])
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and str(hostile) in result.stderr and REASONS[kind] in result.stderr
    assert "Traceback" not in result.output and SECRET not in result.output
    assert not [path for path in opened if "secret" in path or "evil.dtd" in path]


def test_the_command_line_says_it_in_one_line_without_a_traceback(docs: Path, tmp_path: Path) -> None:
    """The same through the installed entry point: a process of its own, stderr as the user sees it."""
    for kind in ("xxe", "laughs", "huge", "not-xml"):
        hostile = _hostile(tmp_path, kind)
        run = subprocess.run([sys.executable, "-m", "doclint", "check", "--no-cache", "--glossary", str(hostile),
                              str(docs)], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(PROJECT)}, cwd=tmp_path)
        assert run.returncode == 2 and run.stdout == ""
        assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr and SECRET not in run.stderr


@pytest.mark.parametrize("kind", ["xxe", "external-dtd", "laughs"])
def test_the_parser_itself_expands_nothing_even_without_the_check_before_it(tmp_path: Path, kind: str) -> None:
    """Defence in depth: lxml as doclint configures it neither reads the secret nor expands the laughs."""
    write(tmp_path / "secret.txt", SECRET)
    write(tmp_path / "evil.dtd", f'<!ENTITY leak SYSTEM "file://{tmp_path / "secret.txt"}">\n')
    data = _hostile(tmp_path, kind).read_bytes()
    try:
        root = etree.fromstring(data, glossary_module._parser())
    except etree.XMLSyntaxError:
        return  # refused: nothing was expanded
    text = etree.tostring(root, encoding="unicode")
    assert SECRET not in text and len(text) < 10_000


def test_the_size_limit_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = _hostile(tmp_path, "huge")
    reads: list[int] = []
    real_read = os.read

    def spy_read(descriptor: int, size: int) -> bytes:
        reads.append(size)
        return real_read(descriptor, size)

    monkeypatch.setattr(os, "read", spy_read)
    with pytest.raises(glossary_module.GlossaryError, match="MiB limit"):
        glossary_module.load_glossary(hostile)
    assert sum(reads) == 0
