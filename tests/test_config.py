"""Configuration: discovery, locale roots, rule selection, severities, and clear errors for bad config."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.config import ConfigError, Selection, find_config, load_config, options_selection, ruleset
from doclint.finding import Severity
from doclint.registry import all_rules
from tests.helpers import check_json as run
from tests.helpers import pair, write

SHARED = Path(__file__).resolve().parents[2] / "shared"
DRIVEITEM = Path("api-reference/v1.0/resources/driveitem.md")


# ---- tiny pages -------------------------------------------------------------------------------------------

ENGLISH = "| Property | Type | Description |\n|:--|:--|:--|\n| name | String | The name. |\n| size | Int64 | The size. |\n"


def translated(name: str = "nome", size: str = "size") -> str:
    """The bilingual page of ENGLISH, with the given (possibly translated) property names."""
    return (f"| {pair(101, 'Propriedade', 'Property')} | {pair(102, 'Tipo', 'Type')} | "
            f"{pair(103, 'Descrição', 'Description')} |\n|:--|:--|:--|\n"
            f"| {pair(104, name, 'name')} | {pair(105, 'String', 'String')} | {pair(106, 'O nome.', 'The name.')} |\n"
            f"| {pair(107, size, 'size')} | {pair(108, 'Int64', 'Int64')} | {pair(109, 'O tamanho.', 'The size.')} |\n")


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A docs tree: en/, pt-BR/ and zh-CN/ with one page each, a .doclint.toml naming them; cwd is its root."""
    page = Path("api/item.md")
    write(tmp_path / "en" / page, ENGLISH)
    write(tmp_path / "pt-BR" / page, translated("nome"))
    write(tmp_path / "zh-CN" / page, translated("name", "大小"))
    write(tmp_path / ".doclint.toml", 'source = "en"\n\n[locales]\npt-BR = "pt-BR"\nzh-CN = "zh-CN"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def where(findings: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    """(path, line, code) of each finding."""
    return [(f["path"], f["line"], f["code"]) for f in findings]


# ---- discovery and locale roots -----------------------------------------------------------------------------

def test_a_file_under_a_locale_root_is_compared_with_the_same_path_under_source(docs: Path) -> None:
    code, findings, _ = run("pt-BR/api/item.md")
    assert code == 1
    assert ("pt-BR/api/item.md", 3, "DL201") in where(findings)
    assert any("name" in str(f["message"]) and "nome" in str(f["message"]) for f in findings)


def test_the_english_page_is_found_from_a_subfolder(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(docs / "pt-BR" / "api")
    code, findings, _ = run("item.md")
    assert ("item.md", 3, "DL201") in where(findings)
    # DL004 would say the English page was not found.
    assert "DL004" not in {f["code"] for f in findings}


def test_no_paths_checks_every_locale_root(docs: Path) -> None:
    code, findings, _ = run()
    assert code == 1
    assert sorted((f["path"], f["line"]) for f in findings if f["code"] == "DL201") == \
        [("pt-BR/api/item.md", 3), ("zh-CN/api/item.md", 4)]  # each named from here: locale root + page
    assert {str(f["message"]).split("'")[1] for f in findings if f["code"] == "DL201"} == {"nome", "大小"}


def test_without_locales_the_config_folder_is_the_locale_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "en" / "api" / "item.md", ENGLISH)
    write(tmp_path / "pt-BR" / "api" / "item.md", translated("nome"))
    write(tmp_path / "pt-BR" / ".doclint.toml", 'source = "../en"\n')
    monkeypatch.chdir(tmp_path / "pt-BR" / "api")
    _, findings, _ = run("item.md")
    assert ("item.md", 3, "DL201") in where(findings)
    monkeypatch.chdir(tmp_path / "pt-BR")
    _, findings, _ = run()
    assert where(findings) == [("api/item.md", 3, "DL201")]


def test_source_inside_the_locale_root_is_not_checked_as_a_translation(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "en" / "item.md", ENGLISH)
    write(tmp_path / "item.md", translated("nome"))
    write(tmp_path / ".doclint.toml", 'source = "en"\n')
    monkeypatch.chdir(tmp_path)
    _, findings, _ = run()
    assert {f["path"] for f in findings} == {"item.md"}


def test_config_is_found_walking_up(tmp_path: Path) -> None:
    write(tmp_path / ".doclint.toml", "")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == (tmp_path / ".doclint.toml").resolve()


def test_nearest_config_wins_and_pyproject_needs_a_tool_table(tmp_path: Path) -> None:
    write(tmp_path / ".doclint.toml", "")
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "a" / "b" / "pyproject.toml", '[tool.doclint]\nselect = ["DL2"]\n')
    assert find_config(tmp_path / "a") == (tmp_path / ".doclint.toml").resolve()
    assert find_config(tmp_path / "a" / "b") == (tmp_path / "a" / "b" / "pyproject.toml").resolve()
    assert load_config(find_config(tmp_path / "a" / "b")).selection.select == ("DL2",)


