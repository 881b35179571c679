"""Translation drift, the comparison: does the English a page was translated from match the current English?

A bilingual page carries the English it was translated from: each pair's English
text plus the text outside any pair.  Its blocks are compared with the blocks of
the current English page after folding what the localization pipeline changes
(white space, wrapping, escaping, heading anchors, blockquote markers, translated
image alt text, translated reference-link labels and the definitions added for
them).  What is left is drift: blocks changed, added or removed in English, and
within changed blocks the pairs whose English no longer matches.

Pure: pages in, a :class:`Comparison` out.  :class:`doclint.context.Context` computes it once per
page, for DL401 and for the drift an audit reports; :mod:`doclint.drift` walks pages and reads git.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from doclint.align import align_keyed
from doclint.align import block_key as align_block_key
from doclint.drift_report import Change
from doclint.page import Block, Page, Pair
from doclint.patterns import LIST_MARK as _LIST_MARK
from doclint.patterns import PROSE_KINDS as _PROSE
from doclint.patterns import QUOTE_MARKS as _QUOTE_MARKS
from doclint.patterns import REFDEF_TARGET as _REFDEF
from doclint.sequence import Budget, opcodes
from doclint.text import squash

_IMAGE_ALT = re.compile(r"!\[[^\]\n]*\]")
_LABEL = re.compile(r"\[([^\[\]\n]+)\]")
_URL_LOCALE = re.compile(r"(?<=/)[a-z]{2}-[a-z]{2,4}(?=/)", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_LITERAL = frozenset({"fence", "annotation", "comment"})  # never hold link labels or translated alt text


# --- folding --------------------------------------------------------------------------------


def _normal_label(label: str) -> str:
    return _WHITESPACE.sub(" ", label.strip()).lower()


def link_labels(page: Page) -> dict[str, str]:
    """Reference-link label -> target of a page's definitions (labels compared as CommonMark does)."""
    labels: dict[str, str] = {}
    for block in page.blocks:
        if block.kind == "refdef":
            match = _REFDEF.match(block.source.strip())
            if match:
                labels.setdefault(_normal_label(match.group(1)), match.group(2))
    return labels


def fold(text: str, labels: dict[str, str], literal: bool = False) -> str:
    """The comparison key of English text: pipeline changes folded away.

    Image alt text is dropped (the pipeline translates it outside pairs), a
    reference-link label is replaced by its target (the pipeline translates labels
    and adds a definition for the translated one), and the locale in a URL path
    (``/en-us/`` made ``/zh-CN/``) is neutralised.
    """
    if not literal:
        if "![" in text:
            text = _drop_image_alt(text)
        if labels and "[" in text:
            text = _LABEL.sub(lambda m: _resolve(m, labels), text)
        if "://" in text:
            text = _URL_LOCALE.sub("xx-xx", text)
    return squash(text)


def _drop_image_alt(text: str) -> str:
    """``_IMAGE_ALT.sub("![]", text)``, each line searched only up to its last ``]``, where alt text ends.

    Past it every ``![`` would cost a search to the end of the line: quadratic time on a line of them.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "![" in line:
            end = line.rfind("]") + 1
            lines[number] = _IMAGE_ALT.sub("![]", line[:end]) + line[end:]
    return "\n".join(lines)


def _resolve(match: re.Match[str], labels: dict[str, str]) -> str:
    target = labels.get(_normal_label(match.group(1)))
    return match.group() if target is None else f"[>{target}]"


def _strip_marks(block: Block, text: str, first: bool) -> str:
    """Drop blockquote markers and (at the start of the block) the list marker."""
    if block.kind == "blockquote" or ">" in text[:4]:
        text = _QUOTE_MARKS.sub("", text)
    if block.kind == "list_item" and first:
        text = _LIST_MARK.sub("", text, count=1)
    return text


def block_key(block: Block, labels: dict[str, str]) -> str:
    """The comparison key of a block's English side."""
    kind = block.kind
    if kind == "table_sep":
        return f"table_sep:{block.source.count('|')}"
    group = "prose" if kind in _PROSE else kind
    return f"{group}:{fold(_strip_marks(block, block.source, True), labels, kind in _LITERAL)}"


# --- comparison -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StalePair:
    """A pair whose English no longer matches the current English block aligned with it."""

    pair: Pair
    old: str
    new: str
    source_line: int | None


@dataclass
class Comparison:
    """A translated page compared with the current English page."""

    changes: list[Change]
    stale_pairs: list[StalePair]


def _is_added_definition(block: Block, english_targets: set[str]) -> bool:
    """A definition the pipeline added for a translated label: its target is one the English defines."""
    if block.kind != "refdef":
        return False
    match = _REFDEF.match(block.source.strip())
    return match is not None and match.group(2) in english_targets


def keys_of(blocks: list[Block], labels: dict[str, str]) -> list[str]:
    """The :func:`block_key` of each block."""
    return [_drift_key(block, labels) for block in blocks]


def _folds_as_aligned(block: Block, labels: dict[str, str]) -> bool:
    """Whether :func:`block_key` of ``block`` is its alignment key (a sufficient test, not a necessary one).

    Both strip the same marks unless a block other than a blockquote has ``>`` at its start, and
    :func:`fold` is :func:`squash` when there is no image, no label to resolve and no URL (marks
    are only dropped after a line end, so dropping them cannot make ``![`` or ``://``).
    """
    kind = block.kind
    text = block.source
    return kind == "table_sep" or ((kind == "blockquote" or ">" not in text[:4]) and (
        kind in _LITERAL or ("![" not in text and "://" not in text and not (labels and "[" in text))))


