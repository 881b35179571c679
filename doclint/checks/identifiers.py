"""Identifiers in prose: API names a pair's English names outside tables and code must stay verbatim.

Machine translation and transliteration turn ``plannerTask`` into words of the target script, or
translate only the first camel part (``Planejador Task``).  Table cells, code spans, link targets and
permission names have rules of their own; this module looks at the running text of every pair
(headings, paragraphs, list items, table cells) for the identifiers the English names there:

- camelCase and PascalCase names with an inner capital (``driveItem``, ``OneDrive``) and dotted
  names (``microsoft.graph.user``), anywhere in the text;
- a link label equal to the name of the page it links to (``[user](user.md)``);
- a bold or italic word that is an enum member or a type the page links to (bold property names
  are DL318's).

Each must appear verbatim (case included) in the translation.  The comparison is script-agnostic: it
never reads the translated words, only whether the English identifier is there, so a Cyrillic,
katakana or Han transliteration is found as surely as a Portuguese half-translation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from doclint.checks import Context, Hit, check
from doclint.checks import tokens as tk
from doclint.finding import Fix
from doclint.page import Pair

# an inner capital after a lowercase run (driveItem, signIn, iOS), not an acronym (API, JSON)
_CAMEL = re.compile(r"(?<![\w.@$/\\-])[a-z][a-z0-9]*+[A-Z][A-Za-z0-9]*+(?![\w@$/\\-])(?!\.[A-Za-z])")
# PascalCase with an inner capital (OneDrive, PivotTable, DateTime): a product or type name, but English prose
# also uses such words as words, and products have localized names (PivotTable → Tabela Dinâmica), so only
# where the English marks it as a name: a heading, bold or italic, a link label
_PASCAL = re.compile(r"(?<![\w.@$/\\-])[A-Z][a-z0-9]++[A-Z][A-Za-z0-9]*+(?![\w@$/\\-])(?!\.[A-Za-z])")
# a one-letter prefix on a word (eBook, eDiscovery, iPhone) is a common noun or brand, often localized
_PREFIXED_WORD = re.compile(r"[a-z][A-Z][a-z]+")
# microsoft.graph.user, contentType.id: lowercase parts of two or more characters after the first, so a
# sentence run on without a space ("level.See") is not one
_DOTTED = re.compile(r"(?<![\w.@$/\\-])[a-z][A-Za-z0-9]+(?:\.[a-z][A-Za-z0-9]+)+(?![\w@$/\\-])(?!\.[A-Za-z])")
_FILE_SUFFIX = re.compile(r"\.(?:md|json|xml|html?|aspx|txt|png|jpe?g|gif|svg|csv|docx?|xlsx?|pptx?|pdf|zip"
                          r"|exe|dll|js|ts|py|cs|java|ps1|yml|yaml)$", re.IGNORECASE)
_INLINE_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*+)\]\((?:\s*+|(?:\s(?=\s))*+(?=\s\"[^\"]*\"\s*\)))"
                          r"<?([^()\s<>]*+)>?(?:\s++\"[^\"]*+\")?\s*+\)")
_REFERENCE_LINK = re.compile(r"!?\[[^\[\]]*\]\[[^\[\]]*\]|!\[[^\[\]]*\]\([^()]*\)")
_EMPHASIS = re.compile(r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|(?<![*\w])\*([^*\s][^*\n]*?)\*(?![*\w])"
                       r"|(?<![_\w])_([^_\s][^_\n]*?)_(?![_\w])")
_CODE_SPAN = re.compile(r"`++[^`]*+`++|``++")  # what `+[^`]*`+ matched, read one way
_UNDERSCORE_MARK = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_TARGETS = re.compile(r"(?<=\])\([^()\s]*\)")
_PAGE_NAME = re.compile(r"(?:^|/)([A-Za-z][\w.-]*?)\.md(?:#[^)\s]*)?$")
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# what every page name (_PAGE_NAME) and enum member (_PLAIN_NAME) is
_NAMEABLE = re.compile(r"[A-Za-z][\w.-]*")
_MESSAGE_NAMES = 4
# in every text that can hold an identifier: an inner capital, a link, emphasis or a dotted lowercase word.
# Only whether it is found counts: written to find what ``[a-z0-9][A-Z]|\](|[*_]|[a-z0-9]\.[a-z]`` finds
# (HINT_PLAINLY) with lookbehinds after the character they guard, so the search skips to a capital, a
# '*', '_', '.' or ']' (most pairs hold none of the four shapes, and this search runs on every pair)
_HINT = re.compile(r"[A-Z*_.\]](?:(?<=[a-z0-9][A-Z])|(?<=[*_])|(?<=\])\(|(?<=[a-z0-9]\.)[a-z])")
HINT_PLAINLY = r"[a-z0-9][A-Z]|\]\(|[*_]|[a-z0-9]\.[a-z]"
# in every camelCase and PascalCase name (a lowercase letter or digit before a capital), and in every dotted
# name (a letter or digit, a dot, a lowercase letter): a text without it has no match of those patterns
_INNER_CAPITAL = re.compile(r"[A-Z](?<=[a-z0-9][A-Z])")
_DOTTED_HINT = re.compile(r"\.(?<=[A-Za-z0-9]\.)[a-z]")
_PAGE_LABEL = "the name of the page it links to"
_DOTTED_NAME = "a dotted name"


class Wanted(NamedTuple):
    """An identifier of the English, and what made it one (for the message)."""

    name: str
    why: str


def _page_name(target: str) -> str | None:
    """The page name a relative link target names (``../resources/driveitem.md#x`` → ``driveitem``)."""
    if "://" in target:
        return None
    match = _PAGE_NAME.search(target)
    return match.group(1) if match else None


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda match: " " * len(match.group()), text)


