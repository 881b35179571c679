"""Consistency across a locale (DL511, DL512): the pure part, from a page's pairs to an index, and from the
indexes of every page of a locale root to the groups of variants.

A page's index has one row per pair worth comparing: english key, translation key, line, column and the
codes silenced on that line, five integers a row, all rows in one flat list (one object a page: rows as
lists of their own would be a hundred thousand more objects for the garbage collector to scan each time
it runs, in every run that keeps a locale's results).  The keys are 52-bit hashes
(JSON integers, so the result cache stores them cheaply) of the text as :func:`comparable` folds it:
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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from doclint.text import strip_anchors

if TYPE_CHECKING:  # a warm run groups indexes without the page model
    from doclint.page import Page

#: A Markdown link's target, ``](…)``: where the pipeline puts a link's brackets is noise, its label is not.
_LINK_TARGET = re.compile(r"\]\([^()\s]*+\)")
#: ASCII white space, punctuation and symbols: bytes.translate deletes them at C speed.
_ASCII_DROPPED = bytes(code for code in range(128) if not chr(code).isalnum())
#: In UTF-8: CJK punctuation (U+3001-3003, U+3008-3011, U+3014-301F, U+3030, U+303D), general punctuation and
#: zero-width characters (U+200B-2027, U+2030-205E), Latin-1 punctuation and no-break space, the BOM.
_WIDE_DROPPED = re.compile(rb"\xe3\x80[\x81-\x83\x88-\x91\x94-\x9f\xb0\xbd]|\xe2\x80[\x8b-\xa7\xb0-\xbf]"
                           rb"|\xe2\x81[\x80-\x9e]|\xc2[\xa0\xa1\xa7\xab\xb6\xb7\xbb\xbf]|\xef\xbb\xbf")

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
        return text.lower().encode("ascii").translate(None, _ASCII_DROPPED)
    if not unicodedata.is_normalized("NFKC", text):  # the check is a third of the cost, and most texts pass it
        text = unicodedata.normalize("NFKC", text)
    data = text.casefold().encode("utf-8", "surrogatepass")
    data = data.translate(None, _ASCII_DROPPED).replace("。".encode(), b"").replace("、".encode(), b"")
    # The other wide punctuation is rarer: look for its lead bytes before running the expression.
    if b"\xe2" in data or b"\xe3\x80" in data or b"\xc2" in data or b"\xef\xbb" in data:
        data = _WIDE_DROPPED.sub(b"", data)
    return data


def text_key(folded: bytes) -> int:
    """A 52-bit hash of folded text, the same in every process (unlike :func:`hash`) and an exact JSON
    number: CRC-32 and Adler-32 side by side, a tenth of the cost of a cryptographic digest, which a key
    a pair does not need (two texts of one locale colliding would only merge two groups)."""
    return (zlib.crc32(folded) << 20) ^ zlib.adler32(folded)


def index_rows(page: Page) -> list[int]:
    """The index of a parsed page (flat, :data:`STRIDE` integers a row): a row for each pair whose translation
    is not its English once folded, at the line and column of the translated text, no codes silenced."""
    rows: list[int] = []
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
        rows += (english, target, pair.line, pair.column + pair.target_start - pair.start, 0)
    return rows


#: The key of each text met (0: it folds to nothing).  A locale repeats its segments: 160,000 pairs of
#: zh-CN hold 35,000 distinct English texts and as many translations, so most pairs cost a look-up.
_KEYS: dict[str, int] = {}
_KEYS_KEPT = 1 << 17


def _key(text: str) -> int:
    key = _KEYS.get(text)
    if key is None:
        if len(_KEYS) >= _KEYS_KEPT:
            _KEYS.clear()
        folded = comparable(text)
        key = _KEYS[text] = text_key(folded) if folded else 0
    return key


#: A page's index as the result cache keeps it (:func:`pack`), or as a check makes it (flat rows).
Index = list[int] | bytes
#: The packed form, column by column: english keys, translation keys (8 bytes each: 52-bit keys), lines and
#: columns (4 bytes: a page is at most 8 MiB), silenced bits (1 byte); little-endian.
_COLUMNS = ("Q", "Q", next(code for code in "IL" if array(code).itemsize == 4),
            next(code for code in "IL" if array(code).itemsize == 4), "B")
ROW_BYTES = sum(array(code).itemsize for code in _COLUMNS)


def pack(rows: Sequence[int]) -> bytes:
    """A page's index as bytes, a third the size of its JSON list and read back without making an object a
    number (a warm run whose cross-page findings are on record never unpacks it); raises ``OverflowError``
    for a value out of its column's range."""
    count = len(rows) // STRIDE
    parts = []
    for column, code in enumerate(_COLUMNS):
        part = array(code, rows[column:count * STRIDE:STRIDE])
        if sys.byteorder == "big":
            part.byteswap()
        parts.append(part.tobytes())
    return b"".join(parts)


