"""The result cache: a warm run gives the cold run's results, and nothing untrustworthy is ever served."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint import cache as cache_module
from doclint.cache import PageCache
from doclint.cli import cli
from doclint.engine import check_page, check_pages
from doclint.finding import Severity
from doclint.registry import RuleSet
from doclint.results import PageJob

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "graph-docs"


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    """A private copy of the fixture docs, so tests can edit pages."""
    shutil.copytree(DOCS, tmp_path / "docs")
    return tmp_path / "docs"


def _jobs(docs: Path) -> list[PageJob]:
    return [PageJob(page.relative_to(docs / "zh-CN").as_posix(), page,
                    docs / "en" / page.relative_to(docs / "zh-CN"), "zh-CN")
            for page in sorted((docs / "zh-CN").rglob("*.md"))]


def _shape(results) -> list[tuple]:
    return [(r.job.display, r.findings, r.english_compared) for r in results]


def _fresh(jobs: list[PageJob], ruleset: RuleSet) -> list[tuple]:
    return _shape(check_page(job, ruleset) for job in jobs)


def test_a_warm_run_serves_every_page_from_the_cache_with_equal_results(docs: Path, tmp_path: Path) -> None:
    jobs, ruleset = _jobs(docs), RuleSet.default()
    cold = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=cold)) == _fresh(jobs, ruleset)
    assert (cold.hits, cold.misses) == (0, len(jobs))
    warm = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=warm)) == _fresh(jobs, ruleset)
    assert (warm.hits, warm.misses) == (len(jobs), 0)
    # Fixes survive the round trip too (the engine compares findings without them).
    served = [f.fix for r in check_pages(jobs, ruleset, cache=PageCache(tmp_path / "cache", ruleset))
              for f in r.findings]
    assert served == [f.fix for job in jobs for f in check_page(job, ruleset).findings]


def test_editing_either_page_or_the_rule_set_misses(docs: Path, tmp_path: Path) -> None:
    jobs, ruleset = _jobs(docs), RuleSet.default()
    list(check_pages(jobs, ruleset, cache=PageCache(tmp_path / "cache", ruleset)))
    edited = jobs[0]
    edited.target.write_text(edited.target.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    assert edited.english is not None
    other = jobs[1]
    assert other.english is not None
    other.english.write_text(other.english.read_text(encoding="utf-8") + "\nMore English.\n", encoding="utf-8")
    again = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=again)) == _fresh(jobs, ruleset)
    assert again.misses == 2
    stricter = RuleSet(ruleset.rules, {rule.code: Severity.INFO for rule in ruleset.rules})
    assert stricter.fingerprint() != ruleset.fingerprint()
    other_rules = PageCache(tmp_path / "cache", stricter)
    results = list(check_pages(jobs, stricter, cache=other_rules))
    assert other_rules.hits == 0
    assert all(f.severity is Severity.INFO for r in results for f in r.findings if f.code != "DL000")


def test_the_displayed_path_is_part_of_the_key(docs: Path, tmp_path: Path) -> None:
    job, ruleset = _jobs(docs)[0], RuleSet.default()
    list(check_pages([job], ruleset, cache=PageCache(tmp_path / "cache", ruleset)))
    renamed = PageJob("elsewhere/" + job.display, job.target, job.english, job.locale)
    result = next(check_pages([renamed], ruleset, cache=PageCache(tmp_path / "cache", ruleset)))
    assert all(f.path == renamed.display for f in result.findings)


def _shard_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign-header", "wrong-key", "bad-types"])
def test_a_damaged_cache_is_never_trusted(docs: Path, tmp_path: Path, damage: str) -> None:
    jobs, ruleset = _jobs(docs), RuleSet.default()
    folder = tmp_path / "cache"
    list(check_pages(jobs, ruleset, cache=PageCache(folder, ruleset)))
    shards = _shard_files(folder)
    assert shards
    for shard in shards:
        data = shard.read_bytes()
        if damage == "truncate":
            shard.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            shard.write_bytes(b"\xff\x00not json")
        else:
            document = json.loads(data)
            if damage == "foreign-header":
                document["version"] = 999
            else:
                entries = document["entries"]
                for key, entry in entries.items():
                    if damage == "wrong-key":
                        entry[0] = "0" * 32  # an entry copied under another key
                    else:
                        entry[1:3] = ["yes", [[None] * 10]]
                    entries[key] = entry
            shard.write_text(json.dumps(document), encoding="utf-8")
    damaged = PageCache(folder, ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=damaged)) == _fresh(jobs, ruleset)
    assert damaged.hits == 0
    # The run rewrote the entries it needed: the next run is warm again.
    healed = PageCache(folder, ruleset)
    list(check_pages(jobs, ruleset, cache=healed))
    assert healed.hits == len(jobs)


def test_an_unwritable_cache_folder_costs_only_the_cache(docs: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    jobs, ruleset = _jobs(docs), RuleSet.default()
    assert _shape(check_pages(jobs, ruleset, cache=PageCache(blocker / "cache", ruleset))) == _fresh(jobs, ruleset)


def test_changed_code_changes_the_namespace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ruleset = RuleSet.default()
    before = PageCache(tmp_path, ruleset).namespace
    monkeypatch.setattr(cache_module.doclint, "__version__", "999.0")
    assert PageCache(tmp_path, ruleset).namespace != before


def _in_work_folder(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A current folder with no config (where the default cache folder goes), and the arguments of a check
    of the fixture docs from there."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work, ["check", str(docs / "zh-CN"), "--source", str(docs / "en"), "--format", "json", "--jobs", "1"]


def test_cli_cache_options(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, arguments = _in_work_folder(docs, tmp_path, monkeypatch)
    runner = CliRunner()
    uncached = runner.invoke(cli, [*arguments, "--no-cache"])
    assert not (work / ".doclint_cache").exists()
    assert not any(path.name == ".doclint_cache" for path in docs.rglob("*"))
    first = runner.invoke(cli, arguments)
    assert (work / ".doclint_cache").is_dir()  # no config: the current folder
    second = runner.invoke(cli, arguments)
    assert uncached.output == first.output == second.output
    assert json.loads(first.output)["findings"]
    chosen = tmp_path / "chosen"
    third = runner.invoke(cli, [*arguments, "--cache-dir", str(chosen)])
    assert third.output == first.output
    assert _shard_files(chosen)
    assert not any(path.name == ".doclint_cache" for path in docs.rglob("*"))


def test_unchanged_files_are_known_by_their_stat_and_any_write_is_seen(docs: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    jobs, ruleset = _jobs(docs), RuleSet.default()
    monkeypatch.setattr(cache_module, "SETTLED_SECONDS", -60.0)  # treat the fresh copies as settled
    list(check_pages(jobs, ruleset, cache=PageCache(tmp_path / "cache", ruleset)))
    reads: list[Path] = []
    real_read, real_read_page = cache_module.read_bytes_or_none, cache_module.read_page
    monkeypatch.setattr(cache_module, "read_bytes_or_none", lambda path: reads.append(path) or real_read(path))
    monkeypatch.setattr(cache_module, "read_page", lambda path: reads.append(path) or real_read_page(path))
    warm = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=warm)) == _fresh(jobs, ruleset)
    assert warm.hits == len(jobs) and reads == []
    # Same size, same mtime put back: only the ctime tells, and it must be enough.
    page = jobs[0].target
    before = page.stat()
    time.sleep(0.05)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("|", "!", 1), encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size
    again = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=again)) == _fresh(jobs, ruleset)
    assert again.misses == 1 and reads == [page, jobs[0].english]


def test_recently_written_files_are_never_known_by_stat(docs: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    jobs, ruleset = _jobs(docs), RuleSet.default()  # the copies were just written: not settled
    list(check_pages(jobs, ruleset, cache=PageCache(tmp_path / "cache", ruleset)))
    assert not list((tmp_path / "cache").rglob("stat-*.json"))


# A page whose property name is translated (an error), and the same page with it kept (clean).
_ENGLISH = "# widget\n\n| Property | Type | Description |\n|:---|:---|:---|\n| name | String | The name. |\n"


def _widget(name: str) -> str:
    from tests.helpers import pair

    return (f"# {pair('a1-101', '小部件', 'widget')}\n\n"
            f"| {pair('a1-103', '属性', 'Property')} | {pair('a1-104', '类型', 'Type')} | "
            f"{pair('a1-105', '说明', 'Description')} |\n|:---|:---|:---|\n"
            f"| {pair('a1-106', name, 'name')} | {pair('a1-107', 'String', 'String')} | "
            f"{pair('a1-108', '名称。', 'The name.')} |\n")


DEFECTIVE, CLEAN = _widget("名称"), _widget("name")


def _widget_docs(root: Path, text: str) -> list[PageJob]:
    (root / "en").mkdir(parents=True)
    (root / "zh-CN").mkdir()
    (root / "en" / "widget.md").write_text(_ENGLISH, encoding="utf-8")
    (root / "zh-CN" / "widget.md").write_text(text, encoding="utf-8")
    return [PageJob("widget.md", root / "zh-CN" / "widget.md", root / "en" / "widget.md", "zh-CN")]


def _edit_after_lookup(monkeypatch: pytest.MonkeyPatch, path: Path, text: str) -> None:
    """Make ``path`` (a page or its English) change to ``text`` just after the cache computed the page's key
    (once): an edit mid-run."""
    real_key = PageCache.key

    def key_then_edit(self: PageCache, job: PageJob) -> str | None:
        key = real_key(self, job)
        if path in (job.target, job.english):
            monkeypatch.setattr(PageCache, "key", real_key)
            path.write_text(text, encoding="utf-8")
        return key

    monkeypatch.setattr(PageCache, "key", key_then_edit)


@pytest.mark.parametrize("settled", [False, True], ids=["racy", "stat-known"])
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("first, meanwhile", [(DEFECTIVE, CLEAN), (CLEAN, DEFECTIVE)], ids=["hides", "invents"])
def test_a_page_edited_mid_run_is_never_cached_under_its_old_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  settled: bool, workers: int, first: str,
                                                                  meanwhile: str) -> None:
    from doclint import parallel

    jobs, ruleset = _widget_docs(tmp_path / "docs", first), RuleSet.default()
    page = jobs[0].target
    if settled:
        monkeypatch.setattr(cache_module, "SETTLED_SECONDS", -60.0)  # the stat record is written and trusted
    monkeypatch.setattr(parallel, "MIN_PARALLEL_PAGES", 1)  # with 2 workers, the check runs in a worker
    _edit_after_lookup(monkeypatch, page, meanwhile)
    during = list(check_pages(jobs, ruleset, workers=workers, cache=PageCache(tmp_path / "cache", ruleset)))
    assert page.read_text(encoding="utf-8") == meanwhile
    assert _shape(during) == _fresh(jobs, ruleset)  # what the page held when it was checked
    page.write_text(first, encoding="utf-8")  # `git checkout` brings the text looked up back
    for _ in range(2):
        later = PageCache(tmp_path / "cache", ruleset)
        assert _shape(check_pages(jobs, ruleset, cache=later)) == _fresh(jobs, ruleset)
    assert any(f.code == "DL201" for f in check_page(jobs[0], ruleset).findings) == (first == DEFECTIVE)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_english_page_edited_mid_run_is_never_cached_under_its_old_text(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch,
                                                                           workers: int) -> None:
    from doclint import parallel

    jobs, ruleset = _widget_docs(tmp_path / "docs", CLEAN), RuleSet.default()
    english = jobs[0].english
    assert english is not None
    monkeypatch.setattr(parallel, "MIN_PARALLEL_PAGES", 1)
    _edit_after_lookup(monkeypatch, english, _ENGLISH + "\nA paragraph the page lacks.\n")
    during = list(check_pages(jobs, ruleset, workers=workers, cache=PageCache(tmp_path / "cache", ruleset)))
    assert any(f.code == "DL103" for f in during[0].findings)  # checked against the English as edited
    english.write_text(_ENGLISH, encoding="utf-8")
    later = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=later)) == _fresh(jobs, ruleset) == [("widget.md", [], True)]


def test_a_page_edited_just_after_fix_wrote_it_is_never_cached_under_the_new_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from doclint import fix as fix_module

    jobs, ruleset = _widget_docs(tmp_path / "docs", DEFECTIVE), RuleSet.default()
    page = jobs[0].target
    real_write = fix_module.write_atomic

    def write_then_edit(path: Path, data: bytes, **options: bool) -> None:
        real_write(path, data, **options)
        page.write_text(DEFECTIVE, encoding="utf-8")  # someone puts the old text back at once

    monkeypatch.setattr(fix_module, "write_atomic", write_then_edit)
    outcomes = list(fix_module.fix_and_check(jobs, ruleset, cache=PageCache(tmp_path / "cache", ruleset)))
    assert outcomes[0][0] is not None and outcomes[0][0].written
    assert not any(f.code == "DL201" for f in outcomes[0][1].findings)  # the findings of the text written
    later = PageCache(tmp_path / "cache", ruleset)
    assert _shape(check_pages(jobs, ruleset, cache=later)) == _fresh(jobs, ruleset)
    assert any(f.code == "DL201" for f in _fresh(jobs, ruleset)[0][1])


def test_a_linked_cache_folder_or_a_link_inside_it_is_never_written_through(docs: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository can commit ``.doclint_cache`` (or a folder in it) as a symbolic link: the cache would be
    written wherever it points."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    work, arguments = _in_work_folder(docs, tmp_path, monkeypatch)
    runner = CliRunner()
    uncached = runner.invoke(cli, [*arguments, "--no-cache"])
    (work / ".doclint_cache").symlink_to(elsewhere, target_is_directory=True)
    linked = runner.invoke(cli, arguments)
    assert linked.stdout == uncached.stdout and linked.exit_code == uncached.exit_code
    assert ".doclint_cache is a symbolic link" in linked.stderr
    assert not any(elsewhere.iterdir())
    # A link one level down: the run uses the cache folder, and writes nothing through the link.
    (work / ".doclint_cache").unlink()
    (work / ".doclint_cache").mkdir()
    (work / ".doclint_cache" / f"v{cache_module.VERSION}").symlink_to(elsewhere, target_is_directory=True)
    inner = runner.invoke(cli, arguments)
    assert inner.stdout == uncached.stdout and not inner.stderr
    assert not any(elsewhere.iterdir())
    # A folder the user names is theirs to link: --cache-dir follows it.
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    (work / "named").symlink_to(chosen, target_is_directory=True)
    named = runner.invoke(cli, [*arguments, "--cache-dir", str(work / "named")])
    assert named.stdout == uncached.stdout and not named.stderr
    assert _shard_files(chosen)
