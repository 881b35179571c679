"""Property tests: mutated fixture pages never make the reader, the parser, a rule or a fix raise.

Pages of ``fixtures/graph-docs`` are cut, duplicated, shuffled and garbled line by line, get stray
``<span>`` tags and random bytes; whatever comes out, reading gives text or a problem, parsing gives
a page, no rule raises (``lint`` would turn that into a DL000 finding), and ``--fix`` leaves a
page it fixed with nothing more to fix.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from doclint.context import Context
from doclint.fix import fix_text, parse_errors
from doclint.lint import lint
from doclint.parse import parse_page
from doclint.reader import decode
from doclint.registry import RuleSet, all_rules
from tests.helpers import FIXTURES

PAGES = sorted((path, FIXTURES / "en" / path.relative_to(FIXTURES / locale))
               for locale in ("zh-CN", "pt-BR") for path in (FIXTURES / locale).rglob("*.md"))
EVERY_RULE = RuleSet(tuple(all_rules().values()))
STRAY = ["<span>", "</span>", '<span data-ttu-id="x1-101">', '<span class="sxs-lookup">',
         '<span data-stu-id="x1-101">', "</span></span>", "<!--", "-->", "```", "|", "---\n", "\n", "\r", "\ufeff"]


@st.composite
def mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """One line-level mutation of ``lines``."""
    lines = list(lines)
    if not lines:
        return lines
    kind = draw(st.sampled_from(["cut", "duplicate", "shuffle", "garble", "stray"]))
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start, min(len(lines), start + 12)))
    if kind == "cut":
        del lines[start:end]
    elif kind == "duplicate":
        lines[start:start] = lines[start:end]
    elif kind == "shuffle":
        lines[start:end] = draw(st.permutations(lines[start:end]))
    elif kind == "garble":
        line = lines[start]
        position = draw(st.integers(0, len(line)))
        cut = draw(st.integers(0, 20))
        lines[start] = line[:position] + draw(st.text(max_size=20)) + line[position + cut:]
    else:
        line = lines[start]
        position = draw(st.integers(0, len(line)))
        lines[start] = line[:position] + draw(st.sampled_from(STRAY)) + line[position:]
    return lines


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[bytes, str]:
    """A fixture page's bytes after a few mutations, and its English page's text."""
    target, english = draw(st.sampled_from(PAGES))
    lines = target.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(mutation(lines))
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=16)) + data[position:]
    return data, english.read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_page())
def test_mutated_pages_never_make_a_rule_raise(case: tuple[bytes, str]) -> None:
    data, english_text = case
    stored = decode(data)
    if stored.text is None:
        assert stored.problem is not None and stored.problem.code.startswith("DL00")
        return
    page = parse_page(stored.text)
    english = parse_page(english_text)
    findings = lint(Context("page.md", page, english), EVERY_RULE)
    assert not [finding for finding in findings if finding.code == "DL000"], findings
    assert all(finding.line >= 1 and finding.column >= 1 for finding in findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_page())
def test_fixing_a_mutated_page_is_safe_and_final(case: tuple[bytes, str]) -> None:
    """A fix never gives a page a parse error, and a second fix changes nothing."""
    data, english_text = case
    stored = decode(data)
    if stored.text is None:
        return
    english = parse_page(english_text)
    fixed, applied, reason = fix_text("page.md", stored.text, english, EVERY_RULE)
    if fixed == stored.text:
        return
    event("fixed")
    assert applied > 0 and not reason
    assert not parse_errors(parse_page(fixed))
    again, applied_again, _ = fix_text("page.md", fixed, english, EVERY_RULE)
    assert again == fixed and applied_again == 0


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PAGES), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_unmutated_fixture_pages_read_the_same_in_any_stored_form(page: tuple[Path, Path], newline: str,
                                                                   bom: bool) -> None:
    """Line ends and a BOM change nothing the rules see."""
    target, english_path = page
    text = target.read_text(encoding="utf-8")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8")
    stored = decode(data)
    english = parse_page(english_path.read_text(encoding="utf-8"))
    assert stored.text == text and stored.bom == bom and stored.newline == newline
    assert lint(Context("p.md", parse_page(stored.text), english), EVERY_RULE) == \
        lint(Context("p.md", parse_page(text), english), EVERY_RULE)
