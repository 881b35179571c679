"""Issue #14 without the English at handoff: what the page itself witnesses decides a finding's cause
(:mod:`doclint.cause`)."""

from __future__ import annotations

from doclint.engine import RuleSet, check_text
from doclint.finding import Finding
from tests.helpers import pair

RULES = RuleSet.default()

TABLE = "| Property | Type | Description |\n|:--|:--|:--|\n"
ENGLISH = ("---\nauthor: ana\n---\n# item\n\nThe size of the item, in bytes.\n\n" + TABLE
           + "| size | Int32 | The size. |\n\n```json\n{\n  \"size\": 1024\n}\n```\n")


def translated(*, sentence: str = "The size of the item, in bytes.", type_english: str = "Int32",
               type_translated: str = "Int32", json: str = '"size": 1024', author: str = "ana") -> str:
    """A page translated from English like ENGLISH (its pairs carry ``sentence`` and ``type_english``)."""
    return (f"---\nauthor: {author}\nms.sourcegitcommit: 4f2c9a1b7e3d\n---\n# {pair(1, 'item', 'item')}\n\n"
            f"{pair(2, 'O tamanho do item, em bytes.', sentence)}\n\n"
            f"| {pair(3, 'Propriedade', 'Property')} | {pair(4, 'Tipo', 'Type')} | {pair(5, 'Descrição', 'Description')} |\n"
            f"|:--|:--|:--|\n| size | {pair(6, type_translated, type_english)} | {pair(7, 'O tamanho.', 'The size.')} |\n\n"
            f"```json\n{{\n  {json}\n}}\n```\n")


def found(page: str, english: str = ENGLISH) -> dict[str, Finding]:
    """The findings of ``page`` against ``english``, by code (each code occurs once at most here)."""
    return {finding.code: finding for finding in check_text("item.md", page, english, RULES)}


def test_a_page_whose_english_did_not_move_keeps_its_translation_errors() -> None:
    # A line dropped from the code block: the page's pairs and front matter are the current English's.
    findings = found(translated(json='"size": 1024,\n  "name": "x"'))
    assert (findings["DL101"].severity.value, findings["DL101"].cause) == ("error", "translation")


def test_a_cell_whose_pair_carries_older_english_is_drift() -> None:
    # The English changed the type to Int64; the pair carries Int32, translated as Int32.
    findings = found(translated(), ENGLISH.replace("| Int32 |", "| Int64 |"))
    cell = findings["DL202"]
    assert (cell.severity.value, cell.cause) == ("warning", "drift")
    assert cell.message.endswith("(its pairs carry the older English)")
    assert findings["DL401"].cause == "drift"


def test_a_cell_broken_in_translation_stays_an_error_where_the_english_moved() -> None:
    findings = found(translated(type_translated="Inteiro"), ENGLISH.replace("| Int32 |", "| Int64 |"))
    assert (findings["DL202"].severity.value, findings["DL202"].cause) == ("error", "translation")


def test_a_cell_that_lost_its_own_english_is_reported_though_the_current_english_matches_it() -> None:
    # Translated from 'microsoft.graph.modality collection' as 'modality 集合'; the English now says
    # 'modality collection', which the translation happens to keep.
    english = ENGLISH.replace("| Int32 |", "| modality collection |")
    page = translated(type_english="microsoft.graph.modality collection", type_translated="modality 集合")
    cell = found(page, english)["DL202"]
    assert (cell.severity.value, cell.cause) == ("error", "translation")
    assert "microsoft.graph.modality" in cell.message


def test_a_code_block_difference_on_a_stale_page_may_be_an_english_change() -> None:
    english = ENGLISH.replace("in bytes.", "in bytes. Read-only.").replace('"size": 1024', '"size": 2048')
    block = found(translated(), english)["DL101"]
    assert (block.severity.value, block.cause) == ("warning", "drift")
    assert block.message.endswith("this page is stale, so it may be an English change; --git tells")


def test_a_code_block_holding_translated_words_stays_an_error_on_a_stale_page() -> None:
    english = ENGLISH.replace("in bytes.", "in bytes. Read-only.")
    block = found(translated(json='"tamanho": 1024'), english)["DL101"]
    assert (block.severity.value, block.cause) == ("error", "translation")


def test_front_matter_the_english_changed_since_shows_the_page_is_stale() -> None:
    english = ENGLISH.replace("author: ana", "author: bo").replace("| size | Int32 | The size. |\n",
                                                                  "| size | Int32 | The size. |\n| id | String | The id. |\n")
    missing = found(translated(), english)["DL103"]
    assert (missing.severity.value, missing.cause) == ("warning", "drift")
    assert (found(translated(), english.replace("author: bo", "author: ana"))["DL103"].severity.value) == "error"