def english_identifiers(source: str, names: frozenset[str] = frozenset(), heading: bool = False) -> tuple[Wanted, ...]:
    """The identifiers of a pair's English that its translation must keep verbatim, in text order.

    ``names`` are the page's own names (enum members, types it links to) that count in bold or italic;
    ``heading`` says the pair is a heading, where a PascalCase name counts anywhere.
    """
    if _HINT.search(source) is None:
        return ()  # no inner capital, link, emphasis or dotted word: the common sentence holds no identifier
    found, emphasized = _identifiers(source, heading)
    extra = [Wanted(inner, "a name of this page") for inner in dict.fromkeys(emphasized)
             if inner in names and all(item.name != inner for item in found)]
    if not extra:
        return found
    return tuple(sorted(found + tuple(extra), key=lambda wanted: source.find(wanted.name)))


# Memoised by the text alone (the page's names differ from page to page; the sentences recur).
@lru_cache(maxsize=16384)
def _identifiers(source: str, heading: bool) -> tuple[tuple[Wanted, ...], tuple[str, ...]]:
    """:func:`english_identifiers` without the page's names, and the bold or italic texts of the English."""
    scanned = tk.scan_memo(source)  # the token rules scanned most of these already
    # what other rules read is blanked: code, link targets, tags, placeholders, permission names;
    # reference links are DL313's (the pipeline translates their labels and adds a definition)
    rest = scanned.rest
    if "][" in rest or "![" in rest:  # in every match of _REFERENCE_LINK: most texts with a link have neither
        rest = _blank(rest, _REFERENCE_LINK)
    found: dict[str, Wanted] = {}
    # the scan blanked link targets: read them from the text with only code spans blanked
    linked = tk.prepare(source) if "](" in source else ""
    if "`" in linked:
        linked = _blank(linked, _CODE_SPAN)
    for match in _INLINE_LINK.finditer(linked):
        label = match.group(1).strip().strip("*_").strip()
        if len(label) < 2 or not _PLAIN_NAME.fullmatch(label):
            continue  # most labels are words and spaces: the target is not read for them
        page = _page_name(match.group(2))
        if page and label.lower() == page.lower():
            found.setdefault(label, Wanted(label, _PAGE_LABEL))
        elif _PASCAL.fullmatch(label):
            found.setdefault(label, Wanted(label, "a link label"))
    if "](" in rest:  # a link target the scan left: blanked, so that no name is read in it
        rest = _INLINE_LINK.sub(lambda match: "[" + match.group(1) + "]" + " " * (len(match.group()) - 2
                                                                              - len(match.group(1))), rest)
    # the texts in bold or italic, read once
    # each alternative of _EMPHASIS has one group, none nested: the one that took part is the last
    spans = [match.group(match.lastindex or 0) for match in _EMPHASIS.finditer(rest)] \
        if ("*" in rest or "_" in rest) else []
    # _CAMEL and _PASCAL matches (in ``marked`` too: its parts are parts of ``rest``) hold an inner capital
    if _INNER_CAPITAL.search(rest) is not None:
        for match in _CAMEL.finditer(rest):
            if not _PREFIXED_WORD.fullmatch(match.group()):
                found.setdefault(match.group(), Wanted(match.group(), "an API name"))
        marked = rest if heading else " ".join(spans)
        for match in _PASCAL.finditer(marked):
            found.setdefault(match.group(), Wanted(match.group(), "a name the English marks as one"))
    if _DOTTED_HINT.search(rest) is not None:
        for match in _DOTTED.finditer(rest):
            if not _FILE_SUFFIX.search(match.group()):
                found.setdefault(match.group(), Wanted(match.group(), _DOTTED_NAME))
    emphasized = tuple(span.strip() for span in spans)
    if len(found) < 2:
        return tuple(found.values()), emphasized
    return tuple(sorted(found.values(), key=lambda wanted: rest.find(wanted.name))), emphasized


