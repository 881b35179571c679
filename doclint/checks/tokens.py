"""Do-not-translate tokens of a segment: code spans, link targets, placeholders, numbers, …

A segment's text is scanned once into its tokens by kind.  Each kind is taken
out of the text (blanked with spaces, so offsets stay put) before the next kind
is looked for, so a URL inside a code span counts as code only and a number
inside a link target as a link target only.  Tokens are compared by a key that
folds away what the localization pipeline legitimately changes: entity forms
and backslash escapes, white space, ``<br/>`` vs ``<br>``, the locale segment
of a URL (``/en-us/`` → ``/zh-cn/``) and thousands separators.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

CODE = "code"
LINK = "link"
REFERENCE = "reference"
TAG = "tag"
PLACEHOLDER = "placeholder"
PERMISSION = "permission"
NUMBER = "number"

# Written for speed, with the same matches as the plain forms: labels and targets as unrolled loops
# (``a*(?:ba*)*`` for ``(?:a|b)*``), and a lookbehind after the first character it guards rather than
# before it (``\d(?<![0-9]\d)`` for ``(?<![0-9])\d``), so the search can skip to a possible first character.
# A code span: a run of backticks, then text up to the first run of exactly as many (the plain form is
# ``(`+)(?!`)(.+?)(?<!`)\1(?!`)`` with DOTALL).
_CODE = re.compile(r"(`+)(?!`)([^`]+(?:`+[^`]+)*?)\1(?!`)")
# Each opening that finds no closing run costs _CODE a search to the end of the text: past this many
# backticks, code spans are found by _code_spans instead, in linear time.
_FEW_BACKTICKS = 32
_BACKTICKS = re.compile(r"`+")
# An inline link: label, '(', target (<…>, or text with balanced parentheses), optional title, ')'.  The
# plain form ``\(\s*(TARGET)(?:\s+TITLE)?\s*\)`` takes quadratic time on '](' and spaces, its three runs
# of white space overlapping when the target is empty.  It matches as that form does: all the white
# space before the target, or when that leads to no match, all but the last white space character,
# which the title that follows an empty target needs.
_TARGET = r"<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*"
_TITLE = r"(?:\"[^\"]*\"|'[^']*')"
_INLINE_LINK = re.compile(
    r"!?\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\("
    rf"(?:\s*+|(?:\s(?=\s))*+(?=\s{_TITLE}\s*\)))({_TARGET})(?:\s+{_TITLE})?\s*\)"
)
_REFERENCE_LINK = re.compile(r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\[([^\[\]]*)\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>", re.IGNORECASE)
_BARE_URL = re.compile(r"\bhttps?://[^\s<>()\[\]`\"'，。、；）]+[^\s<>()\[\]`\"'.,;:!?，。、；）]", re.IGNORECASE)
# A tag: its name, then '>', '/>', or white space and anything up to the first '>' (no '<' on the way).
# The same matches as ``<…name(?:\s+[^<>]*?)?\s*/?>``, whose three overlapping runs over white space took
# cubic time on a '<a' followed by spaces and no '>': here each character has one way to be read.
_TAG_RAW = re.compile(r"<(?<!\\<)/?[A-Za-z][A-Za-z0-9]*(?:/|\s[^<>]*)?>")
# {_schema-name_} in italics describes a value in words: it is not a placeholder, and it may be translated
_PLACEHOLDER = re.compile(r"\{(?![_*])[^\W_][\w.:\-]*\}|%[sd]\b|%\d\b")
_PERMISSION = re.compile(r"[A-Z](?<![A-Za-z0-9_.][A-Z])[A-Za-z0-9]+(?:\.[A-Z][A-Za-z0-9]+)+(?![A-Za-z0-9_])")
#: A permission name or other dotted identifier (``Files.ReadWrite.All``), as the scan finds it.
PERMISSION_NAME = _PERMISSION
# every run of digits is a number, also inside a word (Windows10, base-64, 4xx, 300x400): identifiers
# hold the same digits on both sides, and the pipeline may split or join them (Windows10 → Windows 10)
_NUMBER = re.compile(r"\d(?<![0-9]\d)\d*(?:[.,]\d+|，\d{3}(?!\d))*")
_CLOCK = re.compile(r"(\d(?<![0-9:]\d)\d?)(?::(\d\d))?\s?([AaPp])\.?[Mm]\b\.?")
_CLOCK_HINT = re.compile(r"\d\s?[AaPp]")  # in every 12-hour time, and far quicker to look for
_TENS = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(one|two|three|four|five|six|seven"
                   r"|eight|nine))?\b", re.IGNORECASE)
_TEN_VALUES = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}
_UNIT_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_NUMBER_NOISE = re.compile(r"[.,，]")
_NUMBER_WORDS: dict[str, str] = {}
for _key, _words in {
    "1": "january jan one first once um uma primeiro primeira janeiro 一", "2": "february feb two second twice "
    "dois duas segundo segunda fevereiro 二 两", "3": "march mar three third três terceiro terceira terceiros terceiras março 三",
    "4": "april apr four fourth quatro quarto quarta abril 四", "5": "may five fifth cinco quinto quinta maio 五",
    "6": "june jun six sixth seis sexto sexta junho 六", "7": "july jul seven seventh sete sétimo sétima julho 七",
    "8": "august aug eight eighth oito oitavo oitava agosto 八", "9": "september sep sept nine ninth nove nono "
    "nona setembro 九", "10": "october oct ten tenth dez décimo décima outubro 十", "11": "november nov eleven onze "
    "novembro", "12": "december dec twelve doze dezembro", "0": "zero no none nenhum nenhuma 零", "100": "hundred cem",
    "1000": "thousand mil 千", "2 ": "bidimensional", "3 ": "tridimensional",
}.items():
    for _word in _words.split():
        _NUMBER_WORDS[_word] = _key.strip()
# German (de-DE): cardinals with their inflected forms, ordinals, and "3-dimensional"
for _key, _words in {
    "1": "ein eine einen einem einer eines erste ersten erster erstes januar", "2": "zwei zweite zweiten februar",
    "3": "drei dritte dritten märz", "4": "vier vierte vierten", "5": "fünf fünfte fünften mai",
    "6": "sechs sechste sechsten juni", "7": "sieben siebte siebten juli", "8": "acht achte achten",
    "9": "neun neunte neunten", "10": "zehn zehnte zehnten oktober", "11": "elf", "12": "zwölf dezember",
    "0": "keine kein", "100": "hundert", "1000": "tausend", "2 ": "zweidimensional zweidimensionalen",
    "3 ": "dreidimensional dreidimensionalen dreidimensionales",
}.items():
    for _word in _words.split():
        _NUMBER_WORDS.setdefault(_word, _key.strip())
_NUMBER_WORD = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted((w for w in _NUMBER_WORDS if w.isascii() or len(w) > 1), key=len,
                                           reverse=True)) + r")(?![^\W\d_])"
    r"|[一二两三四五六七八九十零]", re.IGNORECASE)
_LOCALE = re.compile(r"/[a-z]{2}-[a-z]{2,4}(?=/)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u200e\u200f\\")
_INVISIBLE_CHAR = re.compile("[\ufeff\u200b\u200e\u200f]")
_TAG_SPACE = re.compile(r"\s*(/?>)$|\s+")

#: The plain forms the patterns above were first written as, with the same matches (pattern, flags): the
#: reference to read them by, and what tests/test_fast_paths.py checks each fast form against.
PLAIN_FORMS: dict[str, tuple[str, int]] = {
    "_CODE": (r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL),
    "_INLINE_LINK": (r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
                     r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)", 0),
    "_REFERENCE_LINK": (r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\[\]]*)\]", 0),
    "_TAG_RAW": (r"(?<!\\)</?[A-Za-z][A-Za-z0-9]*(?:\s+[^<>]*?)?\s*/?>", 0),
    "_PERMISSION": (r"(?<![A-Za-z0-9_.])[A-Z][A-Za-z0-9]+(?:\.[A-Z][A-Za-z0-9]+)+(?![A-Za-z0-9_])", 0),
    "_NUMBER": (r"(?<![0-9])\d+(?:[.,]\d+|，\d{3}(?!\d))*", 0),
    "_CLOCK": (r"(?<![0-9:])(\d{1,2})(?::(\d\d))?\s?([AaPp])\.?[Mm]\b\.?", 0),
}

#: Every kind a segment is scanned for, in message order.
KINDS = (CODE, LINK, TAG, PLACEHOLDER, PERMISSION, NUMBER)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its comparison key, its text as written, its offset in the scanned text."""

    key: str
    text: str
    offset: int
    others: tuple[str, ...] = ()  # other keys the value may be written as (5pm: 17 or 5)


