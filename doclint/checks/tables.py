"""Identifier cells of reference tables: property, parameter and header names, types, permissions.

Tables are recognised by their English header text, as Microsoft's ApiDoctor
does.  A name column must equal the English exactly (identifiers are case
sensitive); a type or permissions column must keep every identifier token of
the English (``String``, ``[driveItem][]``, ``Files.Read.All``) while the words
around them (``collection``, ``Not supported``) may be translated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from doclint.checks import Context, Hit, check
from doclint.finding import Fix
from doclint.page import Block, Cell
from doclint.text import identifier, shorten, unescape

NAME_COLUMNS = frozenset({
    "property", "property name", "name", "parameter", "parameter name", "query parameter",
    "header", "header name", "member", "relationship", "relationship name", "attribute",
    "attribute name", "enum value", "key", "field", "element", "claim",
})
TYPE_COLUMNS = frozenset({"type", "return type", "data type", "value type"})
PERMISSION_COLUMNS = frozenset({
    "permissions (from least to most privileged)", "permissions", "permission",
    "delegated (work or school account)", "delegated (personal microsoft account)", "application",
})
#: Primitive (Edm) type names: a type cell word that is one of these is never translated.
PRIMITIVE_TYPES = frozenset({
    "string", "int16", "int32", "int64", "int", "integer", "boolean", "bool", "datetimeoffset", "datetime",
    "date", "timeofday", "duration", "double", "single", "float", "decimal", "guid", "binary", "stream",
    "byte", "sbyte", "json", "number", "void", "uuid", "long",
})

#: A type cell holding only one of these says there is no type; its translation is fine.
NOT_A_TYPE = frozenset({"none", "n/a", "na", "nothing"})

# A link or image: its label (brackets inside it hold no bracket), then '(…)' or '[…]' if one follows (see
# _suffix_end).  A bracket inside a bracket inside a label is no link.
_LINK = re.compile(r"!?\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]")
_TYPE_TOKEN = re.compile(r"[A-Za-z_][\w.]*(?:\([\w.,\s]*\))?")
# A link label with no bracket inside; a link is one only with '(…)' or '[…]' after it (see _labels).
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_CAMEL = re.compile(r"^[a-z]+[A-Z]\w*$")
_PERMISSION = re.compile(r"\b[A-Z][A-Za-z]*(?:\.[A-Za-z]+)+\b")
_HEADER_LIKE = re.compile(r"^[\w.-]+:\s*\S+$")
_HEADER_CLEAN = re.compile(r"[*_`\\]")
_DIVIDER = re.compile(r"(\*\*|__|\*|_)[^*_|]+\1")
#: Name columns of HTTP header names, which HTTP compares without case (Content-length is Content-Length).
CASELESS_COLUMNS = frozenset({"header", "header name"})
_MEMO_LIMIT = 600  # cell texts memoised are at most this long: long ones rarely recur


@lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    """``"name"``, ``"type"`` or ``"permission"`` for an English column header, else ``None``."""
    text = _HEADER_CLEAN.sub("", unescape(header)).strip().lower()
    if text in NAME_COLUMNS:
        return "name"
    if text in TYPE_COLUMNS:
        return "type"
    if text in PERMISSION_COLUMNS:
        return "permission"
    return None


@lru_cache(maxsize=1024)
def column_roles(header: tuple[str, ...]) -> tuple[tuple[int, str, str], ...]:
    """(index, role, header) of each column of a table header that has a role."""
    return tuple((index, role, text) for index, text in enumerate(header)
                 if (role := column_role(text)) is not None)


def link_text(text: str) -> str:
    """Text with every Markdown link or image replaced by its label."""
    return _replace_links(text, lambda label: label) if "[" in text else text


def _suffix_end(text: str, end: int, found: dict[str, int]) -> int:
    """The end of the ``(…)`` or ``[…]`` that opens at ``end`` after a link label (up to its first closer), or -1.

    ``found`` keeps the closer found last of each kind (``len(text)`` once none is left), so that each
    stretch of the text is searched once: searching from every opening up to a closer, when many
    openings have none after them, takes quadratic time.
    """
    opener = text[end:end + 1]
    if opener == "(":
        closer = ")"
    elif opener == "[":
        closer = "]"
    else:
        return -1
    position = found.get(closer, -1)
    if position <= end:
        position = text.find(closer, end + 1)
        position = found[closer] = len(text) if position == -1 else position
    return position + 1 if position < len(text) else -1


def _replace_links(text: str, replace: Callable[[str], str]) -> str:
    """``text`` with each link or image (its label and what follows it, see :func:`_suffix_end`) replaced
    by ``replace`` of its label."""
    pieces: list[str] = []
    found: dict[str, int] = {}
    position = 0
    search = _LINK.search
    while (match := search(text, position)) is not None:
        end = _suffix_end(text, match.end(), found)
        pieces.append(text[position:match.start()])
        pieces.append(replace(match.group(1)))
        position = match.end() if end == -1 else end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _labels(text: str) -> list[str]:
    """The label of each link (followed by ``(…)`` or ``[…]``) with no bracket inside, without the white
    space and emphasis or code marks around it."""
    labels: list[str] = []
    found: dict[str, int] = {}
    position = 0
    search = _BRACKETED.search
    while (match := search(text, position)) is not None:
        end = _suffix_end(text, match.end(), found)
        if end == -1:
            position = match.start() + 1
            continue
        labels.append(match.group(1).lstrip().lstrip("*_`").rstrip().rstrip("*_`"))
        position = end
    return labels


def cell_identifier(text: str) -> str:
    """The identifier a name cell holds: link labels, no emphasis, code marks or spaces."""
    # property names (id, displayName) recur on every reference page
    return _memo_cell_identifier(text) if len(text) <= _MEMO_LIMIT else identifier(link_text(text))


@lru_cache(maxsize=8192)
def _memo_cell_identifier(text: str) -> str:
    return identifier(link_text(text))


def is_identifier(text: str) -> bool:
    """Whether an English name cell holds an identifier (not a sentence)."""
    plain = unescape(link_text(text)).replace("*", "").replace("`", "").strip()
    return bool(plain) and (not any(char.isspace() for char in plain) or bool(_HEADER_LIKE.match(plain)))


def type_tokens(text: str) -> list[str]:
    """The identifier tokens of a type cell: primitive types, dotted and camelCase names, link labels.

    Descriptive words (``collection``, ``No Content``) are left out, so their
    translation is no finding; a cell of one word is an identifier as a whole.
    """
    plain = unescape(text)
    tokens = [label for label in _labels(plain) if label and not any(c.isspace() for c in label)]
    words = _TYPE_TOKEN.findall(_replace_links(plain, lambda label: " ") if "[" in plain else plain)
    single = len(words) == 1 and not tokens and words[0].lower() not in NOT_A_TYPE
    for word in words:
        if single or word.lower() in PRIMITIVE_TYPES or "." in word.strip(".") or _CAMEL.match(word):
            tokens.append(word)
    return [token.replace("*", "").replace("`", "") for token in tokens]


def _has_token(token: str, text: str) -> bool:
    """Whether ``token`` stands in ``text`` on its own: ``(?<![\\w.])token(?![\\w])`` matches.

    Occurrences are found with ``str.find`` and their neighbours tested as the regex would
    (``\\w`` is what :meth:`str.isalnum` accepts, and ``_``): a pattern per token costs a
    compilation for each of the many type names a corpus holds.
    """
    if not token:
        return _EMPTY_TOKEN.search(text) is not None
    size = len(token)
    end = len(text)
    position = text.find(token)
    while position != -1:
        before = text[position - 1] if position else ""
        after = position + size
        if not (before and (before.isalnum() or before in "_.")) \
                and not (after < end and (text[after].isalnum() or text[after] == "_")):
            return True
        position = text.find(token, position + 1)
    return False


_EMPTY_TOKEN = re.compile(r"(?<![\w.])(?![\w])")


def _has_token_plainly(token: str, text: str) -> bool:
    """:func:`_has_token` as the regular expression it stands for: the reference it is tested against."""
    return re.search(r"(?<![\w.])" + re.escape(token) + r"(?![\w])", text) is not None


def identifier_cells(context: Context, role: str) -> Iterator[tuple[Block, Cell, str, str]]:
    """Each (row, cell, expected English text, column header) of the given role in the page.

    The expected text is the aligned English row's cell when the English page is
    compared and the row aligns, else the cell's own English (its pairs' English side).
    """
    return iter(_identifier_cells(context).get(role, ()))


def role_rows(context: Context) -> list[tuple[Block, tuple[tuple[int, str, str], ...]]]:
    """Each body row (with cells) of the page's tables that have a column with a role, with those roles (cached)."""
    cached = context.cache.get("tables:rows")
    if cached is None:
        rows: list[tuple[Block, tuple[tuple[int, str, str], ...]]] = []
        for block in context.target.blocks:
            if block.kind == "table_row" and block.row >= 1 and block.cells:
                roles = column_roles(block.header)
                if roles and not _divider(block):
                    rows.append((block, roles))
        context.cache["tables:rows"] = cached = rows
    return cached  # type: ignore[return-value]