def _stem(name: str) -> str:
    """What every form :func:`_present` allows begins with: a text without it holds none of them."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3]
    if name.endswith("y"):
        return name[:-1]
    if name.endswith("ses") and len(name) > 5:  # termsAndConditionses
        return name[:-2]
    return name[:-1] if name.endswith("s") and len(name) > 3 else name


@lru_cache(maxsize=4096)
def _present(name: str) -> re.Pattern[str]:
    """``name`` as a whole identifier, an English plural ``s`` allowed either way."""
    stem = re.escape(_stem(name))
    if name.endswith("ies") and len(name) > 4 or name.endswith("y"):
        forms = stem + "(?:ies|y)"
    elif name.endswith("ses") and len(name) > 5:
        forms = stem + "(?:es)?"
    else:
        forms = stem + "(?:s|es)?"
    # a digit may run into it (the pipeline joins "Windows 10 EducationN" into "Windows 10EducationN"), and a
    # longer camelCase name may begin with it ("macOS general device configuration" → macOSGeneralDevice…)
    return re.compile(r"(?<![A-Za-z_])" + forms + r"(?![a-z0-9_])")


def _translated_text(target: str) -> str:
    """The translation as searched: entities decoded, escapes dropped, link targets blanked; code spans kept."""
    text = tk.prepare(target)
    if "_" in text:  # emphasis marks (__name__, _name_), not the underscores inside a snake_case name
        text = _UNDERSCORE_MARK.sub(" ", text)
    return _TARGETS.sub(" ", text) if "](" in text else text


def page_names(context: Context) -> frozenset[str]:
    """The page's own names that count in bold or italic: enum members and the pages it links to (cached)."""
    cached = context.cache.get("identifiers:names")
    if cached is None:
        from doclint.checks.code import enum_members

        names: set[str] = set()
        for block in (context.english or context.target).blocks:
            if block.kind == "fence" and "|" in block.source:
                for line in block.source.splitlines():
                    members = enum_members(line) if "|" in line else None
                    if members:
                        names.update(member for member in members if _PLAIN_NAME.fullmatch(member))
        for pair in context.target.pairs:
            if pair.source and "](" in pair.source:
                for match in _INLINE_LINK.finditer(pair.source):
                    page = _page_name(match.group(2))
                    if page and len(page) > 1:
                        names.add(page)
        cached = frozenset(names)
        context.cache["identifiers:names"] = cached
    return cached  # type: ignore[return-value]


def _role_cell_pairs(context: Context) -> set[int]:
    """Start offsets of the pairs in table cells of a name, type or permission column (DL201–DL203's)."""
    from doclint.checks.tables import role_rows

    starts: set[int] = set()
    for block, roles in role_rows(context):
        cells = block.cells or []
        columns = [cell.column for cell in cells]
        owned = {index for index, _role, _header in roles}
        for pair in block.pairs:
            if pair.line != block.line:
                continue
            index = bisect.bisect_right(columns, pair.column) - 1
            if index in owned:
                starts.add(pair.start)
    return starts


def _property_names(context: Context) -> frozenset[str]:
    from doclint.checks.segments import property_names

    return property_names(context)


