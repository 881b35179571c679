"""Run the rules over pages and return findings; nothing here prints or exits."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.checks import Context, Rule, RuleFunction, all_rules
from doclint.display import display_path
from doclint.finding import Finding, Problem, Severity
from doclint.reader import read_page, read_page_and_bytes
from doclint.suppress import FileIgnores
from doclint.suppress import apply as apply_suppressions

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.drift import PageDrift
    from doclint.page import Page


#: Why an English page that resolves outside the English root is not compared (DL004, drift's note).
ENGLISH_LINK_OUT = "a link out of the English root; not read"


@dataclass(frozen=True, slots=True)
class PageJob:
    """One translated page to check: how to name it, where it is, where its English is.

    ``english_outside`` marks an English page that resolves outside the English root (a link out of
    it, or a page in a linked folder that leads out): it is never read, and the page gets DL004.
    Discovery (:func:`doclint.discover.jobs_for`) sets it.
    """

    display: str
    target: Path
    english: Path | None = None
    locale: str = ""
    english_outside: bool = False


@dataclass(frozen=True)
class RuleSet:
    """The rules to run and the severity each reports at."""

    rules: tuple[Rule, ...]
    severities: dict[str, Severity] = field(default_factory=dict)
    file_ignores: FileIgnores | None = None  # the config's per-file-ignores

    @classmethod
    def default(cls) -> RuleSet:
        """Every rule enabled by default, at its default severity."""
        return cls(tuple(rule for rule in all_rules().values() if rule.default_enabled))

    def severity(self, rule: Rule) -> Severity:
        """The effective severity of ``rule``."""
        return self.severities.get(rule.code, rule.severity)

    @cached_property
    def plan(self) -> tuple[tuple[Rule, RuleFunction, Severity], ...]:
        """Each rule with its check function and effective severity (importing the rule modules once)."""
        return tuple((rule, rule.check, self.severity(rule)) for rule in self.rules)

    def fingerprint(self) -> str:
        """A stable text naming everything in this rule set that changes findings (for the result cache)."""
        parts = [f"rules={','.join(f'{rule.code}:{self.severity(rule).value}' for rule in self.rules)}"]
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in ("rules", "severities"):
                continue
            if isinstance(value, FileIgnores):
                value = (value.base.as_posix(),
                         [(pattern.pattern, sorted(codes)) for pattern, codes in value.entries])
            parts.append(f"{item.name}={value!r}")
        return "\n".join(parts)


@dataclass
class PageResult:
    """The findings of one page, whether its English page was compared, and its drift when asked for."""

    job: PageJob
    findings: list[Finding]
    english_compared: bool
    drift: PageDrift | None = None  # set by check_page(with_drift=True); never cached
    #: The result cache's key of exactly the bytes these findings were computed from (see
    #: :func:`doclint.cache.content_key`); set when the check was asked for it, else ``None``.
    key: str | None = None


def _load(path: Path) -> tuple[Page | None, Problem | None]:
    from doclint.page import parse_page  # here: a run served from the cache never parses

    text = read_page(path)
    if text.text is None:
        return None, text.problem
    return parse_page(text.text), None


def _load_with_bytes(path: Path) -> tuple[Page | None, Problem | None, bytes | None]:
    """:func:`_load`, with the bytes the page was read as (``None`` when it could not be read)."""
    from doclint.page import parse_page

    text, data = read_page_and_bytes(path)
    if text.text is None:
        return None, text.problem, data
    return parse_page(text.text), None, data


def check_page(job: PageJob, ruleset: RuleSet, with_drift: bool = False, namespace: str | None = None) -> PageResult:
    """Check one translated page against its English page (when ``job.english`` is set).

    ``with_drift`` also gives the page's drift status (as :func:`doclint.drift.drift_page` does) from the
    same parsed pages, so an audit reads and parses each page once.  With the ``namespace`` of a
    result cache, the result's ``key`` is the cache key of the very bytes checked, read once: a page
    edited during the run is stored under the key of the text whose findings these are.
    """
    ignored = ruleset.file_ignores.codes_for(job.target, job.display) if ruleset.file_ignores else frozenset()
    target, problem, data = _load_with_bytes(job.target)
    if target is None:
        result = PageResult(job, apply_suppressions(job.display, [_finding(job.display, problem, ruleset)], None,
                                                    ruleset, compared=False, ignored=ignored), False)
        if namespace is not None and data is not None and not job.english_outside:
            # The findings come from the bytes alone; the English is read only to make the key the lookup makes.
            from doclint.cache import content_key, english_part

            result.key = content_key(namespace, job, data, english_part(job))
        if with_drift:
            from doclint.drift import PageDrift

            result.drift = PageDrift(job.display, job.locale, "unreadable",
                                     note=problem.message if problem else "cannot be read")
        return result
    english, missing, english_problem = load_english(job)
    if missing is not None:
        target.problems.append(missing)
    context = Context(job.display, target, english)
    result = PageResult(job, page_findings(job.display, target, english, ruleset, ignored, context),
                        english is not None)
    if namespace is not None and data is not None and not job.english_outside:
        from doclint.cache import checked_english_part, content_key

        result.key = content_key(namespace, job, data, checked_english_part(job, english, missing))
    if with_drift and job.english is not None:
        result.drift = _page_drift(job, job.english, context, english_problem)
    return result


def _page_drift(job: PageJob, english_path: Path, context: Context, english_problem: Problem | None) -> PageDrift:
    """The drift status :func:`doclint.drift.drift_page` gives the page, from the pages this check parsed."""
    from doclint.drift import PageDrift

    if context.english is not None:
        from doclint.checks.stale import comparison  # the comparison DL401 made, or makes now

        changes = comparison(context).changes
        return PageDrift(job.display, job.locale, "stale" if changes else "current", changes)
    if not job.english_outside and not english_path.is_file():
        return PageDrift(job.display, job.locale, "missing-source")
    message = english_problem.message if english_problem else "cannot be read"
    return PageDrift(job.display, job.locale, "unreadable", note=f"the English page: {message}")


def load_english(job: PageJob) -> tuple[Page | None, Problem | None, Problem | None]:
    """The parsed English page of ``job`` (``None`` without one), or the DL004 problem saying why it is
    missing and the reader's problem when it could not be read (or, out of the English root, was not)."""
    if job.english is None:
        return None, None, None
    if job.english_outside:
        return None, Problem("DL004", 1, 1, english_message(job.english, ENGLISH_LINK_OUT)), \
            Problem("DL001", 1, 1, ENGLISH_LINK_OUT)
    english, problem = _load(job.english)
    if english is None:
        return None, missing_english(job.english, problem), problem
    return english, None, None


