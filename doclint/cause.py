"""Why a finding is there: a translation defect (``translation``) or an English change since the page was
translated (``drift``).

With the English at handoff (``--handoff``, ``--git``) the answer is certain: the translation rules compare
the page with the English it was made from, and the drift rules (DL4xx) report what changed since.

Without it a page still witnesses part of that English: each pair carries the English it was translated
from.  :func:`classify` uses that witness on the findings of the rules that compare with the current English
(code blocks, annotations, blocks missing or extra, includes, links, table cells, enumerations):

- a page whose English side matches the current English has nothing to explain: its findings stay;
- in a block whose pairs carry English that differs from the current English (the page is stale there),
  a difference is explained by the English change: drift, reported at most as a warning; a table cell that
  also differs from its own pair's English stays a translation error (and one that differs only from it is
  reported: it was broken in translation, whatever the English did since);
- elsewhere (text the page does not carry in pairs: code, annotations, whole blocks) doclint cannot tell
  who changed it.  A difference holding a word of the translation is a translation error.  Any other is
  one when the page shows no sign that its English moved on; when it does (pairs carrying older English,
  or front-matter keys copied from the English, such as ``author`` or ``ms.prod``, that the English has
  changed since), it is reported at most as a warning, cause drift, and its message says that ``--git``
  tells.  So a line dropped from a code block of a page whose English has not moved stays an error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from doclint.context import Context
from doclint.finding import Finding, Severity
from doclint.handoff_drift import merged_comment
from doclint.registry import RuleSet
from doclint.text import identifier

if TYPE_CHECKING:
    from doclint.drift_compare import StalePair
    from doclint.page import Block

#: How the findings of a rule set on a page are found (:func:`doclint.lint.run_rules`, given by its caller:
#: this module is below it).
RunRules = Callable[[Context, RuleSet], list[Finding]]

TRANSLATION = "translation"
DRIFT = "drift"
#: Table-cell rules: they compare a cell with the aligned English cell, else with the cell's own pair's English.
CELL_RULES = frozenset({"DL201", "DL202", "DL203"})
_WORD = re.compile(r"\w+")
EXPLAINED = "; the English changed here since the page was translated (its pairs carry the older English)"
STALE_PAGE = "; this page is stale, so it may be an English change; --git tells"


def cause_of(code: str) -> str:
    """The cause of a finding of rule ``code`` by default: drift for the drift rules (DL4xx) and a missing
    English page (DL004), translation for every other rule."""
    return DRIFT if code.startswith("DL4") or code == "DL004" else TRANSLATION


def compared_codes(ruleset: RuleSet) -> frozenset[str]:
    """The codes of ``ruleset`` whose findings compare the page with the English page (found once a rule set)."""
    found = _compared.get(id(ruleset))
    if found is not None and found[0] is ruleset:
        return found[1]
    codes = frozenset(rule.code for rule in ruleset.rules
                      if (rule.needs_source and cause_of(rule.code) == TRANSLATION) or rule.code in CELL_RULES)
    if len(_compared) >= 16:  # a run has one or two rule sets; --fix makes one more per page
        _compared.clear()
    _compared[id(ruleset)] = (ruleset, codes)  # the rule set is kept, so its id stays its own
    return codes


_compared: dict[int, tuple[RuleSet, frozenset[str]]] = {}


def classify(context: Context, findings: list[Finding], ruleset: RuleSet, run_rules: RunRules) -> list[Finding]:
    """``findings`` of a page compared with the current English (no English at handoff), each with its cause
    and, where an English change explains it or may, at most warning severity (see the module's text);
    ``run_rules`` finds the table-cell rules' findings against each cell's own pair's English."""
    if context.english is None or context.handoff:
        return findings
    compared = compared_codes(ruleset)
    # A stale table row may hold a cell broken in translation that the current English does not show.
    if not compared & CELL_RULES and not any(finding.code in compared for finding in findings):
        return findings
    compared_pages = context.comparison  # what DL401 compares: the page's English with the current one
    if not compared_pages.changes:
        return findings
    return _Witness(context, compared_pages.stale_pairs, ruleset, run_rules).classify(findings, compared)


class _Witness:
    """What a stale page's own English says about its findings."""

    def __init__(self, context: Context, stale: list[StalePair], ruleset: RuleSet, run_rules: RunRules) -> None:
        self.context = context
        self.ruleset = ruleset
        self.run_rules = run_rules
        blocks = context.target.blocks
        self.starts = [block.line for block in blocks]
        self.offsets = [block.start for block in blocks]
        #: Translated blocks holding a pair whose English the current English changed or removed, by start line.
        self.stale: dict[int, Block] = {}
        for pair in stale:
            if not merged_comment(pair, context.english.text if context.english else ""):
                block = self._holding(pair.pair.start)
                if block is not None:
                    self.stale[block.line] = block
        self._words: tuple[set[str], set[str]] | None = None
        from doclint.checks.habits import front_matter_moved  # here: only a page with findings to classify

        #: Whether the page shows that its English moved on since it was translated.
        self.moved = bool(self.stale) or (context.english is not None
                                          and front_matter_moved(context.target, context.english))

    def classify(self, findings: list[Finding], compared: frozenset[str]) -> list[Finding]:
        own = self._own_cells() if self.stale else {}
        result: list[Finding] = []
        seen: set[tuple[int, int, str]] = set()
        for finding in findings:
            if finding.code not in compared:
                result.append(finding)
                continue
            block = self._block(finding)
            if finding.code in CELL_RULES:
                seen.add((finding.line, finding.column, finding.code))
                if block is None or block.line not in self.stale or (finding.line, finding.column, finding.code) in own:
                    result.append(finding)
                else:
                    result.append(_drift(finding, EXPLAINED))
            elif block is not None and block.line in self.stale and finding.code != "DL103":
                result.append(_drift(finding, EXPLAINED))
            elif self.moved and not self._translated(finding.found):
                result.append(_drift(finding, STALE_PAGE))
            else:
                result.append(finding)
        # A stale row's cell that its own pair's English finds broken was broken in translation (unless it
        # is the current English's cell: then the pair's English was a leftover, not what it was made from).
        result.extend(finding for key, finding in own.items()
                      if key not in seen and self._in_stale(finding.line) and not self._current_cell(finding))
        result.sort()
        return result

    def _holding(self, offset: int) -> Block | None:
        """The translated block holding the text offset ``offset``."""
        blocks = self.context.target.blocks
        index = bisect_right(self.offsets, offset) - 1
        return blocks[index] if index >= 0 and blocks[index].end >= offset else None

    def _block(self, finding: Finding) -> Block | None:
        """The translated block holding the finding's line."""
        index = bisect_right(self.starts, finding.line) - 1
        if index < 0:
            return None
        block = self.context.target.blocks[index]
        return block if block.line <= finding.line <= block.end_line else None

    def _in_stale(self, line: int) -> bool:
        index = bisect_right(self.starts, line) - 1
        return index >= 0 and self.context.target.blocks[index].line in self.stale

    def _current_cell(self, finding: Finding) -> bool:
        """Whether the translated cell of a cell finding is, as an identifier, the current English's cell."""
        block = self._block(finding)
        english = self.context.counterpart(block) if block is not None else None
        if block is None or english is None or not block.cells or not english.cells:
            return False
        index = next((number for number, cell in enumerate(block.cells) if cell.column == finding.column), -1)
        return 0 <= index < len(english.cells) and identifier(english.cells[index].source) == identifier(finding.found)

    def _own_cells(self) -> dict[tuple[int, int, str], Finding]:
        """The findings of the table-cell rules against each cell's own pair's English (no English page)."""
        rules = tuple(rule for rule in self.ruleset.rules if rule.code in CELL_RULES)
        if not rules:
            return {}
        cells = RuleSet(rules, self.ruleset.severities)
        own = Context(self.context.path, self.context.target, None, locale=self.context.locale)
        return {(finding.line, finding.column, finding.code): finding
                for finding in self.run_rules(own, cells)}

    def _translated(self, text: str) -> bool:
        """Whether ``text`` holds a word of the translation: one the page's translated segments use (or one
        not in ASCII) that neither the page's English nor the current English page has."""
        if not text:
            return False
        if self._words is None:
            translated: set[str] = set()
            english = set(_WORD.findall(self.context.english.text if self.context.english else ""))
            for pair in self.context.target.pairs:
                translated.update(_WORD.findall(pair.target))
                english.update(_WORD.findall(pair.source or ""))
            self._words = (translated, english)
        translated, english = self._words
        return any(word not in english and (word in translated or not word.isascii())
                   for word in _WORD.findall(text))


def _drift(finding: Finding, why: str) -> Finding:
    severity = finding.severity if finding.severity.rank <= Severity.WARNING.rank else Severity.WARNING
    return replace(finding, severity=severity, message=finding.message + why, cause=DRIFT)
