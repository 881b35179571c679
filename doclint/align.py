"""Align the blocks of a translated page with the blocks of its English page.

Blocks are compared by a key built from their English side (the English text
of each pair, outside-pair text as is) after folding what the pipeline changes.
Equal keys align directly; in a changed stretch, blocks of the same kind are
paired by similarity, and what is left over is missing or extra.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from doclint.page import Block
from doclint.patterns import LIST_MARK as _LIST_MARK
from doclint.patterns import PROSE_KINDS as _PROSE
from doclint.patterns import QUOTE_MARKS as _QUOTE_MARKS
from doclint.sequence import Budget, opcodes, ratio
from doclint.text import squash

Aligned = tuple[Block | None, Block | None]


# Regions larger than this are paired by position alone: similarity is quadratic.
_MAX_SIMILARITY_REGION = 60


def block_key(block: Block) -> str:
    """The comparison key of a block: its kind and its folded English text."""
    return _key(block.kind, block.source)


def _key(kind: str, text: str) -> str:
    """:func:`block_key` of a block of ``kind`` with English ``text``.

    Memoised for short texts: a translated page's blocks mostly have its English page's text,
    and headings, table rows and includes recur from page to page; a long block (a code fence)
    rarely recurs and would only fill the memo.
    """
    return _short_key(kind, text) if len(text) <= _MEMO_LIMIT else _fold_key(kind, text)


def _fold_key(kind: str, text: str) -> str:
    if kind == "table_sep":
        return f"table_sep:{text.count('|')}"
    if kind == "blockquote":
        text = _QUOTE_MARKS.sub("", text)
    elif kind == "list_item":
        text = _LIST_MARK.sub("", text, count=1)
    group = "prose" if kind in _PROSE else kind
    return f"{group}:{squash(text)}"


_MEMO_LIMIT = 1000
_short_key = lru_cache(maxsize=8192)(_fold_key)


def align(english: list[Block], target: list[Block], budget: Budget | None = None) -> list[Aligned]:
    """Pairs (English block, translated block) in page order; ``None`` where one side lacks it.

    ``budget``: the page's matching work (see :mod:`doclint.sequence`).
    """
    return align_keyed(english, target, [block_key(block) for block in english], [block_key(block) for block in target],
                       budget)


def align_keyed(english: list[Block], target: list[Block], english_keys: list[str],
                target_keys: list[str], budget: Budget | None = None) -> list[Aligned]:
    """Align blocks by the given keys: equal keys directly, changed stretches by :func:`pair_region`."""
    if english_keys == target_keys:
        return list(zip(english, target))
    budget = budget if budget is not None else Budget()
    result: list[Aligned] = []
    for tag, i1, i2, j1, j2 in opcodes(english_keys, target_keys, budget):
        if tag == "equal":
            result.extend(zip(english[i1:i2], target[j1:j2]))
        else:
            result.extend(pair_region(english[i1:i2], target[j1:j2], english_keys[i1:i2], target_keys[j1:j2],
                                      budget))
    return result


def _same_kind(left: Block, right: Block) -> bool:
    return left.kind == right.kind or (left.kind in _PROSE and right.kind in _PROSE)


def pair_region(english: list[Block], target: list[Block], english_keys: list[str],
                target_keys: list[str], budget: Budget | None = None) -> list[Aligned]:
    """Pair the blocks of a changed stretch: by position when the kinds line up, else by similarity
    (while the page's matching ``budget`` lasts)."""
    if len(english) == len(target) and all(map(_same_kind, english, target)):
        return list(zip(english, target))
    if len(english) * len(target) > _MAX_SIMILARITY_REGION**2:
        return [(block, None) for block in english] + [(None, block) for block in target]
    budget = budget if budget is not None else Budget()
    result: list[Aligned] = []
    next_target = 0
    for index, block in enumerate(english):
        best, best_score = -1, 0.5
        for candidate in range(next_target, len(target)):
            if not _same_kind(block, target[candidate]):
                continue
            english_key, target_key = english_keys[index], target_keys[candidate]
            if not budget.spend(len(english_key) + len(target_key)):
                continue  # the page's matching work is spent: no more similarities
            matcher = SequenceMatcher(None, english_key, target_key, autojunk=False)
            if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                continue
            score = ratio(english_key, target_key, budget)
            if score > best_score:
                best, best_score = candidate, score
        if best == -1:
            result.append((block, None))
            continue
        result.extend((None, extra) for extra in target[next_target:best])
        result.append((block, target[best]))
        next_target = best + 1
    result.extend((None, extra) for extra in target[next_target:])
    return result