def missing_english(path: Path, problem: Problem | None) -> Problem:
    """The DL004 problem of a page whose English page ``path`` could not be loaded (``problem``: the reader's)."""
    # lexists: a link loop exists (reading it failed), though Path.exists says it does not.
    if problem is None or not os.path.lexists(path):
        return Problem("DL004", 1, 1, f"the English page {display_path(path)} does not exist")
    return Problem("DL004", 1, 1, english_message(path, problem.message))


def english_message(path: Path, reason: str) -> str:
    """One sentence on the English page ``path`` and why it is not compared.

    ``reason`` is a reader's message (``the page is empty``, ``cannot read the page: …``), whose
    subject becomes the English page, or anything else, which follows a colon.
    """
    shown = display_path(path)
    if reason.startswith("the page "):
        return f"the English page {shown} {reason[len('the page '):]}"
    return f"the English page {shown}: {reason}"


def page_findings(display: str, target: Page, english: Page | None, ruleset: RuleSet,
                  ignored: frozenset[str] = frozenset(), context: Context | None = None) -> list[Finding]:
    """The findings of a parsed page, its inline directives and the per-file ``ignored`` codes applied.

    A ``context`` of the same pages may be given, so its cached work (the drift comparison) is kept.
    """
    findings = run_rules(display, target, english, ruleset, context)
    # Suppressions belong to the page's result, so whatever caches or parallelises results stays correct.
    return apply_suppressions(display, findings, target, ruleset, compared=english is not None, ignored=ignored)


