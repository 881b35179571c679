"""Glossaries (issue #17): TBX v2 and v3, CSV and TSV read into entries; the term rules DL501–DL503 on pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.checks.terms import Matcher, bind, occurrences
from doclint.cli import cli
from doclint.engine import check_text
from doclint.glossary import Glossary, GlossaryError, LocaleTerms, load_glossary, parse_glossary, tag_matches
from doclint.registry import RuleSet
from tests.helpers import pair, write

TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>ours</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="definition">Product name. Do not translate.</descrip>
      <langSet xml:lang="en-US"><tig><term>Microsoft Graph</term></tig></langSet>
    </termEntry>
    <termEntry id="t2">
      <langSet xml:lang="en-US"><tig><term>drive</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
      <langSet xml:lang="zh-CN">
        <tig><term>驱动器</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>驱动</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        <tig><term>硬盘</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="pt"><ntig><termGrp><term>unidade</term></termGrp></ntig>
        <ntig><termGrp><term>disco</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termGrp></ntig></langSet>
    </termEntry>
    <termEntry id="t3">
      <descrip type="caseSensitive">no</descrip>
      <langSet xml:lang="en"><tig><term>OneDrive</term></tig></langSet>
      <langSet xml:lang="pt-BR"><tig><term>OneDrive</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""

TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader><fileDesc><sourceDesc><p>ours</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>sign-in</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
      <langSec xml:lang="pt-BR">
        <termSec><term>entrada</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>login</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <note>DNT</note>
      <langSec xml:lang="en"><termSec><term>SharePoint</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

CSV = """en,zh-CN,pt-BR,pt-BR:forbidden,dnt,case,note
Azure AD,,,,yes,,
drive,驱动器|驱动,unidade|!disco,,,,
sign-in,登录,entrada,login,,,
Intune,,,,yes,,
OneDrive,,,,,insensitive,do not translate
Outlook,Outlook,,,,,
"Azure AD, Azure Active Directory",,,,yes,,
"""


def _terms(glossary: Glossary, english: str, locale: str) -> LocaleTerms | None:
    entry = next(entry for entry in glossary.entries if entry.english == english)
    return entry.for_locale(locale)


def test_tbx_v2_martif_gives_approved_forbidden_and_kept_terms() -> None:
    glossary = parse_glossary(TBX2.encode(), "g.tbx")
    assert [entry.english for entry in glossary.entries] == ["Microsoft Graph", "drive", "OneDrive"]
    assert _terms(glossary, "drive", "zh-CN") == LocaleTerms(("驱动器", "驱动"), ("硬盘",), False)
    # "pt" matches any pt-* locale; ntig/termGrp is read like tig
    assert _terms(glossary, "drive", "pt-BR") == LocaleTerms(("unidade",), ("disco",), False)
    assert _terms(glossary, "drive", "de-DE") is None
    assert _terms(glossary, "Microsoft Graph", "de-DE") == LocaleTerms(keep=True)
    one_drive = next(entry for entry in glossary.entries if entry.english == "OneDrive")
    assert not one_drive.case_sensitive and one_drive.for_locale("pt-BR") == LocaleTerms(keep=True)


def test_tbx_v3_with_a_namespace_is_read_like_v2() -> None:
    glossary = parse_glossary(TBX3.encode(), "g.tbx")
    assert _terms(glossary, "sign-in", "pt-BR") == LocaleTerms(("entrada",), ("login",), False)
    assert _terms(glossary, "SharePoint", "zh-CN") == LocaleTerms(keep=True)


def test_csv_columns_bars_bangs_dnt_case_and_notes() -> None:
    glossary = parse_glossary(CSV.encode(), "g.csv")
    assert _terms(glossary, "drive", "zh-CN") == LocaleTerms(("驱动器", "驱动"), (), False)
    assert _terms(glossary, "drive", "pt-BR") == LocaleTerms(("unidade",), ("disco",), False)
    assert _terms(glossary, "sign-in", "pt-BR") == LocaleTerms(("entrada",), ("login",), False)
    assert _terms(glossary, "Intune", "pt-BR") == LocaleTerms(keep=True)
    assert _terms(glossary, "OneDrive", "zh-CN") == LocaleTerms(keep=True)
    assert not next(entry for entry in glossary.entries if entry.english == "OneDrive").case_sensitive
    assert _terms(glossary, "Outlook", "zh-CN") == LocaleTerms(keep=True)  # the target equals the English
    assert _terms(glossary, "Outlook", "pt-BR") is None
    assert _terms(glossary, "Azure AD, Azure Active Directory", "pt-BR") == LocaleTerms(keep=True)


def test_tsv_by_extension_or_by_a_tab_in_the_header() -> None:
    text = "en\tpt-BR\ndrive\tunidade|!disco\n"
    for name in ("g.tsv", "g.txt"):
        glossary = parse_glossary(text.encode(), name)
        assert _terms(glossary, "drive", "pt-BR") == LocaleTerms(("unidade",), ("disco",), False)


def test_language_tags_match_exactly_or_by_language_case_insensitively() -> None:
    assert tag_matches("ru-RU", "ru-ru") == 2 and tag_matches("RU", "ru-RU") == 1 and tag_matches("ru", "ru") == 2
    assert tag_matches("ru-RU", "ru") == 0 and tag_matches("ru-RU", "ru-UA") == 0 and tag_matches("pt", "ptx-BR") == 0
    glossary = parse_glossary("en,pt,pt-PT\ndrive,unidade,drive de disco\n".encode(), "g.csv")
    assert _terms(glossary, "drive", "pt-BR") == LocaleTerms(("unidade",), (), False)
    assert _terms(glossary, "drive", "pt-pt") == LocaleTerms(("drive de disco",), (), False)


@pytest.mark.parametrize("text, reason", [
    ("zh-CN,pt-BR\n驱动器,unidade\n", "no English column"),
    ("en,Portuguese (Brazil)\ndrive,unidade\n", "is not a language code"),
    ("", "is empty"),
])
def test_a_bad_csv_header_is_one_line_naming_the_file(text: str, reason: str) -> None:
    with pytest.raises(GlossaryError, match=reason) as error:
        parse_glossary(text.encode(), "bad.csv")
    assert str(error.value).startswith("bad.csv: ") and "\n" not in str(error.value)


def test_the_matcher_finds_terms_on_word_boundaries_longest_first_with_no_break_spaces() -> None:
    glossary = parse_glossary(("en,dnt,case\nOneDrive,yes,\nOneDrive for Business,yes,\nMicrosoft Graph,yes,\n"
                               "Exchange,yes,insensitive\n").encode(), "g.csv")
    matcher = Matcher((glossary,), "zh-CN")
    assert [term.english for term in matcher.find("Use OneDrive for Business and Microsoft Graph.")] == \
        ["OneDrive for Business", "Microsoft Graph"]
    assert matcher.find("a oneDriveItem, OneDrives, MyOneDrive, microsoft graph") == []
    assert [term.english for term in matcher.find("the exchange server")] == ["Exchange"]
    # Han next to Latin letters is a word boundary; Latin next to Latin is not
    assert list(occurrences("使用Microsoft Graph的", "Microsoft Graph", True)) == [2]
    assert list(occurrences("XMicrosoft Graph", "Microsoft Graph", True)) == []
    assert list(occurrences("_nos metadados do Microsoft Graph_", "Microsoft Graph", True)) == [18]


def _page(locale: str | None, *pairs: str) -> str:
    head = f"---\nms.contentlocale: {locale}\n---\n" if locale else ""
    return head + "\n\n".join(pairs) + "\n"


def _codes(text: str, glossary: Glossary, locale: str = "") -> list[tuple[int, int, str]]:
    from doclint.context import Context
    from doclint.lint import lint
    from doclint.parse import parse_page

    ruleset = bind(RuleSet.default(), (glossary,))
    findings = lint(Context("p.md", parse_page(text), None, locale=locale), ruleset)
    return [(finding.line, finding.column, finding.code) for finding in findings if finding.code.startswith("DL5")]


def test_the_three_rules_on_their_lines_and_the_forbidden_term_on_its_column() -> None:
    glossary = parse_glossary(CSV.encode(), "g.csv")
    text = _page("pt-BR",
                 pair(1, "Obtenha a unidade.", "Get the drive."),                 # approved: nothing
                 pair(2, "Obtenha o disco.", "Get the drive."),                   # DL501 and DL502
                 pair(3, "Use o intune.", "Use Intune."),                         # DL503
                 pair(4, "Use o ONEDRIVE.", "Use OneDrive."),                     # case-insensitive entry: kept
                 pair(5, "Use o Intune ou o intune.", "Use Intune or Intune."),   # kept once of twice: DL503
                 pair(6, "Faça login.", "Sign in."),                              # "Sign in" is not "sign-in"
                 pair(7, "Veja [listas do Intune][ref] e Azure [AD](a.md).",       # links around names
                      "See [Intune lists][ref] and [Azure AD](a.md)."))
    found = _codes(text, glossary)
    column = text.split("\n")[5].index("disco") + 1
    assert found == [(6, 1, "DL501"), (6, column, "DL502"), (8, 1, "DL503"), (12, 1, "DL503")]


def test_the_locale_root_names_the_locale_without_ms_contentlocale() -> None:
    glossary = parse_glossary(CSV.encode(), "g.csv")
    text = _page(None, pair(1, "Obtenha o disco.", "Get the drive."))
    assert [code for _, _, code in _codes(text, glossary, "pt-BR")] == ["DL501", "DL502"]
    assert _codes(text, glossary, "de-DE") == []
    assert _codes(text, glossary, "") == []


def test_without_a_glossary_the_term_rules_find_nothing() -> None:
    text = _page("pt-BR", pair(1, "Obtenha o disco.", "Get the drive."))
    assert [finding for finding in check_text("p.md", text, None, RuleSet.default())
            if finding.code.startswith("DL5")] == []


def _docs(tmp_path: Path) -> Path:
    write(tmp_path / "docs" / "pt-BR" / "p.md", _page(None, pair(1, "Use o intune.", "Use Intune."),
                                                      pair(2, "Obtenha o disco.", "Get the drive.")))
    return tmp_path / "docs" / "pt-BR"


def test_glossary_option_and_config_key_both_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _docs(tmp_path)
    write(tmp_path / "terms" / "g.csv", CSV)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--no-cache", "--glossary", str(tmp_path / "terms" / "g.csv"), str(root)])
    assert result.exit_code == 1 and {"DL501", "DL502", "DL503"} <= set(result.stdout.replace(":", " ").split())
    plain = runner.invoke(cli, ["check", "--no-cache", str(root)])
    assert "DL50" not in plain.stdout
    write(tmp_path / ".doclint.toml", 'glossary = ["terms/g.csv"]\n')
    monkeypatch.chdir(tmp_path)
    configured = runner.invoke(cli, ["check", "--no-cache", "docs/pt-BR"])
    assert configured.exit_code == 1 and "DL503" in configured.stdout


@pytest.mark.parametrize(("selection", "warned"), [(["--select", "DL501,DL2"], "DL501 check terms"),
                                                   (["--extend-select", "DL5"], "DL501, DL502, DL503 check terms"),
                                                   (["--select", "ALL"], None), ([], None)])
def test_term_rules_named_without_a_glossary_are_said_not_to_run(tmp_path: Path, selection: list[str],
                                                                  warned: str | None) -> None:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *selection, str(_docs(tmp_path))])
    warnings = [line for line in result.stderr.splitlines() if "glossary" in line]
    assert warnings == ([] if warned is None else [f"doclint: warning: {warned} against a glossary (--glossary FILE, "
                                                   "or glossary = [...] in the config): without one they do not run"])
    assert "DL50" not in result.stdout


def test_a_changed_glossary_is_not_served_from_the_cache(tmp_path: Path) -> None:
    root = _docs(tmp_path)
    glossary = write(tmp_path / "g.csv", "en,dnt\nIntune,yes\n")
    args = ["check", "--cache-dir", str(tmp_path / "cache"), "--glossary", str(glossary), str(root)]
    assert "DL503" in CliRunner().invoke(cli, args).stdout
    write(glossary, "en,dnt\nIntunes,yes\n")
    assert "DL503" not in CliRunner().invoke(cli, args).stdout
    write(glossary, "en,dnt\nIntune,yes\n")
    assert "DL503" in CliRunner().invoke(cli, args).stdout


def test_a_missing_glossary_is_a_usage_error(tmp_path: Path) -> None:
    root = _docs(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--glossary", str(tmp_path / "none.tbx"), str(root)])
    assert result.exit_code == 2 and "none.tbx: cannot be read" in result.stderr
    with pytest.raises(GlossaryError):
        load_glossary(tmp_path)


def test_a_name_not_to_translate_is_kept_by_any_english_term_of_its_entry() -> None:
    tbx = ('<martif xml:lang="en"><text><body><termEntry><note>do not translate</note><langSet xml:lang="en">'
           "<tig><term>Azure Active Directory</term></tig><tig><term>Azure AD</term></tig></langSet></termEntry>"
           "</body></text></martif>")
    for glossary in (parse_glossary(tbx.encode(), "g.tbx"),
                     parse_glossary(b"en,dnt\nAzure Active Directory|Azure AD,yes\n", "g.csv")):
        text = _page("pt-BR",
                     pair(1, "Funções do Azure Active Directory.", "Azure AD roles."),             # the full name
                     pair(2, "Um grupo do Diretório Ativo do Azure (Azure AD).",                    # one of two
                          "An Azure Active Directory (Azure AD) group."),
                     pair(3, "Funções do AD do Azure.", "Azure AD roles."))                         # none
        assert _codes(text, glossary) == [(6, 1, "DL503"), (8, 1, "DL503")]
