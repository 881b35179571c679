"""DL319 prose-identifier: API names in a pair's running text stay verbatim (issue #15)."""

from __future__ import annotations

import random

from doclint.engine import check_text
from doclint.fix import PARSE_ERRORS  # noqa: F401  (the fix module imports; fixes are applied below by hand)
from tests.inject import half_translated, identifier_injector, transliterated
from tests.test_segments import ALL, findings, pair


def dl319(translated: str, english: str | None = None) -> list:
    return findings(translated, english, "DL319")


def test_a_transliterated_heading_identifier_is_found_on_its_line() -> None:
    page = "---\ntitle: x\n---\n\n# " + pair("创建 普兰内尔塔斯克", "Create plannerTask")
    [hit] = dl319(page)
    assert hit.line == 5
    assert "'plannerTask'" in hit.message and " is not " in hit.message


def test_a_half_translated_link_label_is_found_at_the_label_and_fixed() -> None:
    page = pair("Retorna um [unidadeItem](driveitem.md).", "Returns a [driveItem](driveitem.md).")
    [hit] = dl319(page)
    assert page[hit.fix.start:hit.fix.end] == "unidadeItem" and hit.fix.replacement == "driveItem"
    assert hit.column == page.index("unidadeItem") + 1


def test_a_label_naming_its_page_counts_even_when_it_is_a_plain_word() -> None:
    assert dl319(pair("Veja [usuário](user.md).", "See [user](user.md)."))
    assert not dl319(pair("Veja [o usuário](user.md).", "See [the user object](user.md)."))


def test_a_recased_bold_identifier_is_found_and_fixed() -> None:
    page = pair("A entidade **EventMessage** é derivada.", "The **eventMessage** entity is derived.")
    [hit] = dl319(page)
    assert page[hit.fix.start:hit.fix.end] == "EventMessage"


def test_pascal_case_counts_only_where_the_english_marks_it_as_a_name() -> None:
    # "DateTime the object was created" uses the word as a word; products have localized names
    assert not dl319(pair("Data e hora em que o objeto foi criado.", "DateTime the object was created."))
    assert dl319(pair("Usar **Tabela Dinâmica**.", "Use **PivotTable**."))
    assert dl319("# " + pair("Obter Tabela Dinâmica", "Get PivotTable"))
    # a link label, whatever the link leads to (a site, an anchor of the page)
    [hit] = dl319(pair("Guarde no [Uma Unidade](https://onedrive.com).", "Store it in [OneDrive](https://onedrive.com)."))
    assert "'OneDrive' (a link label)" in hit.message
    assert dl319(pair("Veja [Intervalo](#workbookrange).", "See [WorkbookRange](#workbookrange)."))
    assert not dl319(pair("Guarde no [OneDrive](https://onedrive.com).", "Store it in [OneDrive](https://onedrive.com)."))


def test_dotted_names_but_not_sentences_run_together() -> None:
    assert dl319(pair("Namespace: Microsoft Graph", "Namespace: microsoft.graph"))
    assert not dl319(pair("Veja o nível. Ver também.", "See the level.See also."))


def test_verbatim_identifiers_plural_changes_and_code_pass() -> None:
    assert not dl319(pair("Retorna um **driveItem** e um [driveItem](driveitem.md).",
                          "Returns a **driveItem** and a [driveItem](driveitem.md)."))
    assert not dl319(pair("Listar groupLifecyclePolicy", "List groupLifecyclePolicies"))
    assert not dl319(pair("Use `displayName`.", "Use displayName."))


def test_one_translated_place_answers_one_name_only() -> None:
    page = pair("A propriedade **objetoPlans** é uma coleção de **provisionedPlan**.",
                "The **provisionedPlans** property is a collection of **provisionedPlan**.")
    [hit] = dl319(page)
    assert "'provisionedPlans'" in hit.message


def test_table_identifier_columns_are_left_to_the_table_rules() -> None:
    header = "| " + pair("Propriedade", "Property", 201) + " | " + pair("Tipo", "Type", 202) + " |\n|:--|:--|\n"
    row = "| " + pair("nome", "name", 203) + " | " + pair("[UnidadeItem](driveitem.md)", "[driveItem](driveitem.md)",
                                                          204) + " |\n"
    found = findings(header + row)
    assert not [hit for hit in found if hit.code == "DL319"]
    assert [hit for hit in found if hit.code == "DL202"]


