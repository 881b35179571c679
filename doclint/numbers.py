"""Numbers as a locale writes them, read with CLDR data through Babel (for DL315).

A translation writes ``1,000,000`` as ``1 000 000`` (no-break or narrow no-break spaces, ru-RU,
fr-FR), ``1.000.000`` (de-DE, pt-BR) and ``2.5`` as ``2,5``.  The token scan of
:mod:`doclint.checks.tokens` compares digits without separators, which serves most pages; where it
finds a number difference in a pair, :func:`tolerated` reads both sides again as values, the English
with the ``en`` symbols and the translation with its page's (``ms.contentlocale``, else a locale
folder in its path), and drops what agrees in value.  It also drops what a translation may
legitimately write otherwise: ordinals (``3rd``), which are words, numbers inside link labels,
which a translator may rephrase ("see the Office 365 reports" → "see this article"), digits that begin a
name (``21Vianet``, which a locale may call by its own name), and dates and times, which each locale
orders and writes its own way (``5/10/2017 3:20 PM`` → ``10.05.2017 15:20``): a date agrees when its day,
month and year do, in any order, and a time when its hour (on the 24-hour clock or as written) and minute do.

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
_NAME_AFTER = re.compile(r"[A-Z][a-z]{2,}")
_EN_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_DATES = re.compile(r"(?<![\d/.-])(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d/])"
                    r"|(?<![\d/.-])(\d{4})[./\-\u5e74](\d{1,2})[./\-\u6708](\d{1,2})(?!\d)")
_EN_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::\d{2})? ?([AaPp])\.?[Mm]\b")
_TIMES = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?!\d)")
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


Span = tuple[int, int, tuple[int, ...]]


def _date_key(day_or_month: str, other: str, year: str) -> tuple[int, ...]:
    whole = int(year) + (2000 if len(year) == 2 else 0)
    return (whole, *sorted((int(day_or_month), int(other))))


def _dates(text: str, english: bool) -> list[Span]:
    """(start, end, key) of each date of ``text``: its year, then its day and month in either order."""
    if "/" not in text and "." not in text and "-" not in text and "\u5e74" not in text:
        return []
    if english:
        return [(m.start(), m.end(), _date_key(m.group(1), m.group(2), m.group(3))) for m in _EN_DATE.finditer(text)]
    return [(m.start(), m.end(), _date_key(m.group(1), m.group(2), m.group(3)) if m.group(1)
             else _date_key(m.group(5), m.group(6), m.group(4))) for m in _DATES.finditer(text)]


def _times(text: str, english: bool) -> list[Span]:
    """(start, end, (hour, minute)) of each time of ``text``; an English one with AM or PM on the 24-hour
    clock, and as written, too: (hour24, minute, hour)."""
    if ":" not in text:
        return []
    if not english:
        return [(m.start(), m.end(), (int(m.group(1)), int(m.group(2)))) for m in _TIMES.finditer(text)]
    found: list[Span] = []
    for m in _EN_TIME.finditer(text):
        hour = int(m.group(1))
        full = hour % 12 + (12 if m.group(3) in "Pp" else 0)
        found.append((m.start(), m.end(), (full, int(m.group(2)), hour)))
    return found


def _agrees(offset: int, spans: list[Span], others: set[tuple[int, ...]]) -> bool:
    """Whether the number at ``offset`` stands in a date or time of ``spans`` that ``others`` has too."""
    return any(start <= offset < end and key in others for start, end, key in spans)


def _time_keys(spans: list[Span]) -> set[tuple[int, ...]]:
    """Every (hour, minute) an English time may be written with, or a translated time's own."""
    keys: set[tuple[int, ...]] = set()
    for _start, _end, key in spans:
        keys.update({key[:2], (key[2], key[1])} if len(key) == 3 else {key})
    return keys


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
    english_dates, target_dates = _dates(source, True), _dates(target, False)
    english_times, target_times = _times(source, True), _times(target, False)
    english_date_keys = {key for _start, _end, key in english_dates}
    target_date_keys = {key for _start, _end, key in target_dates}
    target_time_keys = _time_keys(target_times)
    english_time_keys = _time_keys(english_times)

    def keep_missing(offset: int, text: str) -> bool:
        if any(start <= offset < end for start, end in english_labels):
            return False  # a number in a link label may be rephrased away
        end = offset + len(text)
        if _ORDINAL_SUFFIX.match(source, end - 1):
            return False  # an ordinal is a word: "3rd" may be "terceiro", "dritte", "第三"
        if _NAME_AFTER.match(source, end):
            return False  # digits that begin a name (21Vianet) go with the name
        if _agrees(offset, english_dates, target_date_keys):
            return False
        if any(start <= offset < end_ and ({key[:2], (key[2], key[1])} & target_time_keys)
               for start, end_, key in english_times):
            return False
        value = _inside(offset, english_spans)
        return value is None or value not in target_values

    def keep_unexpected(offset: int) -> bool:
        if any(start <= offset < end for start, end in target_labels):
            return False
        if _agrees(offset, target_dates, english_date_keys) or _agrees(offset, target_times, english_time_keys):
            return False  # a date or time of the English, written the locale's way
        value = _inside(offset, target_spans)
        return value is None or value not in english_values

    missing = tuple(token for token in difference.missing if keep_missing(token.offset, token.text))
    unexpected = tuple(token for token in difference.unexpected if keep_unexpected(token.offset))
    if not missing and not unexpected:
        return None
    return replace(difference, missing=missing, unexpected=unexpected)
