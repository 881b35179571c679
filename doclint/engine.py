"""Run the rules over pages and return findings; nothing here prints or exits."""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.cause import cause_of
from doclint.checks import Context, Rule, RuleFunction, all_rules
from doclint.finding import Finding, Problem, Severity
from doclint.reader import read_page
from doclint.suppress import FileIgnores
from doclint.suppress import apply as apply_suppressions

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.drift import PageDrift
    from doclint.handoff import Handoff, GitHistory
    from doclint.page import Page


@dataclass(frozen=True, slots=True)
class PageJob:
    """One translated page to check: how to name it, where it is, where its English is.

    ``handoff`` is the English the page was translated from (``--handoff``); ``history`` names the git
    repository that English is read from instead (``--git``), so that cached results keep to it.
    """

    display: str
    target: Path
    english: Path | None = None
    locale: str = ""
    handoff: Path | None = None
    history: str = ""


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
    note: str = ""  # why the English at handoff could not be had, when it was asked for; never cached


def _load(path: Path) -> tuple[Page | None, Problem | None]:
    from doclint.page import parse_page  # here: a run served from the cache never parses

    text = read_page(path)
    if text.text is None:
        return None, text.problem
    return parse_page(text.text), None


def check_page(job: PageJob, ruleset: RuleSet, with_drift: bool = False,
               history: GitHistory | None = None) -> PageResult:
    """Check one translated page against its English page (when ``job.english`` is set).

    ``with_drift`` also gives the page's drift status (as :func:`doclint.drift.drift_page` does) from the
    same parsed pages, so an audit reads and parses each page once.  With the English at handoff
    (``job.handoff``, or ``history`` at the page's commit) the translation rules compare with that English
    and the drift rules with the current English; when it cannot be had, ``note`` says why.
    """
    ignored = ruleset.file_ignores.codes_for(job.target, job.display) if ruleset.file_ignores else frozenset()
    target, problem = _load(job.target)
    if target is None:
        result = PageResult(job, apply_suppressions(job.display, [_finding(job.display, problem, ruleset)], None,
                                                    ruleset, compared=False, ignored=ignored), False)
        if with_drift:
            from doclint.drift import PageDrift

            result.drift = PageDrift(job.display, job.locale, "unreadable",
                                     note=problem.message if problem else "cannot be read")
        return result
    note = ""
    if job.handoff is not None or history is not None:
        from doclint.handoff import read_handoff

        handoff = read_handoff(job, target, history)
        if handoff.english is not None:
            return _check_handoff(job, target, handoff, ruleset, ignored, with_drift)
        note = handoff.note
    english, missing, english_problem = load_english(job)
    if missing is not None:
        target.problems.append(missing)
    context = Context(job.display, target, english)
    result = PageResult(job, page_findings(job.display, target, english, ruleset, ignored, context),
                        english is not None, note=note)
    if with_drift and job.english is not None:
        result.drift = _page_drift(job, job.english, context, english_problem)
    return result


def _check_handoff(job: PageJob, target: Page, handoff: Handoff, ruleset: RuleSet, ignored: frozenset[str],
                   with_drift: bool) -> PageResult:
    """Check a page against the English it was translated from, with the English changes since as drift."""
    assert handoff.english is not None
    target.problems.extend(handoff.problems)
    context = Context(job.display, target, handoff.english, current=handoff.current, handoff=handoff.label)
    result = PageResult(job, page_findings(job.display, target, handoff.english, ruleset, ignored, context), True)
    if with_drift:
        from doclint.handoff_drift import page_drift

        result.drift = page_drift(job, context)
    return result


def _page_drift(job: PageJob, english_path: Path, context: Context, english_problem: Problem | None) -> PageDrift:
    """The drift status :func:`doclint.drift.drift_page` gives the page, from the pages this check parsed."""
    from doclint.drift import PageDrift

    if context.english is not None:
        from doclint.checks.stale import comparison  # the comparison DL401 made, or makes now

        changes = comparison(context).changes
        return PageDrift(job.display, job.locale, "stale" if changes else "current", changes)
    if not english_path.is_file():
        return PageDrift(job.display, job.locale, "missing-source")
    message = english_problem.message if english_problem else "cannot be read"
    return PageDrift(job.display, job.locale, "unreadable", note=f"the English page: {message}")