def test_doclint_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / ".doclint.toml", "")
    write(tmp_path / "pyproject.toml", '[tool.doclint]\nselect = ["DL2"]\n')
    assert find_config(tmp_path) == (tmp_path / ".doclint.toml").resolve()


def test_config_option_overrides_discovery(docs: Path) -> None:
    write(docs / "other.toml", 'source = "en"\nselect = ["DL3"]\n')
    _, findings, _ = run("--config", "other.toml", "pt-BR/api/item.md")
    assert "DL201" not in {f["code"] for f in findings}
    _, findings, _ = run("pt-BR/api/item.md")
    assert "DL201" in {f["code"] for f in findings}


def test_command_line_overrides_the_config(docs: Path) -> None:
    write(docs / ".doclint.toml", 'source = "en"\nignore = ["DL201"]\n[locales]\npt-BR = "pt-BR"\n'
                                  '[severity]\nDL2 = "warning"\n')
    code, findings, _ = run("pt-BR/api/item.md")
    assert "DL201" not in {f["code"] for f in findings} and code == 0
    code, findings, _ = run("pt-BR/api/item.md", "--extend-select", "DL201", "--severity", "DL201=error")
    assert [f["severity"] for f in findings if f["code"] == "DL201"] == ["error"] and code == 1


def test_exclude_skips_pages(docs: Path) -> None:
    write(docs / ".doclint.toml", 'source = "en"\nexclude = ["zh-CN/**"]\n[locales]\npt-BR = "pt-BR"\n'
                                  'zh-CN = "zh-CN"\n')
    _, findings, _ = run()
    assert {str(f["message"]).split("'")[1] for f in findings if f["code"] == "DL201"} == {"nome"}


def test_pyproject_tool_table_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "en" / "api" / "item.md", ENGLISH)
    write(tmp_path / "pt-BR" / "api" / "item.md", translated("nome"))
    write(tmp_path / "pyproject.toml", '[project]\nname = "docs"\n\n[tool.doclint]\nsource = "en"\n'
                                       '[tool.doclint.locales]\npt-BR = "pt-BR"\n')
    monkeypatch.chdir(tmp_path / "pt-BR")
    _, findings, _ = run("api/item.md")
    assert ("api/item.md", 3, "DL201") in where(findings)