def missing_identifiers(source: str, target: str, names: frozenset[str] = frozenset(),
                        skip: frozenset[str] = frozenset(), heading: bool = False) -> list[Wanted]:
    """The identifiers of ``source`` that ``target`` does not hold verbatim (``skip`` aside)."""
    wanted = list(english_identifiers(source, names, heading))
    if skip and wanted:
        emphasized = _emphasized(source)
        wanted = [item for item in wanted if item.name not in skip or item.name not in emphasized]
    if not wanted:
        return []
    translated = _translated_text(target)
    if any(item.why == _PAGE_LABEL and not _CAMEL.fullmatch(item.name) and not _PASCAL.fullmatch(item.name)
           for item in wanted):
        # a plain word that names a page may change case (Contract, contract; de-DE "Team"): it is still the name
        folded = translated.lower()
        wanted = [item for item in wanted if not (item.why == _PAGE_LABEL and not _CAMEL.fullmatch(item.name)
                                                  and not _PASCAL.fullmatch(item.name)
                                                  and _stem(item.name.lower()) in folded
                                                  and _present(item.name.lower()).search(folded))]
    if any(item.why == _DOTTED_NAME for item in wanted):
        # a dotted name may be a product's (socket.io, written Socket.IO by its makers): its case may change
        folded = translated.lower()
        wanted = [item for item in wanted
                  if item.why != _DOTTED_NAME or _stem(item.name.lower()) not in folded
                  or not _present(item.name.lower()).search(folded)]
    # each place of the translation answers one name: exact spellings first, then plural forms, so that
    # "provisionedPlans … provisionedPlan" is not answered twice by one "provisionedPlan"
    used: set[int] = set()
    missing = []
    for item in wanted:
        exact = _exact_start(item.name, translated, used)
        if exact is not None:
            used.add(exact)
        else:
            missing.append(item)
    found = []
    for item in missing:
        loose = None if _stem(item.name) not in translated else next(
            (match for match in _present(item.name).finditer(translated) if match.start() not in used), None)
        if loose is not None:
            used.add(loose.start())
        else:
            found.append(item)
    return [item for item in wanted if item in found]


_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_AFTER = _BEFORE | frozenset("0123456789")


def _exact_start(name: str, text: str, used: set[int]) -> int | None:
    """Where ``text`` first holds ``name`` as a whole identifier at a place not in ``used``.

    What ``(?<![A-Za-z_])name(?![A-Za-z0-9_])`` finds with finditer (a search resumes after a match,
    one character on after a refused place), without compiling a pattern for every name.
    """
    size, position = len(name), text.find(name)
    while position >= 0:
        end = position + size
        if (position == 0 or text[position - 1] not in _BEFORE) and (end == len(text) or text[end] not in _AFTER):
            if position not in used:
                return position
            position = text.find(name, end)
        else:
            position = text.find(name, position + 1)
    return None


def _all_present(found: tuple[Wanted, ...], target: str) -> bool:
    """Whether :func:`missing_identifiers` surely finds none missing when it wants at most ``found``.

    So when the translation holds each name of ``found`` as a whole identifier and none of them begins
    another (so no two can be found at one place): each is then found where it first stands, whichever
    of them are wanted, in whatever order.
    """
    if not found:
        return True
    translated = _translated_text(target)
    names = [item.name for item in found]
    if any(_exact_start(name, translated, set()) is None for name in names):
        return False
    return len(names) == 1 or not any(one != other and other.startswith(one) for one in names for other in names)


def _emphasized(source: str) -> set[str]:
    """The texts in bold or italic of a pair's English."""
    if "*" not in source and "_" not in source:
        return set()
    return {next(group for group in match.groups() if group is not None).strip()
            for match in _EMPHASIS.finditer(tk.prepare(source))}


# the characters outside ASCII that a case-blind pattern takes for an ASCII letter (İ ı → i, ſ → s, K → k)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_hold_folded(name: str, text: str) -> bool:
    """Whether ``text`` may hold ``name`` in some case: False only when a case-blind search would surely fail."""
    if not name.isascii() or any(char in text for char in _FOLDS_TO_ASCII):
        return True
    return name.lower() in text.lower()


