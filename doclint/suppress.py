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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from doclint.finding import Finding, Severity
from doclint.registry import REGISTRY, RuleSet

if TYPE_CHECKING:
    from doclint.page import Page

UNUSED = "DL901"
INTERNAL = "DL000"
KINDS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
# The kind stops before the '-->' that ends the comment (``doclint-disable-->``): the directive is one comment.
_DIRECTIVE = re.compile(r"<!--[ \t]*doclint-((?:[a-z]|-(?!->))++)(.*?)-->", re.DOTALL)
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass
class _Directive:
    kind: str
    line: int
    column: int
    text: str
    codes: tuple[str, ...] | None  # None: every rule
    used: set[str] = field(default_factory=set)  # the selectors (or "" for all) that suppressed something


@dataclass(frozen=True, slots=True)
class _Stretch:
    """Lines ``first`` to ``last`` on which a directive covers one code, by ``selector`` ("" for every rule)."""

    first: int
    last: int
    directive: _Directive
    selector: str


#: The last page text looked at, and whether it names a directive: a page's check asks twice (its own
#: findings, then its consistency index), and the answer is a scan of the whole page.
_last_scan: tuple[str, bool] = ("", False)


def _has_directives(text: str) -> bool:
    global _last_scan
    if _last_scan[0] is not text:
        _last_scan = (text, "doclint-" in text)
    return _last_scan[1]


def _parse(page: Page) -> tuple[list[_Directive], list[Finding]]:
    """Every directive on the page in order, and the DL901 hits for malformed ones (as bare findings)."""
    directives: list[_Directive] = []
    bad: list[Finding] = []
    text = page.text
    # A directive ends at the first '-->' after it: none can start past the last one, and searching
    # only up to it keeps unclosed '<!-- doclint-…' comments from each costing a search to the end.
    end = text.rfind("-->") + 3
    for match in _DIRECTIVE.finditer(text, 0, max(end, 0)):
        line, column = page.locate(match.start())
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


class _Ends:
    """Where a ``disable`` range ends for a code or selector: on the line of the first ``enable`` after it
    that names no code or names a prefix of it, else on the last line.

    ``disable`` … ``enable`` pairs can nest and cross in any number; looking the enables up by code keeps
    the work linear in the number of directives.
    """

    def __init__(self, directives: list[_Directive], last_line: int) -> None:
        self.directives = directives
        self.last_line = last_line
        self.every: list[int] = []  # indexes of the enables without codes, in order
        self.named: dict[str, list[int]] = {}  # a code an enable names: the indexes of those enables
        for index, directive in enumerate(directives):
            if directive.kind != "enable":
                continue
            if directive.codes is None:
                self.every.append(index)
            else:
                for code in directive.codes:
                    indexes = self.named.setdefault(code, [])
                    if not indexes or indexes[-1] != index:
                        indexes.append(index)

    def line(self, index: int, code: str) -> int:
        """The last line the ``disable`` directive at ``index`` covers ``code`` (a code or a selector) on."""
        first = self._after(self.every, index)
        for length in range(1, len(code) + 1):
            indexes = self.named.get(code[:length])
            if indexes is not None:
                first = min(first, self._after(indexes, index))
        return self.directives[first].line if first < len(self.directives) else self.last_line

    def _after(self, indexes: list[int], index: int) -> int:
        position = bisect_right(indexes, index)
        return indexes[position] if position < len(indexes) else len(self.directives)


def _stretches(directives: list[_Directive], code: str, ends: _Ends, last_line: int) -> Iterator[_Stretch]:
    """The lines each directive covers ``code`` on.

    A ``disable`` with codes covers a finding through the first of its selectors (in its order) that
    matches the code and that no ``enable`` has ended yet on the finding's line.
    """
    for index, directive in enumerate(directives):
        kind = directive.kind
        codes = directive.codes
        if kind == "enable":
            continue
        if kind == "disable":
            if codes is None:
                yield _Stretch(directive.line, ends.line(index, code), directive, "")
                continue
            covered = directive.line - 1
            for selector in codes:
                if code.startswith(selector):
                    last = ends.line(index, selector)
                    if last > covered:
                        yield _Stretch(covered + 1, last, directive, selector)
                        covered = last
            continue
        if kind == "disable-file":
            first, last = 1, last_line
        else:
            first = last = directive.line + 1 if kind == "disable-next-line" else directive.line
        chosen = "" if codes is None else next((selector for selector in codes if code.startswith(selector)), None)
        if chosen is not None:
            yield _Stretch(first, last, directive, chosen)


