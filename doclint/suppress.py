"""Suppressions: inline ``<!-- doclint-… -->`` directives and per-file ignores, applied to a page's findings.

Directives (codes are full codes or prefixes, separated by commas or spaces; none means every rule):

- ``<!-- doclint-disable CODE -->`` … ``<!-- doclint-enable CODE -->``: the lines from one to the other
  (to the end of the page without an ``enable``); ``doclint-enable`` without codes ends every range;
- ``<!-- doclint-disable-next-line CODE -->``: the line after the directive;
- ``<!-- doclint-disable-line CODE -->``: the directive's own line (for table rows, which a comment
  line would break);
- ``<!-- doclint-disable-file CODE -->``: the whole page.

A directive (or one of its codes) that suppresses nothing, although its rule ran, is reported as
DL901 unused-suppression, as is a misspelt directive or an unknown code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from doclint.finding import Finding, Severity
from doclint.registry import REGISTRY, RuleSet

if TYPE_CHECKING:
    from doclint.page import Page

UNUSED = "DL901"
INTERNAL = "DL000"
KINDS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
_DIRECTIVE = re.compile(r"<!--[ \t]*doclint-([a-z-]+)(.*?)-->", re.DOTALL)
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass
class _Directive:
    kind: str
    line: int
    column: int
    text: str
    codes: tuple[str, ...] | None  # None: every rule
    used: set[str] = field(default_factory=set)  # the selectors (or "" for all) that suppressed something


@dataclass(frozen=True)
class _Scope:
    first: int
    last: int
    codes: tuple[str, ...] | None
    excluded: tuple[str, ...]
    directive: _Directive

    def selector(self, code: str, line: int) -> str | None:
        """The selector of this scope that covers ``code`` on ``line`` ("" when it covers every rule)."""
        if not self.first <= line <= self.last or _matches(self.excluded, code):
            return None
        if self.codes is None:
            return ""
        return next((selector for selector in self.codes if code.startswith(selector)), None)


def _matches(selectors: tuple[str, ...], code: str) -> bool:
    return any(code.startswith(selector) for selector in selectors)


def _parse(text: str) -> tuple[list[_Directive], list[Finding]]:
    """Every directive in ``text`` in order, and the DL901 hits for malformed ones (as bare findings)."""
    directives: list[_Directive] = []
    bad: list[Finding] = []
    for match in _DIRECTIVE.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        kind = match.group(1)
        words = tuple(word.upper() for word in _SEPARATORS.split(match.group(2).strip()) if word)
        shown = match.group(0)
        if kind not in KINDS:
            bad.append(_bare(line, column, f'unknown directive "doclint-{kind}" (known: '
                                           f'{", ".join("doclint-" + known for known in KINDS)}); it suppresses nothing',
                             shown))
            continue
        directives.append(_Directive(kind, line, column, shown, words or None))
    return directives, bad


def _bare(line: int, column: int, message: str, found: str) -> Finding:
    # Path, name and severity are filled in by apply(), which knows the page and the rule set.
    return Finding("", line, column, UNUSED, "", Severity.INFO, message, "", found)


def _scopes(directives: list[_Directive], last_line: int) -> list[_Scope]:
    scopes: list[_Scope] = []
    open_ranges: list[_Scope] = []
    for directive in directives:
        if directive.kind == "disable-file":
            scopes.append(_Scope(1, last_line, directive.codes, (), directive))
        elif directive.kind == "disable-next-line":
            scopes.append(_Scope(directive.line + 1, directive.line + 1, directive.codes, (), directive))
        elif directive.kind == "disable-line":
            scopes.append(_Scope(directive.line, directive.line, directive.codes, (), directive))
        elif directive.kind == "disable":
            open_ranges.append(_Scope(directive.line, last_line, directive.codes, (), directive))
        else:
            open_ranges = _enable(open_ranges, directive, scopes)
    scopes.extend(open_ranges)
    return scopes


def _enable(open_ranges: list[_Scope], enable: _Directive, closed: list[_Scope]) -> list[_Scope]:
    """Close (or narrow) the open ranges an ``enable`` directive ends; return the ranges still open."""
    still_open: list[_Scope] = []
    for scope in open_ranges:
        closed.append(_Scope(scope.first, enable.line, scope.codes, scope.excluded, scope.directive))
        if enable.codes is None:
            continue
        if scope.codes is None:
            still_open.append(_Scope(enable.line + 1, scope.last, None, scope.excluded + enable.codes,
                                     scope.directive))
        else:
            remaining = tuple(code for code in scope.codes if not _matches(enable.codes, code))
            if remaining:
                still_open.append(_Scope(enable.line + 1, scope.last, remaining, scope.excluded, scope.directive))
    return still_open


def apply(display: str, findings: list[Finding], page: Page | None, ruleset: RuleSet, *, compared: bool,
          ignored: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings left once rules outside ``ruleset``, per-file ``ignored`` codes and the page's inline
    directives are applied, plus a DL901 finding for each unused directive (when DL901 is selected).

    ``compared`` says whether the English page was compared (rules that need it ran).
    """
    enabled = {rule.code: rule for rule in ruleset.rules}
    kept = [finding for finding in findings
            if (finding.code in enabled or finding.code == INTERNAL) and finding.code not in ignored]
    if page is None or "doclint-" not in page.text:
        return kept
    directives, unused = _parse(page.text)
    if not directives and not unused:
        return kept
    scopes = _scopes(directives, page.text.count("\n") + 1)
    remaining: list[Finding] = []
    for finding in kept:
        hit = False
        for scope in scopes:
            selector = scope.selector(finding.code, finding.line)
            if selector is not None:
                scope.directive.used.add(selector)
                hit = True
        if not hit:
            remaining.append(finding)
    ran = {code for code, rule in enabled.items() if compared or not rule.needs_source}
    unused.extend(_unused(directives, ran, set(REGISTRY)))
    rule = enabled.get(UNUSED)
    if rule is None:
        return remaining
    severity = ruleset.severity(rule)
    reported = [Finding(display, bare.line, bare.column, UNUSED, rule.name, severity, bare.message, "", bare.found)
                for bare in unused if UNUSED not in ignored]
    # Only a directive naming DL901 silences it: one covering every rule would otherwise hide its own report.
    reported = [finding for finding in reported
                if not any(scope.selector(UNUSED, finding.line) for scope in scopes)]
    return sorted(remaining + reported)


def _unused(directives: list[_Directive], ran: set[str], known: set[str]) -> list[Finding]:
    result: list[Finding] = []
    for directive in directives:
        if directive.kind == "enable":
            continue
        name = f"doclint-{directive.kind}"
        if directive.codes is None:
            if "" not in directive.used:
                result.append(_bare(directive.line, directive.column,
                                    f"unused suppression: {name} (every rule) suppresses no finding", directive.text))
            continue
        for selector in directive.codes:
            if selector == UNUSED or selector in directive.used:
                continue
            covered = [code for code in known if code.startswith(selector)]
            if not covered:
                result.append(_bare(directive.line, directive.column,
                                    f'{name} names "{selector}", which is no rule code or prefix', directive.text))
            elif any(code in ran for code in covered):
                result.append(_bare(directive.line, directive.column,
                                    f"unused suppression: {name} {selector} suppresses no finding", directive.text))
    return result
