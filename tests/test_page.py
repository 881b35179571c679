"""The parser: pairs with ids, lines and columns; blocks of every kind; bad input as problems."""

from __future__ import annotations

from doclint.parse import parse_page
from tests.helpers import pair

PAGE = "\n".join([
    "---",
    "title: Recurso",
    "ms.sourcegitcommit: 0123456789abcdef0123456789abcdef01234567",
    "ms.locfileid: \"123\"",
    "---",
    f'# <a name="widget"></a>{pair("ab123-101", "Recurso widget", "widget resource")}',
    "",
    f'{pair("ab123-102", "Uma frase.", "One sentence.")} {pair("ab123-p103", "Duas. Frases.", "Two. Sentences.")}',
    "",
    f'| {pair("ab123-104", "Propriedade", "Property")} | {pair("ab123-105", "Tipo", "Type")} |',
    "|:--|:--|",
    f'| {pair("ab123-106", "nome", "name")} | {pair("ab123-107", "String", "String")} |',
    "",
    '<!-- { "blockType": "resource" } -->',
    "```json",
    '{ "name": "x" }',
    "```",
    "[!INCLUDE [sample](../includes/x.md)]",
    "[widget]: widget.md",
    "",
])


def test_front_matter_keys_and_quotes() -> None:
    page = parse_page(PAGE)
    assert page.front_matter["title"] == "Recurso"
    assert page.front_matter["ms.locfileid"] == "123"
    assert page.body_line == 6


def test_pairs_carry_ids_text_line_and_column() -> None:
    page = parse_page(PAGE)
    ids = [pair.target_id for pair in page.pairs]
    assert ids[:3] == ["ab123-101", "ab123-102", "ab123-p103"]
    second = page.pairs[1]
    assert (second.target, second.source, second.line, second.column) == ("Uma frase.", "One sentence.", 8, 1)
    assert page.pairs[2].column > 1


def test_blocks_of_every_kind_in_order() -> None:
    kinds = [block.kind for block in parse_page(PAGE).blocks]
    assert kinds == ["heading", "paragraph", "table_row", "table_sep", "table_row", "annotation", "fence",
                     "include", "refdef"]


def test_table_cells_have_both_sides_and_header() -> None:
    rows = [block for block in parse_page(PAGE).blocks if block.kind == "table_row"]
    assert rows[1].header == ("Property", "Type")
    assert [(cell.target, cell.source) for cell in rows[1].cells] == [("nome", "name"), ("String", "String")]
    assert rows[1].cells[0].column == 3


def test_nested_span_inside_translated_text() -> None:
    text = pair("ab123-101", 'um <span class="x">destaque</span> aqui', "a highlight here")
    page = parse_page(text)
    assert [p.target for p in page.pairs] == ['um <span class="x">destaque</span> aqui']
    assert page.problems == []


def test_pair_running_across_lines_is_one_line_of_a_table_row() -> None:
    text = "| A | B |\n|--|--|\n| `x` | " + pair("ab123-101", "longo\n", "long") + " |\n"
    rows = [block for block in parse_page(text).blocks if block.kind == "table_row"]
    assert len(rows) == 2
    assert rows[1].cells[1].source == "long"


def test_truncated_pair_is_a_problem_not_an_exception() -> None:
    text = '<span data-ttu-id="ab123-101">sem fim\n\nOutro parágrafo.\n'
    page = parse_page(text)
    assert [problem.code for problem in page.problems] == ["DL005"]


def test_unclosed_fence_and_front_matter_are_problems() -> None:
    page = parse_page("---\ntitle: x\n\n```json\n{}\n")
    codes = sorted(problem.code for problem in page.problems)
    assert codes == ["DL002", "DL003"]


def test_comment_joined_to_a_paragraph_is_its_own_block() -> None:
    text = pair("ab123-101", "Texto.", "Text.") + '<!-- { "blockType": "ignored" } -->\n```http\nGET /x\n```\n'
    kinds = [block.kind for block in parse_page(text).blocks]
    assert kinds == ["paragraph", "annotation", "fence"]
