"""Consistency across a locale (DL511, DL512): the pure part, from a page's pairs to an index, and from the
indexes of every page of a locale root to the groups of variants.

A page's index has one row per pair worth comparing: english key, translation key, line, column and the
codes silenced on that line, five integers a row, packed column by column into one bytes object a page
(:func:`pack`: a worker sends it cheaply, the result cache keeps it as it is, and the garbage collector
never scans it).  The keys are 52-bit hashes of the text as :func:`comparable` folds it:
what the localization pipeline changes on its own (white space and line wrapping, escaping, entities,
full-width against half-width forms, the Markdown marks and link targets it moves about, a closing
punctuation mark, the case of Latin letters) never makes two variants.  A pair kept in English (its
translation folds to its English) is not indexed: whether to translate a name or a label is decided
by context (a method table keeps English link labels its headings translate), and DL322 reports text
left untranslated.  :mod:`doclint.consistency` reads the indexes and reports the groups.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Sequence
from itertools import chain, compress, repeat
from dataclasses import dataclass
from typing import TYPE_CHECKING

from doclint.text import strip_anchors

if TYPE_CHECKING:  # a warm run groups indexes without the page model
    from doclint.page import Page

#: A Markdown link's target, ``](…)``: where the pipeline puts a link's brackets is noise, its label is not.
_LINK_TARGET = re.compile(r"\]\([^()\s]*+\)")
#: ASCII white space, punctuation and symbols: bytes.translate deletes them at C speed.
_ASCII_DROPPED = bytes(code for code in range(128) if not chr(code).isalnum())
#: ASCII capitals to small letters, every other byte kept: bytes.translate lowers and deletes in one pass.
_ASCII_LOWER = bytes(range(256)).lower()
#: In UTF-8: CJK punctuation (U+3001-3003, U+3008-3011, U+3014-301F, U+3030, U+303D), general punctuation and
#: zero-width characters (U+200B-2027, U+2030-205E), Latin-1 punctuation and no-break space, the BOM.
_WIDE_DROPPED = re.compile(rb"\xe3\x80[\x81-\x83\x88-\x91\x94-\x9f\xb0\xbd]|\xe2\x80[\x8b-\xa7\xb0-\xbf]"
                           rb"|\xe2\x81[\x80-\x9e]|\xc2[\xa0\xa1\xa7\xab\xb6\xb7\xbb\xbf]|\xef\xbb\xbf")

#: What NFKC makes ASCII punctuation or a space of: full-width punctuation and symbols (the commas, colons and
#: brackets of CJK text: a sixth of a locale's texts), the ideographic, no-break and narrow no-break spaces.
_WIDE_MARKS = re.compile("[\u00a0\u202f\u3000\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]")

#: How many integers a row of a page's index holds: english key, translation key, line, column, silenced bits.
STRIDE = 5
#: Bits of a row's fifth item: the codes an inline directive or a per-file ignore silences on its line.
QUIET = {"DL511": 1, "DL512": 2}


def comparable(text: str) -> bytes:
    """``text`` as variants are compared (UTF-8): entities decoded, NFKC (full-width forms folded), case-folded,
    without link targets, white space, invisible characters, ASCII punctuation and symbols (Markdown's marks
    and escapes among them) and the common punctuation of other scripts (CJK, general punctuation, Latin-1).
    Copies differing only there (an enumeration comma, a hyphen, a final full stop, what the pipeline
    changes) read the same."""
    if "&" in text:
        text = html.unescape(text)
    if "<a" in text:
        text = strip_anchors(text)
    if "](" in text:
        text = _LINK_TARGET.sub("", text)
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_DROPPED)
    if not unicodedata.is_normalized("NFKC", text):  # the check is a third of the cost, and most texts pass it
        # NFKC costs more than the rest together: first drop what it would only turn into marks dropped below.
        text = _WIDE_MARKS.sub("", text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    # Most of these texts hold wide punctuation (a CJK comma, a quotation mark): one pass of the expression
    # over every text costs less than looking for its lead bytes first (measured on zh-CN and pt-BR).
    return _WIDE_DROPPED.sub(b"", text.casefold().encode("utf-8", "surrogatepass").translate(None, _ASCII_DROPPED))


def index_columns(page: Page) -> list[list[int]]:
    """The index of a parsed page as four columns (english keys, translation keys, lines, columns): a row for
    each pair whose translation is not its English once folded, at the line and column of the translated text."""
    english_keys: list[int] = []
    translation_keys: list[int] = []
    lines: list[int] = []
    columns: list[int] = []
    known = _KEYS.get  # most texts are met before: a look-up here, not a call of _key, per pair
    for pair in page.pairs:
        source, translation = pair.source, pair.target
        if source is None or source == translation:
            continue
        english = known(source)
        if english is None:
            english = _key(source)
        if not english:
            continue
        target = known(translation)
        if target is None:
            target = _key(translation)
        if not target or english == target:
            continue
        english_keys.append(english)
        translation_keys.append(target)
        lines.append(pair.line)
        columns.append(pair.column + pair.target_start - pair.start)
    return [english_keys, translation_keys, lines, columns]


#: The key of each text met (0: it folds to nothing).  A locale repeats its segments: 160,000 pairs of
#: zh-CN hold 35,000 distinct English texts and as many translations, so most pairs cost a look-up.
_KEYS: dict[str, int] = {}
_KEYS_KEPT = 1 << 17


def _key(text: str) -> int:
    """The key of a text not met before: a 52-bit hash of it folded (:func:`comparable`), the same in every
    process (unlike :func:`hash`) and exact in JSON; 0 when it folds to nothing.  CRC-32 and Adler-32 side
    by side cost a tenth of a cryptographic digest, which a key does not need (two texts of one locale
    colliding would only merge two groups)."""
    if len(_KEYS) >= _KEYS_KEPT:
        _KEYS.clear()
    folded = comparable(text)
    key = _KEYS[text] = ((zlib.crc32(folded) << 20) ^ zlib.adler32(folded)) if folded else 0
    return key


#: The packed form, column by column: english keys, translation keys (8 bytes each: 52-bit keys), lines and
#: columns (4 bytes: a page is at most 8 MiB), silenced bits (1 byte); little-endian.
_COLUMNS = ("Q", "Q", next(code for code in "IL" if array(code).itemsize == 4),
            next(code for code in "IL" if array(code).itemsize == 4), "B")
_SIZES = tuple(array(code).itemsize for code in _COLUMNS)
ROW_BYTES = sum(_SIZES)


def pack(index: Sequence[Sequence[int]]) -> bytes:
    """A page's index, its five columns of equal length, as bytes: a third the size of its JSON list and read
    back without making an object a number (a warm run whose cross-page findings are on record never unpacks
    it); raises ``OverflowError`` for a value out of its column's range."""
    parts = []
    for values, code in zip(index, _COLUMNS):
        part = array(code, values)
        if sys.byteorder == "big":
            part.byteswap()
        parts.append(part.tobytes())
    return b"".join(parts)