def test_the_injectors_are_script_agnostic_and_always_caught() -> None:
    page = "# " + pair("Criar driveItem", "Create driveItem") + "\n\n" + pair(
        "Retorna **displayName** e [plannerTask](plannertask.md).",
        "Returns **displayName** and [plannerTask](plannertask.md).", 102)
    for locale in ("zh-CN", "ru-RU", "ja-JP", "pt-BR", "de-DE"):
        for where in ("bold", "link", "heading"):
            for form in ("transliterated", "half"):
                new_text, line = identifier_injector(where, form, locale)(page, random.Random(0))
                assert [hit for hit in check_text("p.md", new_text, None, ALL) if hit.line == line
                        and hit.code == "DL319"], (locale, where, form)
    assert transliterated("driveItem", "ru-RU").isalpha() and not transliterated("driveItem", "ru-RU").isascii()
    assert half_translated("driveItem", "pt-BR") == "unidadeItem"


def test_precision_cases_read_on_real_pages() -> None:
    # underscore emphasis around a kept name
    assert not dl319(pair("__ManagedIdentity__ - uma entidade.", "__ManagedIdentity__ - A service principal."))
    # a longer camelCase name that begins with the English one (a label replaced by its type name)
    assert not dl319(pair("[macOSGeneralDeviceConfiguration](a.md)", "[macOS general device configuration](a.md)"))
    # a plain word naming its page may change case; a camelCase one may not
    assert not dl319(pair("Retorna um objeto [contract](contract.md).", "Returns a [Contract](contract.md) object."))
    assert dl319(pair("Retorna um [MobileApp](mobileapp.md).", "Returns a [mobileApp](mobileapp.md)."))
    # an odd English plural answered by the name
    assert not dl319(pair("Listar termsAndConditions", "List termsAndConditionses"))


def test_identifiers_found_verbatim_compile_no_pattern_per_name(monkeypatch) -> None:
    # a cold check used to compile one pattern per identifier it looked for (a third of a millisecond each)
    from doclint.checks import identifiers

    compiled: list[str] = []
    real = identifiers.re.compile
    monkeypatch.setattr(identifiers.re, "compile",
                        lambda pattern, *flags: compiled.append(pattern) or real(pattern, *flags))
    names = [f"perfName{index}Item" for index in range(20)]
    english = "Uses " + ", ".join(names) + "."
    assert identifiers.missing_identifiers(english, "使用 " + "、".join(names) + "。") == []
    assert identifiers.missing_identifiers(english, "使用 " + "、".join(names[1:]) + "。") == [
        identifiers.Wanted(names[0], "an API name")]
    assert compiled == []


def test_the_verbatim_search_finds_what_its_pattern_found() -> None:
    import re

    from doclint.checks.identifiers import _exact_start

    generator = random.Random(319)
    for _ in range(20000):
        text = "".join(generator.choice("aA_1.b ") for _ in range(generator.randint(0, 12)))
        name = "".join(generator.choice("aA_1.b") for _ in range(generator.randint(1, 3)))
        used = {generator.randint(0, 12) for _ in range(generator.randint(0, 3))}
        pattern = re.compile(r"(?<![A-Za-z_])" + re.escape(name) + r"(?![A-Za-z0-9_])")
        expected = next((match.start() for match in pattern.finditer(text) if match.start() not in used), None)
        assert _exact_start(name, text, used) == expected, (name, text, used)


def test_the_case_blind_pre_filter_never_refuses_what_the_pattern_finds() -> None:
    import re

    from doclint.checks.identifiers import _may_hold_folded

    generator = random.Random(15)
    alphabet = "iIsSkKa\u0130\u0131\u017f\u212a\u00e9."
    for _ in range(20000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 8)))
        name = "".join(generator.choice("iIsSka.") for _ in range(generator.randint(1, 3)))
        if re.search(re.escape(name), text, re.IGNORECASE):
            assert _may_hold_folded(name, text), (name, text)


def test_the_page_names_are_read_only_for_a_bold_text_that_may_be_one(monkeypatch) -> None:
    from doclint.checks import identifiers

    reads: list[int] = []
    real = identifiers.page_names
    monkeypatch.setattr(identifiers, "page_names", lambda context: reads.append(1) or real(context))
    plain = pair("**注意：** 使用 driveItem。", "**Note:** Use driveItem.")
    assert dl319(plain) == [] and reads == []
    named = pair("返回 **活动**。", "Returns **active**.") + "\n\n" + pair("见 [status](status.md)。",
                                                                        "See [status](status.md).")
    dl319(named)
    assert reads
