"""Apply the certain fixes the rules attach to their findings, and write pages back safely.

A fix replaces one stretch of the page text (the lines of one code block, one table cell) by
what the English has.  Fixes are applied in rounds: the non-overlapping ones first, then the
page is parsed and checked again, a bounded number of times.  A page is written only when it
can be written back byte for byte as it was stored (encoding, BOM, line endings), it has no
parse error before or after, and it did not change on disk while being fixed; it is written
atomically (a temporary file in the same folder, then a rename).  Nothing here prints.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from doclint.engine import PageJob, RuleSet, run_rules
from doclint.finding import Fix
from doclint.page import Page, parse_page
from doclint.reader import PageText, read_page
from doclint.suppress import apply as apply_suppressions

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


def pending_fixes(display: str, page: Page, english: Page | None, ruleset: RuleSet,
                  ignored: frozenset[str] = frozenset()) -> list[Fix]:
    """The fixes of the findings that survive suppressions, sorted, without duplicates or no-ops."""
    rules = fixable(ruleset)
    findings = run_rules(display, page, english, rules)
    findings = apply_suppressions(display, findings, page, rules, compared=english is not None, ignored=ignored)
    fixes = {finding.fix for finding in findings if finding.fix is not None}
    return sorted(fix for fix in fixes
                  if 0 <= fix.start <= fix.end <= len(page.text)
                  and page.text[fix.start:fix.end] != fix.replacement)


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


def fix_text(display: str, text: str, english: Page | None, ruleset: RuleSet,
             ignored: frozenset[str] = frozenset()) -> tuple[str, int, str]:
    """Fix a page given as text (LF line ends): the fixed text, the number of fixes, and why not if refused.

    The text comes back unchanged, with a reason, when the page has a parse error or a fix
    would give it one.
    """
    page = parse_page(text)
    errors = parse_errors(page)
    if errors:
        if not pending_fixes(display, page, english, ruleset, ignored):
            return text, 0, ""
        return text, 0, f"not fixed: the page has a parse error ({errors[0]})"
    current, applied, seen = text, 0, {text}
    for _ in range(MAX_ROUNDS):
        fixes = pending_fixes(display, page, english, ruleset, ignored)
        if not fixes:
            break
        current, count = _apply(current, fixes)
        if current in seen:
            break
        seen.add(current)
        applied += count
        page = parse_page(current)
        errors = parse_errors(page)
        if errors:
            return text, 0, f"not fixed: fixing would give the page a parse error ({errors[0]})"
    return current, applied, ""


def encode(text: str, stored: PageText, original: bytes) -> bytes:
    """``text`` (LF line ends) in the stored form of the page: its encoding, BOM and line ends."""
    body = text.replace("\n", stored.newline) if stored.newline != "\n" else text
    if stored.encoding == "utf-16":
        big = original.startswith(codecs.BOM_UTF16_BE)
        return (codecs.BOM_UTF16_BE if big else codecs.BOM_UTF16_LE) + body.encode("utf-16-be" if big else "utf-16-le")
    return (codecs.BOM_UTF8 if stored.bom else b"") + body.encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, keeping its permissions."""
    real = path.resolve()
    mode = stat.S_IMODE(real.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def fix_page(job: PageJob, ruleset: RuleSet, *, write: bool = True) -> FixOutcome:
    """Fix one page on disk (or only compute the fix when ``write`` is false)."""
    outcome = FixOutcome(job.display, job.target)
    stored = read_page(job.target)
    original = _read_bytes(job.target) if stored.text is not None else None
    if stored.text is None or original is None:
        outcome.skipped = "not fixed: the page cannot be read"
        return outcome
    if encode(stored.text, stored, original) != original:
        outcome.skipped = "not fixed: mixed line endings; the page could not be written back as it is stored"
        return outcome
    english: Page | None = None
    if job.english is not None:
        english_text = read_page(job.english)
        english = parse_page(english_text.text) if english_text.text is not None else None
    ignored = ruleset.file_ignores.codes_for(job.target, job.display) if ruleset.file_ignores else frozenset()
    outcome.before = stored.text
    outcome.after, outcome.applied, outcome.skipped = fix_text(job.display, stored.text, english, ruleset, ignored)
    if not outcome.changed or not write:
        return outcome
    if _read_bytes(job.target) != original:
        outcome.skipped = "not fixed: the page changed on disk while it was being fixed"
        return outcome
    try:
        write_atomic(job.target, encode(outcome.after, stored, original))
    except OSError as error:
        outcome.skipped = f"not fixed: cannot write the page: {error.strerror or error}"
        return outcome
    outcome.written = True
    return outcome


def fix_pages(jobs: list[PageJob], ruleset: RuleSet, *, write: bool = True) -> list[FixOutcome]:
    """Fix every page of ``jobs`` with the fixable rules of ``ruleset``."""
    rules = fixable(ruleset)
    if not rules.rules:
        return []
    return [fix_page(job, rules, write=write) for job in jobs]