def _merged(stretches: Iterable[_Stretch]) -> tuple[list[int], list[int]]:
    """The lines the stretches cover, as sorted disjoint runs: their first lines and their last lines."""
    firsts: list[int] = []
    lasts: list[int] = []
    for first, last in sorted((stretch.first, stretch.last) for stretch in stretches):
        if lasts and first <= lasts[-1] + 1:
            lasts[-1] = max(lasts[-1], last)
        else:
            firsts.append(first)
            lasts.append(last)
    return firsts, lasts


def _covered(runs: tuple[list[int], list[int]], line: int) -> bool:
    firsts, lasts = runs
    index = bisect_right(firsts, line) - 1
    return index >= 0 and line <= lasts[index]


def apply(display: str, findings: list[Finding], page: Page | None, ruleset: RuleSet, *, compared: bool,
          ignored: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings left once rules outside ``ruleset``, per-file ``ignored`` codes and the page's inline
    directives are applied, plus a DL901 finding for each unused directive (when DL901 is selected).

    ``compared`` says whether the English page was compared (rules that need it ran).
    """
    enabled = {rule.code: rule for rule in ruleset.rules}
    kept = [finding for finding in findings
            if (finding.code in enabled or finding.code == INTERNAL) and finding.code not in ignored]
    if page is None or not _has_directives(page.text):
        return kept
    directives, unused = _parse(page)
    if not directives and not unused:
        return kept
    last_line = page.text.count("\n") + 1
    ends = _Ends(directives, last_line)
    lines: dict[str, list[int]] = {}
    for finding in kept:
        lines.setdefault(finding.code, []).append(finding.line)
    suppressed: dict[str, tuple[list[int], list[int]]] = {}
    for code, found in lines.items():
        found.sort()
        stretches = list(_stretches(directives, code, ends, last_line))
        for stretch in stretches:
            position = bisect_left(found, stretch.first)
            if position < len(found) and found[position] <= stretch.last:
                stretch.directive.used.add(stretch.selector)
        suppressed[code] = _merged(stretches)
    remaining = [finding for finding in kept if not _covered(suppressed[finding.code], finding.line)]
    # A cross-page rule's findings come after the page's own (doclint.consistency): none ran here.
    ran = {code for code, rule in enabled.items() if (compared or not rule.needs_source) and not rule.cross_page}
    unused.extend(_unused(directives, ran, set(REGISTRY)))
    rule = enabled.get(UNUSED)
    if rule is None:
        return remaining
    severity = ruleset.severity(rule)
    reported = [Finding(display, bare.line, bare.column, UNUSED, rule.name, severity, bare.message, "", bare.found)
                for bare in unused if UNUSED not in ignored]
    # Only a directive naming DL901 silences it: one covering every rule would otherwise hide its own report.
    naming = _merged(stretch for stretch in _stretches(directives, UNUSED, ends, last_line) if stretch.selector)
    reported = [finding for finding in reported if not _covered(naming, finding.line)]
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


def quiet_lines(page: Page, code: str, lines: Iterable[int]) -> set[int]:
    """Which of ``lines`` the page's inline directives silence ``code`` on (for the findings a
    cross-page rule adds after the page's own were suppressed; see :mod:`doclint.consistency`)."""
    if not _has_directives(page.text):
        return set()
    directives, _ = _parse(page)
    if not directives:
        return set()
    last_line = page.text.count("\n") + 1
    runs = _merged(_stretches(directives, code, _Ends(directives, last_line), last_line))
    return {line for line in lines if _covered(runs, line)}