def check_text(display: str, translated: str, english: str | None, ruleset: RuleSet) -> list[Finding]:
    """Check a translated page given as text (LF line ends) against its English text, if any."""
    from doclint.page import parse_page

    page = parse_page(translated)
    findings = run_rules(display, page, parse_page(english) if english is not None else None, ruleset)
    return apply_suppressions(display, findings, page, ruleset, compared=english is not None)


def run_rules(display: str, target: Page, english: Page | None, ruleset: RuleSet,
              context: Context | None = None) -> list[Finding]:
    """Run every rule of ``ruleset`` over a parsed page; a failing rule costs one finding, not the run."""
    if context is None:
        context = Context(display, target, english)
    findings: list[Finding] = []
    for rule, check, severity in ruleset.plan:
        if rule.needs_source and english is None:
            continue
        try:
            for hit in check(context):
                findings.append(Finding(display, hit.line, hit.column, rule.code, rule.name, severity,
                                        hit.message, hit.english, hit.found, hit.fix))
        except Exception as error:  # a rule bug must cost one finding, not the run
            findings.append(Finding(display, 1, 1, "DL000", "internal-error", Severity.ERROR,
                                    f"rule {rule.code} failed on this page: {type(error).__name__}: {error}"))
    findings.sort()
    return findings


def _finding(display: str, problem: Problem | None, ruleset: RuleSet) -> Finding:
    rules = all_rules()
    code = problem.code if problem else "DL001"
    rule = rules[code]
    message = problem.message if problem else "the page cannot be read"
    return Finding(display, problem.line if problem else 1, problem.column if problem else 1, code, rule.name,
                   ruleset.severity(rule), message)


def check_pages(jobs: Iterable[PageJob], ruleset: RuleSet, *, workers: int = 1,
                cache: PageCache | None = None, with_drift: bool = False) -> Generator[PageResult, None, None]:
    """Check pages, yielding each page's result in the order of ``jobs``.

    With ``workers`` > 1 pages are checked on that many processes (see :mod:`doclint.parallel`);
    with a ``cache``, pages whose content key is known are not checked again, and new results
    are stored in it when the run ends.  Neither changes any result.  ``with_drift`` sets the
    drift of each page that is checked (a result from the cache has none).
    """
    if cache is None:
        if workers <= 1:
            for job in jobs:
                yield check_page(job, ruleset, with_drift)
            return
        from doclint.parallel import check_parallel

        yield from check_parallel(list(jobs), ruleset, workers, with_drift=with_drift)
        return
    yield from _check_cached(list(jobs), ruleset, workers, cache, with_drift)


def _check_keyed(job: PageJob, settings: tuple[RuleSet, bool, str]) -> tuple[list[Finding], bool,
                                                                              PageDrift | None, str | None]:
    """A page's result (without its job, which the caller has) and the cache key of the bytes it came from;
    ``settings``: the rule set, whether to find drift, and the cache's namespace."""
    result = check_page(job, *settings)
    return result.findings, result.english_compared, result.drift, result.key


def _check_cached(jobs: list[PageJob], ruleset: RuleSet, workers: int, cache: PageCache,
                  with_drift: bool) -> Generator[PageResult, None, None]:
    from doclint.parallel import map_pages

    # A page whose English leads out of the English root is never read, nor cached: its key could not
    # tell it from the same bytes inside the root.
    keys = [cache.key(job) if not job.english_outside else None for job in jobs]
    known = [cache.get(key, job) if key is not None else None for key, job in zip(keys, jobs)]
    missing = [job for job, result in zip(jobs, known) if result is None]
    computed = map_pages(_check_keyed, missing, (ruleset, with_drift, cache.namespace), workers)
    try:
        for job, result in zip(jobs, known):
            if result is None:
                findings, compared, drift, key = next(computed)
                result = PageResult(job, findings, compared, drift, key)
                if key is not None:
                    # The key of the bytes checked, not the one looked up: the page may have changed since.
                    cache.put(key, result)
            yield result
    finally:
        computed.close()
        cache.save()
