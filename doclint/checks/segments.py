"""Segments: each pair's translation compared with its own English, for what must not be translated.

Every pair is compared with its own English text, so no English page is needed.  A pair whose
translated text equals its English is skipped at once: the pipeline copies what it does not
translate.  The scan of each pair is done once per page and shared by the token rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

from doclint.checks import Context, Hit, check
from doclint.checks import tokens as tk
from doclint.checks.tables import cell_identifier, column_role, column_roles, role_rows
from doclint.page import Page, Pair
from doclint.patterns import REFDEF_LABEL_OPEN, REFDEF_LABEL_REST
from doclint.text import shorten

# each lookbehind stands after the character it guards ("\*(?<![*\w]\*)" for "(?<![*\w])\*"): the same
# matches, and the search can skip to a '*' or '_'
_EMPHASIS = re.compile(r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|\*(?<![*\w]\*)([^*\s][^*\n]*?)\*(?![*\w])"
                       r"|_(?<![_\w]_)([^_\s][^_\n]*?)_(?![_\w])")
#: The plain form of _EMPHASIS (pattern, flags), with the same matches (tests/test_fast_paths.py).
PLAIN_FORMS: dict[str, tuple[str, int]] = {
    "_EMPHASIS": (r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|(?<![*\w])\*([^*\s][^*\n]*?)\*(?![*\w])"
                  r"|(?<![_\w])_([^_\s][^_\n]*?)_(?![_\w])", 0),
}
_ASCII_WORD = re.compile(r"(?<![A-Za-z0-9_])[a-z]{2,}(?![A-Za-z0-9_])")
_MAX_SHOWN = 4
_PROPERTY_WORDS = re.compile(r"\b(?:propert(?:y|ies)|fields?|relationships?|attributes?)\b", re.IGNORECASE)

_PROPERTY_HEADERS = frozenset({"property", "property name", "relationship", "relationship name"})
_KIND_NAMES = {
    tk.CODE: "inline code", tk.LINK: "link target", tk.TAG: "HTML tag", tk.PLACEHOLDER: "placeholder",
    tk.PERMISSION: "permission name", tk.NUMBER: "number",
}


class _Scanned(NamedTuple):
    pair: Pair
    english_references: tuple[tk.Token, ...]  # the reference links of the English, and of the translation
    target_references: tuple[tk.Token, ...]
    differences: dict[str, tk.Difference]


# A segment without any of these, without "://" and without a permission name holds no token of any
# kind: without them tokens.prepare changes at most a no-break space (which makes no "://" and is in
# no permission name), so the raw text is searched as the scan would search the prepared text.
_TRIGGERS = re.compile(r"[`<\[{%\d&\\\ufeff\u200b\u200e\u200f]")

_Compared = tuple[tuple[tk.Token, ...], tuple[tk.Token, ...], dict[str, tk.Difference]]


def _may_hold_tokens(source: str, target: str) -> bool:
    """Whether either side of a pair can hold a token (``False`` only when neither holds any)."""
    return not (_TRIGGERS.search(source) is None and _TRIGGERS.search(target) is None
                and "://" not in source and "://" not in target
                and ("." not in source or tk.PERMISSION_NAME.search(source) is None)
                and ("." not in target or tk.PERMISSION_NAME.search(target) is None))


def _compare_pair(source: str, target: str) -> _Compared | None:
    """Both sides of a pair scanned: their reference links, and their token differences by kind.

    ``None`` when neither side can hold a token.  Only what the rules read is kept, so that the
    memo of many pairs stays small.
    """
    if not _may_hold_tokens(source, target):
        return None
    english, target_scan = tk.scan_memo(source), tk.scan(target)
    return (tuple(english.tokens.get(tk.REFERENCE, ())), tuple(target_scan.tokens.get(tk.REFERENCE, ())),
            {difference.kind: difference for difference in tk.differences(english, target_scan)})


# Memoised across pages: the same segment (a heading, a table cell, a sentence) recurs on many pages, and
# looking a pair up costs less than even the search for a token.  Long segments rarely recur and are
# not kept.  What is kept is shared, so callers only read it.
_MEMO_LIMIT = 600
_memo_compare = lru_cache(maxsize=16384)(_compare_pair)


def _scans(context: Context) -> list[_Scanned]:
    """Each pair whose translation differs from its English and holds tokens, with its references and differences.

    Computed once per page and shared by the token rules.  A pair neither side of which can hold a
    token is left out: it has no difference and no reference link.
    """
    cached = context.cache.get("segments:scans")
    if cached is None:
        scans: list[_Scanned] = []
        for pair in context.target.pairs:
            source, target = pair.source, pair.target
            if source is None or target == source or not source.strip():
                continue  # an empty English is DL305's finding: one defect, one finding
            if len(source) + len(target) <= _MEMO_LIMIT:
                compared = _memo_compare(source, target)
            else:
                compared = _compare_pair(source, target)
            if compared is not None:
                scans.append(_Scanned(pair, *compared))
        context.cache["segments:scans"] = cached = scans
    return cached  # type: ignore[return-value]


def _differing(context: Context) -> dict[str, list[_Scanned]]:
    """The scanned pairs with a difference of each kind, in page order (cached): most pairs have none."""
    cached = context.cache.get("segments:differing")
    if cached is None:
        by_kind: dict[str, list[_Scanned]] = {}
        for scanned in _scans(context):
            for kind in scanned.differences:
                by_kind.setdefault(kind, []).append(scanned)
        context.cache["segments:differing"] = cached = by_kind
    return cached  # type: ignore[return-value]


def _show(kind: str, tokens: tuple[tk.Token, ...]) -> str:
    quote = (lambda text: f"`{text}`") if kind == tk.CODE else repr
    shown = ", ".join(quote(token.text.strip()) for token in tokens[:_MAX_SHOWN])
    return shown + (f" and {len(tokens) - _MAX_SHOWN} more" if len(tokens) > _MAX_SHOWN else "")


def _plural(name: str, tokens: tuple[tk.Token, ...]) -> str:
    """``name`` in the plural when it names more than one token ("inline code" and "HTML tag" included)."""
    if len(tokens) < 2:
        return name
    return name + " spans" if name == "inline code" else name + "s"


def _message(kind: str, difference: tk.Difference) -> str:
    name = _KIND_NAMES[kind]
    if not difference.unexpected:
        verb = "are" if len(difference.missing) > 1 else "is"
        return f"{_plural(name, difference.missing)} {_show(kind, difference.missing)} of the English {verb} missing " \
               "from the translation"
    verb = "are" if len(difference.unexpected) > 1 else "is"
    message = f"{_plural(name, difference.unexpected)} {_show(kind, difference.unexpected)} {verb} not in the English"
    if kind == tk.CODE and any("``" in token.text for token in difference.unexpected):
        message += " (adjacent code spans run together and render as one)"
    if difference.missing:
        message += f"; the English has {_show(kind, difference.missing)}"
    return message


def _token_hits(context: Context, kind: str, skip: frozenset[int] | set[int] = frozenset(),
                refine: Callable[[Pair, tk.Difference], tk.Difference | None] | None = None) -> Iterator[Hit]:
    """One hit per pair whose tokens of ``kind`` differ from its English's (pairs starting in ``skip`` aside).

    ``refine`` may narrow a pair's difference, or drop it (``None``).  A pair whose English is a leftover
    (:func:`doclint.checks.habits.leftover_english`) and whose translation has the tokens of the English page's
    text instead is not reported: its translation says what the English page says.
    """
    leftovers: dict[int, str] | None = None
    for scanned in _differing(context).get(kind, ()):
        difference = scanned.differences[kind]
        if scanned.pair.start in skip:
            continue
        if refine is not None:
            refined = refine(scanned.pair, difference)
            if refined is None:
                continue
            difference = refined
        if context.english is not None:
            if leftovers is None:
                from doclint.checks.habits import leftover_english

                leftovers = leftover_english(context)
            now = leftovers.get(scanned.pair.start)
            if now is not None and _as_page_says(difference, now):
                continue
        pair = scanned.pair
        offset = pair.target_start
        if difference.unexpected:
            offset += min(difference.unexpected[0].offset, len(pair.target))
        line, column = context.target.locate(offset)
        yield Hit(line, column, _message(kind, difference),
                  " ".join(token.text for token in difference.missing),
                  " ".join(token.text for token in difference.unexpected))


def _as_page_says(difference: tk.Difference, english: str) -> bool:
    """Whether a translation's tokens that its pair's English lacks are in ``english`` and those it lacks are not."""
    return all(token.text.strip() in english for token in difference.unexpected) \
        and all(token.text.strip() not in english for token in difference.missing)


@check("DL311")
def inline_code(context: Context) -> Iterator[Hit]:
    """Backtick spans are never translated: the pair keeps the English's spans.

    A span the translation adds around a value its English quotes (``'false'`` → `` `false` ``) is the same
    value, marked otherwise; a pair that opens a code fence is DL103's finding (one defect, one finding).
    """
    if tk.CODE not in _differing(context):
        return iter(())
    from doclint.checks.habits import fence_in_pair

    fenced = fence_in_pair(context)
    return _token_hits(context, tk.CODE, {fenced.start} if fenced is not None else frozenset(), _quoted_values)


_QUOTES = (("'", "'"), ('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"))


def _quoted(value: str, english: str) -> bool:
    return bool(value) and any(f"{left}{value}{right}" in english for left, right in _QUOTES)


def _quoted_values(pair: Pair, difference: tk.Difference) -> tk.Difference | None:
    """``difference`` less the spans the translation adds around a value its English has in quotes."""
    if not difference.unexpected or difference.missing:
        return difference
    english = pair.source or ""
    kept = tuple(token for token in difference.unexpected if not _quoted(token.text.strip("`").strip(), english))
    if not kept:
        return None
    return difference if len(kept) == len(difference.unexpected) else tk.Difference(
        difference.kind, difference.missing, kept)


@check("DL312")
def link_target(context: Context) -> Iterator[Hit]:
    """Link targets are never translated (a locale segment such as /en-us/ may change)."""
    return _token_hits(context, tk.LINK)


@check("DL314")
def placeholder(context: Context) -> Iterator[Hit]:
    """Placeholders are never translated."""
    return _token_hits(context, tk.PLACEHOLDER)


@check("DL315")
def number(context: Context) -> Iterator[Hit]:
    """Numbers and versions keep their value, as the page's locale writes them (CLDR symbols, through Babel).

    Ordinals and numbers inside link labels may be written otherwise (see :mod:`doclint.numbers`).
    """
    if tk.NUMBER not in _differing(context):
        return iter(())
    from doclint.numbers import page_locale, tolerated

    locale = page_locale(context.target.front_matter, context.path)

    def refine(pair: Pair, difference: tk.Difference) -> tk.Difference | None:
        return tolerated(difference, tk.scan(pair.source or "").rest, tk.scan(pair.target).rest, locale)

    return _token_hits(context, tk.NUMBER, refine=refine)


@check("DL316")
def permission_name(context: Context) -> Iterator[Hit]:
    """Permission names and other dotted identifiers are never translated.

    Rows of a permissions table are left to DL203, which reads their cells as a whole.
    """
    if tk.PERMISSION not in _differing(context):
        return iter(())
    skip = {pair.start for block in context.target.blocks
            if block.kind == "table_row" and _permission_table(block.header)
            for pair in block.pairs}
    return _token_hits(context, tk.PERMISSION, skip, _recased_name)


def _recased_name(pair: Pair, difference: tk.Difference) -> tk.Difference | None:
    """``difference`` less the dotted names the English writes in lower case (socket.io → Socket.IO): no permission."""
    if not difference.unexpected:
        return difference
    english = tk.prepare(pair.source or "").lower()
    kept = tuple(token for token in difference.unexpected
                 if token.key.lower() not in english or any(other.key.lower() == token.key.lower()
                                                            for other in difference.missing))
    if not kept and not difference.missing:
        return None
    return tk.Difference(difference.kind, difference.missing, kept)


@lru_cache(maxsize=1024)
def _permission_table(header: tuple[str, ...]) -> bool:
    """Whether a table has a permissions column."""
    return "permission" in map(column_role, header)


@check("DL317")
def html_tag(context: Context) -> Iterator[Hit]:
    """Inline HTML tags are kept, so the segment renders as the English does."""
    return _token_hits(context, tk.TAG)


def page_definitions(page: Page) -> set[str]:
    """The case-folded labels of every reference-link definition on the page."""
    labels: set[str] = set()
    for block in page.blocks:
        if block.kind == "refdef":
            for side in (block.target, block.source):
                labels.update(" ".join(label.split()).casefold() for label in _definition_labels(side))
    return labels


def _definition_labels(text: str) -> list[str]:
    """The labels of the reference-link definitions in ``text``: a line that opens with ``[`` (after spaces,
    tabs and ``>``), the label up to the first ``]`` (over lines), then ``:`` and a target.

    Each ``]`` is searched for once, not once for every line before it that opens a label.
    """
    labels: list[str] = []
    close = -1
    position = 0
    while (opening := REFDEF_LABEL_OPEN.search(text, position)) is not None:
        start = opening.end()
        if close < start:
            close = text.find("]", start)
            if close == -1:
                break  # no label closes: no line from here on is a definition
        rest = REFDEF_LABEL_REST.match(text, close + 1)
        if close > start and rest is not None:
            labels.append(text[start:close])
            position = rest.end()
        else:
            position = start
    return labels


def _counterpart_label(english: tuple[tk.Token, ...], target: tuple[tk.Token, ...], token: tk.Token) -> str:
    """The English reference link(s) that ``token`` may stand for: those the translation lacks.

    Translations reorder a sentence's links, so the counterpart is found by elimination, not by place:
    with one English label missing from the translation, that is the one.
    """
    left = Counter(other.key for other in target)
    lacking = []
    for reference in english:
        if left[reference.key] > 0:
            left[reference.key] -= 1
        elif reference.key not in lacking:
            lacking.append(reference.key)
    return ", ".join(f"[{label}]" for label in lacking) or "no reference link"


@check("DL313")
def reference_label(context: Context) -> Iterator[Hit]:
    """A translated reference label needs a definition (the pipeline adds them; a missing one is a broken link)."""
    definitions: set[str] | None = None
    for pair, english_references, labels, _differences in _scans(context):
        if not labels:
            continue
        english_labels = {token.key for token in english_references}
        for token in labels:
            if token.key in english_labels:
                continue
            if definitions is None:
                definitions = page_definitions(context.target)
            if token.key not in definitions:
                line, column = context.target.locate(pair.target_start + min(token.offset, len(pair.target)))
                expected = _counterpart_label(english_references, labels, token)
                yield Hit(line, column,
                          f"reference label [{token.key}] of {token.text!r} has no definition on the page; "
                          f"the English has {expected}", expected, token.key)


@lru_cache(maxsize=1024)
def _property_columns(header: tuple[str, ...]) -> tuple[int, ...]:
    """The indexes of a table's Property or Relationship name columns."""
    return tuple(index for index, role, text in column_roles(header)
                 if role == "name" and text.strip("*_ ").lower() in _PROPERTY_HEADERS)


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern[str]:
    """``name`` not inside a longer name, compiled once (property names recur from page to page)."""
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(name) + r"(?![A-Za-z0-9])")