def load_english(job: PageJob) -> tuple[Page | None, Problem | None, Problem | None]:
    """The parsed English page of ``job`` (``None`` without one), or the DL004 problem saying why it is
    missing and the reader's problem when it could not be read."""
    if job.english is None:
        return None, None, None
    english, problem = _load(job.english)
    if english is None:
        reason = "does not exist" if not job.english.exists() else problem.message if problem else "cannot be read"
        return None, Problem("DL004", 1, 1, f"the English page {job.english} {reason}"), problem
    return english, None, None


def page_findings(display: str, target: Page, english: Page | None, ruleset: RuleSet,
                  ignored: frozenset[str] = frozenset(), context: Context | None = None) -> list[Finding]:
    """The findings of a parsed page, its inline directives and the per-file ``ignored`` codes applied.

    A ``context`` of the same pages may be given, so its cached work (the drift comparison) is kept.
    Without the English at handoff, each finding an English change may explain gets that cause
    (:func:`doclint.cause.classify`).
    """
    if context is None:
        context = Context(display, target, english)
    findings = run_rules(display, target, english, ruleset, context)
    if english is not None and not context.handoff:
        from doclint.cause import classify

        findings = classify(context, findings, ruleset)
    # Suppressions belong to the page's result, so whatever caches or parallelises results stays correct.
    return apply_suppressions(display, findings, target, ruleset, compared=english is not None, ignored=ignored)


def check_text(display: str, translated: str, english: str | None, ruleset: RuleSet,
               handoff: str | None = None) -> list[Finding]:
    """Check a translated page given as text (LF line ends) against its English text, if any, and against
    the English it was translated from (``handoff``), if given: then ``english`` is the current English
    (``None``: gone since)."""
    from doclint.page import parse_page

    page = parse_page(translated)
    if handoff is None:
        return page_findings(display, page, parse_page(english) if english is not None else None, ruleset)
    from doclint.handoff import label

    at_handoff = parse_page(handoff)
    name = label(page)
    if english is None:
        page.problems.append(Problem("DL405", 1, 1, f"the English page is gone: it was removed or moved since {name}"))
    context = Context(display, page, at_handoff, current=parse_page(english) if english is not None else None,
                      handoff=name)
    return page_findings(display, page, at_handoff, ruleset, context=context)


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
            cause = cause_of(rule.code)
            for hit in check(context):
                findings.append(Finding(display, hit.line, hit.column, rule.code, rule.name, severity,
                                        hit.message, hit.english, hit.found, hit.fix, cause))
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
                cache: PageCache | None = None, with_drift: bool = False,
                history: GitHistory | None = None) -> Generator[PageResult, None, None]:
    """Check pages, yielding each page's result in the order of ``jobs``.

    With ``workers`` > 1 pages are checked on that many processes (see :mod:`doclint.parallel`);
    with a ``cache``, pages whose content key is known are not checked again, and new results
    are stored in it when the run ends.  Neither changes any result.  ``with_drift`` sets the
    drift of each page that is checked (a result from the cache has none).  ``history`` gives the
    English at each page's handoff commit (``--git``; each worker process reads it with its own git).
    """
    if cache is None:
        if workers <= 1:
            for job in jobs:
                yield check_page(job, ruleset, with_drift, history)
            return
        from doclint.parallel import check_parallel

        yield from check_parallel(list(jobs), ruleset, workers, with_drift=with_drift, history=history)
        return
    yield from _check_cached(list(jobs), ruleset, workers, cache, with_drift, history)


def _check_cached(jobs: list[PageJob], ruleset: RuleSet, workers: int, cache: PageCache,
                  with_drift: bool, history: GitHistory | None = None) -> Generator[PageResult, None, None]:
    keys = [cache.key(job) for job in jobs]
    known = [cache.get(key, job) if key is not None else None for key, job in zip(keys, jobs)]
    missing = [job for job, result in zip(jobs, known) if result is None]
    computed = check_pages(missing, ruleset, workers=workers, with_drift=with_drift, history=history)
    try:
        for key, result in zip(keys, known):
            if result is None:
                result = next(computed)
                # A page whose English at handoff could not be had is checked again next time: git may have it.
                if key is not None and not result.note:
                    cache.put(key, result)
            yield result
    finally:
        computed.close()
        cache.save()
