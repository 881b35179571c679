"""Issue #14: translation defects against the English at handoff (``--handoff DIR``), English changes since
reported as drift (DL401–DL405), and every finding's cause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.config import ConfigError, load_config
from tests.helpers import check_json, pair, write

HANDOFF = """---
author: ana
ms.prod: sharepoint
---
# item resource type

The size of the item, in bytes.

| Property | Type | Description |
|:--|:--|:--|
| id | String | The identifier. |
| size | Int64 | The size. |

```json
{
  "id": "String",
  "size": 1024
}
```
"""

# The English now: a row added, a JSON line added, a sentence changed; author and ms.prod as at handoff.
CURRENT = HANDOFF.replace("| size | Int64 | The size. |\n", "| size | Int64 | The size. |\n| name | String | The name. |\n") \
    .replace('  "size": 1024\n', '  "size": 1024,\n  "name": "String"\n') \
    .replace("The size of the item, in bytes.", "The size of the item, in bytes. Read-only.")


def page(*, commit: str = "4f2c9a1b7e3d5f60718293a4b5c6d7e8f9012345", size_type: str = "Int64",
         json_key: str = '"size"') -> str:
    """A bilingual page translated from HANDOFF (a type cell and a JSON key can be broken on purpose)."""
    return (f"---\nauthor: ana\nms.prod: sharepoint\nms.sourcegitcommit: {commit}\n---\n"
            f"# {pair(1, 'tipo de recurso item', 'item resource type')}\n\n"
            f"{pair(2, 'O tamanho do item, em bytes.', 'The size of the item, in bytes.')}\n\n"
            f"| {pair(3, 'Propriedade', 'Property')} | {pair(4, 'Tipo', 'Type')} | {pair(5, 'Descrição', 'Description')} |\n"
            "|:--|:--|:--|\n"
            f"| id | String | {pair(6, 'O identificador.', 'The identifier.')} |\n"
            f"| size | {size_type} | {pair(7, 'O tamanho.', 'The size.')} |\n\n"
            f'```json\n{{\n  "id": "String",\n  {json_key}: 1024\n}}\n```\n')


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """en/ (the current English), en-at-handoff/pt-BR/ and pt-BR/ with one page, item.md."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "en/item.md", CURRENT)
    write(tmp_path / "en-at-handoff/pt-BR/item.md", HANDOFF)
    write(tmp_path / "pt-BR/item.md", page())
    return tmp_path


def codes(findings: list[dict[str, object]]) -> dict[str, tuple[str, str]]:
    """Each code found, with its severity and cause (the codes of these pages occur once at most)."""
    return {str(f["code"]): (str(f["severity"]), str(f["cause"])) for f in findings}


def test_english_changes_since_handoff_are_drift_warnings_naming_the_commit(tree: Path) -> None:
    code, findings, _ = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert code == 0
    assert codes(findings) == {"DL401": ("warning", "drift"), "DL402": ("warning", "drift"),
                               "DL404": ("warning", "drift")}
    assert all("since the English at handoff (commit 4f2c9a1b7e3d)" in str(f["message"]) for f in findings)
    added = next(f for f in findings if f["code"] == "DL402")
    assert added["line"] == 14 and "table row 'name'" in str(added["message"])


def test_without_the_english_at_handoff_the_same_changes_were_errors(tree: Path) -> None:
    code, findings, _ = check_json("--source", "en", "pt-BR")
    # The page shows its English moved (the pair of line 7 carries older English): what may be an English
    # change is a warning that says --git tells; nothing is an error.
    assert code == 0
    assert codes(findings)["DL103"] == ("warning", "drift")
    assert codes(findings)["DL101"] == ("warning", "drift")
    assert all(str(f["message"]).endswith("--git tells") for f in findings if f["code"] in ("DL101", "DL103"))


def test_translation_defects_against_the_english_at_handoff_stay_errors(tree: Path) -> None:
    write(tree / "pt-BR/item.md", page(size_type="Inteiro", json_key='"tamanho"'))
    code, findings, _ = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert code == 1
    found = codes(findings)
    assert found["DL202"] == ("error", "translation") and found["DL101"] == ("error", "translation")
    assert found["DL402"] == ("warning", "drift")


