"""Segment rules: pair integrity and the do-not-translate tokens of each pair (issue #3 part A)."""

from __future__ import annotations

from doclint.checks.tokens import differences, link_key, number_key, scan
from doclint.engine import check_text
from doclint.finding import Finding
from doclint.registry import RuleSet, all_rules

ALL = RuleSet(tuple(all_rules().values()))


def pair(translated: str, english: str, number: int = 101, stu: str | None = None, prefix: str = "ab123") -> str:
    ident = f"{prefix}-{number}"
    return (f'<span data-ttu-id="{ident}">{translated}</span><span class="sxs-lookup">'
            f'<span data-stu-id="{stu or ident}">{english}</span></span>')


def findings(translated: str, english: str | None = None, code: str | None = None) -> list[Finding]:
    found = check_text("page.md", translated, english, ALL)
    return [finding for finding in found if code is None or finding.code == code]


def codes(translated: str, english: str | None = None) -> set[str]:
    return {finding.code for finding in findings(translated, english)}


# --- pair integrity ---------------------------------------------------------------------------


def test_a_reused_pair_id_is_reported_on_its_second_use() -> None:
    page = pair("Um.", "One.") + "\n\n" + pair("Dois.", "Two.")
    [hit] = findings(page, code="DL302")
    assert (hit.line, hit.column) == (3, 1)
    assert "first on line 1" in hit.message


def test_distinct_ids_are_no_duplicate() -> None:
    assert "DL302" not in codes(pair("Um.", "One.") + "\n\n" + pair("Dois.", "Two.", 102))


def test_a_pair_from_another_page_is_reported_once_per_prefix() -> None:
    page = "\n\n".join([pair("Um.", "One.", 101), pair("Dois.", "Two.", 102), pair("Três.", "Three.", 103, prefix="ff999"),
                        pair("Quatro.", "Four.", 104, prefix="ff999")])
    [hit] = findings(page, code="DL303")
    assert hit.line == 5 and "'ff999'" in hit.message and "'ab123'" in hit.message


def test_a_translated_span_without_its_twin_is_an_orphan() -> None:
    page = '<span data-ttu-id="ab123-101">Um.</span>\n\n' + pair("Dois.", "Two.", 102)
    [hit] = findings(page, code="DL304")
    assert hit.line == 1 and "ab123-101" in hit.message


def test_an_english_twin_without_a_translated_span_is_an_orphan() -> None:
    page = pair("Um.", "One.") + '\n\nText <span class="sxs-lookup"><span data-stu-id="ab123-102">Two.</span></span>'
    [hit] = findings(page, code="DL304")
    assert (hit.line, hit.column) == (3, 6)


def test_an_empty_english_side_is_reported() -> None:
    assert "DL305" in codes(pair("Um.", "  "))
    assert "DL305" not in codes(pair("Um.", "One."))


# --- tokens ------------------------------------------------------------------------------------


def test_inline_code_message_names_the_unexpected_and_the_english_span() -> None:
    [hit] = findings(pair("Use `driveID` aqui.", "Use `driveId` here."), code="DL311")
    assert hit.message == "inline code `driveID` is not in the English; the English has `driveId`"
    assert (hit.line, hit.column) == (1, len('<span data-ttu-id="ab123-101">Use ') + 1)


def test_inline_code_dropped_by_the_translation_is_reported_at_the_translated_text() -> None:
    [hit] = findings(pair("Use isto.", "Use `$select`."), code="DL311")
    assert "`$select` of the English is missing" in hit.message
    assert hit.column == len('<span data-ttu-id="ab123-101">') + 1


def test_code_spans_run_together_are_reported() -> None:
    [hit] = findings(pair("como `Member``Guest`.", "such as `Member` and `Guest`."), code="DL311")
    assert "run together" in hit.message


def test_moved_and_respaced_code_spans_are_fine() -> None:
    page = pair("`Guest` e ` Member ` são valores，`a&quot;b`。", "Values are `Member` and `Guest`, `a\"b`.")
    assert "DL311" not in codes(page)


def test_code_with_an_entity_backtick_is_read_as_written() -> None:
    english = "Allowed: `!` <code>&#96;</code> `~`, and `0-9`."
    assert "DL311" not in codes(pair("Permitidos: `!` <code>&#96;</code> `~` e `0-9`.", english))


def test_an_altered_link_target_is_reported_and_a_locale_segment_is_not() -> None:
    english = "See [docs](https://learn.microsoft.com/en-us/graph/) and [item](../resources/item.md#props)."
    fine = "Veja [documentos](https://learn.microsoft.com/pt-br/graph/) e [item](../resources/item.md#props)."
    broken = "Veja [documentos](https://learn.microsoft.com/pt-br/graph/) e [item](../resources/itens.md#props)."
    assert "DL312" not in codes(pair(fine, english))
    [hit] = findings(pair(broken, english), code="DL312")
    assert "'../resources/itens.md#props' is not in the English" in hit.message