def rows_of(index: Index) -> list[int]:
    """The flat rows of an index, unpacking it when packed (its length a multiple of :data:`ROW_BYTES`)."""
    if not isinstance(index, bytes):
        return index
    count = len(index) // ROW_BYTES
    rows = [0] * (count * STRIDE)
    offset = 0
    for column, code in enumerate(_COLUMNS):
        part = array(code)
        part.frombytes(index[offset:offset + part.itemsize * count])
        if sys.byteorder == "big":
            part.byteswap()
        rows[column::STRIDE] = part.tolist()
        offset += part.itemsize * count
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


def groups(indexes: Sequence[Sequence[int]], by_translation: bool = False) -> list[Group]:
    """The groups whose key has two or more variants on two or more pages, largest first.

    ``indexes[n]`` is the index of page ``n`` (as :func:`index_rows` makes it; a short last row is skipped,
    and :func:`valid_spot` tells a reported spot is sound).  By default a group is an English key and its
    variants translations (DL511); with ``by_translation``, a translation and its variants Englishes (DL512)."""
    first, second = (1, 0) if by_translation else (0, 1)
    # Most keys have one variant: a first pass, one dictionary look-up a row, finds the keys with two.
    seen: dict[int, int] = {}
    several: set[int] = set()
    for rows in indexes:
        keys, others = rows[first::STRIDE], rows[second::STRIDE]
        for key, other in zip(keys, others):
            if seen.setdefault(key, other) != other:
                several.add(key)
    table: dict[int, dict[int, list[Spot]]] = {}
    for number, rows in enumerate(indexes):
        whole = len(rows) - len(rows) % STRIDE  # a short last row is skipped
        keys = rows[first:whole:STRIDE]
        # Few rows of a page are in a group with two variants: find them in one comprehension.
        for row in [row for row, key in enumerate(keys) if key in several]:
            start = row * STRIDE
            by_other = table.get(keys[row])
            if by_other is None:
                by_other = table[keys[row]] = {}
            spot = (number, rows[start + 2], rows[start + 3], rows[start + 4])
            spots = by_other.get(rows[start + second])
            if spots is None:
                by_other[rows[start + second]] = [spot]
            else:
                spots.append(spot)
    found = []
    for key, by_other in table.items():
        if len(by_other) < 2:
            continue
        variants = [Variant(other, {spot[0] for spot in spots}, spots) for other, spots in by_other.items()]
        pages = len(set().union(*(variant.pages for variant in variants)))
        if pages < 2:
            continue
        variants.sort(key=lambda variant: (-len(variant.pages), variant.spots[0][:3]))
        found.append(Group(key, variants, pages))
    found.sort(key=lambda group: (-group.pages, -len(group.variants), group.variants[0].spots[0][:3]))
    return found


def valid_spot(spot: Spot) -> bool:
    """Whether a spot read from the cache holds a line, a column and silenced bits as integers."""
    return all(type(item) is int for item in spot)


def minority(group: Group) -> list[tuple[Variant, Variant]]:
    """Each variant to report with the variant it is told to follow: every variant but the majority;
    with no majority (a tie for the most pages), every variant, each told the most used other one."""
    variants = group.variants
    if group.tied == 1:
        return [(variant, variants[0]) for variant in variants[1:]]
    return [(variant, variants[1] if variant is variants[0] else variants[0]) for variant in variants]
