"""Text outside pairs: what a translated page has outside its pairs must be the English page's text.

The pipeline leaves text outside pairs in English (markup, names, link labels it defined); a word
there that the aligned English block lacks was translated without a pair (DL321).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from doclint.align import block_key
from doclint.checks import Context, Hit, check
from doclint.checks import tokens as tk
from doclint.checks.segments import page_definitions
from doclint.page import Block
from doclint.patterns import HEADING_ANCHOR
from doclint.text import shorten, squash

_WORD = re.compile(r"[^\W\d_]+")
_PROSE = ("heading", "paragraph", "list_item", "blockquote", "table_row")
_UNMARKED = frozenset({"heading", "paragraph", "table_row"})  # alignment drops no marks from these


def _outside(block: Block, text: str) -> str:
    """The block's raw text with every pair blanked out."""
    parts, position = [], block.start
    for pair in block.pairs:
        parts.append(text[position : pair.start])
        parts.append(" ")
        position = pair.end
    parts.append(text[position : block.end])
    return "".join(parts)


def _foreign_words(outside: str, english_words: set[str], definitions: set[str]) -> list[str]:
    """Words of outside-pair text that the English block does not have (markup masked)."""
    scanned = tk.scan(HEADING_ANCHOR.sub(" ", outside))
    text = scanned.rest
    for token in scanned.tokens.get(tk.REFERENCE, []):
        if token.key in definitions:
            text = text.replace(token.text, " ", 1)
    return [word for word in _WORD.findall(text)
            if word.casefold() not in english_words and not (word.isascii() and len(word) < 2)]


def _same_text(english: Block, target: Block) -> bool:
    """Whether two blocks' English is the same text once squashed."""
    if english.kind == target.kind and english.kind in _UNMARKED:
        # the alignment key of such a block is its kind and its squashed English, and is memoised
        return block_key(english) == block_key(target)
    return squash(target.source) == squash(english.source)


@check("DL321")
def text_outside_pair(context: Context) -> Iterator[Hit]:
    """Text outside pairs is the English's: words the English block lacks were translated without a pair."""
    definitions: set[str] | None = None
    text = context.target.text
    for english, target in context.changed(*_PROSE):
        if target.source == english.source or _same_text(english, target):
            continue
        if definitions is None:
            definitions = page_definitions(context.target)
        english_words = {word.casefold() for word in _WORD.findall(tk.prepare(english.source))}
        outside = _outside(target, text)
        words = _foreign_words(outside, english_words, definitions)
        if words:
            yield Hit(target.line, 1,
                      f"text outside any pair is not in the English: {', '.join(words[:6])!r} in "
                      f"{shorten(outside, 60)!r}", shorten(english.source), " ".join(words))
