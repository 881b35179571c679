"""Apply the certain fixes the rules attach to their findings, and write pages back safely.

A fix replaces one stretch of the page text (the lines of one code block, one table cell) by
what the English has.  Fixes are applied in rounds: the non-overlapping ones first, then the
page is parsed and checked again, a bounded number of times.  A page is written only when it
can be written back byte for byte as it was stored (encoding, BOM, line endings), it has no
parse error before or after, it did not change on disk while being fixed, it is not read-only
and it has no other hard link; it is written atomically (a temporary file in the same folder,
then a rename), keeping its permissions, owner and group.  A fixing run first removes the stale
temporary files a killed run left beside the pages (see :mod:`doclint.atomic`).  Nothing here prints.

``check --fix`` uses :func:`fix_and_check`: its rounds run every rule of the rule set, not only
the fixable ones, so the findings of the last round are the page's findings as written, and a
page with nothing to fix costs what checking it costs.  Pages are fixed on worker processes,
like checks, and the result cache spares the pages it knows have nothing to fix.
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.atomic import remove_stale_temporaries, write_atomic
from doclint.context import Context
from doclint.engine import check_page, check_pages, load_english
from doclint.finding import Finding, Fix, Problem
from doclint.lint import lint
from doclint.page import Page
from doclint.parallel import map_pages
from doclint.parse import parse_page
from doclint.reader import PageText, decode, read_bytes_or_none
from doclint.registry import RuleSet
from doclint.results import PageJob, PageResult

if TYPE_CHECKING:
    from doclint.cache import PageCache

#: Parser problems that make a page's structure uncertain: such a page is never rewritten.
PARSE_ERRORS = frozenset({"DL001", "DL002", "DL003", "DL005"})

#: Rounds of fixing before giving up on overlapping fixes.
MAX_ROUNDS = 4


@dataclass
class FixOutcome:
    """What fixing one page did: its text before and after, how many fixes, why it was left alone."""

    display: str
    path: Path
    before: str = ""
    after: str = ""
    applied: int = 0
    skipped: str = ""
    written: bool = False

    @property
    def changed(self) -> bool:
        """Whether fixing changed the page's text."""
        return not self.skipped and self.before != self.after

    def diff(self) -> str:
        """The unified diff of the fix (empty when nothing changed)."""
        if not self.changed:
            return ""
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     f"a/{self.display}", f"b/{self.display}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in lines)


def fixable(ruleset: RuleSet) -> RuleSet:
    """The part of ``ruleset`` whose rules can fix what they find."""
    return RuleSet(tuple(rule for rule in ruleset.rules if rule.fixable), ruleset.severities, ruleset.file_ignores)


def parse_errors(page: Page) -> list[str]:
    """The parse problems of ``page`` that forbid rewriting it, as ``CODE: message``."""
    return [f"{problem.code}: {problem.message}" for problem in page.problems if problem.code in PARSE_ERRORS]


def _fixes(findings: list[Finding], page: Page, codes: frozenset[str]) -> list[Fix]:
    """The fixes of the findings of rules ``codes``, sorted, without duplicates or no-ops."""
    fixes = {finding.fix for finding in findings if finding.fix is not None and finding.code in codes}
    return sorted(fix for fix in fixes
                  if 0 <= fix.start <= fix.end <= len(page.text)
                  and page.text[fix.start:fix.end] != fix.replacement)


def _fixable_codes(ruleset: RuleSet) -> frozenset[str]:
    return frozenset(rule.code for rule in ruleset.rules if rule.fixable)