def property_names(context: Context) -> frozenset[str]:
    """The names in the name column of the page's Property and Relationship tables (cached)."""
    cached = context.cache.get("segments:properties")
    if cached is None:
        names: set[str] = set()
        for block, _roles in role_rows(context):  # a property column has the role "name"
            cells = block.cells or []  # a role row has cells
            for index in _property_columns(block.header):
                if index < len(cells):
                    name = cell_identifier(cells[index].source)
                    if name.isidentifier():
                        names.add(name)
        cached = frozenset(names)
        context.cache["segments:properties"] = cached
    return cached  # type: ignore[return-value]


@check("DL318")
def bold_identifier(context: Context) -> Iterator[Hit]:
    """A **property** named in the English stays spelled as the property in the translation.

    A plain lowercase word counts only where the English says it is a property
    (or field, relationship, attribute); a camelCase name always counts.  A name only a leftover English
    has (:func:`doclint.checks.habits.leftover_english`) is not the English page's.
    """
    names = property_names(context)
    if not names:
        return
    for pair in context.target.pairs:
        source = pair.source
        if source is None or pair.target == source or ("*" not in source and "_" not in source):
            continue
        english = tk.prepare(source)
        wanted = {next(group for group in match.groups() if group is not None).strip()
                  for match in _EMPHASIS.finditer(english)}
        wanted &= names
        if not _PROPERTY_WORDS.search(english):
            # a plain word in bold (**user**, **event**) may name the object, not its property
            wanted = {name for name in wanted if not name.isalpha() or not name.islower()}
        if not wanted:
            continue
        translated = tk.prepare(pair.target)
        missing = sorted(name for name in wanted
                         if not _name_pattern(name).search(translated))
        if missing and context.english is not None:
            from doclint.checks.habits import leftover_english

            now = leftover_english(context).get(pair.start)
            if now is not None and not any(f"**{name}**" in now or f"_{name}_" in now for name in missing):
                continue  # the pair's English is a leftover; the English page does not have it in bold either
        if missing:
            label = "property names" if len(missing) > 1 else "property name"
            verb = "are" if len(missing) > 1 else "is"
            yield Hit(pair.line, pair.column,
                      f"{label} {', '.join(f'**{name}**' for name in missing)} of the English {verb} not in "
                      f"the translation {shorten(pair.target, 60)!r}", " ".join(missing), pair.target)


@check("DL322")
def untranslated_segment(context: Context) -> Iterator[Hit]:
    """A pair left in English: at least three plain lowercase words outside code, links and names."""
    names = property_names(context)
    for pair in context.target.pairs:
        if pair.source is None or pair.target.strip() != pair.source.strip():
            continue
        text = tk.scan(pair.source).rest
        words = [word for word in _ASCII_WORD.findall(text) if word not in names]
        if len(words) >= 3:
            yield Hit(pair.line, pair.column, f"segment {shorten(pair.source, 60)!r} is not translated",
                      pair.source, pair.target)