def _divider(block: Block) -> bool:
    """Whether a row is a section divider of its table: one bold or italic cell (``| **General** |``), the rest empty."""
    if len(block.header) <= 1:
        return False
    filled = None
    for cell in block.cells or []:
        text = cell.source.strip()
        if text:
            if filled is not None:
                return False  # a second filled cell: the usual row, told after two cells
            filled = text
    return filled is not None and bool(_DIVIDER.fullmatch(filled))


def _identifier_cells(context: Context) -> dict[str, list[tuple[Block, Cell, str, str]]]:
    """:func:`identifier_cells` of every role, computed once per page."""
    cached = context.cache.get("tables:cells")
    if cached is not None:
        return cached  # type: ignore[return-value]
    found: dict[str, list[tuple[Block, Cell, str, str]]] = {}
    for block, roles in role_rows(context):
        english_row = context.counterpart(block)
        english_cells = english_row.cells if english_row is not None and english_row.cells else None
        cells = block.cells or []  # a role row has cells
        for index, role, header in roles:
            if index >= len(cells):
                break
            cell = cells[index]
            expected = cell.source
            if english_cells is not None and index < len(english_cells):
                expected = english_cells[index].source
            found.setdefault(role, []).append((block, cell, expected, header))
    context.cache["tables:cells"] = found
    return found


