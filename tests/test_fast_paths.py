"""The fast paths give what the plain versions beside them give, on generated pages and on real ones.

Token patterns are written for speed (unrolled loops, lookbehinds after the character they guard),
identifier cells are searched with ``str.find``, pairs without a trigger character are not scanned,
the parser takes shortcuts for the usual page (all pairs simple, no pair across a line end, table
rows without escapes, front matter of key: value lines only), and the drift comparison reuses the
alignment's keys and skips pages without change.  The package keeps the plain version of each beside
it (``PLAIN_FORMS``, ``_has_token_plainly``, ``parse_page_plainly``, ``compare_plainly``); each is
checked here against it.  The real pages are those of ../shared/corpus, when it is there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.align import align, block_key
from doclint.checks import segments
from doclint.checks import tokens as tk
from doclint.checks.segments import _may_hold_tokens
from doclint.checks.tables import _has_token, _has_token_plainly
from doclint.context import Context
from doclint.drift_compare import Comparison, _same_keys, compare, compare_plainly, keys_of, link_labels
from doclint.drift_compare import block_key as drift_block_key
from doclint.parse import parse_page, parse_page_plainly
from doclint.reader import read_page
from tests.helpers import pair

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph-docs"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there")

# Characters the generated texts are made of, for each pattern: those its matches turn on.
ALPHABETS = {
    "_CODE": "`a b\n",
    "_INLINE_LINK": "[]()!<> \n\"'a",
    "_REFERENCE_LINK": "[]a !(\n",
    "_TAG_RAW": "<\\/a b>=",
    "_PERMISSION": "aAB.b_9 ",
    "_NUMBER": "1,.，0a ٣",
    "_CLOCK": "12:3 aPmM.",
    "segments._EMPHASIS": "*_a \né1",
}


def plain_form(name: str) -> re.Pattern[str]:
    """The plain form the package keeps beside the fast pattern ``name``."""
    module, _, attribute = name.rpartition(".")
    pattern, flags = (segments if module == "segments" else tk).PLAIN_FORMS[attribute]
    return re.compile(pattern, flags)


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in pattern.finditer(text)]


@st.composite
def pattern_and_text(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(ALPHABETS)))
    return name, draw(st.text(alphabet=ALPHABETS[name], max_size=24))


@settings(max_examples=3000, deadline=None)
@given(pattern_and_text())
def test_each_token_pattern_matches_as_its_plain_form(case: tuple[str, str]) -> None:
    name, text = case
    module, _, attribute = name.rpartition(".")
    fast = getattr(segments if module == "segments" else tk, attribute)
    assert matches(fast, text) == matches(plain_form(name), text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aB._ 1٣²½中é-", max_size=3), st.text(alphabet="aB._ 1٣²½中é-()*`", max_size=12))
def test_a_type_token_is_found_as_the_regex_finds_it(token: str, text: str) -> None:
    for haystack in (text, text[: len(text) // 2] + token + text[len(text) // 2:]):
        assert _has_token(token, haystack) == _has_token_plainly(token, haystack)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab A.Bc:/`<>[](){}%5&#;\\\u200b\u00a0xF１", max_size=16))
def test_a_segment_left_unscanned_holds_no_token(text: str) -> None:
    if not _may_hold_tokens(text, "译文"):
        assert not any(tk.scan(text).tokens.values())


def fixture_pairs() -> list[tuple[str, str]]:
    texts = [(path.read_text(encoding="utf-8"), (FIXTURES / "en" / path.relative_to(root)).read_text(encoding="utf-8"))
             for root in (FIXTURES / "zh-CN", FIXTURES / "pt-BR") for path in sorted(root.rglob("*.md"))]
    # each page with its own English, and with a neighbour's: drift everywhere
    return texts + [(target, texts[(index + 1) % len(texts)][1]) for index, (target, _) in enumerate(texts)]


def test_a_drift_key_is_the_blocks_folded_key_whichever_way_it_is_computed() -> None:
    for translated, english in fixture_pairs():
        for page in (parse_page(translated), parse_page(english)):
            for labels in (link_labels(page), {}):
                assert keys_of(page.blocks, labels) == [drift_block_key(block, labels) for block in page.blocks]


def test_the_no_change_shortcut_is_taken_exactly_when_every_drift_key_is_equal() -> None:
    shortcuts = 0
    for translated, english in fixture_pairs():
        target, source = parse_page(translated), parse_page(english)
        labels = link_labels(source)
        if labels != link_labels(target):
            continue
        keys_equal = keys_of(source.blocks, labels) == keys_of(target.blocks, labels)
        assert _same_keys(source.blocks, target.blocks, labels) == keys_equal
        if keys_equal:
            shortcuts += 1
            assert compare(target, source) == Comparison([], [])
    assert shortcuts >= 5  # the fixtures exercise it


def test_the_alignment_shortcut_is_taken_exactly_when_the_keys_are_equal() -> None:
    for translated, english in fixture_pairs():
        target, source = parse_page(translated), parse_page(english)
        context = Context("page.md", target, source)
        english_keys = [block_key(block) for block in source.blocks]
        assert context.keys_equal == (english_keys == [block_key(block) for block in target.blocks])
        assert context.alignment == align(source.blocks, target.blocks)


# Pieces of lines that lead the parser into each of its ways: pairs simple, with markup, across a line
# end, orphaned or cut short; table rows with pipes inside pairs and escaped; fences, comments, quotes.
_PIECES = [
    pair(1, "译文", "English"), pair(2, "a <b>b</b> c", "a <b>b</b> c"), pair(3, "x | y", "x | y"),
    pair(4, "跨\n行", "across\nlines"), pair(5, "`code`", "`code`"), '<span data-ttu-id="ab-6">orphan</span>',
    '<span data-ttu-id="ab-7">cut', '<span class="sxs-lookup">', "</span>", "| ", " |", "|", "\\|", "---",
    "|---|---|", "```json", "```", "~~~", "<!-- { \"blockType\": \"ignored\" } -->", "<!--", "-->", "# Title",
    "> ", "- ", "1. ", "[label]: target.md", "[!INCLUDE [x](y.md)]", "text", " ", "*", "\\", "key: value",
]


@st.composite
def pages(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=4).map("".join), max_size=14))
    head = draw(st.sampled_from(["", "---\ntitle: T\nms.prod: x\n---\n", "---\ntitle: 'T'\nbad line\n---\n",
                                 "---\ntitle: T\n", "--- \n  - item\n# note\n...\n",
                                 "---\ntitle:\t\"T\" \t\nms.date: '1'\t\n\n---\n"]))
    return head + "\n".join(lines)


@settings(max_examples=1500, deadline=None)
@given(pages())
def test_the_quick_parse_is_the_plain_parse_on_generated_pages(text: str) -> None:
    assert parse_page(text) == parse_page_plainly(text)


def _corpus_pages(step: int) -> list[Path]:
    return [path for locale in ("zh-CN", "pt-BR", "de-DE", "zh-CN-2020", "en")
            for path in sorted((CORPUS / locale).rglob("*.md"))[::step]]


def test_the_quick_parse_is_the_plain_parse_on_the_fixture_pages() -> None:
    for path in sorted(FIXTURES.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert parse_page(text) == parse_page_plainly(text), path


@needs_corpus
def test_the_quick_parse_is_the_plain_parse_on_real_pages() -> None:
    paths = _corpus_pages(7)  # every seventh page of five pipelines and years (all 12,000 agree; that takes 45 s)
    assert len(paths) > 1500
    for path in paths:
        text = read_page(path).text
        assert text is not None and parse_page(text) == parse_page_plainly(text), path


def test_the_quick_comparison_is_the_plain_comparison_on_the_fixture_pages() -> None:
    for translated, english in fixture_pairs():
        target, source = parse_page(translated), parse_page(english)
        assert compare(target, source) == compare_plainly(target, source)


@needs_corpus
def test_the_quick_comparison_is_the_plain_comparison_on_real_pages() -> None:
    compared = changed = 0
    for path in _corpus_pages(5):
        relative = path.relative_to(CORPUS).parts[1:]
        english = CORPUS.joinpath("en", *relative)
        if path.is_relative_to(CORPUS / "en") or not english.is_file():
            continue
        target, source = parse_page(read_page(path).text or ""), parse_page(read_page(english).text or "")
        comparison = compare(target, source)
        assert comparison == compare_plainly(target, source), path
        compared += 1
        changed += bool(comparison.changes)
    assert compared > 1000 and changed > 100  # both ways of the shortcut are taken


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ9.]()*_ é[", max_size=16))
def test_the_identifier_hint_is_found_where_its_plain_form_is(text: str) -> None:
    from doclint.checks import identifiers

    assert (identifiers._HINT.search(text) is None) == (re.search(identifiers.HINT_PLAINLY, text) is None)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ9.]()*_ é[", max_size=16))
def test_a_text_without_the_identifier_hint_holds_no_name_the_rule_reads(text: str) -> None:
    from doclint.checks import identifiers

    if identifiers._HINT.search(text) is None:
        assert identifiers._CAMEL.search(text) is None and identifiers._DOTTED.search(text) is None, text
        assert identifiers._EMPHASIS.search(text) is None and "](" not in text, text


def test_a_dotted_name_with_a_digit_before_its_dot_is_read() -> None:
    from doclint.checks import identifiers

    assert identifiers.english_identifiers("See ab1.cd here.") == (("ab1.cd", "a dotted name"),)


_WORDS = st.sampled_from(["driveItem", "driveItems", "drive", "Item", "microsoft.graph", "microsoft.graph.user",
                          "OneDrive", "**", "_", "[user](user.md)", "`code`", " ", ".", "the", "se", "s", "-"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORDS, max_size=8), st.lists(_WORDS, max_size=8), st.booleans())
def test_a_pair_whose_identifiers_are_all_there_has_none_missing(source: list[str], target: list[str],
                                                                 heading: bool) -> None:
    from doclint.checks import identifiers

    english, translated = "".join(source), "".join(target)
    found, emphasized = identifiers._identifiers(english, heading)
    if identifiers._may_name(found, emphasized) or not identifiers._all_present(found, translated):
        return
    assert identifiers.missing_identifiers(english, translated, heading=heading) == []
    skip = frozenset(item.name for item in found)
    assert identifiers.missing_identifiers(english, translated, skip=skip, heading=heading) == []


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="[]()!`*_a \n", max_size=24))
def test_the_identifier_gates_skip_only_texts_without_a_match(text: str) -> None:
    from doclint.checks import identifiers

    if "][" not in text and "![" not in text:
        assert identifiers._REFERENCE_LINK.search(text) is None
    if "`" not in text:
        assert identifiers._CODE_SPAN.search(text) is None
    if "](" not in text:
        assert identifiers._INLINE_LINK.search(text) is None
    for match in identifiers._EMPHASIS.finditer(text):
        assert match.group(match.lastindex or 0) == next(group for group in match.groups() if group is not None)
