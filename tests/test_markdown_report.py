"""The Markdown reports, rendered by GitHub's own parser (cmark-gfm): text from pages and paths stays
text, inside its fence, code span or table cell, whatever it holds."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from doclint.cli import cli
from doclint.drift_report import Change, DriftReport, PageDrift
from doclint.report import markdown
from doclint.text import shorten
from tests.helpers import git, pair, write

cmarkgfm = pytest.importorskip("cmarkgfm")

#: What the reports are made of; anything else in the rendered page came from a page's text.
ALLOWED = {"h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "details",
           "summary", "em", "blockquote", "ul", "li"}
#: Text that means something to Markdown, HTML or a table, and the characters that end lines.
HOSTILE = st.lists(st.sampled_from([*"`~|\\*_[]()<>!&#$:- \n\r\tabc", "```", "~~~", "</details>", "<img src=x>",
                                    "&amp;", "\u2028"]), max_size=20).map("".join)


@dataclass
class Node:
    """An element of the rendered HTML."""

    tag: str
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def all(self, tag: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                found.extend([child] if tag in (None, child.tag) else [])
                found.extend(child.all(tag))
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [Node("root")]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag)
        self.stack[-1].children.append(node)
        if tag not in ("img", "br", "hr", "input"):
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if any(node.tag == tag for node in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def rendered(text: str) -> Node:
    """The Markdown as GitHub renders it (raw HTML kept, as the step summary's sanitizer keeps these tags)."""
    builder = _Builder()
    builder.feed(cmarkgfm.github_flavored_markdown_to_html(text, options=cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE))
    builder.close()
    return builder.stack[0]


def shown(text: str) -> str:
    """What a cell shows of ``text``: its control characters as escapes."""
    return markdown._visible(text)


def _stale(path: str, diff: str = "", summary: str = "the new text", locale: str = "zh-CN",
           note: str = "") -> PageDrift:
    return PageDrift(path, locale, "stale", [Change("changed", "old", summary, 1, 1, "paragraph")],
                     note=note, diff=diff)


def _body_lines(page: Node) -> str:
    (block,) = page.all("pre")
    return block.text()


def test_a_fence_in_the_diff_does_not_end_the_block() -> None:
    diff = "@@ -1,3 +1,3 @@\n ````\n # escaped\n <img src=x>\n-old\n+new"
    page = rendered(markdown.render_drift(DriftReport("en", [_stale("item.md", diff)], git=True)))
    assert _body_lines(page) == diff + "\n"
    assert {node.tag for node in page.all()} <= ALLOWED


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(HOSTILE, min_size=1, max_size=8).filter(lambda lines: "\n".join(lines)))
def test_the_diff_stays_in_its_block_whatever_its_lines(lines: list[str]) -> None:
    diff = "\n".join(lines)
    page = rendered(markdown.render_drift(DriftReport("en", [_stale("item.md", diff)], git=True)))
    assert {node.tag for node in page.all()} <= ALLOWED
    # cmark reads a CR as a line end: harmless inside the block.
    assert _body_lines(page) == (diff + "\n").replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(path=HOSTILE.filter(str.strip), summary=HOSTILE, locale=HOSTILE.filter(str.strip), note=HOSTILE)
def test_paths_text_and_notes_stay_in_their_cells(path: str, summary: str, locale: str, note: str) -> None:
    page_drift = _stale(path, "-a\n+b", summary, locale, note)
    missing = PageDrift(path, locale, "missing-source", note=note)
    page = rendered(markdown.render_drift(DriftReport(path, [page_drift, missing], notes=[note] if note else [])))
    assert {node.tag for node in page.all()} <= ALLOWED
    summary_table, stale_table = page.all("table")
    rows = [[cell.text() for cell in row.all() if cell.tag in ("td", "th")] for row in summary_table.all("tr")]
    assert [len(row) for row in rows] == [7, 7] and rows[1][0] == shown(locale).strip(" ")  # a cell is trimmed
    row = [cell for cell in stale_table.all("tr")[1].all() if cell.tag == "td"]
    assert len(row) == 4
    assert row[0].text() == shown(locale).strip(" ")
    assert row[1].all("code")[0].text() == shown(path)
    assert row[3].text() == shown(f"changed: {shorten(summary or 'old', 60)}").strip(" ")
    (summary_line,) = page.all("summary")
    assert summary_line.text().startswith(f"{shown(locale)}/{shown(path)}: ")
    (item,) = page.all("li")
    assert item.all("code")[0].text() == shown(f"{locale}/{path}")


@settings(max_examples=100, deadline=None)
@given(locale=HOSTILE.filter(str.strip), english=HOSTILE.filter(str.strip))
def test_audit_locales_stay_in_their_cells(locale: str, english: str) -> None:
    from doclint.finding import Finding, Severity
    from doclint.results import AuditReport, PageJob, PageResult

    # one page with one error: 1 page, 1 with findings, 1 error, DL201 once
    finding = Finding("page.md", 1, 1, "DL201", "translated-identifier", Severity.ERROR, "a name was translated")
    result = PageResult(PageJob("page.md", Path("page.md")), [finding], True)
    page = rendered(markdown.render_audit(AuditReport(english, {locale: [result]})))
    assert {node.tag for node in page.all()} <= ALLOWED
    tables = page.all("table")
    # the totals (with Translation and Drift columns since issue #14), the rule table
    for table, width, (row, column) in zip(tables[:2], (8, 5), ((1, 0), (0, 3))):
        rows = [[cell.text() for cell in row.all() if cell.tag in ("td", "th")] for row in table.all("tr")]
        assert all(len(row) == width for row in rows) and rows[row][column] == shown(locale).strip(" ")
    assert page.all("p")[0].all("code")[0].text() == shown(english)


def test_drift_git_markdown_keeps_a_fence_in_the_english_inside_the_diff(tmp_path: Path) -> None:
    root = tmp_path / "english"
    handoff_text = "# Item\n\n````\n# Escaped heading\nThe size of the item.\n<img src=x>\n"
    write(root / "en" / "item.md", handoff_text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "handoff")
    handoff = git(root, "rev-parse", "HEAD")
    write(root / "en" / "item.md", handoff_text.replace("The size", "The new size"))
    write(tmp_path / "pt-BR" / "item.md", f"---\nms.sourcegitcommit: {handoff}\n---\n# Item\n\n"
                                          f"{pair(1, 'O tamanho do item.', 'The size of the item.')}\n")
    arguments = ["drift", "--source", str(root / "en"), str(tmp_path / "pt-BR"), "--git"]
    result = CliRunner().invoke(cli, [*arguments, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    diff = json.loads(CliRunner().invoke(cli, [*arguments, "--format", "json"]).output)["pages"][0]["diff"]
    assert "\n ````\n" in diff  # the English's own fence, as a context line of the diff
    page = rendered(result.output)
    assert {node.tag for node in page.all()} <= ALLOWED
    assert _body_lines(page) == diff + "\n"