def cell_fix(context: Context, block: Block, cell: Cell, expected: str) -> Fix | None:
    """The certain repair of an identifier cell, or ``None``.

    A cell with pairs gets each pair's English in place of its translation, when the pairs'
    English is the expected identifier (the translation is then the only thing wrong); a cell
    without pairs gets the aligned English cell's text.
    """
    text = context.target.text
    stripped = cell.raw.strip()
    start = block.start + cell.column - 1
    if not stripped or not text.startswith(stripped, start):
        return None
    end = start + len(stripped)
    pairs = [pair for pair in block.pairs if start <= pair.start and pair.end <= end]
    if not pairs:
        if cell.source == expected or cell_identifier(expected) == cell_identifier(cell.target):
            return None
        return Fix(start, end, expected)
    if any(pair.source is None for pair in pairs) or cell_identifier(cell.source) != cell_identifier(expected):
        return None
    parts, position = [], start
    for pair in pairs:
        target_end = pair.target_start + len(pair.target)
        if text[pair.target_start:target_end] != pair.target:
            return None
        parts += [text[position:pair.target_start], pair.source or ""]
        position = target_end
    parts.append(text[position:end])
    return Fix(start, end, "".join(parts))


@check("DL201")
def translated_identifier(context: Context) -> Iterator[Hit]:
    """Name cells must equal the English identifier, case included."""
    for block, cell, expected, header in identifier_cells(context, "name"):
        if cell.target == expected or not is_identifier(expected):
            continue
        if cell_identifier(cell.target) != cell_identifier(expected):
            label = header.strip("* ").lower()
            if label in CASELESS_COLUMNS and cell_identifier(cell.target).lower() == cell_identifier(expected).lower():
                continue
            yield Hit(block.line, cell.column,
                      f"{label} {shorten(cell.target)!r} in row {block.row} of the "
                      f"{' | '.join(block.header)} table; the English source has {shorten(expected)!r}",
                      expected, cell.target, cell_fix(context, block, cell, expected))


