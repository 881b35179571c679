"""The one path from a parsed page to its findings: input problems, rules, suppressions.

:func:`lint` is pure: a :class:`~doclint.context.Context` (the page, its English page and their
comparison) and a rule set in, findings out.  ``check``, ``audit``, ``--fix`` and the result cache
all get a page's findings from it.  Input problems (what the reader, the parser or the engine could
not read as intended: DL001–DL008) take one route to findings, :func:`input_findings`, whether the
page could be parsed or not.  Rule modules are imported here, by the name the registry gives, when
their check is first wanted.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from doclint.cause import cause_of, classify
from doclint.checks import CHECKS, RuleFunction
from doclint.context import Context
from doclint.finding import Finding, Problem, Severity
from doclint.page import Page
from doclint.registry import REGISTRY, Rule, RuleSet
from doclint.results import PageJob
from doclint.suppress import apply as apply_suppressions

Plan = tuple[tuple[Rule, RuleFunction, Severity, str], ...]  # rule, its check, severity, default cause
_plans: dict[int, tuple[RuleSet, Plan]] = {}  # by id(rule set); the rule set is kept, so its id stays its own


def lint(context: Context, ruleset: RuleSet, ignored: frozenset[str] = frozenset(),
         problems: Iterable[Problem] = ()) -> list[Finding]:
    """The findings of a parsed page: its input problems (the parser's, and ``problems`` such as a missing
    English page), every rule of ``ruleset``, then its inline directives and the per-file ``ignored`` codes.
    Without the English at handoff, each finding an English change may explain gets that cause
    (:func:`doclint.cause.classify`)."""
    findings = input_findings(context.path, [*context.target.problems, *problems], ruleset)
    findings.extend(run_rules(context, ruleset))
    findings.sort()
    if context.english is not None and not context.handoff:
        findings = classify(context, findings, ruleset, run_rules)
    # Suppressions belong to the page's result, so whatever caches or parallelises results stays correct.
    return apply_suppressions(context.path, findings, context.target, ruleset,
                              compared=context.english is not None, ignored=ignored)


def lint_unreadable(display: str, problem: Problem, ruleset: RuleSet,
                    ignored: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings of a page that could not be read: its reader problem, if its rule is selected."""
    return apply_suppressions(display, input_findings(display, [problem], ruleset), None, ruleset,
                              compared=False, ignored=ignored)


def input_findings(display: str, problems: Iterable[Problem], ruleset: RuleSet) -> list[Finding]:
    """A finding for each input problem whose rule ``ruleset`` selects, at the rule's effective severity."""
    findings: list[Finding] = []
    selected: set[str] | None = None
    for problem in problems:
        if selected is None:
            selected = {rule.code for rule in ruleset.rules}
        if problem.code in selected:
            rule = REGISTRY[problem.code]
            findings.append(Finding(display, problem.line, problem.column, problem.code, rule.name,
                                    ruleset.severity(rule), problem.message, cause=cause_of(problem.code)))
    return findings


def run_rules(context: Context, ruleset: RuleSet) -> list[Finding]:
    """The findings of every rule of ``ruleset`` that has a check, unsorted and unsuppressed; a failing
    rule costs one finding, not the run.  Rules that need the English page run only with one."""
    findings: list[Finding] = []
    display = context.path
    compared = context.english is not None
    for rule, check, severity, cause in _plan(ruleset):
        if rule.needs_source and not compared:
            continue
        try:
            for hit in check(context):
                findings.append(Finding(display, hit.line, hit.column, rule.code, rule.name, severity,
                                        hit.message, hit.english, hit.found, hit.fix, cause))
        except Exception as error:  # a rule bug must cost one finding, not the run
            findings.append(Finding(display, 1, 1, "DL000", "internal-error", Severity.ERROR,
                                    f"rule {rule.code} failed on this page: {type(error).__name__}: {error}"))
    return findings


def function(rule: Rule) -> RuleFunction:
    """The check function of ``rule``: its own :attr:`~doclint.registry.Rule.function`, else the one bound
    to its code, importing the module the registry names the first time (a run served from the cache
    never imports a rule module)."""
    if rule.function is not None:
        return rule.function
    found = CHECKS.get(rule.code)
    if found is None:
        import_module(f"doclint.checks.{rule.module}")
        found = CHECKS[rule.code]
    return found


def _plan(ruleset: RuleSet) -> Plan:
    """Each rule of ``ruleset`` that has a check, with its function, effective severity and cause (found once)."""
    found = _plans.get(id(ruleset))
    if found is not None and found[0] is ruleset:
        return found[1]
    plan = tuple((rule, function(rule), ruleset.severity(rule), cause_of(rule.code)) for rule in ruleset.rules
                 if rule.module or rule.function is not None)
    if len(_plans) >= 16:  # a run has one or two rule sets; --fix makes one more per page
        _plans.clear()
    _plans[id(ruleset)] = (ruleset, plan)
    return plan


def index_page(page: Page, ruleset: RuleSet, ignored: frozenset[str] = frozenset()) -> bytes | None:
    """The page's consistency index (:func:`doclint.variants.index_columns`), each row marked with the
    cross-page codes silenced on its line by an inline directive or a per-file ignore, packed
    (:func:`doclint.variants.pack`: a worker sends bytes, not a list of numbers, and the result keeps one
    object the collector never scans); ``None`` when ``ruleset`` has no cross-page rule."""
    codes = ruleset.cross_page_codes()
    if not codes:
        return None
    from doclint.suppress import quiet_lines
    from doclint.variants import QUIET, index_columns, pack

    index = index_columns(page)
    lines = index[2]
    bits = 0
    quiet: dict[int, int] = {}
    for code in codes:
        if code in ignored:
            bits |= QUIET.get(code, 0)
        else:
            for line in quiet_lines(page, code, lines):
                quiet[line] = quiet.get(line, 0) | QUIET.get(code, 0)
    index.append([bits | quiet.get(line, 0) for line in lines] if bits or quiet else [0] * len(lines))
    try:
        return pack(index)
    except OverflowError:  # a line past 2**32: not on a page under the size limit; the step says it has no index
        return None


def index_file(job: PageJob, ruleset: RuleSet) -> tuple[bytes, bytes | None]:
    """The consistency index of ``job``'s page read and parsed now, with the bytes it was made from (``None``:
    the page cannot be read; an unreadable page's index is empty): for a cached result whose index the cache
    lost, as a page whose entry is lost is checked again."""
    from doclint.parse import parse_file

    ignored = ruleset.file_ignores.codes_for(job.target, job.display) if ruleset.file_ignores else frozenset()
    target, _, data = parse_file(job.target)
    return (index_page(target, ruleset, ignored) or b"") if target is not None else b"", data