def prepare(text: str) -> str:
    """The text as scanned: entities decoded, backslash escapes and invisible characters dropped."""
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = text.replace("\\", "")
    if text.isascii():  # what is left to drop or replace is not ASCII, and translate() is slow
        return text
    if _INVISIBLE_CHAR.search(text):
        text = text.translate(_INVISIBLE)
    return text.replace("\xa0", " ") if "\xa0" in text else text


def link_key(target: str) -> str:
    """The comparison key of a link target: no angle brackets or space, any locale segment folded."""
    target = target.strip().strip("<>").strip()
    return _LOCALE.sub("/xx-xx", target) if "-" in target else target


def _tag_key(tag: str) -> str:
    return _TAG_SPACE.sub(lambda m: ">" if m.group(1) else " ", tag.lower()).replace(" >", ">")


@dataclass(frozen=True, slots=True)
class Scan:
    """A segment's tokens by kind, and the prepared text left once they are blanked out.

    ``rest`` keeps reference links and numbers; everything else scanned is blanked.

    """

    tokens: dict[str, list[Token]]
    rest: str


def scan(text: str) -> Scan:
    """The tokens of a segment's raw text, by kind.

    Code spans and HTML tags are read from the raw text, since an escape or
    entity inside a code span (``&#96;``, a backslash) is literal and an escaped
    tag (``&lt;token&gt;``) is text; the rest is read after :func:`prepare`.
    ``reference`` tokens are whole reference links (``[text][label]``,
    ``[label][]``), keyed by their label case-folded, as Markdown matches them.
    """
    found: dict[str, list[Token]] = {}
    if "`" in text:
        tokens = found.setdefault(CODE, [])
        if text.count("`") <= _FEW_BACKTICKS:
            text = _take(text, _CODE, 2, tokens, _code_key, True)
        else:
            text = _take_code(text, tokens)
    if "<" in text:
        # before decoding: &lt;token&gt; and \<b\> are text, not tags
        tokens = found.setdefault(LINK, [])
        if ":" in text:  # every autolink has a scheme
            text = _take(text, _AUTOLINK, 1, tokens, _prepared_link_key)
        tokens = found.setdefault(TAG, [])
        text = _take(text, _TAG_RAW, 0, tokens, _prepared_tag_key)
    text = prepare(text)
    if "[" in text:
        if "](" in text:
            text = _take(text, _INLINE_LINK, 2, found.setdefault(LINK, []), link_key)
        if "][" in text:
            tokens = found.setdefault(REFERENCE, [])
            for match in _REFERENCE_LINK.finditer(text):
                label = match.group(2) or match.group(1)
                tokens.append(Token(_SPACE.sub(" ", label.strip()).casefold(), match.group(), match.start()))
    if "://" in text:
        text = _take(text, _BARE_URL, 0, found.setdefault(LINK, []), link_key)
    if "{" in text or "%" in text:
        text = _take(text, _PLACEHOLDER, 0, found.setdefault(PLACEHOLDER, []), None)
    if "." in text:
        text = _take(text, _PERMISSION, 0, found.setdefault(PERMISSION, []), None)
    rest = text
    if _DIGIT.search(text):
        tokens = found.setdefault(NUMBER, [])
        if ("m" in text or "M" in text) and _CLOCK_HINT.search(text):
            text = _CLOCK.sub(lambda match: _clock(match, tokens), text)
        _take(text, _NUMBER, 0, tokens, number_key, blank=False)
    return Scan(found, rest)


