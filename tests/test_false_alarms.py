"""False-alarm classes and messages of issue #15, each on a page written for the test."""

from __future__ import annotations

from doclint.engine import check_text
from doclint.registry import RuleSet
from tests.test_segments import findings, pair


def row(*cells: tuple[str, str] | str, start: int = 300) -> str:
    out = []
    for number, cell in enumerate(cells, start):
        out.append(pair(cell[0], cell[1], number) if isinstance(cell, tuple) else cell)
    return "| " + " | ".join(out) + " |"


PROPERTY_HEADER = row(("Propriedade", "Property"), ("Tipo", "Type"), ("Descrição", "Description"), start=200) \
    + "\n|:--|:--|:--|\n"
ENGLISH_PROPERTY_HEADER = "| Property | Type | Description |\n|:--|:--|:--|\n"


def codes(translated: str, english: str | None = None) -> list[tuple[str, str]]:
    return [(hit.code, hit.message) for hit in findings(translated, english)]


# --- false alarms -----------------------------------------------------------------------------


def test_a_bold_divider_row_of_a_property_table_is_no_property_name() -> None:
    page = PROPERTY_HEADER + row(("**Geral**", "**General**")) + "\n" \
        + row(("id", "id"), ("String", "String"), ("O id.", "The id."), start=310) + "\n"
    english = ENGLISH_PROPERTY_HEADER + "| **General** |\n| id | String | The id. |\n"
    assert codes(page, english) == []
    # a name cell that is really translated is still found
    page = page.replace(">id</span><span", ">ident</span><span", 1)
    assert [code for code, _ in codes(page, english)] == ["DL201"]


def test_http_header_names_compare_without_case() -> None:
    header = row(("Cabeçalho", "Header"), ("Valor", "Value"), start=400) + "\n|:--|:--|\n"
    english = "| Header | Value |\n|:--|:--|\n| Content-Length | 4 |\n"
    assert codes(header + row(("Content-length", "Content-Length"), ("4", "4")) + "\n", english) == []
    assert codes(header + row(("Comprimento", "Content-Length"), ("4", "4")) + "\n", english)


def test_a_primitive_type_may_change_case_only_where_the_english_page_writes_both() -> None:
    both = PROPERTY_HEADER + row(("id", "id"), ("string", "String"), ("O id.", "The id.")) + "\n" \
        + row(("name", "name"), ("string", "string"), ("O nome.", "The name."), start=310) + "\n"
    assert codes(both) == []
    one = PROPERTY_HEADER + row(("id", "id"), ("string", "String"), ("O id.", "The id.")) + "\n"
    assert [code for code, _ in codes(one)] == ["DL202"]


def test_image_alt_text_translated_outside_pairs_is_no_finding() -> None:
    assert codes("![Captura de tela do portal](images/portal.png)\n",
                 "![Screenshot of the portal](images/portal.png)\n") == []
    assert [code for code, _ in codes("Texto solto ![Captura](images/a.png)\n", "Loose text ![Shot](images/a.png)\n")] \
        == ["DL321"]


def test_a_broken_reference_definition_is_one_finding_not_also_a_stale_segment() -> None:
    english = "See [item][driveItem].\n\n[driveItem]: driveitem.md\n"
    page = pair("Veja [item][driveItem].", "See [item][driveItem].") + "\n\n[driveItem]: driveitem.m\n"
    assert [code for code, _ in codes(page, english)] == ["DL106"]


def test_an_annotation_merged_into_a_pair_is_no_missing_block() -> None:
    english = "## Request\n<!-- { \"blockType\": \"ignored\" } -->\nA user's default calendar.\n```http\nGET /me\n```\n"
    page = ("## " + pair("Solicitação", "Request") + "\n" + pair(
        '<!-- { "blockType": "ignored" } -->O calendário padrão.',
        '<!-- { "blockType": "ignored" } --> A user\'s default calendar.', 102) + "\n```http\nGET /me\n```\n")
    assert not [code for code, _ in codes(page, english) if code in ("DL103", "DL104")]


def test_paragraphs_split_or_merged_otherwise_are_no_missing_or_extra_blocks() -> None:
    english = "# Title\n\nFirst sentence.\n\nSecond sentence.\n\n## Next\n"
    page = ("# " + pair("Título", "Title") + "\n\n" + pair("Primeira.", "First sentence.", 102) + " "
            + pair("Segunda.", "Second sentence.", 103) + "\n\n## " + pair("Próximo", "Next", 104) + "\n")
    assert not [code for code, _ in codes(page, english) if code in ("DL103", "DL104")]
    # a paragraph really lost is still missing
    lost = "# " + pair("Título", "Title") + "\n\n" + pair("Primeira.", "First sentence.", 102) + "\n\n## " \
        + pair("Próximo", "Next", 104) + "\n"
    assert [code for code, _ in codes(lost, english) if code in ("DL103", "DL104")] == ["DL103"]


