"""Hostile pages and globs that took super-linear time (issue 12: items 3, 12 and 13, and what a scan of
every other pattern found), with proofs that do not hang on timing.

- Structure: no regular expression doclint runs on a page has runs that can share characters (the
  shape that made ``_TAG_RAW`` cubic and ``_TABLE_SEP`` exponential), see ``tests/regex_shape.py``.
- Sameness: each rewritten pattern or scanner finds what the plain form it replaces found, on
  generated text (the plain forms are kept here, as references).
- Size: each hostile input is built at ten times a size that used to take tens of seconds, minutes or
  forever, and must finish under :data:`LIMIT`: a few seconds of linear work here (more on a loaded
  machine), and a hundred times less than the old work would have taken, or far less.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import doclint
from doclint import drift_compare, sequence, suppress
from doclint.checks import Context, blocks, code, segments, tables
from doclint.checks import tokens as tk
from doclint.config import ConfigError, load_config
from doclint.engine import check_text
from doclint.finding import Finding, Severity
from doclint.glob import compile_glob
from doclint.lint import function
from doclint.page import Page
from doclint.parse import blocks as parse_blocks
from doclint.parse import front_matter as parse_front_matter
from doclint.parse import pairs as parse_pairs
from doclint.parse import parse_page
from doclint.registry import REGISTRY, RuleSet, all_rules
from tests.helpers import pair
from tests.regex_shape import overlapping_runs

# The plain forms of 7f51f6c, each slow on some input (the size tests below).
OLD_TAG_RAW = r"<(?<!\\<)/?[A-Za-z][A-Za-z0-9]*(?:\s+[^<>]*?)?\s*/?>"
OLD_INLINE_LINK = (r"!?\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\(\s*(<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
OLD_FENCE = r"^([ \t]*(?:>[ \t]?)*[ \t]*)(`{3,}|~{3,})[ \t]*([^`\s]*)"
OLD_TABLE_SEP = r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$"
OLD_TAB = r'^#[ \t]*(?:<a\s+name="[^"]*"\s*>\s*</a>)?[ \t]*\[[^\]]*\]\(#tab/'
OLD_FRONT_KEY = r"^([A-Za-z_][\w.\-]*)[ \t]*:[ \t]*(.*)$"
OLD_PREFIX = r"^[ \t]*(?:>[ \t]?)*[ \t]*"
OLD_TABLE_LINK = r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\](?:\([^)]*\)|\[[^\]]*\])?"
OLD_TABLE_LABEL = r"\[\s*[*_`]*([^\[\]]*?)[*_`]*\s*\](?:\([^)]*\)|\[[^\]]*\])"
OLD_BLOCK_REFDEF = r"^[ \t]*\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$"
OLD_SEGMENT_REFDEF = r"^[ \t>]*\[([^\]]+)\]:[ \t]*\S"
OLD_IMAGE_ALT = r"!\[[^\]\n]*\]"
OLD_SPAN_TOKEN = r"<span\b[^>]*>|</span>|\n[ \t]*\n"
OLD_DIRECTIVE = r"<!--[ \t]*doclint-([a-z-]+)(.*?)-->"

#: Seconds a size test may take: ten times the work at ten times the killing size was ten times 20 s to 50 s
#: (quadratic: 2,000 s to 5,000 s), or hours and more (cubic, exponential); linear work takes 0.1 s to 3 s.
LIMIT = 60

#: Patterns allowed to keep overlapping runs, and why that is safe.
TRUSTED = {
    "doclint.report.sarif._SECTION": "reads the rule documents shipped with doclint, never a page",
}


def _text(*pieces: str, size: int = 16) -> st.SearchStrategy[str]:
    """Text made of ``pieces`` (characters or longer tokens), up to ``size`` of them."""
    return st.lists(st.sampled_from(pieces), max_size=size).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [match.regs for match in pattern.finditer(text)]


def _match(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, int], ...] | None:
    match = pattern.match(text)
    return match.regs if match else None


# ---- structure -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("plain", [OLD_TAG_RAW, OLD_INLINE_LINK, OLD_FENCE, OLD_TABLE_SEP, OLD_TAB, OLD_TABLE_LABEL,
                                   OLD_BLOCK_REFDEF, r"(a+)+b", r"(\s*x?)*y", r"\s+\S*?\s*$"])
def test_the_shape_check_finds_the_shape_of_each_slow_pattern(plain: str) -> None:
    assert overlapping_runs(re.compile(plain))


@pytest.mark.parametrize("one_way", [r"[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*", r"[ \t]*+\|?[ \t]*", r"a*b*", r"\s*(/?>)$",
                                     r"(?:\|[ \t]*+:?+-*+)*+\|?[ \t]*$", r"(`+)(?!`)([^`]+(?:`+[^`]+)*?)\1(?!`)"])
def test_the_shape_check_passes_patterns_that_read_each_character_one_way(one_way: str) -> None:
    assert overlapping_runs(re.compile(one_way)) == []


def _doclint_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module in pkgutil.walk_packages(doclint.__path__, "doclint."):
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{module.name}.{name}"] = value
    for marker in ("```", "~~~~"):  # made per fence
        found[f"doclint.parse.blocks._fence_closer({marker!r})"] = parse_blocks._fence_closer(marker)
    return found


def test_no_pattern_of_doclint_has_runs_that_share_characters() -> None:
    patterns = _doclint_patterns()
    assert len(patterns) > 60 and "doclint.checks.tokens._TAG_RAW" in patterns
    shaped = {name: problems for name, pattern in patterns.items()
              if name not in TRUSTED and (problems := overlapping_runs(pattern))}
    assert shaped == {}


# ---- sameness: the rewritten patterns find what the plain forms found -----------------------------------------

@settings(max_examples=400, deadline=None)
@given(_text(*"<>ab1/ \n\\\t"))
def test_tag_pattern_finds_what_the_plain_one_found(text: str) -> None:
    assert _spans(tk._TAG_RAW, text) == _spans(re.compile(OLD_TAG_RAW), text)


@settings(max_examples=400, deadline=None)
@given(_text("[a](", "[", "]", "(", ")", " ", "\n", '"', "'", "<", ">", "x", "!", "](", ' "t")'))
def test_inline_link_pattern_finds_what_the_plain_one_found(text: str) -> None:
    assert _spans(tk._INLINE_LINK, text) == _spans(re.compile(OLD_INLINE_LINK), text)


@settings(max_examples=400, deadline=None)
@given(_text("`", "``", "```", "a", " ", "\n", size=30))
def test_code_spans_found_in_linear_time_are_those_of_the_pattern(text: str) -> None:
    by_pattern: list[tk.Token] = []
    by_scan: list[tk.Token] = []
    assert tk._take(text, tk._CODE, 2, by_pattern, tk._code_key, True) == tk._take_code(text, by_scan)
    assert by_scan == by_pattern


@settings(max_examples=300, deadline=None)
@given(_text(*" \t|:-x\n"), _text(*" \t>`~x\n"), _text("#", " ", "\t", '<a name="x">', "</a>", "[", "]", "(#tab/",
                                                        "x", '"', ">", '<A  NAME="">'), _text(*"a: \t>\n._"))
def test_line_patterns_of_the_parser_match_as_the_plain_ones_did(separator: str, fence: str, tab: str,
                                                                  key: str) -> None:
    assert bool(parse_blocks._TABLE_SEP.match(separator)) == bool(re.match(OLD_TABLE_SEP, separator))
    assert _match(parse_blocks._FENCE, fence) == _match(re.compile(OLD_FENCE), fence)
    assert _match(parse_blocks._TAB, tab) == _match(re.compile(OLD_TAB, re.IGNORECASE), tab)
    assert _match(parse_front_matter._FRONT_KEY, key) == _match(re.compile(OLD_FRONT_KEY), key)
    assert parse_front_matter._FRONT_KEYS.findall(key) == re.findall(OLD_FRONT_KEY, key, re.MULTILINE)
    assert _match(code._PREFIX, fence) == _match(re.compile(OLD_PREFIX), fence)


def _old_close_span(text: str, pos: int) -> int:
    depth = 1
    for token in re.finditer(OLD_SPAN_TOKEN, text[pos:]):
        value = token.group()
        if value == "</span>":
            depth -= 1
            if depth == 0:
                return pos + token.start()
        elif value.startswith("<span"):
            if value.startswith("<span data-ttu-id=") or value.startswith('<span class="sxs-lookup"'):
                return -1
            depth += 1
        else:
            return -1
    return -1


@settings(max_examples=400, deadline=None)
@given(_text("<span", "<span ", ">", "</span>", "\n", "\n\n", " ", '<span data-ttu-id="x">', "a", "<spanx>",
             '<span class="sxs-lookup">', "</span", "\n \n"))
def test_closing_a_span_finds_what_the_token_pattern_found(text: str) -> None:
    assert parse_pairs._close_span(text, 0) == _old_close_span(text, 0)


@settings(max_examples=400, deadline=None)
@given(_text(*"[]()!* _`x\n", size=20))
def test_table_links_and_labels_are_found_as_the_plain_patterns_found_them(text: str) -> None:
    assert tables._labels(text) == re.findall(OLD_TABLE_LABEL, text)
    old = re.compile(OLD_TABLE_LINK)
    # A bracket inside a bracket inside a label made a link before; it is no link now.
    if not any(re.search(r"\[[^\]]*\[", match.group(1)) for match in old.finditer(text)):
        assert tables.link_text(text) == old.sub(lambda match: match.group(1), text)
        assert tables._replace_links(text, lambda label: " ") == old.sub(" ", text)


@settings(max_examples=400, deadline=None)
@given(_text(*"[]: \t>\nx!<b"))
def test_definitions_and_image_alt_text_are_found_as_the_plain_patterns_found_them(text: str) -> None:
    assert segments._definition_labels(text) == re.findall(OLD_SEGMENT_REFDEF, text, re.MULTILINE)
    assert _match(blocks._REFDEF, text) == _match(re.compile(OLD_BLOCK_REFDEF), text)
    assert drift_compare._drop_image_alt(text) == re.sub(OLD_IMAGE_ALT, "![]", text)


# ---- sameness: suppressions -----------------------------------------------------------------------------------

def _reference_apply(findings: list[Finding], page: Page, ruleset: RuleSet, compared: bool) -> list[Finding]:
    """:func:`doclint.suppress.apply` as 7f51f6c did it: a scope per range piece, each finding against every scope."""
    enabled = {rule.code: rule for rule in ruleset.rules}
    kept = [finding for finding in findings if finding.code in enabled]
    directives, unused = suppress._parse(page)
    last_line = page.text.count("\n") + 1
    scopes: list[tuple[int, int, tuple[str, ...] | None, tuple[str, ...], suppress._Directive]] = []
    open_ranges: list[tuple[int, int, tuple[str, ...] | None, tuple[str, ...], suppress._Directive]] = []
    for directive in directives:
        line, codes = directive.line, directive.codes
        if directive.kind == "disable-file":
            scopes.append((1, last_line, codes, (), directive))
        elif directive.kind == "disable-next-line":
            scopes.append((line + 1, line + 1, codes, (), directive))
        elif directive.kind == "disable-line":
            scopes.append((line, line, codes, (), directive))
        elif directive.kind == "disable":
            open_ranges.append((line, last_line, codes, (), directive))
        else:
            still = []
            for first, last, scope_codes, excluded, owner in open_ranges:
                scopes.append((first, line, scope_codes, excluded, owner))
                if codes is None:
                    continue
                if scope_codes is None:
                    still.append((line + 1, last, None, excluded + codes, owner))
                else:
                    remaining = tuple(s for s in scope_codes if not any(s.startswith(e) for e in codes))
                    if remaining:
                        still.append((line + 1, last, remaining, excluded, owner))
            open_ranges = still
    scopes.extend(open_ranges)

    def selector(scope: tuple[int, int, tuple[str, ...] | None, tuple[str, ...], suppress._Directive], code: str,
                 line: int) -> str | None:
        first, last, codes, excluded, _owner = scope
        if not first <= line <= last or any(code.startswith(e) for e in excluded):
            return None
        return "" if codes is None else next((s for s in codes if code.startswith(s)), None)

    remaining_findings = []
    for finding in kept:
        hit = False
        for scope in scopes:
            chosen = selector(scope, finding.code, finding.line)
            if chosen is not None:
                scope[4].used.add(chosen)
                hit = True
        if not hit:
            remaining_findings.append(finding)
    ran = {code for code, rule in enabled.items() if compared or not rule.needs_source}
    unused.extend(suppress._unused(directives, ran, set(REGISTRY)))
    rule = enabled[suppress.UNUSED]
    reported = [Finding("p.md", bare.line, bare.column, suppress.UNUSED, rule.name, ruleset.severity(rule),
                        bare.message, "", bare.found) for bare in unused]
    reported = [finding for finding in reported if not any(selector(scope, suppress.UNUSED, finding.line)
                                                            for scope in scopes)]
    return sorted(remaining_findings + reported)


_SELECTORS = ("DL201", "DL202", "DL2", "DL", "DL901", "DL9", "X", "dl20", "DL3", "DL301")
_DIRECTIVE_LINE = st.builds(
    lambda prefix, kind, codes: f"{prefix}<!-- doclint-{kind} {' '.join(codes)} -->",
    st.sampled_from(["", "x "]), st.sampled_from([*suppress.KINDS, "disabel"]),
    st.lists(st.sampled_from(_SELECTORS), max_size=3))
_RULES = RuleSet(tuple(all_rules()[code] for code in ("DL201", "DL202", "DL301", "DL901")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(_DIRECTIVE_LINE, st.just("text")), st.sampled_from(["\n", "\n", " ", "\n\n"])),
                min_size=1, max_size=14),
       st.lists(st.tuples(st.sampled_from(["DL201", "DL202", "DL301"]), st.integers(1, 30)), max_size=10),
       st.booleans())
def test_suppressions_are_those_the_scope_by_scope_algorithm_gave(lines: list[tuple[str, str]],
                                                                  hits: list[tuple[str, int]], compared: bool) -> None:
    text = "".join(line + end for line, end in lines)
    findings = sorted(Finding("p.md", line, 1, code, "x", Severity.ERROR, "m") for code, line in hits)
    expected = _reference_apply(findings, parse_page(text), _RULES, compared)
    assert suppress.apply("p.md", findings, parse_page(text), _RULES, compared=compared) == expected


def test_ranges_opened_and_narrowed_many_times_cost_lines_linear_in_the_directives() -> None:
    # 7f51f6c split every open range at every enable: 4,000 ranges x 4,000 enables = 16 million scopes.
    text = "<!-- doclint-disable DL201 -->\n<!-- doclint-enable DL202 -->\n" * 4_000
    directives, _unused = suppress._parse(Page(text, {}, 1, [], [], []))
    ends = suppress._Ends(directives, 8_001)
    stretches = list(suppress._stretches(directives, "DL201", ends, 8_001))
    assert len(stretches) == 4_000 and all(stretch.last == 8_001 for stretch in stretches)


# ---- size: ten times what used to hang ------------------------------------------------------------------------

@pytest.mark.timeout(LIMIT)
@pytest.mark.parametrize("side", ["translated", "english"])
def test_tag_opened_before_sixteen_thousand_spaces(side: str) -> None:
    # DL317: '<a' and 1,600 spaces with no '>' took 17 s (cubic); 16,000 is ten times that.
    hostile, plain = "x <a" + " " * 16_000, "x"
    text = pair(1, hostile, plain) if side == "translated" else pair(1, plain, hostile)
    english = "# T\n\n" + (plain if side == "translated" else hostile) + "\n"
    findings = check_text("p.md", "# T\n\n" + text + "\n", english, RuleSet.default())
    assert all(finding.code != "DL000" for finding in findings)


def _bare_page(text: str) -> Page:
    return Page(text, {}, 1, [], [], [])


@pytest.mark.timeout(LIMIT)
def test_forty_thousand_unclosed_directives() -> None:
    # 4,000 unclosed '<!-- doclint-disable ' took 22 s (each searched to the end of the page).
    text = "<!-- doclint-disable \n" * 40_000
    assert suppress._parse(_bare_page(text)) == ([], [])
    assert suppress._parse(_bare_page(text + "-->\n"))[0][0].line == 1  # closed at last: one directive


@pytest.mark.timeout(LIMIT)
def test_a_hundred_and_sixty_thousand_disable_next_line_directives() -> None:
    # 16,000 took 53 s: every finding was tried against every directive.
    text = "<!-- doclint-disable-next-line -->\nAAA\n" * 160_000
    findings = [Finding("p.md", line, 1, "DL201", "x", Severity.ERROR, "m") for line in range(2, 320_001, 4)]
    result = suppress.apply("p.md", findings, _bare_page(text), _RULES, compared=True)
    assert len(result) == 80_000 and {finding.code for finding in result} == {"DL901"}


@pytest.mark.timeout(LIMIT)
def test_six_hundred_and_forty_thousand_orphan_lookup_spans() -> None:
    # 64,000 took 24 s: each counted the lines from the start of the page.  (This is over the page size
    # limit, so the rule runs on the text directly.)
    text = '<span class="sxs-lookup">\n' * 640_000
    hits = list(function(all_rules()["DL304"])(Context("p.md", _bare_page(text))))
    assert len(hits) == 640_000 and (hits[-1].line, hits[-1].column) == (640_000, 1)


@pytest.mark.timeout(LIMIT)
def test_a_hundred_thousand_pairs_over_two_lines_each() -> None:
    # Each logical line looked at every pair that runs over a line end: 8,000 such pairs took 1.4 s.
    text = "# T\n\n" + "".join(pair(number, "a\nb", "c\nd") + "\n\n" for number in range(100_000))
    page = parse_page(text)
    assert len(page.pairs) == 100_000 and len(page.blocks) == 100_001
    assert (page.blocks[-1].line, page.blocks[-1].end_line) == (399_999, 400_001)


_PARSED: list[tuple[str, str, Callable[[], object]]] = [
    # (what, how slow it was on the plain form, the run at ten times the size that took seconds)
    ("a table separator line of 40 cells of spaces", "20 cells: 3.7 s, doubling with every cell",
     lambda: parse_page("| a |\n-" + "|  " * 400 + "x\n")),
    ("a line of 250,000 spaces before a backtick", "4,000: 0.28 s (quadratic)",
     lambda: parse_page(" " * 250_000 + "`x\n")),
    ("a tab header of 250,000 spaces", "4,000: 0.03 s (quadratic)", lambda: parse_page("#" + " " * 250_000 + "x(#\n")),
    ("a translated span opened before 500,000 '<span ' and no '>'", "16,000: 0.06 s (quadratic)",
     lambda: parse_page('<span data-ttu-id="a">' + "<span " * 500_000)),
    ("a table row of 64,000 pairs split cell by cell", "4,000: 1.2 s (quadratic)",
     lambda: parse_page("| h |\n|---|\n| " + " | ".join(pair(n, "a", "b") for n in range(64_000)) + " | \\| x |\n")),
    ("1,400 backtick runs, each as long as no other", "100: 0.17 s (n^3.5)",
     lambda: tk.scan("".join("`" * length + "x" for length in range(1, 1_400)))),
    ("'](' and 250,000 spaces", "4,000: 0.13 s (quadratic)", lambda: tk.scan("[a](" + " " * 250_000)),
    ("a type cell '[' and 20,000 spaces", "1,000: 0.6 s (cubic)", lambda: tables.type_tokens("[" + " " * 20_000)),
    ("a type cell of 100,000 '[a](' with no ')'", "quadratic", lambda: tables.type_tokens("[a](" * 100_000)),
    ("a cell of 100,000 '[' then ']x'", "quadratic", lambda: tables.link_text("[" * 100_000 + "]x")),
    ("200,000 lines opening a definition label, then one ']'", "quadratic",
     lambda: segments._definition_labels("[a\n" * 200_000 + "]x")),
    ("a line of 200,000 '![a '", "quadratic", lambda: drift_compare._drop_image_alt("![a " * 200_000)),
    ("a definition and 250,000 spaces before a second line", "4,000: 0.31 s (quadratic)",
     lambda: blocks._refdef_target("[a]: b" + " " * 250_000 + "x\ny")),
]


@pytest.mark.timeout(LIMIT)
@pytest.mark.parametrize(("what", "before", "run"), _PARSED, ids=[case[0] for case in _PARSED])
def test_hostile_text_found_by_scanning_the_other_patterns(what: str, before: str, run: Callable[[], object]) -> None:
    run()


# ---- globs ------------------------------------------------------------------------------------------------------

def _reference_glob(glob: str) -> re.Pattern[str]:
    """The regular expression 7f51f6c matched a glob with (exponential on some globs), ``**`` over any character."""
    text = glob.strip().removeprefix("./").rstrip("/")
    pattern, index = "", 0
    while index < len(text):
        close = text.find("]", index + 2) if text[index] == "[" else -1
        if text.startswith("**/", index):
            pattern, index = pattern + "(?:.*/)?", index + 3
        elif text.startswith("**", index):
            pattern, index = pattern + ".*", index + 2
        elif text[index] in "*?":
            pattern, index = pattern + ("[^/]*" if text[index] == "*" else "[^/]"), index + 1
        elif close != -1:
            body = text[index + 1:close].replace("\\", "\\\\")
            pattern, index = pattern + "[" + ("^" + body[1:] if body.startswith("!") else body) + "]", close + 1
        else:
            pattern, index = pattern + re.escape(text[index]), index + 1
    return re.compile(pattern, re.DOTALL)


@settings(max_examples=500, deadline=None)
@given(_text("*", "**", "**/", "?", "a", "b", "/", ".", "[ab]", "[!a]", "[a-c]", "x", "./", " ", size=7),
       st.lists(_text(*"ab/.xc\n ", size=10), min_size=1, max_size=10))
def test_a_glob_matches_what_its_regular_expression_matched(glob: str, paths: list[str]) -> None:
    compiled = compile_glob(glob)
    reference = _reference_glob(glob)
    assert [compiled.fullmatch(path) for path in paths] == [bool(reference.fullmatch(path)) for path in paths]


@pytest.mark.timeout(LIMIT)
@pytest.mark.parametrize(("glob", "path"), [
    ("**/" * 120 + "x.md", "/".join(["d"] * 250) + "/y.md"),  # '**/' x 12 against 25 folders ran for minutes
    ("*a" * 300 + "*b", "a" * 1_000),  # '*a*a*…*b' likewise
    ("**a" * 300 + "b", "a/" * 500),
])
def test_globs_that_backtracked_for_minutes(glob: str, path: str) -> None:
    assert compile_glob(glob).fullmatch(path) is False
    assert compile_glob(glob).fullmatch(path[:-1] + "b") is glob.endswith("b")


@pytest.mark.parametrize(("glob", "reason"), [("[z-a].md", "cannot be read"), ("*a" * 3_000, "over 4096 characters")])
def test_a_glob_that_cannot_be_read_is_a_config_error_naming_it(tmp_path: Path, glob: str, reason: str) -> None:
    config = tmp_path / ".doclint.toml"
    config.write_text(f'exclude = ["{glob}"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="has a glob that cannot be read") as error:
        load_config(config)
    message = str(error.value)
    assert reason in message and len(message) < 300 and "\n" not in message


# ---- comparisons of blocks, lines and characters ---------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(_text(*"abc ", size=24), _text(*"abc ", size=24))
def test_differences_are_those_of_the_sequence_matcher_within_the_budget(a: str, b: str) -> None:
    expected = SequenceMatcher(None, a, b, autojunk=False)
    assert sequence.opcodes(a, b) == expected.get_opcodes()
    assert sequence.ratio(a, b) == expected.ratio()
    assert sequence.opcodes(list(a), list(b)) == expected.get_opcodes()


@settings(max_examples=200, deadline=None)
@given(_text(*"abc ", size=40), _text(*"abc ", size=40), st.integers(0, 200))
def test_past_the_budget_the_head_and_tail_match_and_the_middle_is_one_change(a: str, b: str, steps: int) -> None:
    budget = sequence.Budget(steps)
    codes = sequence.opcodes(a, b, budget)
    if budget.left < 0:  # over: what remains is still a true account of the two sequences
        assert len([tag for tag, *_ in codes if tag != "equal"]) <= 1
    assert codes[0][1] == codes[0][3] == 0 if codes else a == b == ""
    rebuilt = "".join(b[j1:j2] if tag != "equal" else a[i1:i2] for tag, i1, i2, j1, j2 in codes)
    assert rebuilt == b and all(a[i1:i2] == b[j1:j2] for tag, i1, i2, j1, j2 in codes if tag == "equal")


def test_the_searches_done_fit_in_the_budget_and_none_starts_past_it() -> None:
    # Each search is charged before it runs, with at least what it walks (its elements of a and each
    # one's places in b): the searches done never walk more than the budget.
    budget = sequence.Budget(2_000_000)
    charged: list[int] = []

    class Counting(sequence._BoundedMatcher):
        def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0,
                               bhi: int | None = None) -> object:
            before = budget.left
            found = super().find_longest_match(alo, ahi, blo, bhi)
            charged.append(before - budget.left)
            return found

    with pytest.raises(sequence._OverBudget):
        Counting("ab c " * 200, "ba c " * 200, budget).get_opcodes()
    assert len(charged) > 3 and sum(charged) <= 2_000_000


_COMPARED: list[tuple[str, str, Callable[[], object]]] = [
    # (what, how slow it was, the run at ten times the size that took seconds)
    ("a paragraph of 20,000 characters against its English, the same few letters in another order",
     "2,000 characters: 33 s (cubic)", lambda: check_text(
         "p.md", "# T\n\n" + pair(1, "x", "ab c " * 4_000) + "\n", "# T\n\n" + "ba c " * 4_000 + "\n", RuleSet.default())),
    ("a paragraph of 10,000 characters that spends the whole budget", "1,000 characters: 3.5 s",
     lambda: check_text("p.md", "# T\n\n" + pair(1, "x", "ab c " * 2_000) + "\n", "# T\n\n" + "ba c " * 2_000 + "\n",
                        RuleSet.default())),
    ("40,000 equal paragraphs against the same with one changed", "4,000: 12.8 s (quadratic to cubic)",
     lambda: check_text("p.md", "# T\n\n" + "x\n\n" * 20_000 + "y\n\n" + "x\n\n" * 20_000,
                        "# T\n\n" + "x\n\n" * 40_000, RuleSet.default())),
    ("a code block of 40,000 equal lines against the same with one changed", "4,000: 7.6 s",
     lambda: check_text("p.md", "# T\n\n```json\n" + "x\n" * 20_000 + "y\n" + "x\n" * 20_000 + "```\n",
                        "# T\n\n```json\n" + "x\n" * 40_000 + "```\n", RuleSet.default())),
]


@pytest.mark.timeout(LIMIT)
@pytest.mark.parametrize(("what", "before", "run"), _COMPARED, ids=[case[0] for case in _COMPARED])
def test_hostile_comparisons(what: str, before: str, run: Callable[[], object]) -> None:
    run()