def test_a_bare_url_broken_by_translation_is_reported() -> None:
    english = "Check https://graph.microsoft.com/v1.0/$metadata."
    assert "DL312" in codes(pair("Verifique https://graph.microsoft.com/v1.0/$ metadados.", english))


def test_a_translated_reference_label_needs_a_definition() -> None:
    body = pair("Criar uma [lista][].", "Create a [list][].") + "\n\n[list]: list.md\n"
    assert "DL313" in codes(body)
    assert "DL313" not in codes(body + "[lista]: list.md\n")


def test_placeholders_and_italic_descriptions() -> None:
    assert "DL314" in codes(pair("Portador {código}.", "Bearer {code}."))
    assert "DL314" in codes(pair("PATCH pages/{ID}", "PATCH pages/{id}"))
    assert "DL314" not in codes(pair("Formato ext{_nome-do-esquema_}", "Format ext{_schema-name_}"))


def test_numbers_tolerate_separators_spelling_dates_and_clocks() -> None:
    same = [
        ("O máximo é 1.000 itens.", "The maximum is 1,000 items."),
        ("最大为 1，000 个对象。", "The maximum is 1,000 objects."),
        ("例如，2014 年 1 月 1 日午夜", "For example, midnight on Jan 1, 2014"),
        ("必须将其设置为 0 到 50（含 0 和 50）之间", "This must be set between 0 and 50, inclusive"),
        ("O quarto exemplo", "The 4th example"),
        ("第 4 个示例", "The fourth example"),
        ("das 8h às 17h", "from 8am to 5pm"),
        ("今天下午 3:00", "today at 3:00 PM"),
        ("Windows 10 企业版", "Windows10 Enterprise"),
        ("uma miniatura 1920 x 1920", "a 1920x1920 thumbnail"),
    ]
    for translated, english in same:
        assert "DL315" not in codes(pair(translated, english)), (translated, english)
    [hit] = findings(pair("4230 minutos", "41760 minutes"), code="DL315")
    assert hit.message == "number '4230' is not in the English; the English has '41760'"


def test_permission_names_and_html_tags() -> None:
    assert "DL316" in codes(pair("任务.读取，Group.Read.All", "Tasks.Read, Group.Read.All"))
    assert "DL316" not in codes(pair("需要 Group.Read.All。", "Requires Group.Read.All."))
    assert "DL317" in codes(pair("Linha um<a1>linha dois", "Line one<br>line two"))
    assert "DL317" not in codes(pair("Linha um<br />linha dois", "Line one<br/>line two"))
    assert "DL317" not in codes(pair("持有者&lt;令牌&gt;", "Bearer &lt;token&gt;"))


TABLE = ("| " + pair("Propriedade", "Property", 201) + " | " + pair("Tipo", "Type", 202) + " |\n|:--|:--|\n"
         "| " + pair("name", "name", 203) + " | " + pair("String", "String", 204) + " |\n")


def test_a_bold_property_name_must_survive_translation() -> None:
    assert "DL318" in codes(pair("Defina a propriedade **nome**.", "Set the **name** property.") + "\n\n" + TABLE)
    assert "DL318" not in codes(pair("Defina a propriedade **name**.", "Set the **name** property.") + "\n\n" + TABLE)
    # a bold word that is no property of the page may be translated
    assert "DL318" not in codes(pair("Isto é **importante**.", "This is **important**.") + "\n\n" + TABLE)


def test_identical_pairs_are_never_token_findings() -> None:
    text = "Use `x` at [a](b.md) with {id}, 200, Files.Read.All and <br/>."
    assert not {code for code in codes(pair(text, text)) if code.startswith("DL31")}


# --- outside pairs -----------------------------------------------------------------------------


def test_alt_text_translated_outside_a_pair_is_info() -> None:
    english = "![Diagram of the API](/img/a.png)\n\nGet an item.\n"
    translated = "![Diagrama da API](/img/a.png)\n\n" + pair("Obter um item.", "Get an item.") + "\n"
    [hit] = findings(translated, english, code="DL321")
    assert hit.severity.value == "info" and "Diagrama" in hit.message and hit.line == 1
    same = "![Diagram of the API](/img/a.png)\n\n" + pair("Obter um item.", "Get an item.") + "\n"
    assert "DL321" not in codes(same, english)


def test_untranslated_segment_is_off_by_default_and_skips_names() -> None:
    assert "DL322" not in {rule.code for rule in RuleSet.default().rules}
    assert "DL322" in codes(pair("Use this property to filter.", "Use this property to filter."))
    assert "DL322" not in codes(pair("`driveId` ([itemReference](a.md))", "`driveId` ([itemReference](a.md))"))


# --- helpers -----------------------------------------------------------------------------------


def test_keys_fold_what_the_pipeline_changes() -> None:
    assert link_key(" <https://x.com/EN-US/a> ") == "https://x.com/xx-xx/a"
    assert number_key("1,000") == number_key("1.000") == "1000"
    assert not differences(scan("Set `a` to `b`."), scan("Defina `b` como `a`。"))
