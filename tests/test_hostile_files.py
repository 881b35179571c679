"""Hostile files doclint writes or reads besides pages: outputs (``-o``, ``--write-baseline``) that are
devices, FIFOs or links, and baselines, configs and cache shards that are FIFOs, devices or absurd JSON.

Nothing is replaced that is not a regular file, nothing hangs, and every failure is one line with exit
code 2 (a bad cache shard only costs the cache).  Devices are stand-ins made in the test's folder, so
a wrong write clobbers nothing of the system; the real /dev/null and /dev/stdout are checked in a
subprocess, and only with stat checks before and after.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from tests.helpers import FifoReader, is_device, make_device

CHECK = ["check", "zh-CN", "--source", "en", "--no-cache"]




def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output and not isinstance(result.exception, (RecursionError, MemoryError))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_output_that_is_a_device_or_a_link_to_one_is_written_in_place(graph_docs: Path, option: str) -> None:
    null = make_device(graph_docs / "null", 3)
    link = graph_docs / "to-null"
    link.symlink_to(null)
    for path in (null, link):
        code, _, stderr = _run(*CHECK, option, str(path))
        assert code in (0, 1), stderr
        assert is_device(null, 3) and link.is_symlink()
    assert not [child for child in graph_docs.iterdir() if child.name.endswith(".tmp")]


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_output_that_is_a_fifo_gets_the_report_and_stays_a_fifo(graph_docs: Path, option: str) -> None:
    fifo = graph_docs / "report.fifo"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    code, _, stderr = _run(*CHECK, "--format", "json", option, str(fifo))
    assert code in (0, 1), stderr
    report = json.loads(reader.result())
    assert report["findings"] if option == "-o" else report["doclint-baseline"] == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_an_output_fifo_that_no_process_reads_is_a_one_line_error_not_a_hang(graph_docs: Path) -> None:
    fifo = graph_docs / "report.fifo"
    os.mkfifo(fifo)
    code, _, stderr = _run(*CHECK, "-o", str(fifo))
    assert code == 2 and stderr.strip() == f"Error: cannot write {fifo}: a FIFO that no process reads"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_full_device_is_a_one_line_error_with_exit_code_2(graph_docs: Path, option: str) -> None:
    full = make_device(graph_docs / "full", 7)
    code, _, stderr = _run(*CHECK, option, str(full))
    assert code == 2
    assert stderr.strip().endswith("No space left on device") and len(stderr.strip().splitlines()) == 1
    assert is_device(full, 7)


def test_the_real_dev_null_and_dev_stdout_stay_what_they_are(graph_docs: Path) -> None:
    watched = [Path("/dev/null"), Path("/dev/stdout"), Path("/dev/full")]
    before = {path: os.lstat(path) for path in watched}
    try:
        runs = {}
        for name in ("/dev/null", "/dev/stdout", "/dev/full"):
            runs[name] = subprocess.run([sys.executable, "-m", "doclint", *CHECK, "--format", "json", "-o", name],
                                        capture_output=True, text=True, timeout=120, cwd=graph_docs)
    finally:
        for path, info in before.items():
            now = os.lstat(path)
            if (now.st_mode, now.st_ino) != (info.st_mode, info.st_ino) and stat.S_ISCHR(info.st_mode):
                os.unlink(path)  # pragma: no cover - repairs the system should doclint ever clobber it
                os.mknod(path, info.st_mode, info.st_rdev)
    for path, info in before.items():
        assert (os.lstat(path).st_mode, os.lstat(path).st_ino) == (info.st_mode, info.st_ino), path
    assert runs["/dev/null"].returncode in (0, 1) and runs["/dev/null"].stdout == ""
    assert runs["/dev/stdout"].returncode in (0, 1) and json.loads(runs["/dev/stdout"].stdout)["findings"]
    assert runs["/dev/full"].returncode == 2 and "No space left on device" in runs["/dev/full"].stderr
    assert "Traceback" not in "".join(run.stderr for run in runs.values())


def test_writing_to_a_device_needs_no_temporary_file_beside_it(graph_docs: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # A user who is not root cannot create files in /dev: "-o /dev/stdout" failed with "Permission denied".
    import tempfile

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    null = make_device(graph_docs / "null", 3)
    code, _, stderr = _run(*CHECK, "-o", str(null))
    assert code in (0, 1), stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "link-to-zero", "nested", "folder"])
def test_a_hostile_baseline_is_a_one_line_error_not_a_hang(graph_docs: Path, kind: str) -> None:
    path = graph_docs / "baseline.json"
    if kind == "fifo":
        os.mkfifo(path)  # reading it would block until a writer came
    elif kind == "zero":
        make_device(path, 5)  # reading it would never end
    elif kind == "link-to-zero":
        path.symlink_to("/dev/zero")
    elif kind == "nested":
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    else:
        path.mkdir()
    code, _, stderr = _run(*CHECK, "--baseline", str(path))
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1 and "baseline file" in stderr and "internal error" not in stderr


@pytest.mark.parametrize("kind", ["fifo", "link-to-zero", "nested"])
def test_a_hostile_config_is_a_one_line_error_not_a_hang(graph_docs: Path, kind: str) -> None:
    path = graph_docs / "hostile.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-to-zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code, _, stderr = _run(*CHECK, "--config", str(path))
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1 and "internal error" not in stderr


def test_a_pyproject_swapped_for_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    from doclint.config import ConfigError, _read

    fifo = tmp_path / "pyproject.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        _read(fifo)  # what find_config reads after its is_file() test, should the file be swapped between


@pytest.mark.parametrize("kind", ["fifo", "link-to-zero", "nested", "folder"])
def test_a_hostile_cache_shard_only_costs_the_cache(graph_docs: Path, kind: str) -> None:
    cache = graph_docs / "cache"
    args = ["check", "zh-CN", "--source", "en", "--format", "json", "--cache-dir", str(cache)]
    code, clean, _ = _run(*args)
    shards = sorted(cache.rglob("*.json"))
    assert shards
    for shard in shards:
        shard.unlink()
        if kind == "fifo":
            os.mkfifo(shard)
        elif kind == "link-to-zero":
            shard.symlink_to("/dev/zero")
        elif kind == "nested":
            shard.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
        else:
            shard.mkdir()
    for _ in range(2):  # the second run reads what the first one left
        again, output, stderr = _run(*args)
        assert (again, output) == (code, clean), stderr
    for shard in shards:
        info = os.lstat(shard)
        assert {"fifo": stat.S_ISFIFO, "link-to-zero": stat.S_ISLNK, "nested": stat.S_ISREG,
                "folder": stat.S_ISDIR}[kind](info.st_mode)