def test_a_code_fence_swallowed_by_a_pair_is_reported_once_naming_the_habit() -> None:
    english = ("## Request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /schools\n```\n## Query\n\nText.\n\n"
               "## Body\n\nNone.\n")
    page = ("## " + pair("Solicitação", "Request") + "\n" + pair(
        '<!-- { "blockType": "ignored" } -->\'\'\'http GET /escolas',
        '<!-- { "blockType": "ignored" } --> \\`\\`\\`http GET /schools', 102)
        + "\n```\n## Query\n\nText.\n\n## Body\n\nNone.\n")
    blocks = [message for code, message in codes(page, english) if code in ("DL103", "DL104")]
    assert len(blocks) == 1 and "code fence opens inside pair" in blocks[0]


def test_a_link_outside_pairs_may_change_its_locale_segment() -> None:
    english = "See [docs](https://docs.microsoft.com/en-us/graph/x) here.\n"
    page = "See [docs](https://docs.microsoft.com/de-DE/graph/x) here.\n"
    assert not [code for code, _ in codes(page, english) if code == "DL106"]


# --- messages ---------------------------------------------------------------------------------


def test_messages_agree_in_number() -> None:
    [(_, message)] = codes(pair("Use `a` e `b`.", "Use it."))
    assert message == "inline code spans `a`, `b` are not in the English"
    [(_, message)] = codes(pair("Use isso.", "Use `a`."))
    assert message == "inline code `a` of the English is missing from the translation"


def test_a_reference_label_message_names_its_counterpart_only() -> None:
    # one label missing: that is the counterpart, wherever the translation put it
    [(_, message)] = codes(pair("[grupo][] de [user][]", "[user][] under a [group][]"))
    assert message.endswith("the English has [group]")
    found = codes(pair("Veja [usuário][] e [grupo][] e [site][].", "See [user][], [group][] and [site][]."))
    assert [message.split("; ")[1] for _, message in found] == ["the English has [user], [group]"] * 2


def test_a_misspelt_permission_is_not_said_to_be_lost() -> None:
    header = row(("Tipo de permissão", "Permission type"), ("Permissões", "Permissions (from least to most "
                                                                           "privileged)"), start=200) + "\n|:--|:--|\n"
    found = codes(header + row(("Delegado", "Delegated (work or school account)"),
                               ("Files.Raed.All", "Files.Read.All, User.Read")) + "\n")
    [(_, message)] = found
    assert "misspells Files.Read.All as Files.Raed.All" in message and "lost User.Read" in message


def test_a_stale_table_cell_quotes_the_aligned_english_cell() -> None:
    header = row(("Propriedade", "Property"), ("Descrição", "Description"), start=200) + "\n|:--|:--|\n"
    english = "| Property | Description |\n|:--|:--|\n| id | The unique identifier of the item. |\n"
    [(_, message)] = [hit for hit in codes(header + row(("id", "id"), ("O identificador.", "The identifier.")) + "\n",
                                           english) if hit[0] == "DL401"]
    assert "the English page now has 'The unique identifier of the item.' (line 3)" in message


def test_json_changes_name_the_keys() -> None:
    english = '```json\n{\n  "displayName": "x",\n  "id": "1"\n}\n```\n'
    [(_, message)] = codes(english.replace('"displayName"', '"nomeExibicao"'), english)
    assert message == "json block: key 'nomeExibicao' not in the English; key 'displayName' of the English is missing"
    [(_, message)] = codes(english.replace('"x"', '"y"'), english)
    assert message.startswith("json block: value of key 'displayName' changed")
    annotation = '<!-- {\n  "blockType": "request",\n  "name": "get_user"\n} -->\n'
    [(_, message)] = codes(annotation.replace("get_user", "obter"), annotation)
    assert message.startswith("annotation: value of key 'name' changed")


def test_a_permission_the_translation_completes_is_not_lost() -> None:
    header = row(("Tipo de permissão", "Permission type"), ("Permissões", "Permissions (from least to most "
                                                                           "privileged)"), start=200) + "\n|:--|:--|\n"
    assert codes(header + row(("Delegado", "Delegated (work or school account)"),
                              ("Directory.AccessAsUser.All", "Directory AccessAsUser.All")) + "\n") == []


