"""Consistency across a locale root (DL511 inconsistent-translation, DL512 shared-translation): the
cross-page step, run once every page of a locale root is checked.

Each page's check builds its index (:func:`doclint.lint.index_page`), which the result cache keeps with
the page's findings, so a warm run groups the indexes without parsing a page.  The findings this step
adds depend on other pages: they are added to the results after the run and never cached.  Inline
directives and per-file ignores were applied when the index was built (a row carries the codes silenced
on its line); the rule set decides whether each rule runs and at what severity.

A run that checks a whole locale root with the result cache records the root's cross-page findings in the
cache, under a digest of what they were computed from (the rules, the root, every page's name and content
key, in order): the next run whose pages all have the same keys takes them from there, without unpacking
an index or reading a page.

When a run checks only part of a locale root (``--shard``, ``--changed-since``, file arguments), the
rest of the root comes from the cache: every other page of the root must have a cached result, with its
index, under the key of its current content (the key the cache's stat records give, or the page's bytes).
Else the step is skipped, saying so once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.finding import Finding
from doclint.registry import REGISTRY, RuleSet
from doclint.results import InconsistencyGroup, PageIndex, PageJob, PageResult, SharedVariant, packed_index
from doclint.reader import read_bytes_or_none

if TYPE_CHECKING:  # the grouping is imported when it runs: a warm run taking the record compiles none of it
    from doclint.cache import PageCache
    from doclint.variants import Group, Spot, Variant

SKIPPED = "doclint: consistency (DL511) skipped: "
#: How many groups an audit lists per locale, and how many pages it names per variant.
AUDIT_GROUPS = 20
AUDIT_PAGES = 3
_SHOWN = 50
#: How many more lines a pair's text is read on for, when it spans lines.
_SPANNED = 20


def page_name(job: PageJob) -> str:
    """A page's path under its locale root (the same for a folder's page and a file argument)."""
    return job.page or job.display


def locale_root(job: PageJob) -> Path:
    """The locale root a page lies in: the folder given, or for a file argument the folder its path under
    the root is relative to."""
    if job.root:
        return _root(job.root)
    depth = len(Path(job.page).parts) if job.page else 1
    parents = job.target.parents
    return parents[depth - 1] if 0 < depth <= len(parents) else job.target.parent


@lru_cache(maxsize=64)
def _root(folder: str) -> Path:
    return Path(folder)


class _Texts:
    """The English and translated text of a pair, read back from its page where the index says it is
    (only for the few spots reported: the index holds hashes, not text)."""

    def __init__(self, targets: Sequence[Path], texts: Sequence[str] | None = None) -> None:
        self.targets = targets
        # Lines as bytes: only the few lines reported are decoded.
        self.lines: dict[int, list[bytes]] = {}
        if texts is not None:
            self.lines = {number: text.encode("utf-8", "surrogatepass").split(b"\n")
                          for number, text in enumerate(texts)}

    def at(self, spot: Spot) -> tuple[str, str]:
        """(English, translation) of the pair at ``spot``; empty strings when it cannot be read."""
        page, line, column = spot[0], spot[1], spot[2]
        lines = self.lines.get(page)
        if lines is None:
            # The page was read when it was checked or cached: no need to tell why it cannot be now.
            lines = self.lines[page] = (read_bytes_or_none(self.targets[page]) or b"").split(b"\n")
        if not 0 < line <= len(lines):
            return "", ""
        rest = lines[line - 1].decode("utf-8", "replace")[column - 1:]
        if "</span></span>" not in rest:  # a pair whose text spans lines: read on to its English's end
            rest = "\n".join([rest, *(part.decode("utf-8", "replace") for part in lines[line:line + _SPANNED])])
        translation, _, after = rest.partition("</span>")
        english = ""
        marker = after.find('data-stu-id="')
        if marker >= 0:
            opened = after.find('">', marker)
            if opened >= 0:
                english = after[opened + 2:].partition("</span>")[0]
        return english, translation


def add_findings(results: Sequence[PageResult], ruleset: RuleSet,
                 others: Sequence[tuple[PageJob, PageIndex]] = (),
                 texts: Sequence[str] | None = None, largest: bool = False) -> list[InconsistencyGroup]:
    """Add the DL511 and DL512 findings of one locale root to ``results`` (its pages this run checked), with
    ``others`` (each other page of the root: its job and cached index) taking part in the groups.  Returns
    the largest DL511 groups when ``largest`` is set (for an audit), else nothing.  ``texts``: the pages'
    texts, when they are not files."""
    added, shown = _found(results, ruleset, others, texts, largest)
    _add(results, added)
    return shown


def _add(results: Sequence[PageResult], added: dict[int, list[Finding]]) -> None:
    """Add the cross-page findings ``added`` (by the page's number in ``results``) to the pages' findings."""
    for number, findings in added.items():
        result = results[number]
        result.findings = sorted([*result.findings, *findings])


def _found(results: Sequence[PageResult], ruleset: RuleSet, others: Sequence[tuple[PageJob, PageIndex]] = (),
           texts: Sequence[str] | None = None,
           largest: bool = False) -> tuple[dict[int, list[Finding]], list[InconsistencyGroup]]:
    """The cross-page findings of ``results`` by page number, and the largest DL511 groups when ``largest``
    is set (see :func:`add_findings`)."""
    from doclint.text import shorten, shorten_apart
    from doclint.variants import QUIET, groups, minority

    codes = ruleset.cross_page_codes()
    if not codes:
        return {}, []
    indexes = [packed_index(result.index) or b"" for result in results] + \
        [packed_index(index) or b"" for _, index in others]
    read = _Texts([result.job.target for result in results] + [job.target for job, _ in others], texts)
    checked = len(results)
    added: dict[int, list[Finding]] = {}
    shown: list[InconsistencyGroup] = []
    for code in codes:
        rule = REGISTRY[code]
        severity = ruleset.severity(rule)
        bit = QUIET.get(code, 0)
        found = groups(indexes, by_translation=code != "DL511")
        for group in found:
            for variant, told in minority(group):
                spots = [spot for spot in variant.spots if spot[0] < checked and not spot[3] & bit]
                if not spots:
                    continue
                told_english, told_text = read.at(told.spots[0])
                tie = len(told.pages) == len(variant.pages)
                for spot in spots:
                    english, translation = read.at(spot)
                    told_shown, own_shown = (shorten_apart(told_english, english, _SHOWN) if code == "DL512"
                                             else shorten_apart(told_text, translation, _SHOWN))
                    added.setdefault(spot[0], []).append(Finding(
                        results[spot[0]].job.display, spot[1], spot[2], code, rule.name, severity,
                        _message(code, told_shown, own_shown, len(told.pages), tie),
                        shorten(english, _SHOWN), shorten(translation, _SHOWN)))
        if code == "DL511" and largest:
            shown = [_shown(group, read, results, others) for group in found[:AUDIT_GROUPS]]
    return added, shown


def _message(code: str, told: str, own: str, pages: int, tie: bool) -> str:
    count = f"{pages} page{'s' if pages != 1 else ''}"
    if code == "DL511":
        return (f'this English is translated "{told}" on {count} of the locale'
                f'{" (as many as this variant)" if tie else ""}; here "{own}"')
    return f'this translation stands for the English "{told}" on {count} of the locale; here "{own}"'


def _shown(group: Group, read: _Texts, results: Sequence[PageResult],
           others: Sequence[tuple[PageJob, PageIndex]]) -> InconsistencyGroup:
    """A DL511 group as an audit lists it."""
    from doclint.text import shorten, shorten_apart

    def name(page: int) -> str:
        return (results[page].job if page < len(results) else others[page - len(results)][0]).display

    texts = [read.at(found.spots[0])[1] for found in group.variants]

    def variant(number: int, found: Variant) -> SharedVariant:
        where: list[tuple[str, int]] = []
        seen: set[int] = set()
        for spot in found.spots:
            if spot[0] not in seen and len(where) < AUDIT_PAGES:
                seen.add(spot[0])
                where.append((name(spot[0]), spot[1]))
        # Each variant shown from where it differs from the majority (the majority: from the runner-up).
        shown = shorten_apart(texts[number], texts[1 if number == 0 else 0], _SHOWN)[0]
        return SharedVariant(shown, len(found.pages), tuple(where))

    return InconsistencyGroup(shorten(read.at(group.variants[0].spots[0])[0], _SHOWN), group.pages,
                              tuple(variant(number, found) for number, found in enumerate(group.variants)))


def cross_page(results: list[PageResult], discovered: Iterable[PageJob], ruleset: RuleSet, cache: PageCache | None,
               discover_root: Callable[[Path], list[PageJob]], say: Callable[[str], None],
               at_handoff: Callable[[list[PageJob]], list[PageJob]] = list) -> None:
    """Add the cross-page findings to a check's ``results``, root by root.

    ``discovered``: the jobs before ``--shard`` and ``--changed-since`` chose some (a root given as a folder
    is whole when all of its jobs were checked); ``discover_root(root)`` gives every job of a locale root
    a file argument lies in.  A root checked in part takes the rest of its pages from ``cache``, each job
    given the English at handoff the checked ones were given (``at_handoff``: the cache keys them by it);
    when that cannot be done, ``say`` hears why, once."""
    if not ruleset.cross_page_codes() or not results:
        return
    whole: dict[Path, list[PageJob]] = {}
    for job in discovered:
        if job.root:
            whole.setdefault(locale_root(job), []).append(job)
    by_root: dict[Path, list[PageResult]] = {}
    for result in results:
        by_root.setdefault(locale_root(result.job), []).append(result)
    reasons: list[str] = []
    for root, part in by_root.items():
        if any(result.index is None for result in part):
            reasons.append(f"a page of {root.as_posix()} has no index")
            continue
        names = {page_name(result.job) for result in part}
        jobs = whole.get(root) if part[0].job.root else None
        if jobs is not None and len(names) == len({page_name(job) for job in jobs}):
            _whole(root, part, ruleset, cache)
            continue
        if cache is None:
            reasons.append(f"--no-cache, and this run checked only part of {root.as_posix()}")
            continue
        if jobs is None:
            try:
                jobs = discover_root(root)
            except Exception as error:  # a root that cannot be walked now costs this step, not the run
                reasons.append(f"{root.as_posix()} cannot be walked ({error})")
                continue
        rest = at_handoff([job for job in jobs if page_name(job) not in names])
        others = _cached(rest, cache)
        if isinstance(others, str):
            reasons.append(f"{others} {root.as_posix()} (check the whole locale root once with the cache "
                           "to compare a part of it)")
            continue
        add_findings(part, ruleset, others)
    if cache is not None:
        cache.save()  # the indexes made again where the cache had lost them
    if reasons:
        say(SKIPPED + reasons[0] + (f"; and {len(reasons) - 1} more locale root(s)" if len(reasons) > 1 else ""))


def _whole(root: Path, part: list[PageResult], ruleset: RuleSet, cache: PageCache | None) -> None:
    """Add the cross-page findings of a whole locale root's pages ``part``: the cache's record of them when it
    was made from these very pages under these rules, else computed (and recorded for the next run)."""
    digest = _digest(root, part, ruleset) if cache is not None else None
    if cache is not None and digest is not None:
        kept = cache.cross_page(root.as_posix(), digest)
        if kept is not None and all(0 <= number < len(part) for number in kept):
            _add(part, kept)
            return
    added, _ = _found(part, ruleset)
    _add(part, added)
    if cache is not None and digest is not None:
        cache.keep_cross_page(root.as_posix(), digest, added)


def _digest(root: Path, part: Sequence[PageResult], ruleset: RuleSet) -> str | None:
    """What a root's cross-page findings are computed from: the cross-page rules and their severities, the
    root, and each page's name and content key in order (the key covers the page's bytes, its English, its
    paths, the rule set and the code); ``None`` when a page has no key (it is not cached)."""
    parts = [f"{code}:{ruleset.severity(REGISTRY[code]).value}" for code in ruleset.cross_page_codes()]
    parts.append(root.as_posix())
    for result in part:
        if result.key is None:
            return None
        parts += (result.job.display, result.key)
    # A JSON list tells its items apart whatever they hold; one digest of it costs a few milliseconds.
    text = json.dumps(parts, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _cached(jobs: Sequence[PageJob], cache: PageCache) -> list[tuple[PageJob, PageIndex]] | str:
    """The cached index of each of ``jobs`` under its current key, or why they cannot all be had."""
    found: list[tuple[PageJob, PageIndex]] = []
    missing = 0
    for job in jobs:
        if job.english_outside:
            continue  # never cached, nor compared with the English: left out of the groups
        key = cache.key(job)
        index: PageIndex = cache.index(key) if key is not None else None  # without decoding the page's findings
        if index is None:  # not cached, or its index lost (made again when the page's result is cached)
            result = cache.get(key, job) if key is not None else None
            if result is None or result.index is None:
                missing += 1
                continue
            index = result.index
        found.append((job, index))
    if missing:
        return f"the cache holds no current result of {missing} other page(s) of"
    return found


def check_texts(pages: Sequence[tuple[str, str]], ruleset: RuleSet) -> list[list[Finding]]:
    """The findings of pages given as (name, text) making up a locale root, none compared with an English
    page, cross-page findings included (the rule documents' examples)."""
    from doclint.context import Context
    from doclint.lint import index_page, lint
    from doclint.parse import parse_page

    results = []
    for name, text in pages:
        page = parse_page(text)
        results.append(PageResult(PageJob(name, Path(name)), lint(Context(name, page, None), ruleset), False,
                                  index=index_page(page, ruleset)))
    add_findings(results, ruleset, texts=[text for _, text in pages])
    return [result.findings for result in results]
