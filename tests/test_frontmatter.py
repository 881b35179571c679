"""DL002 and YAML: front matter whose lines all read as ``key: value`` but that is not valid YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.engine import check_text
from doclint.parse.front_matter import PLAINLY_VALID, front_matter_text, yaml_problem
from doclint.reader import read_page
from doclint.registry import RuleSet
from tests.helpers import pair

BODY = f"# {pair(101, '小部件', 'widget')}\n"
ENGLISH = "---\ntitle: widget\n---\n# widget\n"


def _dl002(front: str) -> list[tuple[int, int, str]]:
    findings = check_text("page.md", f"---\n{front}---\n{BODY}", ENGLISH, RuleSet.default())
    return [(f.line, f.column, f.message) for f in findings if f.code == "DL002"]


@pytest.mark.parametrize("front, line, says", [
    ("title: widget\ndescription: [unclosed\nms.topic: reference\n", 3, "did not find expected ',' or ']'"),
    ("title: widget: a resource\n", 2, "mapping values are not allowed"),
    ('title: "unclosed\ndescription: a widget\n', 2, "unexpected end of stream"),
    ('title: "C:\\path"\n', 2, "unknown escape"),
    ("title: 'it's'\n", 2, "did not find expected key"),
    ("title:widget\n", 2, "not a YAML mapping"),  # no space after the colon: a plain scalar, not a key
    ("title: a\ntitle2: {b\n", 3, "flow mapping"),
])
def test_front_matter_that_is_not_yaml_is_one_dl002_where_the_value_starts(front: str, line: int, says: str) -> None:
    [(found_line, _column, message)] = _dl002(front)
    assert found_line == line and says in message and message.startswith("front matter is not")


@pytest.mark.parametrize("front", [
    "title: widget\ndescription: Get a widget.\n",
    'title: "widget: a resource"\nms.locfileid: "53059998"\n',
    "title: 'it''s a widget'\n",
    "description: >\n  a folded\n  value\ntags:\n  - one\n  - two\n",
    "# a comment\n\ntitle: C# and F#\nurl: https://example.com/a?b=c:d\n",
    'title: "tab\\tand \\u00e9"\n',
    "",
])
def test_valid_yaml_front_matter_has_no_finding(front: str) -> None:
    assert _dl002(front) == []


def test_lines_the_line_reader_names_are_not_reported_again_by_yaml() -> None:
    found = _dl002("title: [unclosed\ndescription Get a widget.\n")
    assert [(line, message.split(":")[0]) for line, _, message in found] == [(3, "front matter line is not 'key")]


def test_an_english_page_s_front_matter_is_not_validated() -> None:
    findings = check_text("page.md", f"---\ntitle: widget\n---\n{BODY}", "---\ntitle: [unclosed\n---\n# widget\n",
                          RuleSet.default())
    assert not [f for f in findings if f.code == "DL002"]


def test_yaml_tags_and_aliases_are_never_resolved() -> None:
    # compose only: no constructor runs (no python/object), and an alias bomb stays a few nodes.
    assert yaml_problem("a: !!python/object/apply:os.system ['echo hi']\n") is None
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    assert yaml_problem(bomb) is None


def test_deeply_nested_front_matter_is_a_finding_not_a_crash() -> None:
    problem = yaml_problem("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert problem is not None and problem.code == "DL002"


@pytest.mark.timeout(20)
def test_the_fast_pattern_does_not_backtrack_over_the_lines_before_a_bad_one() -> None:
    # Each line could end in several ways if the pattern were ambiguous, and a bad last line would make
    # it try them all (2**5000 here); matched line by line it answers at once.
    block = "title: a value   \n" * 5000 + "bad line\n"
    assert PLAINLY_VALID.fullmatch(block) is None
    assert PLAINLY_VALID.fullmatch(block[: -len("bad line\n")]) is not None


_PIECES = ["title", "ms.date", "a", ":", ": ", " ", "  ", "#", " #", "'", '"', "\\", "\\n", "[", "]", "{", "}",
           ",", "&", "*", "!", "|", ">", "%", "@", "`", "-", "- ", "?", "\t", "\x85", "\u2028", "\ufeff", "\xa0",
           "é", "名称", "🙂", "x", "1", "~", "=", "<<", "...", "---", "\x00", "\x7f"]


_TEXT = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)
_KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,20}", fullmatch=True)
_LINE = st.one_of(st.tuples(_KEY, st.sampled_from([":", ": ", ":  ", " : "]), _TEXT).map("".join),
                  _TEXT.map("#".__add__), _TEXT)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_LINE, max_size=6))
def test_whatever_the_fast_pattern_accepts_yaml_accepts_as_a_mapping(lines: list[str]) -> None:
    # The fast path may only skip the parser where the parser would find nothing: checked against both
    # PyYAML parsers, on lines made of the characters that matter to YAML.
    block = "".join(line.replace("\n", "") + "\n" for line in lines)
    if PLAINLY_VALID.fullmatch(block) is None:
        return
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        node = yaml.compose(block, Loader=loader)
        assert node is None or isinstance(node, yaml.MappingNode), block


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "zh-CN").is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("locale", ["zh-CN", "pt-BR", "de-DE", "zh-CN-2020"])
def test_every_real_front_matter_takes_the_fast_path(locale: str) -> None:
    # So PyYAML costs the real pages nothing: it is not even imported for them.
    slow = []
    for page in sorted((CORPUS / locale).rglob("*.md")):
        text = read_page(page).text
        block = front_matter_text(text) if text is not None else None
        if block is not None and PLAINLY_VALID.fullmatch(block) is None:
            slow.append(page.name)
    assert slow == []
