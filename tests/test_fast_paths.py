"""The rules' fast paths give what the plain computations give.

Token patterns are written for speed (unrolled loops, lookbehinds after the character they guard),
identifier cells are searched with ``str.find``, pairs without a trigger character are not scanned,
and the drift comparison reuses the alignment's keys: each is checked here against the plain form.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.align import align, block_key
from doclint.checks import segments
from doclint.checks import tokens as tk
from doclint.checks.segments import _may_hold_tokens
from doclint.checks.tables import _has_token
from doclint.context import Context
from doclint.drift_compare import Comparison, _same_keys, compare, keys_of, link_labels
from doclint.drift_compare import block_key as drift_block_key
from doclint.parse import parse_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph-docs"

# The plain forms the token patterns were first written as.
PLAIN = {
    "_CODE": (re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL), "`a b\n"),
    "_INLINE_LINK": (re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
                                r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"), "[]()!<> \n\"'a"),
    "_REFERENCE_LINK": (re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\[\]]*)\]"), "[]a !(\n"),
    "_TAG_RAW": (re.compile(r"(?<!\\)</?[A-Za-z][A-Za-z0-9]*(?:\s+[^<>]*?)?\s*/?>"), "<\\/a b>="),
    "_PERMISSION": (re.compile(r"(?<![A-Za-z0-9_.])[A-Z][A-Za-z0-9]+(?:\.[A-Z][A-Za-z0-9]+)+(?![A-Za-z0-9_])"),
                    "aAB.b_9 "),
    "_NUMBER": (re.compile(r"(?<![0-9])\d+(?:[.,]\d+|，\d{3}(?!\d))*"), "1,.，0a ٣"),
    "_CLOCK": (re.compile(r"(?<![0-9:])(\d{1,2})(?::(\d\d))?\s?([AaPp])\.?[Mm]\b\.?"), "12:3 aPmM."),
    "segments._EMPHASIS": (re.compile(r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|(?<![*\w])\*([^*\s][^*\n]*?)\*(?![*\w])"
                                      r"|(?<![_\w])_([^_\s][^_\n]*?)_(?![_\w])"), "*_a \né1"),
}


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in pattern.finditer(text)]


@st.composite
def pattern_and_text(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(PLAIN)))
    return name, draw(st.text(alphabet=PLAIN[name][1], max_size=24))


@settings(max_examples=3000, deadline=None)
@given(pattern_and_text())
def test_each_token_pattern_matches_as_its_plain_form(case: tuple[str, str]) -> None:
    name, text = case
    module, _, attribute = name.rpartition(".")
    fast = getattr(segments if module == "segments" else tk, attribute)
    assert matches(fast, text) == matches(PLAIN[name][0], text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aB._ 1٣²½中é-", max_size=3), st.text(alphabet="aB._ 1٣²½中é-()*`", max_size=12))
def test_a_type_token_is_found_as_the_regex_finds_it(token: str, text: str) -> None:
    for haystack in (text, text[: len(text) // 2] + token + text[len(text) // 2:]):
        expected = re.search(r"(?<![\w.])" + re.escape(token) + r"(?![\w])", haystack) is not None
        assert _has_token(token, haystack) == expected


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
