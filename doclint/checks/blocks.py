"""Page structure: blocks missing or extra, includes and link targets outside pairs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from doclint.align import Aligned
from doclint.checks import Context, Hit, check
from doclint.checks.habits import english_tolerated, fence_in_pair, target_tolerated
from doclint.checks.tables import column_role
from doclint.checks.tokens import link_key
from doclint.finding import Fix
from doclint.page import Block
from doclint.patterns import REFDEF_WHOLE as _REFDEF
from doclint.parse.pairs import render
from doclint.text import shorten, squash, unescape

_KIND_NAMES = {
    "heading": "heading", "paragraph": "paragraph", "list_item": "list item", "blockquote": "blockquote",
    "table_row": "table row", "table_sep": "table separator row", "fence": "code block",
    "annotation": "annotation", "comment": "HTML comment", "include": "include", "tab": "tab header",
    "refdef": "reference-link definition", "rule": "horizontal rule",
}
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")


def _describe_missing(block: Block) -> str:
    kind = _KIND_NAMES.get(block.kind, block.kind)
    if block.kind == "table_row" and block.cells:
        roles = [column_role(header) for header in block.header]
        first = block.cells[0].source
        if any(header.strip("* ").lower() == "member" for header in block.header[:1]):
            return f"enum member {shorten(first, 40)!r} (a row of the {' | '.join(block.header)} table)"
        if "name" in roles[:1]:
            return f"table row {shorten(first, 40)!r} of the {' | '.join(block.header)} table"
    return f"{kind} {shorten(block.source, 60)!r}"


def _missing_location(alignment: list[Aligned], index: int, english: Block) -> tuple[int, int]:
    """Where the English block ``alignment[index]``, missing from the translation, would stand: the line now
    in its place."""
    previous = next((target for _, target in reversed(alignment[:index]) if target is not None), None)
    following = next((target for _, target in alignment[index + 1 :] if target is not None), None)
    if previous is not None and (following is None or english.kind in ("table_row", "list_item")):
        return previous.end_line + 1, 1
    if following is not None:
        return following.line, 1
    return 1, 1


@check("DL103")
def block_missing(context: Context) -> Iterator[Hit]:
    """Report English blocks with no translated counterpart, where they would stand."""
    alignment = context.alignment
    for index, (english, target) in enumerate(alignment):
        if target is None and english is not None and english.kind != "comment":
            fence = fence_in_pair(context)  # looked for (once) only on a page with a block missing
            line, column = _missing_location(alignment, index, english)
            if fence is None or line < fence.line:
                if english_tolerated(context, english):
                    continue  # a pipeline habit: cut otherwise, not lost (doclint.checks.habits)
            else:
                yield Hit(fence.line, fence.column,
                          f"a code fence opens inside pair {fence.target_id!r} (a segment merged with the code "
                          "after it): the page parses as code from here, so the English blocks after it are "
                          "missing or extra", english.source, "")
                break
            yield Hit(line, column, f"{_describe_missing(english)} is missing; the English page has it on "
                                    f"line {english.line}", english.source, "")


@check("DL104")
def block_extra(context: Context) -> Iterator[Hit]:
    """Report translated blocks with no English counterpart (added definitions excepted)."""
    english_targets: set[str] | None = None  # read only on a page with a definition extra
    for english, target in context.alignment:
        if english is not None or target is None or target.kind == "comment":
            continue
        fence = fence_in_pair(context)  # looked for (once) only on a page with a block extra
        if target_tolerated(context, target) or (fence is not None and target.line >= fence.line):
            continue  # a pipeline habit (doclint.checks.habits); a fence in a pair is reported once, by DL103
        if target.kind == "refdef" and english_targets is None:
            english_targets = {_refdef_target(block.source) for block in
                               (context.english.blocks if context.english else ()) if block.kind == "refdef"}
        if target.kind == "refdef" and _refdef_target(target.source) in (english_targets or ()):
            continue  # the pipeline adds definitions for translated labels, pointing at English targets
        kind = _KIND_NAMES.get(target.kind, target.kind)
        yield Hit(target.line, 1, f"{kind} {shorten(target.target, 60)!r} is not in the English page",
                  "", target.target)


def _refdef_target(text: str) -> str:
    match = _REFDEF.match(text.strip())
    return unescape(match.group(2)) if match else squash(text)


@check("DL105")
def include_changed(context: Context) -> Iterator[Hit]:
    """Includes are never translated: compare them with white space and escapes folded."""
    for english, target in context.changed("include", "tab"):
        if squash(english.source) != squash(target.target):
            kind = _KIND_NAMES[target.kind]
            yield Hit(target.line, 1, f"{kind} {shorten(target.target)!r}; the English has "
                                      f"{shorten(english.source)!r}", english.source, target.target,
                      _line_fix(context.target.text, english, target))


_LINE_MARKS = re.compile(r"[ \t>]*")


def _line_fix(text: str, english: Block, target: Block) -> Fix | None:
    """The English line in place of the translated one, after the translated line's own indentation and
    quote marks; ``None`` for a line holding pairs (a translated tab label) or not standing as parsed."""
    if target.pairs or "\n" in target.target or "\n" in english.source \
            or text[target.start:target.end] != target.target:
        return None
    marks = _line_marks(target.target)
    return Fix(target.start, target.end, marks + english.source[len(_line_marks(english.source)):])


def _line_marks(line: str) -> str:
    """The indentation and quote marks a line starts with (:data:`_LINE_MARKS` matches every line)."""
    match = _LINE_MARKS.match(line)
    return match.group() if match else ""


def _link_outside_pairs(block: Block, text: str) -> bool:
    """Whether a ``](`` stands outside the block's pairs (in a piece :func:`_outside_pairs` keeps)."""
    position = block.start
    for pair in block.pairs:
        if text.find("](", position, pair.start) != -1:
            return True
        position = pair.end
    return text.find("](", position, block.end) != -1


def _outside_pairs(block: Block, text: str) -> str:
    """The block's raw text with every pair removed: what stands outside any pair."""
    parts, position = [], block.start
    for pair in block.pairs:
        parts.append(text[position : pair.start])
        position = pair.end
    parts.append(text[position : block.end])
    return " ".join(parts)


@check("DL106")
def link_target_changed(context: Context) -> Iterator[Hit]:
    """Link targets are never translated: definitions and links outside pairs must match."""
    for english, target in context.changed("refdef"):
        if _refdef_target(english.source) != _refdef_target(target.target):
            yield Hit(target.line, 1, f"link definition target {_refdef_target(target.target)!r}; "
                                      f"the English has {_refdef_target(english.source)!r}",
                      english.source, target.target)
    text = context.target.text
    for english, target in context.changed("paragraph", "list_item", "blockquote", "heading", "table_row"):
        if "](" not in target.target or not _link_outside_pairs(target, text):
            continue  # what stands outside the pairs is in the translated text too: no link there either
        outside = _outside_pairs(target, text) if target.pairs else render(text, target.start, target.end, [], "")
        english_targets: set[str] | None = None
        for match in _LINK_TARGET.finditer(outside):
            if english_targets is None:
                english_targets = {unescape(url) for url in _LINK_TARGET.findall(english.source)}
            url = unescape(match.group(1))
            if url not in english_targets and link_key(url) not in {link_key(known) for known in english_targets}:
                # a locale segment may change (/en-us/ → /de-de/), as in a pair's link (DL312)
                yield Hit(target.line, 1, f"link target {url!r} is not among the English block's targets "
                                          f"{sorted(english_targets)!r}", " ".join(sorted(english_targets)), url)
