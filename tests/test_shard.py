"""``--shard K/N``: the N shards partition the pages exactly, are balanced by size, and are the same everywhere."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.results import PageJob
from doclint.select_pages import SelectionError, parse_shard, shard

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph-docs"


@pytest.fixture
def pages(tmp_path: Path) -> list[PageJob]:
    """40 pages of uneven sizes (a few big ones, many small ones), in path order."""
    sizes = random.Random(5).choices([200, 900, 3000, 12000, 40000], weights=[10, 8, 5, 2, 1], k=40)
    jobs = []
    for number, size in enumerate(sizes):
        page = tmp_path / f"p{number:02}.md"
        page.write_text("x" * size, encoding="utf-8")
        jobs.append(PageJob(page.name, page))
    return jobs


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7])
def test_the_shards_partition_the_pages(pages: list[PageJob], count: int) -> None:
    shards = [shard(pages, index, count) for index in range(1, count + 1)]
    names = [job.display for part in shards for job in part]
    assert sorted(names) == sorted(job.display for job in pages)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("count", [2, 3, 4, 7])
def test_the_shards_are_balanced_by_size(pages: list[PageJob], count: int) -> None:
    sizes = {job.display: job.target.stat().st_size for job in pages}
    loads = [sum(sizes[job.display] for job in shard(pages, index, count)) for index in range(1, count + 1)]
    # Largest-first greedy never leaves two shards further apart than the biggest page.
    assert max(loads) - min(loads) <= max(sizes.values())
    assert max(loads) <= sum(sizes.values()) / count + max(sizes.values())


def test_the_shards_do_not_depend_on_the_order_pages_are_found_in(pages: list[PageJob]) -> None:
    shuffled = pages[:]
    random.Random(1).shuffle(shuffled)
    for index in (1, 2, 3):
        assert {job.display for job in shard(pages, index, 3)} == {job.display for job in shard(shuffled, index, 3)}


def test_a_shard_keeps_the_pages_in_their_order(pages: list[PageJob]) -> None:
    part = shard(pages, 2, 3)
    assert [job.display for job in part] == sorted(job.display for job in part)


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "3", "a/b", "1/2/3"])
def test_a_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(SelectionError):
        parse_shard(text)


def test_parse_shard_reads_k_of_n() -> None:
    assert parse_shard("2/5") == (2, 5)
    assert parse_shard(" 1 / 1 ") == (1, 1)


def test_the_shards_of_a_run_find_every_finding_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES, tmp_path / "docs")
    monkeypatch.chdir(tmp_path / "docs")

    def run(*args: str) -> tuple[int, dict]:
        result = CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "zh-CN", "--format", "json", *args])
        return result.exit_code, json.loads(result.stdout)

    _, whole = run()
    parts = [run("--shard", f"{index}/3")[1] for index in (1, 2, 3)]
    assert sum(part["summary"]["pages"] for part in parts) == whole["summary"]["pages"] == 12
    assert all(part["summary"]["pages"] > 0 for part in parts)
    key = lambda f: (f["path"], f["line"], f["code"], f["message"])  # noqa: E731
    assert sorted(map(key, (f for part in parts for f in part["findings"]))) == sorted(map(key, whole["findings"]))


def test_a_bad_shard_option_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    result = CliRunner().invoke(cli, ["check", "--source", "en", "pt-BR", "--shard", "5/4"])
    assert result.exit_code == 2
    assert "--shard" in result.stderr