def columns(index: bytes) -> list[Sequence[int]]:
    """A packed index's five columns (english keys, translation keys, lines, columns, silenced bits), read
    without making a list (its length a multiple of :data:`ROW_BYTES`)."""
    return [column(index, number) for number in range(len(_COLUMNS))]


def column(index: bytes, number: int) -> Sequence[int]:
    """Column ``number`` of a packed index (see :func:`columns`)."""
    return _joined([index], [len(index) // ROW_BYTES], number)


def _joined(indexes: Sequence[bytes], counts: Sequence[int], number: int) -> Sequence[int]:
    """Column ``number`` of every packed index (``counts``: their rows), one after the other."""
    before, size = sum(_SIZES[:number]), _SIZES[number]
    part = array(_COLUMNS[number])
    part.frombytes(b"".join([index[count * before:count * (before + size)] for index, count in zip(indexes, counts)]))
    if sys.byteorder == "big":
        part.byteswap()
    return part


def rows_of(index: bytes) -> list[int]:
    """The rows of a packed index, flat (:data:`STRIDE` integers a row)."""
    parts = columns(index)
    rows = [0] * (len(parts[0]) * STRIDE)
    for column, part in enumerate(parts):
        rows[column::STRIDE] = list(part)
    return rows


#: Where one copy of a segment is: the page (its number in the run's list), line, column, silenced codes' bits.
Spot = tuple[int, int, int, int]


@dataclass(slots=True)
class Variant:
    """One way a group is written: its key, the pages using it and every spot it is at."""

    key: int
    pages: set[int]
    spots: list[Spot]


@dataclass(slots=True)
class Group:
    """Segments sharing one key (an English for DL511, a translation for DL512), split into variants
    of the other side, most pages first."""

    key: int
    variants: list[Variant]
    pages: int  # how many pages the group's segments are on

    @property
    def tied(self) -> int:
        """How many variants share the largest number of pages (more than one: no majority)."""
        top = len(self.variants[0].pages)
        return sum(1 for variant in self.variants if len(variant.pages) == top)


def groups(indexes: Sequence[bytes], by_translation: bool = False) -> list[Group]:
    """The groups whose key has two or more variants on two or more pages, largest first.

    ``indexes[n]`` is the packed index of page ``n`` (:func:`pack`).  By default a group is an English key and
    its variants translations (DL511); with ``by_translation``, a translation and its variants Englishes
    (DL512)."""
    first, second = (1, 0) if by_translation else (0, 1)
    counts = [len(index) // ROW_BYTES for index in indexes]
    keys, others = _joined(indexes, counts, first), _joined(indexes, counts, second)
    # Most keys have one variant: a first pass, one dictionary look-up a row, finds the keys with two.
    seen: dict[int, int] = {}
    several: set[int] = set()
    for key, other in zip(keys, others):
        if seen.setdefault(key, other) != other:
            several.add(key)
    # A fifth of the rows are in such a group: found at C speed, and only theirs are made spots.
    rows = list(compress(range(len(keys)), map(several.__contains__, keys)))
    pages = list(chain.from_iterable(map(repeat, range(len(counts)), counts)))  # the page of each row
    lines, places, bits = (_joined(indexes, counts, number) for number in (2, 3, 4))
    table: dict[int, dict[int, list[Spot]]] = {}
    for row in rows:
        by_other = table.get(keys[row])
        if by_other is None:
            by_other = table[keys[row]] = {}
        spot = (pages[row], lines[row], places[row], bits[row])
        spots = by_other.get(others[row])
        if spots is None:
            by_other[others[row]] = [spot]
        else:
            spots.append(spot)
    found = []
    for key, by_other in table.items():
        if len(by_other) < 2:
            continue
        variants = [Variant(other, {spot[0] for spot in spots}, spots) for other, spots in by_other.items()]
        count = len(set().union(*(variant.pages for variant in variants)))
        if count < 2:
            continue
        variants.sort(key=lambda variant: (-len(variant.pages), variant.spots[0][:3]))
        found.append(Group(key, variants, count))
    found.sort(key=lambda group: (-group.pages, -len(group.variants), group.variants[0].spots[0][:3]))
    return found


def minority(group: Group) -> list[tuple[Variant, Variant]]:
    """Each variant to report with the variant it is told to follow: every variant but the majority;
    with no majority (a tie for the most pages), every variant, each told the most used other one."""
    variants = group.variants
    if group.tied == 1:
        return [(variant, variants[0]) for variant in variants[1:]]
    return [(variant, variants[1] if variant is variants[0] else variants[0]) for variant in variants]
