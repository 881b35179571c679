"""The rule catalogue: every rule documented, every example behaves as it says."""

from __future__ import annotations

import pytest

from doclint.catalogue import Example, documents
from doclint.checks.terms import bind
from doclint.consistency import check_texts
from doclint.engine import check_text
from doclint.finding import Finding
from doclint.fix import fix_text
from doclint.glossary import parse_glossary
from doclint.parse import parse_page
from doclint.registry import RuleSet, all_rules

RULES = all_rules()
DOCS = documents()
ALL_RULES = RuleSet(tuple(RULES.values()))
# Reported by the reader or the engine before any page text exists: no page example can show them.
WITHOUT_EXAMPLES = {"DL001", "DL004", "DL006", "DL007", "DL008"}


def rules_for(example: Example) -> RuleSet:
    """Every rule, the term rules checking the example's glossary when it has one."""
    if example.glossary is None:
        return ALL_RULES
    return bind(ALL_RULES, (parse_glossary(example.glossary.encode(), "glossary.csv"),))


def test_every_rule_has_a_document_and_every_document_a_rule() -> None:
    assert sorted(RULES) == sorted(DOCS)


def header(text: str) -> list[str]:
    """A document's title and the facts listed under it, before its first section."""
    head = text[: text.index("\n## ")]
    return [line for line in head.split("\n") if line.strip()]


def registry_header(code: str) -> list[str]:
    """The header the registry says a document has (the text in brackets after a fact is the document's own)."""
    rule = RULES[code]
    return [f"# {code} {rule.name}", f"- Default severity: {rule.severity.value}",
            f"- Fixable: {'yes' if rule.fixable else 'no'}",
            f"- Needs the English page: {'yes' if rule.needs_source else 'no'}"]


@pytest.mark.parametrize("code", sorted(DOCS))
def test_document_header_states_what_the_registry_holds(code: str) -> None:
    """Rule metadata is written once, in the registry: each document's header must agree with it."""
    lines = header(DOCS[code].text)
    assert [line.split(" (", 1)[0] for line in lines] == registry_header(code)


def run_example(example: Example) -> list[Finding]:
    """The findings of an example's translated page; with an ``other`` page, of a locale of three pages."""
    if example.other is not None:
        return check_texts([("example.md", example.translated), ("other-1.md", example.other),
                            ("other-2.md", example.other)], rules_for(example))[0]
    return check_text("example.md", example.translated, example.english, rules_for(example), example.handoff)


@pytest.mark.parametrize("code", sorted(set(DOCS) - WITHOUT_EXAMPLES))
def test_failing_example_fires_the_rule(code: str) -> None:
    example = DOCS[code].failing
    assert example is not None, f"{code} has no failing example"
    codes = {finding.code for finding in run_example(example)}
    assert code in codes


@pytest.mark.parametrize("code", sorted(set(DOCS) - WITHOUT_EXAMPLES))
def test_passing_example_fires_nothing(code: str) -> None:
    example = DOCS[code].passing
    assert example is not None, f"{code} has no passing example"
    findings = run_example(example)
    assert [f"{f.line}: {f.code} {f.message}" for f in findings] == []


@pytest.mark.parametrize("code", sorted(DOCS))
def test_a_fixable_rule_and_only_a_fixable_one_says_what_its_fix_does(code: str) -> None:
    assert ("\n## Fix\n" in DOCS[code].text) is RULES[code].fixable


@pytest.mark.parametrize("code", sorted(set(DOCS) - WITHOUT_EXAMPLES))
def test_a_rule_attaches_fixes_exactly_when_it_is_marked_fixable(code: str) -> None:
    example = DOCS[code].failing
    assert example is not None
    findings = check_text("example.md", example.translated, example.english, rules_for(example), example.handoff)
    assert any(finding.fix is not None for finding in findings if finding.code == code) is RULES[code].fixable


@pytest.mark.parametrize("code", sorted(code for code, rule in RULES.items() if rule.fixable))
def test_fixing_the_failing_example_of_a_fixable_rule_clears_its_finding(code: str) -> None:
    example = DOCS[code].failing
    assert example is not None
    english = parse_page(example.english) if example.english is not None else None
    fixed, applied, refused = fix_text("example.md", example.translated, english, ALL_RULES)
    assert applied >= 1 and refused == ""
    assert code not in {finding.code for finding in check_text("example.md", fixed, example.english, ALL_RULES)}