def _drift_key(block: Block, labels: dict[str, str]) -> str:
    """:func:`block_key`, through the (memoised) alignment key when the two are the same."""
    return align_block_key(block) if _folds_as_aligned(block, labels) else block_key(block, labels)


def _same_keys(english: list[Block], target: list[Block], labels: dict[str, str]) -> bool:
    """Whether blocks paired by position have equal keys, the pages having the same ``labels``.

    Blocks of the same kind and text have the same key, so only the others are folded.
    """
    if len(english) != len(target):
        return False
    for current, translated in zip(english, target):
        if current.source == translated.source and current.kind == translated.kind:
            continue
        if _drift_key(current, labels) != _drift_key(translated, labels):
            return False
    return True


def compare(target: Page, english: Page, budget: Budget | None = None) -> Comparison:
    """The English changes between a page's English side and the current English page.

    Most pages have no change, and that is found without folding every block; :func:`compare_plainly`
    is the same comparison without its shortcuts.  ``budget``: the page's matching work (see
    :mod:`doclint.sequence`), one of its own if not given.
    """
    target_labels, english_labels = link_labels(target), link_labels(english)
    if english_labels == target_labels and _same_keys(english.blocks, target.blocks, english_labels):
        return Comparison([], [])  # what the general comparison finds when every key is equal
    english_keys = keys_of(english.blocks, english_labels)
    target_keys = keys_of(target.blocks, target_labels)
    if english_keys == target_keys:
        return Comparison([], [])
    return _compare(target, english, target_labels, english_labels, english_keys, target_keys,
                    budget if budget is not None else Budget())


def compare_plainly(target: Page, english: Page) -> Comparison:
    """:func:`compare` without its shortcuts: every block folded by :func:`block_key`, every page aligned."""
    target_labels, english_labels = link_labels(target), link_labels(english)
    return _compare(target, english, target_labels, english_labels,
                    [block_key(block, english_labels) for block in english.blocks],
                    [block_key(block, target_labels) for block in target.blocks], Budget())


def _compare(target: Page, english: Page, target_labels: dict[str, str], english_labels: dict[str, str],
             english_keys: list[str], target_keys: list[str], budget: Budget) -> Comparison:
    """The changes between the pages' aligned blocks, given the blocks' keys (within the matching ``budget``)."""
    changes: list[Change] = []
    stale: list[StalePair] = []
    keys = {id(block): key for block, key in zip(english.blocks, english_keys)}
    keys.update({id(block): key for block, key in zip(target.blocks, target_keys)})
    english_targets = set(english_labels.values())
    for current, translated in align_keyed(english.blocks, target.blocks, english_keys, target_keys, budget):
        if current is not None and translated is not None:
            if keys[id(current)] == keys[id(translated)]:
                continue
            changes.append(Change("changed", translated.source, current.source, translated.line, current.line,
                                  translated.kind))
            stale.extend(_stale_pairs(translated, current, target_labels, english_labels, target.text, budget))
        elif translated is not None:
            if _is_added_definition(translated, english_targets) or not keys[id(translated)].split(":", 1)[1]:
                continue
            changes.append(Change("removed", translated.source, "", translated.line, None, translated.kind))
            stale.extend(StalePair(pair, pair.source or "", "", None) for pair in translated.pairs
                         if pair.source is not None and pair.source.strip())
        elif current is not None:
            if not keys[id(current)].split(":", 1)[1]:
                continue
            changes.append(Change("added", "", current.source, None, current.line, current.kind))
    return Comparison(changes, stale)


def _stale_pairs(block: Block, english: Block, labels: dict[str, str], english_labels: dict[str, str],
                 text: str, budget: Budget) -> list[StalePair]:
    """The pairs of a changed block whose English differs from the aligned current English block.

    The block's English is rebuilt piece by piece (text outside pairs, each pair's
    English), folded piece by piece, and compared character by character with the
    folded current block; a pair overlapping a difference is stale.
    """
    if not block.pairs:
        return []
    literal = block.kind in _LITERAL
    pieces: list[tuple[int, int, Pair]] = []
    parts: list[str] = []
    length = 0
    position = block.start
    for index, pair in enumerate(block.pairs):
        outside = fold(_strip_marks(block, text[position : pair.start], index == 0), labels, literal)
        parts.append(outside)
        length += len(outside)
        inside = fold(pair.source if pair.source is not None else pair.target, labels, literal)
        pieces.append((length, length + len(inside), pair))
        parts.append(inside)
        length += len(inside)
        position = pair.end
    parts.append(fold(_strip_marks(block, text[position : block.end], not block.pairs), labels, literal))
    old = "".join(parts)
    new = fold(_strip_marks(english, english.source, True), english_labels, literal)
    flagged: dict[int, None] = {}
    # Pieces are in order and do not overlap: the ones a change touches are found by bisection.
    starts = [start for start, _, _ in pieces]
    ends = [end for _, end, _ in pieces]
    for tag, i1, i2, _, _ in opcodes(old, new, budget):
        if tag == "equal":
            continue
        if i2 > i1:  # the pieces with start < i2 and end > i1
            hits: Iterable[int] = range(bisect_right(ends, i1), bisect_left(starts, i2))
        else:  # an insertion belongs to the pair it extends, else to the pair it precedes
            extended = bisect_left(ends, i1)
            preceded = bisect_left(starts, i1)
            hits = [extended] if extended < len(pieces) and starts[extended] < i1 else \
                [preceded] if preceded < len(pieces) and starts[preceded] == i1 else []
        flagged.update(dict.fromkeys(n for n in hits if pieces[n][2].source is not None))
    result = []
    for number in flagged:
        pair = pieces[number][2]
        result.append(StalePair(pair, pair.source or "", english.source.strip(), english.line))
    return result