def test_a_page_whose_english_changed_only_in_white_space_escaping_or_front_matter_has_no_drift(tree: Path) -> None:
    write(tree / "en/item.md", HANDOFF.replace("author: ana", "author: bo\nms.date: 01/02/2021")
          .replace("The size of the item, in bytes.", "The size of the \\item,\n in bytes."))
    code, findings, _ = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert (code, findings) == (0, [])


def test_an_english_page_gone_since_handoff_is_dl405(tree: Path) -> None:
    (tree / "en/item.md").unlink()
    write(tree / "en/other.md", "# other\n")
    code, findings, _ = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert code == 0
    assert codes(findings) == {"DL405": ("warning", "drift")}


def test_a_segment_whose_english_is_not_the_english_at_handoff_is_dl306(tree: Path) -> None:
    text = page().replace("The size of the item, in bytes.", "The size of the file, in kilobytes.")
    write(tree / "pt-BR/item.md", text)
    _, findings, _ = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    leftover = [f for f in findings if f["code"] == "DL306"]
    assert len(leftover) == 1 and leftover[0]["cause"] == "translation" and leftover[0]["line"] == 8


def test_a_page_missing_from_the_handoff_folder_is_checked_against_the_current_english(tree: Path) -> None:
    write(tree / "pt-BR/new.md", page().replace("4f2c9a1b", "00000000"))
    write(tree / "en/new.md", HANDOFF)
    code, findings, stderr = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert stderr.count("\n") == 1 and "has no English at handoff for 1 page(s) (such as new.md)" in stderr
    assert {f["code"] for f in findings if f["path"] == "pt-BR/new.md"} == set()  # its English did not move
    assert code == 0


def test_the_locale_placeholder_names_each_locale_s_handoff_folder(tree: Path) -> None:
    code, findings, _ = check_json("--source", "en", "--handoff", "en-at-handoff/{locale}", "pt-BR")
    assert code == 0 and "DL402" in codes(findings)


@pytest.mark.parametrize("args, message", [
    (["--handoff", "en-at-handoff/pt-BR", "--git"], "use --handoff or --git, not both"),
    (["--handoff", "en-at-handoff/pt-BR"], "--handoff needs the current English too"),
    (["--handoff", "en-at-handoff/pt-BR", "--source", "en", "--fix"], "--fix repairs pages against the current"),
    (["--handoff", "nowhere", "--source", "en"], "--handoff nowhere is not a folder"),
])
def test_bad_combinations_are_usage_errors(tree: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["check", *args, "pt-BR"])
    assert result.exit_code == 2 and message in result.stderr


def test_the_config_names_the_handoff_folder(tree: Path) -> None:
    write(tree / ".doclint.toml", 'source = "en"\nhandoff = "en-at-handoff/{locale}"\n[locales]\npt-BR = "pt-BR"\n')
    code, findings, _ = check_json("--no-cache")
    assert code == 0 and "DL402" in codes(findings)


@pytest.mark.parametrize("text, message", [
    ('git = "yes"\n', '"git" must be true or false'),
    ("handoff = 3\n", '"handoff" must be a folder path'),
    ('handoff = "nowhere"\n', '"handoff" = "nowhere" is not a folder'),
])
def test_bad_handoff_config_values_are_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path / ".doclint.toml", text))


def test_every_json_finding_carries_its_cause_and_the_summaries_count_them_apart(tree: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--source", "en", "--handoff",
                                      "en-at-handoff/pt-BR", "pt-BR/item.md"])
    data = json.loads(result.stdout)
    assert {f["cause"] for f in data["findings"]} == {"drift"}
    assert data["summary"]["by_cause"] == {"translation": 0, "drift": 3}
    text = CliRunner().invoke(cli, ["check", "--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR"])
    assert "; 0 translation, 3 drift) in 1 of 1 pages." in text.stdout