def _apply(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply the fixes that overlap no earlier one; return the text and how many were applied."""
    chosen: list[Fix] = []
    for fix in fixes:
        if chosen and (fix.start < chosen[-1].end or fix.start == chosen[-1].start):
            continue  # overlapping: left for the next round, against the re-checked page
        chosen.append(fix)
    for fix in reversed(chosen):
        text = text[: fix.start] + fix.replacement + text[fix.end :]
    return text, len(chosen)


@dataclass
class _Rounds:
    """What the fixing rounds made of a page's text, and the findings of the text they left."""

    text: str
    applied: int
    refused: str
    findings: list[Finding]


def _fix_rounds(display: str, text: str, english: Page | None, ruleset: RuleSet, ignored: frozenset[str],
                problems: Sequence[Problem] = ()) -> _Rounds:
    """Fix ``text`` (LF line ends) in rounds with the fixable rules of ``ruleset``.

    The findings are those of every rule of ``ruleset`` on the text returned (``problems``, such
    as a missing English page, are added to each parse).  The text comes back unchanged, with a
    reason, when the page has a parse error or a fix would give it one.
    """
    codes = _fixable_codes(ruleset)
    page = parse_page(text)
    findings = lint(Context(display, page, english), ruleset, ignored, problems)
    fixes = _fixes(findings, page, codes)
    errors = parse_errors(page)
    if errors:
        return _Rounds(text, 0, f"not fixed: the page has a parse error ({errors[0]})" if fixes else "", findings)
    original = findings
    current, applied, seen = text, 0, {text}
    for _ in range(MAX_ROUNDS):
        if not fixes:
            break
        fixed, count = _apply(current, fixes)
        if fixed in seen:
            break  # the fixes undo each other: keep the last text reached
        seen.add(fixed)
        page = parse_page(fixed)
        errors = parse_errors(page)
        if errors:
            return _Rounds(text, 0, f"not fixed: fixing would give the page a parse error ({errors[0]})", original)
        current, applied = fixed, applied + count
        findings = lint(Context(display, page, english), ruleset, ignored, problems)
        fixes = _fixes(findings, page, codes)
    return _Rounds(current, applied, "", findings)


def fix_text(display: str, text: str, english: Page | None, ruleset: RuleSet,
             ignored: frozenset[str] = frozenset()) -> tuple[str, int, str]:
    """Fix a page given as text (LF line ends): the fixed text, the number of fixes, and why not if refused.

    The text comes back unchanged, with a reason, when the page has a parse error or a fix
    would give it one.
    """
    rounds = _fix_rounds(display, text, english, fixable(ruleset), ignored)
    return rounds.text, rounds.applied, rounds.refused


def encode(text: str, stored: PageText, original: bytes) -> bytes:
    """``text`` (LF line ends) in the stored form of the page: its encoding, BOM and line ends."""
    body = text.replace("\n", stored.newline) if stored.newline != "\n" else text
    if stored.encoding == "utf-16":
        big = original.startswith(codecs.BOM_UTF16_BE)
        return (codecs.BOM_UTF16_BE if big else codecs.BOM_UTF16_LE) + body.encode("utf-16-be" if big else "utf-16-le")
    return (codecs.BOM_UTF8 if stored.bom else b"") + body.encode("utf-8")


def _fix_page(job: PageJob, ruleset: RuleSet, *, write: bool, check: bool,
              namespace: str | None = None) -> tuple[FixOutcome, PageResult | None]:
    """Fix one page; with ``check``, also the result of every rule on the page as it now stands on disk
    (``None`` when it is not known without reading the page again: unreadable, changed meanwhile, not written).

    With a cache ``namespace``, the result's ``key`` is the cache key of the bytes it is the result of:
    those read, or those written.
    """
    outcome = FixOutcome(job.display, job.target)
    original = read_bytes_or_none(job.target)  # never blocks, even on a FIFO named like a page
    stored = decode(original) if original is not None else None
    if original is None or stored is None or stored.text is None:
        outcome.skipped = "not fixed: the page cannot be read"
        return outcome, None
    if encode(stored.text, stored, original) != original:
        outcome.skipped = "not fixed: mixed line endings; the page could not be written back as it is stored"
        return outcome, None
    english, missing, _ = load_english(job)
    ignored = ruleset.file_ignores.codes_for(job.target, job.display) if ruleset.file_ignores else frozenset()
    rounds = _fix_rounds(job.display, stored.text, english, ruleset if check else fixable(ruleset), ignored,
                         [missing] if missing is not None else [])
    outcome.before, outcome.after, outcome.applied, outcome.skipped = \
        stored.text, rounds.text, rounds.applied, rounds.refused
    result = PageResult(job, rounds.findings, english is not None) if check else None
    english_part = b""
    if result is not None and namespace is not None:
        from doclint.cache import checked_english_part, content_key

        english_part = checked_english_part(job, english, missing)
        result.key = content_key(namespace, job, original, english_part)
    if not outcome.changed or not write:
        return outcome, result
    if read_bytes_or_none(job.target) != original:
        outcome.skipped = "not fixed: the page changed on disk while it was being fixed"
        return outcome, None
    refusal = _refusal(job.target)
    if refusal:
        outcome.skipped = refusal
        return outcome, None
    data = encode(outcome.after, stored, original)
    try:
        write_atomic(job.target.resolve(), data)
    except OSError as error:
        outcome.skipped = f"not fixed: cannot write the page: {error.strerror or error}"
        return outcome, None
    outcome.written = True
    # The findings are of the text fixed; they stand for the page only if it reads back as that text.
    if result is None or decode(data).text != outcome.after:
        return outcome, None
    if namespace is not None:
        from doclint.cache import content_key

        result.key = content_key(namespace, job, data, english_part)  # what was written, whatever is there now
    return outcome, result


def _refusal(path: Path) -> str:
    """Why the page at ``path`` is not to be replaced (read-only, or hard-linked), or ``""``.

    A page with several hard links is left alone: replacing it by a new file would split it from
    its other names, and writing it in place would not be atomic (a crash would leave a half page
    under every name).
    """
    try:
        info = os.stat(path)
    except OSError as error:
        return f"not fixed: cannot write the page: {error.strerror or error}"
    # Root may write anything: the mode bits say whether the page is meant to be read-only.
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        return "not fixed: the page is read-only"
    if info.st_nlink > 1:
        return (f"not fixed: the page has {info.st_nlink} hard links; replacing it would split them "
                "and writing it in place would not be atomic")
    return ""


def fix_page(job: PageJob, ruleset: RuleSet, *, write: bool = True) -> FixOutcome:
    """Fix one page on disk (or only compute the fix when ``write`` is false)."""
    return _fix_page(job, ruleset, write=write, check=False)[0]


def fix_and_check_page(job: PageJob, ruleset: RuleSet, namespace: str | None = None) -> tuple[FixOutcome, PageResult]:
    """Fix one page on disk, then its result as :func:`~doclint.engine.check_page` gives it for the page written
    (with the cache key of the bytes it is the result of, given a cache ``namespace``)."""
    outcome, result = _fix_page(job, ruleset, write=True, check=True, namespace=namespace)
    return outcome, result if result is not None else check_page(job, ruleset, namespace=namespace)


def fix_pages(jobs: Sequence[PageJob], ruleset: RuleSet, *, write: bool = True,
              workers: int = 1) -> list[FixOutcome]:
    """Fix every page of ``jobs`` with the fixable rules of ``ruleset`` (on up to ``workers`` processes)."""
    rules = fixable(ruleset)
    if not rules.rules:
        return []
    if write:
        _sweep(jobs)
    return list(map_pages(partial(fix_page, write=write), jobs, rules, workers))


def _sweep(jobs: Sequence[PageJob]) -> None:
    """Remove what a killed ``--fix`` left beside the pages: its stale temporary files (never anything else)."""
    for folder in sorted({job.target.resolve().parent for job in jobs}):
        remove_stale_temporaries(folder)


def fix_and_check(jobs: Sequence[PageJob], ruleset: RuleSet, *, workers: int = 1,
                  cache: PageCache | None = None) -> Iterator[tuple[FixOutcome | None, PageResult]]:
    """Fix every page of ``jobs``, then yield what fixing did and the page's result, in the order of ``jobs``.

    The result is what checking the page as it now stands gives.  A page the ``cache`` knows to
    have no fix to apply is not fixed (its outcome is ``None``); the results of the others are
    stored in the cache under the key of the bytes they are the result of (those written, or those
    read), so a page edited meanwhile never gets another text's findings.
    """
    codes = _fixable_codes(ruleset)
    if not codes:
        yield from ((None, result) for result in check_pages(jobs, ruleset, workers=workers, cache=cache))
        return
    _sweep(jobs)
    known: list[PageResult | None] = [None] * len(jobs)
    if cache is not None:
        for index, job in enumerate(jobs):
            key = cache.key(job)
            result = cache.get(key, job) if key is not None else None
            if result is not None and not any(f.fix is not None and f.code in codes for f in result.findings):
                known[index] = result
    work = partial(fix_and_check_page, namespace=cache.namespace if cache is not None else None)
    fixed = map_pages(work, [job for job, result in zip(jobs, known) if result is None], ruleset, workers)
    try:
        for result in known:
            if result is not None:
                yield None, result
                continue
            outcome, result = next(fixed)
            if cache is not None and result.key is not None:
                # The key of the bytes these findings are of (read or written), not of those looked up.
                cache.put(result.key, result)
            yield outcome, result
    finally:
        fixed.close()
        if cache is not None:
            cache.save()