def _where(pair: Pair, wanted: Wanted) -> tuple[int, int, int] | None:
    """Start and end (in ``pair.target``) of what replaced ``wanted``, and whether it is certain (1) or a guess (0).

    Found when the translation holds the name in another case, when a link to the same page has another
    label, or when the English and the translation each have exactly one bold or italic span.
    """
    target, source = pair.target, pair.source or ""
    # link targets blanked in place (offsets kept): driveitem.md is not the name in another case
    searched = _TARGETS.sub(lambda match: "(" + " " * (len(match.group()) - 2) + ")", target)
    folded = [match for match in re.finditer(r"(?<![A-Za-z0-9_])" + re.escape(wanted.name) + r"(?![A-Za-z0-9_])",
                                             searched, re.IGNORECASE)
              ] if _may_hold_folded(wanted.name, searched) else []
    if len(folded) == 1:
        return folded[0].start(), folded[0].end(), 1
    english_links = [match for match in _INLINE_LINK.finditer(source) if match.group(1).strip() == wanted.name]
    if len(english_links) == 1:
        link = english_links[0].group(2)
        targets = [match for match in _INLINE_LINK.finditer(target) if match.group(2) == link]
        if len(targets) == 1 and "`" not in targets[0].group(1) and "&" not in targets[0].group(1):
            return targets[0].start(1), targets[0].end(1), 1
    english_emphasis = list(_EMPHASIS.finditer(source))
    target_emphasis = list(_EMPHASIS.finditer(target))
    if len(english_emphasis) == 1 and len(target_emphasis) == 1:
        inner = next(index for index, group in enumerate(english_emphasis[0].groups(), 1) if group is not None)
        if english_emphasis[0].group(inner).strip() == wanted.name:
            found = target_emphasis[0]
            group = next(index for index, text in enumerate(found.groups(), 1) if text is not None)
            return found.start(group), found.end(group), 1
    return None


def _may_name(found: tuple[Wanted, ...], emphasized: tuple[str, ...]) -> bool:
    """Whether a bold or italic text of the English may be one of the page's names and is not wanted already.

    The page's names are read from the whole page: only such a text makes them matter.
    """
    return any(_NAMEABLE.fullmatch(inner) is not None and all(item.name != inner for item in found)
               for inner in emphasized)


@check("DL319")
def prose_identifier(context: Context) -> Iterator[Hit]:
    """Identifiers a pair's English names in running text are in its translation, verbatim."""
    # what the page gives (its names, headings, table columns) is looked up only for the pairs that need it:
    # most pairs name no identifier
    names: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    names_known = skip_known = False
    headings: set[int] | None = None
    owned: set[int] | None = None
    for pair in context.target.pairs:
        source = pair.source
        if source is None or pair.target == source or _HINT.search(source) is None:
            continue
        if headings is None:
            headings = {pair.start for block in context.target.blocks if block.kind == "heading"
                        for pair in block.pairs}
        heading = pair.start in headings
        found, emphasized = _identifiers(source, heading)
        if not found and not emphasized:
            continue
        may_name = bool(emphasized) and _may_name(found, emphasized)
        if not may_name and _all_present(found, pair.target):
            continue  # the usual pair: every identifier kept
        if emphasized and not skip_known:
            skip_known = True
            skip = _property_names(context)  # bold property names are DL318's
        if not names_known and may_name:
            names_known = True
            names = page_names(context)
        missing = missing_identifiers(source, pair.target, names, skip, heading)
        if not missing:
            continue
        if owned is None:
            owned = _role_cell_pairs(context)
        if pair.start in owned:
            continue
        where = _where(pair, missing[0]) if len(missing) == 1 else None
        offset = pair.target_start + (where[0] if where else 0)
        line, column = context.target.locate(offset)
        fix = None
        if where is not None and where[2] and source.count(missing[0].name) == 1:
            fix = Fix(pair.target_start + where[0], pair.target_start + where[1], missing[0].name)
        shown = ", ".join(f"'{item.name}'" for item in missing[:_MESSAGE_NAMES])
        more = f" and {len(missing) - _MESSAGE_NAMES} more" if len(missing) > _MESSAGE_NAMES else ""
        verb = "is" if len(missing) == 1 else "are"
        why = missing[0].why if len(missing) == 1 else "identifiers"
        yield Hit(line, column,
                  f"{shown}{more} ({why}) of the English {verb} not in the translation verbatim: "
                  "identifiers are never translated, transliterated or recased",
                  " ".join(item.name for item in missing), pair.target, fix)
