"""Numbers as a locale writes them, read with CLDR data through Babel (for DL315).

A translation writes ``1,000,000`` as ``1 000 000`` (no-break or narrow no-break spaces, ru-RU,
fr-FR), ``1.000.000`` (de-DE, pt-BR) and ``2.5`` as ``2,5``.  The token scan of
:mod:`doclint.checks.tokens` compares digits without separators, which serves most pages; where it
finds a number difference in a pair, :func:`tolerated` reads both sides again as values, the English
with the ``en`` symbols and the translation with its page's (``ms.contentlocale``, else a locale
folder in its path), and drops what agrees in value.  It also drops what a translation may
legitimately write otherwise: ordinals (``3rd``), which are words, and numbers inside link labels,
which a translator may rephrase ("see the Office 365 reports" → "see this article").

Babel is imported only here, and only when a pair has a number difference, so start-up and the
pages without one never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doclint.checks.tokens import Difference

_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4}){0,2}$")
_SPACES = " \u00a0\u202f"
_ORDINAL_SUFFIX = re.compile(r"\d(?:st|nd|rd|th)\b", re.IGNORECASE)
_LINK_LABEL = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)|\[([^\[\]]*)\]\[[^\[\]]*\]")


def page_locale(front_matter: dict[str, str], path: str) -> str:
    """The page's locale: its ``ms.contentlocale``, else a folder of its path named like one, else ``""``."""
    named = front_matter.get("ms.contentlocale", "").strip()
    if _LOCALE_NAME.match(named):
        return named
    for part in reversed(path.replace("\\", "/").split("/")[:-1]):
        if _LOCALE_NAME.match(part) and "-" in part:
            return part
    return ""


@lru_cache(maxsize=64)
def _number_pattern(locale: str) -> tuple[re.Pattern[str], str, str] | None:
    """A pattern for the numbers ``locale`` writes, and its group and decimal symbols (``None``: unknown)."""
    try:
        from babel import Locale, UnknownLocaleError
        from babel.numbers import get_decimal_symbol, get_group_symbol
    except ImportError:  # pragma: no cover - babel is a dependency; without it numbers keep the plain scan
        return None
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    group, decimal = get_group_symbol(parsed), get_decimal_symbol(parsed)
    # a space-like group symbol is written with any space: typed, no-break or narrow no-break
    group_class = "[" + re.escape(_SPACES) + "]" if group in _SPACES else re.escape(group)
    pattern = re.compile(r"(?<![\d.,])\d{1,3}(?:" + group_class + r"\d{3})+(?:" + re.escape(decimal) + r"\d+)?(?!\d)"
                         r"|(?<![\d.,])\d+" + re.escape(decimal) + r"\d+(?![\d])")
    return pattern, group, decimal


def values(text: str, locale: str) -> list[tuple[int, int, Decimal]]:
    """(start, end, value) of each grouped or decimal number of ``text`` as ``locale`` writes them."""
    found = _number_pattern(locale)
    if found is None:
        return []
    pattern, group, decimal = found
    result = []
    for match in pattern.finditer(text):
        written = match.group()
        if group in _SPACES:
            written = re.sub("[" + _SPACES + "]", "", written)
        else:
            written = written.replace(group, "")
        try:
            result.append((match.start(), match.end(), Decimal(written.replace(decimal, ".")).normalize()))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits and the two symbols
            continue
    return result


def _plain_values(text: str, spans: list[tuple[int, int, Decimal]]) -> set[Decimal]:
    """The values of every number of ``text``: the locale's grouped ones and the runs of digits outside them."""
    found = {value for _start, _end, value in spans}
    covered = [(start, end) for start, end, _value in spans]
    for match in re.finditer(r"\d+", text):
        if not any(start <= match.start() < end for start, end in covered):
            found.add(Decimal(match.group()).normalize())
    return found


def _inside(offset: int, spans: list[tuple[int, int, Decimal]]) -> Decimal | None:
    return next((value for start, end, value in spans if start <= offset < end), None)


def _labels(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _LINK_LABEL.finditer(text)] if "[" in text else []


def tolerated(difference: Difference, source: str, target: str, locale: str) -> Difference | None:
    """``difference`` less what agrees in value or may be written otherwise; ``None`` when nothing is left.

    ``source`` and ``target`` are the pair's texts as the token scan read them (prepared), so the
    tokens' offsets point into them.
    """
    english_spans = values(source, "en")
    target_spans = values(target, locale) if locale else []
    english_values = _plain_values(source, english_spans)
    target_values = _plain_values(target, target_spans)
    english_labels, target_labels = _labels(source), _labels(target)

    def keep_missing(offset: int, text: str) -> bool:
        if any(start <= offset < end for start, end in english_labels):
            return False  # a number in a link label may be rephrased away
        end = offset + len(text)
        if _ORDINAL_SUFFIX.match(source, end - 1):
            return False  # an ordinal is a word: "3rd" may be "terceiro", "dritte", "第三"
        value = _inside(offset, english_spans)
        return value is None or value not in target_values

    def keep_unexpected(offset: int) -> bool:
        if any(start <= offset < end for start, end in target_labels):
            return False
        value = _inside(offset, target_spans)
        return value is None or value not in english_values

    missing = tuple(token for token in difference.missing if keep_missing(token.offset, token.text))
    unexpected = tuple(token for token in difference.unexpected if keep_unexpected(token.offset))
    if not missing and not unexpected:
        return None
    return replace(difference, missing=missing, unexpected=unexpected)
