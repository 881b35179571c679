"""DL315 numbers as the page's locale writes them, through CLDR (Babel); ordinals and link labels (issue #15)."""

from __future__ import annotations

import subprocess
import sys

from doclint.numbers import page_locale, values
from tests.test_segments import findings, pair


def page(locale: str, translated: str, english: str) -> str:
    return f"---\nms.contentlocale: {locale}\n---\n\n" + pair(translated, english)


def dl315(text: str) -> list:
    return findings(text, None, "DL315")


def test_no_break_and_narrow_no_break_group_separators_are_the_same_number() -> None:
    english = "Up to 1,000,000 items and 2.5 GB."
    assert not dl315(page("ru-RU", "До 1\u00a0000\u00a0000 элементов и 2,5 ГБ.", english))
    assert not dl315(page("fr-FR", "Jusqu'à 1\u202f000\u202f000 éléments et 2,5 Go.", english))
    assert not dl315(page("de-DE", "Bis zu 1.000.000 Elemente und 2,5 GB.", english))


def test_a_changed_value_in_locale_format_is_still_found() -> None:
    [hit] = dl315(page("ru-RU", "До 1\u00a0000\u00a0001 элементов.", "Up to 1,000,000 items."))
    assert "1000000" in hit.english.replace(",", "")


def test_the_locale_comes_from_the_front_matter_else_the_path() -> None:
    assert page_locale({"ms.contentlocale": "fr-FR"}, "x/y.md") == "fr-FR"
    assert page_locale({}, "ru-RU/api-reference/v1.0/x.md") == "ru-RU"
    assert page_locale({}, "api-reference/v1.0/x.md") == ""
    # without a locale the group separators of a space-grouping locale are not guessed
    assert dl315(f"\n\n{pair('До 1 000 000 элементов.', 'Up to 1,000,000 items.')}")
    assert [value for _s, _e, value in values("1\u202f000,5", "fr-FR")] == [values("1,000.5", "en")[0][2]]


def test_ordinals_are_words() -> None:
    assert not dl315(page("ru-RU", "Третий элемент списка.", "The 3rd item of the list."))
    assert not dl315(page("de-DE", "Das dritte Element.", "The 3rd item."))
    assert dl315(page("ru-RU", "Элемент списка.", "The 3 items of the list."))


def test_numbers_inside_a_link_label_may_be_rephrased() -> None:
    english = "See the [Office 365 reports](https://example.com/reports)."
    assert not dl315(page("pt-BR", "Confira [este artigo](https://example.com/reports).", english))
    assert dl315(page("pt-BR", "Confira este artigo de 2019.", "See this article."))


def test_german_number_words_answer_digits() -> None:
    assert not dl315(page("de-DE", "Es gibt drei Orte.", "There are 3 locations."))


def test_babel_is_not_imported_by_a_check_without_number_differences() -> None:
    code = ("import sys; from doclint.engine import RuleSet, check_text; "
            f"check_text('p.md', {page('ru-RU', 'Три.', 'Three.')!r}, None, RuleSet.default()); "
            "print('babel' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_a_date_and_time_in_the_locale_s_order_and_clock_are_the_same_values() -> None:
    english = 'Uses the standard absolute representation (eg. "5/10/2017 3:20 PM").'
    assert not dl315(page("de-DE", 'Verwendet die absolute Darstellung (z. B. "10.05.2017 15:20 Uhr").', english))
    assert not dl315(page("zh-CN", "使用标准绝对表示形式(例如 \"2017年5月10日 15:20\")。", english))
    assert not dl315(page("pt-BR", 'Usa a representação absoluta (por exemplo, "10/05/2017 3:20 PM").', english))
    # another day, or another hour, is still a changed number
    assert dl315(page("de-DE", 'Verwendet die absolute Darstellung (z. B. "11.05.2017 15:20 Uhr").', english))
    assert dl315(page("de-DE", 'Verwendet die absolute Darstellung (z. B. "10.05.2017 16:20 Uhr").', english))


def test_digits_that_begin_a_name_go_with_the_name() -> None:
    english = "The operator in China is 21Vianet, for 2 regions."
    assert not dl315(page("zh-CN", "中国的运营商是世纪互联,有 2 个区域。", english))
    assert dl315(page("zh-CN", "中国的运营商是世纪互联,有 3 个区域。", english))