def _missing_types(expected: str, target: str) -> tuple[str, ...]:
    """The identifier tokens of the English type cell ``expected`` that the translated cell lacks."""
    target_plain = unescape(link_text(target))
    return tuple(token for token in type_tokens(expected) if not _has_token(token, target_plain))


# Type cells (``String``, ``Boolean``) recur on every reference page.
_memo_missing_types = lru_cache(maxsize=4096)(_missing_types)


@check("DL202")
def translated_type(context: Context) -> Iterator[Hit]:
    """Every identifier token of the English type must stay in the translated cell."""
    for block, cell, expected, _header in identifier_cells(context, "type"):
        if len(expected) + len(cell.target) <= _MEMO_LIMIT:
            missing = _memo_missing_types(expected, cell.target)
        else:
            missing = _missing_types(expected, cell.target)
        if missing and any(token.lower() in PRIMITIVE_TYPES for token in missing):
            missing = _case_tolerated(context, missing, cell.target)
        if missing:
            yield Hit(block.line, cell.column,
                      f"type {shorten(cell.target)!r} in row {block.row} lost {', '.join(missing)}; "
                      f"the English source has {shorten(expected)!r}",
                      expected, cell.target, cell_fix(context, block, cell, expected))


def _both_cases(context: Context) -> frozenset[str]:
    """The primitive type names the English writes in more than one case in type cells (``String``, ``string``)."""
    cached = context.cache.get("tables:both-cases")
    if cached is None:
        spellings: dict[str, set[str]] = {}
        for _block, _cell, expected, _header in identifier_cells(context, "type"):
            for token in type_tokens(expected):
                if token.lower() in PRIMITIVE_TYPES:
                    spellings.setdefault(token.lower(), set()).add(token)
        cached = frozenset(name for name, written in spellings.items() if len(written) > 1)
        context.cache["tables:both-cases"] = cached
    return cached  # type: ignore[return-value]


def _case_tolerated(context: Context, missing: tuple[str, ...], target: str) -> tuple[str, ...]:
    """``missing`` less the primitive types the cell has in another case, where the English page uses both."""
    both = _both_cases(context)
    if not both:
        return missing
    plain = unescape(link_text(target)).lower()
    return tuple(token for token in missing if not (token.lower() in both and _has_token(token.lower(), plain)))


@check("DL203")
def translated_permission(context: Context) -> Iterator[Hit]:
    """Every permission name of the English cell must stay, spelled the same."""
    for block, cell, expected, _header in identifier_cells(context, "permission"):
        english_names = _PERMISSION.findall(unescape(expected))
        target_names = _PERMISSION.findall(unescape(cell.target))
        # "Directory AccessAsUser.All" in the English, corrected to Directory.AccessAsUser.All, is not lost
        missing = [name for name in english_names if name not in target_names
                   and not any(found.endswith("." + name) for found in target_names)]
        if missing:
            extra = [name for name in target_names if name not in english_names]
            what = []
            for name in missing:
                # a name of the translation close to the English one is the same permission misspelt
                near = difflib.get_close_matches(name, extra, n=1, cutoff=0.8)
                if near:
                    extra.remove(near[0])
                    what.append(f"misspells {name} as {near[0]}")
                else:
                    what.append(f"lost {name}")
            yield Hit(block.line, cell.column,
                      f"permissions {shorten(cell.target)!r} {', '.join(what)}; "
                      f"the English source has {shorten(expected)!r}",
                      expected, cell.target, cell_fix(context, block, cell, expected))