def test_the_audit_checks_each_locale_against_its_english_at_handoff(tree: Path) -> None:
    write(tree / "pt-BR/item.md", page(size_type="Inteiro"))
    outputs = {}
    for fmt in ("text", "json", "markdown", "html"):
        result = CliRunner().invoke(cli, ["audit", ".", "--handoff", "en-at-handoff", "-q", "--format", fmt])
        assert result.exit_code == 1, result.output
        outputs[fmt] = result.stdout
    # The type cell is an error and its untranslated-looking text outside pairs an info, both translation.
    assert "(1 errors, 3 warnings, 1 info; 2 translation, 3 drift)" in outputs["text"]
    data = json.loads(outputs["json"])
    assert data["locales"]["pt-BR"]["by_cause"] == {"translation": 2, "drift": 3}
    assert data["drift"][0]["status"] == "stale" and data["drift"][0]["handoff_commit"].startswith("4f2c9a1b")
    assert "| Translation | Drift |" in outputs["markdown"] and "| 2 | 3 |" in outputs["markdown"]
    assert ">Translation</th>" in outputs["html"] and "<td class=n>2</td><td class=n>3</td>" in outputs["html"]


def test_results_are_the_same_on_several_processes_and_from_the_cache(tree: Path) -> None:
    for number in range(30):
        write(tree / f"pt-BR/p{number}.md", page(size_type="Inteiro" if number % 3 else "Int64"))
        write(tree / f"en/p{number}.md", CURRENT)
        write(tree / f"en-at-handoff/pt-BR/p{number}.md", HANDOFF)
    args = ["--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR"]
    serial = check_json("--no-cache", "-j", "1", *args)
    assert serial == check_json("--no-cache", "-j", "2", *args)
    assert serial == check_json(*args) == check_json(*args)  # cold, then warm
    # The English at handoff decides the findings: a page made from the current English lacks its new row.
    write(tree / "en-at-handoff/pt-BR/p1.md", CURRENT)
    assert "DL103" in {f["code"] for f in check_json(*args)[1] if f["path"] == "pt-BR/p1.md"}


def test_an_unreadable_english_at_handoff_is_a_note_not_a_traceback(tree: Path) -> None:
    (tree / "en-at-handoff/pt-BR/item.md").write_bytes(b"\x00\x01binary")
    code, findings, stderr = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert "could not be read for 1 page(s)" in stderr and "binary" in stderr and "Traceback" not in stderr
    assert "DL402" not in {f["code"] for f in findings} and "DL103" in {f["code"] for f in findings}


def test_a_handoff_page_that_links_out_of_its_folder_is_not_read(tree: Path) -> None:
    """The English at handoff is confined to its folder as the English page is to the English root: a link
    out of it (here to a page that would pass every check) is not read, and the page falls back."""
    secret = tree / "outside/item.md"
    write(secret, CURRENT)  # were it read, the page would be checked against it
    target = tree / "en-at-handoff/pt-BR/item.md"
    target.unlink()
    target.symlink_to(secret)
    code, findings, stderr = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert "a link out of the handoff folder; not read" in stderr
    assert not any(f["code"] in ("DL402", "DL404", "DL306") for f in findings)  # no English at handoff was used
    assert codes(findings)["DL103"] == ("warning", "drift")  # the fallback: the page's own witness


def test_a_handoff_folder_linked_out_of_its_root_is_not_read(tree: Path) -> None:
    """A linked folder inside the handoff folder that leads out of it is refused too."""
    write(tree / "outside/v1/item.md", HANDOFF)
    write(tree / "en/v1/item.md", CURRENT)
    write(tree / "pt-BR/v1/item.md", page())
    (tree / "en-at-handoff/pt-BR/v1").symlink_to(tree / "outside/v1")
    code, findings, stderr = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR/v1/item.md")
    assert "a link out of the handoff folder; not read" in stderr
    assert not any(f["code"] in ("DL402", "DL404") for f in findings)


def test_a_link_inside_the_handoff_folder_is_read(tree: Path) -> None:
    target = tree / "en-at-handoff/pt-BR/item.md"
    target.rename(tree / "en-at-handoff/pt-BR/real.md")
    target.symlink_to("real.md")
    code, findings, stderr = check_json("--source", "en", "--handoff", "en-at-handoff/pt-BR", "pt-BR")
    assert "not read" not in stderr
    assert "DL402" in codes(findings)
