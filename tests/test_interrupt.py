"""Ctrl-C ends a run with one line and exit code 130, whether pages are checked here or on workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import PROJECT, pair, write
from tests.test_fix import CLEAN, ENGLISH, translated

BROKEN = translated(name="名称")  # a translated property name, which --fix restores

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups (POSIX)")

#: Runs the real command line with every page padded by a pause, so the run is still going when the
#: signal comes however fast the machine is; the first page checked leaves its process id in MARKER.
PADDED_RUN = """
import os, sys, time
from doclint.cli import main
import doclint.engine
real = doclint.engine.check_page
def padded(*args, **kwargs):
    with open(os.environ["MARKER"], "a") as marker:
        marker.write(f"{os.getpid()}\\n")
    time.sleep(0.05)
    return real(*args, **kwargs)
doclint.engine.check_page = padded
sys.argv[0] = "doclint"
main()
"""


def _tree(root: Path, pages: int) -> None:
    """``pages`` English pages under ``root``/en and their translations under ``root``/pt-BR."""
    for number in range(pages):
        write(root / "en" / f"page{number}.md", f"# Page {number}\n\nThe size of the item, in bytes.\n")
        write(root / "pt-BR" / f"page{number}.md",
              f"# Page {number}\n\n{pair(1, 'O tamanho do item, em bytes.', 'The size of the item, in bytes.')}\n")


#: Runs the real command line with every file replacement paused halfway (the new file written, not yet
#: renamed), the first one leaving its process id in MARKER.
PAUSED_WRITES = """
import os, sys, time
from doclint.cli import main
real = os.replace
def paused(*args, **kwargs):
    with open(os.environ["MARKER"], "a") as marker:
        marker.write(f"{os.getpid()}\\n")
    time.sleep(1)
    return real(*args, **kwargs)
os.replace = paused
sys.argv[0] = "doclint"
main()
"""


def _sigint_default() -> None:
    # As in a terminal's foreground job: a test run started in the background (nohup, "&" in a script) has
    # SIGINT ignored, which its children would inherit, and Python would then never see the Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(tmp_path: Path, script: str, *arguments: str) -> tuple[int, str, list[int], int]:
    """Run ``script`` with ``arguments``, send SIGINT to its process group once MARKER appears (as a
    terminal's Ctrl-C does); return its exit code, its stderr, the process id of each marker line,
    and its own process id."""
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", script, *arguments],
        cwd=tmp_path, env={**os.environ, "MARKER": str(marker), "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_sigint_default)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.exists(), "the run never reached the marker"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    checkers = [int(line) for line in marker.read_text().split()]
    return process.returncode, stderr, checkers, process.pid


@pytest.mark.parametrize("workers", [2, 1], ids=["parallel", "serial"])
def test_ctrl_c_exits_130_with_one_line(tmp_path: Path, workers: int) -> None:
    _tree(tmp_path, 200)  # 200 pages of at least 50 ms: seconds, where the signal comes in milliseconds
    code, stderr, checkers, pid = _interrupt(tmp_path, PADDED_RUN, "check", "--no-cache", "--jobs", str(workers),
                                             "--source", str(tmp_path / "en"), str(tmp_path / "pt-BR"))
    assert (code, stderr.splitlines()) == (130, ["doclint: interrupted"]), stderr
    assert "Traceback" not in stderr
    assert len(checkers) < 200  # it stopped, it did not run to the end
    if workers > 1:
        assert pid not in checkers  # the pages were checked on workers, which got the signal too
    with pytest.raises(ProcessLookupError):  # no worker outlives the run
        os.killpg(pid, 0)


def test_ctrl_c_during_fix_lets_the_write_in_hand_end(tmp_path: Path) -> None:
    for number in range(100):
        write(tmp_path / "en" / f"widget{number}.md", ENGLISH)
        write(tmp_path / "zh-CN" / f"widget{number}.md", BROKEN)
    code, stderr, writers, pid = _interrupt(tmp_path, PAUSED_WRITES, "check", "--no-cache", "--fix", "--jobs", "2",
                                            "--source", str(tmp_path / "en"), str(tmp_path / "zh-CN"))
    assert (code, stderr.splitlines()) == (130, ["doclint: interrupted"]), stderr
    assert pid not in writers
    assert not list(tmp_path.rglob("*.tmp"))  # no write was cut short
    pages = [page.read_text(encoding="utf-8") for page in sorted((tmp_path / "zh-CN").iterdir())]
    assert set(pages) <= {BROKEN, CLEAN}
    assert 1 <= pages.count(CLEAN) < 100  # the pages in hand were fixed, then the run stopped