def test_a_pair_with_empty_english_is_one_finding() -> None:
    assert [code for code, _ in codes(pair("`ctag`, `size`", ""))] == ["DL305"]


def test_a_dotted_name_the_english_writes_in_lower_case_may_be_capitalised() -> None:
    assert codes(pair("Mit Socket.IO verwenden.", "Use it with socket.io.")) == []
    assert [code for code, _ in codes(pair("Use files.read.all.", "Use Files.Read.All."))] == ["DL316"]


def test_an_annotation_merged_into_a_pair_is_not_a_stale_segment() -> None:
    english = "Get a **calendar** instance:\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/calendar\n```\n"
    page = (pair("Obter uma instância de **calendar**: <!-- { \"blockType\": \"ignored\" } -->",
                 "Get a **calendar** instance: <!-- { \"blockType\": \"ignored\" } -->") + "\n```http\nGET /me/calendar\n```\n")
    assert not [code for code, _ in codes(page, english) if code in ("DL401", "DL103", "DL104")]
    # the same pair with English that really changed is still stale
    changed = page.replace("Get a **calendar** instance:", "Get the **calendar**:", 1)
    assert [code for code, _ in codes(changed, english) if code == "DL401"]


def test_an_empty_english_is_not_also_a_stale_segment() -> None:
    english = "| Name | Description |\n|:--|:--|\n| Accept | `application/json`. Required. |\n"
    header = row(("Nome", "Name"), ("Descrição", "Description"), start=200) + "\n|:--|:--|\n"
    page = header + row(("Accept", "Accept"), ("`application/json`.", "")) + "\n"
    assert [code for code, _ in codes(page, english)] == ["DL305"]


def test_a_value_the_english_quotes_may_be_marked_as_code() -> None:
    assert codes(pair("Anzahl der Elemente mit dem Wert `false`.", "Number of items with value set to 'false'.")) == []
    # a code span of another value is still reported
    assert [code for code, _ in codes(pair("Anzahl der Elemente mit dem Wert `true`.",
                                           "Number of items with value set to 'false'."))] == ["DL311"]


def test_a_pair_that_opens_a_code_fence_is_one_finding() -> None:
    english = "## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /education/schools\n```\n"
    page = pair("HTTP-Anforderung", "HTTP request", 150).join(["## ", "\n"]) \
        + pair("<!-- { \"blockType\": \"ignored\" } -->'''http GET/Bildung/Schulen",
               "<!-- { \"blockType\": \"ignored\" } --> \\`\\`\\`http GET /education/schools") + "\n```\n"
    found = [code for code, _ in codes(page, english)]
    assert "DL103" in found and "DL311" not in found


# --- the older pipeline's habits: segments cut otherwise, translation-memory leftovers ---------------


def _leftover_page(author: str = "ana") -> tuple[str, str]:
    """A page of three paragraphs whose pairs carry English other than the English page's (and its English)."""
    front = f"---\nauthor: {author}\nms.date: 01/02/2019\nms.contentlocale: de-DE\n---\n\n"
    page = front.replace(f"author: {author}", "author: ana") + "\n\n".join([
        pair("Erstellt eine Gruppe.", "Creates a group.", 101),
        pair("Der Zeitpunkt, zu dem die Gruppe erstellt wurde.", "Timestamp of when the group was created.", 102),
        pair("Der eindeutige Name.", "The unique name of the provider.", 103)]) + "\n"
    english = front + "Creates a group.\n\nTimestamp of when the organization was created.\n\n" \
        "The display name of the provider.\n"
    return page, english


def test_a_segment_cut_cased_or_punctuated_otherwise_is_not_stale() -> None:
    page = "# " + pair("Laufwerk-Ressourcentyp", "drive resource type", 101) + "\n\n" \
        + "| " + pair("(0)", "(0)", 102) + " | " + pair("Nicht gestartet", "Not Started", 103) + " |\n"
    english = "# Drive resource type\n\n| 0 | Not started |\n"
    assert not [code for code, _ in codes(page, english) if code == "DL401"]
    # other words are still a change
    assert [code for code, _ in codes(page, english.replace("Not started", "Started"))
            if code == "DL401"] == ["DL401"]