#: :func:`scan` memoised by the text, for a pair's English: the token rules (DL311–DL317) and DL319 scan the
#: same English of a page one after the other, so a few pages' worth is kept (more costs memory, not time).
#: What it returns is shared: callers only read it.
scan_memo = lru_cache(maxsize=1024)(scan)


def _take(text: str, pattern: re.Pattern[str], group: int, tokens: list[Token],
          key: Callable[[str], str] | None, at_match: bool = False, blank: bool = True) -> str:
    """Append a token for each match of ``pattern`` (keyed by ``key`` of its group) and blank the group out.

    ``at_match`` records the token at the start of the whole match rather than of the group.
    """
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        value = match.group(group)
        start = match.start(group)
        tokens.append(Token(value if key is None else key(value), value, match.start() if at_match else start))
        if blank and value:
            pieces.append(text[position:start])
            pieces.append(" " * len(value))
            position = start + len(value)
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _code_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Each code span as _CODE finds it: (its start, its text's start, its text's end), in linear time.

    _CODE tries every backtick as an opening (the rest of its run, so a run of three is tried as three,
    two and one) and closes it at the first later run of exactly as many; searching on after a match.
    """
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    later: dict[int, list[int]] = {}  # run length: the indexes of the runs that long, in order
    for index, (start, end) in enumerate(runs):
        later.setdefault(end - start, []).append(index)
    index = 0
    while index < len(runs):
        start, end = runs[index]
        for opening in range(start, end):
            same = later.get(end - opening)
            closing = bisect_right(same, index) if same else 0
            if same and closing < len(same):
                index = same[closing]
                yield opening, end, runs[index][0]
                break
        index += 1


def _take_code(text: str, tokens: list[Token]) -> str:
    """:func:`_take` of the code spans, through :func:`_code_spans`."""
    pieces: list[str] = []
    position = 0
    for opening, start, end in _code_spans(text):
        value = text[start:end]
        tokens.append(Token(_code_key(value), value, opening))
        pieces.append(text[position:start])
        pieces.append(" " * len(value))
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _code_key(value: str) -> str:
    return _SPACE.sub(" ", prepare(value)).strip()


def _prepared_link_key(value: str) -> str:
    return link_key(prepare(value))


def _prepared_tag_key(value: str) -> str:
    return _tag_key(prepare(value))


def spelled(scanned: Scan) -> frozenset[str]:
    """The numbers a segment writes in words (``January``, ``fourth``, ``três``, ``三``) or as a 12-hour time.

    The other side may write them as digits; looked up only when numbers differ.
    """
    rest = scanned.rest
    found = {_NUMBER_WORDS[word.lower()] for word in _NUMBER_WORD.findall(rest)}
    if "ty" in rest:
        found.update(str(_TEN_VALUES[tens.lower()] + _UNIT_VALUES.get(unit.lower(), 0))
                     for tens, unit in _TENS.findall(rest))
    for token in scanned.tokens.get(NUMBER, ()):
        found.update(token.others)
    return frozenset(found)


def _clock(match: re.Match[str], tokens: list[Token]) -> str:
    """Record a 12-hour time (``5pm``, ``3:20 PM``) as its 24-hour hour, which a translation may write."""
    hour = int(match.group(1))
    minutes = (match.group(2) or "00").lstrip("0") or "0"
    full = hour % 12 + (12 if match.group(3) in "Pp" else 0)
    tokens.append(Token(str(full), match.group(0), match.start(), (str(hour), minutes)))
    return " " * len(match.group(0))


def number_key(number: str) -> str:
    """The comparison key of a number: no separators or leading zeros (``1,000`` = ``1.000`` = ``1000``)."""
    return _NUMBER_NOISE.sub("", number).lstrip("0") or "0"


@dataclass(frozen=True, slots=True)
class Difference:
    """Tokens of one kind the English has and the translation lacks, and the other way round."""

    kind: str
    missing: tuple[Token, ...]
    unexpected: tuple[Token, ...]


def differences(english: Scan, target: Scan, kinds: tuple[str, ...] = KINDS) -> list[Difference]:
    """Compare two scans kind by kind as multisets of keys; only kinds that differ are returned.

    A number one side has in digits is no difference when the other side spells
    it (``Jan 1`` → ``1 月 1 日``, ``fourth`` → ``第 4``, ``2`` → ``dois``).
    """
    result: list[Difference] = []
    for kind in kinds:
        english_tokens = english.tokens.get(kind, [])
        target_tokens = target.tokens.get(kind, [])
        if not english_tokens and not target_tokens:
            continue
        english_list = [token.key for token in english_tokens]
        target_list = [token.key for token in target_tokens]
        if english_list == target_list:  # the same keys in the same order: equal as multisets and as sets
            continue
        english_keys = Counter(english_list)
        target_keys = Counter(target_list)
        if kind == NUMBER:  # a translation may repeat a number ("0 到 50（含 0 和 50）"): compare sets
            english_keys, target_keys = Counter(english_keys.keys()), Counter(target_keys.keys())
        if english_keys == target_keys:
            continue
        extra = target_keys - english_keys
        lacking = english_keys - target_keys
        if kind == NUMBER:
            english_spelled, target_spelled = spelled(english), spelled(target)
            extra = _tolerate(extra, english_spelled)
            lacking = _tolerate(lacking, target_spelled | frozenset(
                token.key for token in english_tokens
                if any(other in target_keys or other in target_spelled for other in token.others)))
        missing = _surplus(english_tokens, lacking)
        unexpected = _surplus(target_tokens, extra)
        if missing or unexpected:
            result.append(Difference(kind, missing, unexpected))
    return result


def _tolerate(surplus: Counter[str], spelled: frozenset[str]) -> Counter[str]:
    """``surplus`` less one of each number the other side spells out."""
    if not spelled or not surplus:
        return surplus
    return Counter({key: count - (key in spelled) for key, count in surplus.items() if count - (key in spelled) > 0})


def _surplus(tokens: list[Token], extra: Counter[str]) -> tuple[Token, ...]:
    """The tokens whose keys are in ``extra``, as many of each as it counts, in text order."""
    left = Counter(extra)
    chosen = []
    for token in tokens:
        if left[token.key] > 0:
            left[token.key] -= 1
            chosen.append(token)
    return tuple(chosen)