# ---- errors ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "named"), [
    ('selct = ["DL2"]\n', "selct"),
    ('source = "nowhere"\n', "source"),
    ('source = 3\n', "source"),
    ('[locales]\npt-BR = "missing"\n', "locales.pt-BR"),
    ('locales = ["pt-BR"]\n', "locales"),
    ('select = "DL2"\n', "select"),
    ('ignore = ["DL99"]\n', "ignore"),
    ('extend-select = ["nonsense"]\n', "extend-select"),
    ('[severity]\nDL201 = "fatal"\n', "severity.DL201"),
    ('[per-file-ignores]\n"*.md" = "DL201"\n', "per-file-ignores"),
    ('exclude = "x"\n', "exclude"),
    ('source = \n', "invalid TOML"),
])
def test_bad_config_is_a_one_line_usage_error(docs: Path, text: str, named: str) -> None:
    write(docs / ".doclint.toml", text)
    result = CliRunner().invoke(cli, ["check", "pt-BR/api/item.md"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and ".doclint.toml" in lines[0]
    assert "Traceback" not in result.stderr and not isinstance(result.exception, ConfigError)


@pytest.mark.parametrize("args", [
    ["--select", "DL99"], ["--ignore", "X"], ["--severity", "DL201"], ["--severity", "DL201=loud"],
    ["--config", "missing.toml"],
])
def test_bad_options_are_a_one_line_usage_error(docs: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["check", "pt-BR/api/item.md", *args])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert args[0] in result.stderr or "missing.toml" in result.stderr


def test_bad_config_through_the_installed_entry_point(docs: Path) -> None:
    import subprocess
    import sys

    write(docs / ".doclint.toml", 'source = "en"\nseverity = 3\n')
    process = subprocess.run([sys.executable, "-m", "doclint", "check", "pt-BR/api/item.md"],
                             capture_output=True, text=True, cwd=docs, check=False)
    assert process.returncode == 2 and process.stdout == ""
    assert len(process.stderr.strip().splitlines()) == 1 and "severity" in process.stderr


# ---- selection ------------------------------------------------------------------------------------------------

CODES = sorted(all_rules())
OFF_BY_DEFAULT = {code for code, rule in all_rules().items() if not rule.default_enabled}


def enabled(*layers: Selection) -> set[str]:
    """The codes a config layer and an options layer enable."""
    from doclint.config import Config

    config = Config(Path("x.toml"), Path("."), selection=layers[0]) if len(layers) > 1 else None
    return {rule.code for rule in ruleset(config, layers[-1]).rules}


def family(prefix: str) -> set[str]:
    """Every default-enabled code starting with ``prefix``."""
    return {code for code in CODES if code.startswith(prefix) and code not in OFF_BY_DEFAULT}


def test_default_selection_is_every_default_enabled_rule() -> None:
    assert enabled(Selection()) == set(CODES) - OFF_BY_DEFAULT


def test_select_by_prefix_and_ignore_by_code() -> None:
    assert enabled(Selection(select=("DL2",), ignore=("DL202",))) == family("DL2") - {"DL202"}


def test_most_specific_selector_wins() -> None:
    assert enabled(Selection(select=("DL201",), ignore=("DL2",))) == {"DL201"}
    assert enabled(Selection(select=("DL",), ignore=("DL2",), extend_select=("DL20",))) == \
        set(CODES) - OFF_BY_DEFAULT - family("DL2") | family("DL20")


def test_ignore_wins_a_tie() -> None:
    assert "DL201" not in enabled(Selection(select=("DL201",), ignore=("DL201",)))


def test_all_and_rules_off_by_default() -> None:
    assert OFF_BY_DEFAULT, "the registry has a rule that is off by default (DL322)"
    off = sorted(OFF_BY_DEFAULT)[0]
    assert enabled(Selection(select=("ALL",))) == set(CODES) - OFF_BY_DEFAULT
    assert off not in enabled(Selection(select=(off[:3],)))
    assert off in enabled(Selection(extend_select=(off,)))


def test_options_layer_over_config_layer() -> None:
    config = Selection(select=("DL2",))
    assert enabled(config, Selection(extend_select=("DL301",))) == family("DL2") | {"DL301"}
    assert enabled(config, Selection(select=("DL301",))) == {"DL301"}
    assert enabled(config, Selection(ignore=("DL20",), extend_select=("DL203",))) == {"DL203"}


def test_severity_most_specific_then_options() -> None:
    from doclint.config import Config

    config = Config(Path("x.toml"), Path("."), selection=Selection(
        severity=(("DL2", Severity.WARNING), ("DL201", Severity.INFO))))
    severities = ruleset(config, Selection()).severities
    assert severities["DL201"] is Severity.INFO and severities["DL202"] is Severity.WARNING
    assert "DL301" not in severities
    severities = ruleset(config, options_selection((), (), (), ("DL20=error",))).severities
    assert severities["DL201"] is Severity.ERROR and severities["DL202"] is Severity.ERROR
    assert severities.get("DL301") is None


def test_options_split_commas_and_repeat() -> None:
    selection = options_selection(("dl201,DL202", "DL3"), ("DL301",), (), ())
    assert selection.select == ("DL201", "DL202", "DL3") and selection.ignore == ("DL301",)
    assert options_selection((), (), (), ()).select is None


def test_audit_takes_the_selection_options(docs: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", ".", "--format", "json", "--ignore", "DL201"])
    assert result.exit_code == 0, result.output
    assert "DL201" not in result.output
    result = CliRunner().invoke(cli, ["audit", ".", "--format", "json"])
    assert result.exit_code == 1 and "DL201" in result.output


# ---- the real page (skips without ../shared) ----------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "corpus" / "pt-BR" / DRIVEITEM).is_file(), reason="no ../shared corpus")
def test_real_driveitem_page_through_locale_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder, origin in (("en", "en-at-handoff/pt-BR"), ("pt-BR", "pt-BR")):
        (tmp_path / folder / DRIVEITEM).parent.mkdir(parents=True)
        shutil.copyfile(SHARED / "corpus" / origin / DRIVEITEM, tmp_path / folder / DRIVEITEM)
    write(tmp_path / ".doclint.toml", 'source = "en"\n[locales]\npt-BR = "pt-BR"\n')
    monkeypatch.chdir(tmp_path)
    code, findings, _ = run(f"pt-BR/{DRIVEITEM.as_posix()}")
    translated_names = {str(f["message"]).split("'")[1] for f in findings if f["code"] == "DL201"}
    # The corpus README lists these six property names as translated on this page.
    assert {"conteúdo", "descrição", "imagem", "nome", "pacote", "compartilhado"} <= translated_names
    assert code == 1 and "DL004" not in {f["code"] for f in findings}


# ---- globs ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("glob", "path", "matches"), [
    ("**/*.md", "pt-BR/api/item.md", True),
    ("*.md", "pt-BR/item.md", False),
    ("pt-BR/*", "pt-BR/item.md", True),
    ("pt-BR/*", "pt-BR/api/item.md", False),
    ("pt-BR/**", "pt-BR/api/item.md", True),
    ("item-?.md", "item-1.md", True),
    ("item-[!1].md", "item-1.md", False),
    ("./api/*.md", "api/a.md", True),
])
def test_glob_semantics(glob: str, path: str, matches: bool) -> None:
    from doclint.glob import compile_glob

    assert compile_glob(glob).fullmatch(path) is matches


def test_globs_match_relative_to_the_locale_root_and_by_folder_name(docs: Path) -> None:
    write(docs / "pt-BR" / "includes" / "snippet.md", translated("nome"))
    write(docs / "en" / "includes" / "snippet.md", ENGLISH)
    write(docs / ".doclint.toml", 'source = "en"\nexclude = ["includes"]\n[locales]\npt-BR = "pt-BR"\n'
                                  '[per-file-ignores]\n"api/*.md" = ["DL201"]\n')
    _, findings, _ = run()
    assert "DL201" not in {f["code"] for f in findings}
    assert not any("includes" in str(f["path"]) for f in findings)
    write(docs / ".doclint.toml", 'source = "en"\n[locales]\npt-BR = "pt-BR"\n')
    _, findings, _ = run()
    assert {f["page"] for f in findings if f["code"] == "DL201"} == {"api/item.md", "includes/snippet.md"}


def test_drift_and_audit_leave_out_excluded_pages_as_check_does(docs: Path) -> None:
    write(docs / "pt-BR" / "includes" / "snippet.md", translated("nome"))
    write(docs / "en" / "includes" / "snippet.md", ENGLISH)
    write(docs / "en" / "includes" / "only-english.md", ENGLISH)  # untranslated, but excluded all the same

    def drifted() -> set[tuple[str, str]]:
        result = CliRunner().invoke(cli, ["drift", "--format", "json", "-q"])
        assert result.exit_code == 0, result.output
        return {(page["locale"], page["path"]) for page in json.loads(result.stdout)["pages"]}

    def audited() -> dict[str, object]:
        result = CliRunner().invoke(cli, ["audit", ".", "--format", "json", "-q"])
        return json.loads(result.stdout)["locales"]["pt-BR"]["drift"]

    assert ("pt-BR", "includes/snippet.md") in drifted() and ("zh-CN", "includes/only-english.md") in drifted()
    assert (audited()["pages"], audited()["untranslated"]) == (2, 1)
    write(docs / ".doclint.toml", 'source = "en"\nexclude = ["includes"]\n[locales]\npt-BR = "pt-BR"\n'
                                  'zh-CN = "zh-CN"\n')
    assert drifted() == {("pt-BR", "api/item.md"), ("zh-CN", "api/item.md")}
    assert (audited()["pages"], audited()["untranslated"]) == (1, 0)


def test_inline_tool_table_in_pyproject_is_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool]\ndoclint = { select = ["DL2"] }\n')
    assert find_config(tmp_path) == (tmp_path / "pyproject.toml").resolve()


def test_config_option_naming_a_folder_is_a_usage_error(docs: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "pt-BR/api/item.md", "--config", "pt-BR"])
    assert result.exit_code == 2 and "is not a file" in result.stderr