def test_translation_memory_leftovers_are_one_finding_when_the_english_did_not_move() -> None:
    page, english = _leftover_page()
    [(code, message)] = [hit for hit in codes(page, english) if hit[0] == "DL401"]
    assert message.startswith("2 pairs carry English that is not in the English page, on lines 9, 11:")
    assert "translation memory" in message and "'Timestamp of when the group was created.'" in message
    # a page whose copied front matter shows its English moved on gets a finding per pair (drift)
    page, english = _leftover_page(author="bo")
    assert [hit[0] for hit in codes(page, english) if hit[0] == "DL401"] == ["DL401", "DL401"]


def test_with_the_english_at_handoff_leftovers_are_one_dl306_finding() -> None:
    page, english = _leftover_page()
    found = check_text("page.md", page, english, RuleSet.default(), handoff=english)
    [leftover] = [finding for finding in found if finding.code == "DL306"]
    assert leftover.line == 9 and leftover.message.startswith("2 pairs carry English that is not in")
    assert "lines 9, 11" in leftover.message and not [finding for finding in found if finding.code == "DL401"]


def test_an_article_added_or_dropped_is_no_change() -> None:
    page = pair("Mit dieser API erstellen Sie ein Ereignis im Standardkalender oder im angegebenen Kalender.",
                "Use this API to create a new Event in the default or the specified calendar.")
    english = "Use this API to create a new event in the default or specified calendar.\n"
    assert not [code for code, _ in codes(page, english) if code == "DL401"]
    assert [code for code, _ in codes(page, english.replace("new event", "new meeting")) if code == "DL401"]


def test_one_leftover_on_a_page_whose_english_did_not_move_names_both_causes() -> None:
    page, english = _leftover_page()
    page = page.replace("Der eindeutige Name.", "Der Anzeigename.").replace("The unique name", "The display name")
    [(_, message)] = [hit for hit in codes(page, english) if hit[0] == "DL401"]
    assert message.startswith("the English of pair 'ab123-102' changed")
    assert message.endswith("its English may be reused from translation memory (--git tells which): check that its "
                            "translation says what the English page says")


def test_leftover_english_beside_a_translation_of_the_english_page_is_not_stale() -> None:
    """The older pipeline kept the memory's English beside a translation of the page's English: what the
    translations keep verbatim (identifiers, code) tells, and so does the page's habit for the others."""
    front = "---\nauthor: ana\n---\n\n"
    english = front + "Create a new identityProvider.\n\nThe display name of the provider.\n"
    page = front + pair("Erstellen Sie einen neuen identityProvider.", "Create a new branch.", 101) + "\n\n" \
        + pair("Der Anzeigename des Anbieters.", "The unique name of the provider.", 102) + "\n"
    assert not [code for code, _ in codes(page, english) if code == "DL401"]
    # a translation that keeps what only the leftover English has was made from it: reported, with the rest
    made_from_old = page.replace("einen neuen identityProvider", "einen neuen branchItem") \
        .replace("Create a new branch.", "Create a new branchItem.")
    [(_, message)] = [hit for hit in codes(made_from_old, english) if hit[0] == "DL401"]
    assert message.startswith("2 pairs carry English that is not in the English page")


def test_a_token_of_the_english_page_beside_leftover_english_is_no_translation_defect() -> None:
    english = "A point of time (`{date}T{time}`; for example, `2017-08-29T04:00:00.0000000`).\n"
    page = pair("Ein Zeitpunkt (`{date}T{time}`; zum Beispiel `2017-08-29T04:00:00.0000000`).",
                "A point of time (`{date}T{time}`).")
    assert not [code for code, _ in codes(page, english) if code in ("DL311", "DL315")]
    # without the English page, or with a code span neither English has, the pair's English is what there is
    assert [code for code, _ in codes(page) if code == "DL311"] == ["DL311"]
    other = page.replace("`2017-08-29T04:00:00.0000000`", "`2018-01-01`", 1)
    assert [code for code, _ in codes(other, english) if code == "DL311"] == ["DL311"]


def test_a_bold_name_only_the_leftover_english_has_is_not_missing() -> None:
    english = "| Relationship | Type | Description |\n|:--|:--|:--|\n| **onenote** | onenote | Calls the OneNote service. |\n"
    header = row(("Beziehung", "Relationship"), ("Typ", "Type"), ("Beschreibung", "Description"), start=200) \
        + "\n|:--|:--|:--|\n"
    page = header + row(("**onenote**", "**OneNote**"), ("onenote", "onenote"),
                        ("Ruft den OneNote-Dienst auf.", "Calls the OneNote service.")) + "\n"
    assert not [code for code, _ in codes(page, english) if code == "DL318"]
    # without the English page the pair's English is what there is
    assert [code for code, _ in codes(page) if code == "DL318"] == ["DL318"]
