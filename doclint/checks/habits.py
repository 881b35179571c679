"""Pipeline habits: block differences that are how a localization pipeline cut the page, not what it lost.

Every pipeline cuts a page into segments its own way, and an older one (de-DE, 2019) has habits the
newer ones lack:

- an annotation comment merged into a pair (``Get a **calendar** instance: <!-- { … } -->``): the comment
  is still on the page, inside the pair, so the English block "missing" is there;
- paragraphs split or merged differently: two English blocks in one translated block, or one in two.

Both show as blocks missing (DL103) and extra (DL104) whose English text, put together, is the same.
:func:`tolerated_blocks` finds them generally: in each stretch of blocks the alignment leaves unpaired,
when the English of the missing blocks and the English of the extra ones are the same text once joined
(white space and escaping folded), nothing was lost, whatever the locale's habit.  An annotation or
comment the English page has as a block and the translated page holds inside another block is
tolerated the same way.

Segments cut or cased otherwise (:func:`same_words`): a pair whose English differs from the English page's
block only in case, punctuation, markup or where the segments were cut (``drive resource type`` for
``# Drive resource type``, ``(0)`` for ``0``, ``it's`` for ``its``) was translated from the same words, so
its translation is not out of date: DL401 and DL306 tolerate it.

Segments reused from translation memory: pairs whose English is not in the English page the page was
translated from.  The older pipeline often kept such a pair's English (the memory's) while its translation
says what the English page says: the published page is right.  :func:`translated_from` tells by what a
translation keeps verbatim (identifiers, code, bold names, link targets, numbers): a translation holding
what only the English page has, and nothing only the pair's English has, was made from the English page,
and so, on a page with such pairs and none made from the leftover, were the rest (the pipeline's habit).
Such pairs are tolerated (:func:`made_from_leftovers`); what is left is reported.  Without the English at
handoff a check cannot tell them from English changes; when the page's copied front matter shows the
English did not move, DL401 reports them once per page, naming the habit and the lines; with it
(``--handoff``, ``--git``) DL306 does.

One habit is a real defect: a code fence opened inside a pair (:func:`fence_in_pair`) makes the rest of
the page parse as code, so every block after it is missing or extra.  It is reported once, naming the
habit, instead of once per block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from doclint.checks import Context, Hit
from doclint.page import LOCALIZATION_KEYS, Block, Page, Pair
from doclint.text import squash, strip_anchors, unescape

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"(?:^|\s|-->)(?:```|~~~)")
_OWN_BLOCKS = frozenset({"annotation", "comment"})
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_TARGET = re.compile(r"\]\(([^()\s]+)")


def _joined(blocks: list[Block]) -> str:
    return "".join(squash(block.source) for block in blocks)


def _same_text(english: list[Block], target: list[Block], previous: tuple[Block, Block] | None,
               following: tuple[Block, Block] | None) -> bool:
    """Whether unpaired English and translated blocks hold the same English, alone or with an aligned neighbour.

    The alignment may pair a merged translated block with the first English block it holds: the English
    blocks left over then join that pair's English (or precede the next pair's) to make its translated
    block's English.
    """
    if english and target and _joined(english) == _joined(target):
        return True
    candidates = []
    if previous is not None:
        candidates.append(([previous[0], *english], [previous[1], *target]))
    if following is not None:
        candidates.append(([*english, following[0]], [*target, following[1]]))
    return any(_joined(left) == _joined(right) for left, right in candidates)


def _merged_comments(context: Context) -> Counter[str]:
    """The comments the translated page holds inside blocks of other kinds (a pair, a paragraph)."""
    pool: Counter[str] = Counter()
    for block in context.target.blocks:
        if block.kind not in _OWN_BLOCKS and ("<!--" in block.source or "<!--" in block.target):
            # the pipeline merged it into the pair's English, or into its translation only
            english = Counter(squash(comment) for comment in _COMMENT.findall(block.source))
            translated = Counter(squash(comment) for comment in _COMMENT.findall(block.target))
            pool.update(english | translated)
    return pool


def tolerated_blocks(context: Context) -> frozenset[int]:
    """Start offsets of the unpaired blocks (English and translated) that a pipeline habit explains (cached).

    English and translated offsets are kept apart by sign: an English block's is negated, less one.
    """
    cached = context.cache.get("habits:tolerated")
    if cached is not None:
        return cached  # type: ignore[return-value]
    tolerated: set[int] = set()
    pool: Counter[str] | None = None
    run_english: list[Block] = []
    run_target: list[Block] = []
    previous: tuple[Block, Block] | None = None

    def close(following: tuple[Block, Block] | None) -> None:
        nonlocal pool
        if (run_english or run_target) and _same_text(run_english, run_target, previous, following):
            tolerated.update(-block.start - 1 for block in run_english)
            tolerated.update(block.start for block in run_target)
        else:
            for block in run_english:
                if block.kind in _OWN_BLOCKS:
                    if pool is None:
                        pool = _merged_comments(context)
                    key = squash(block.source)
                    if pool[key] > 0:
                        pool[key] -= 1
                        tolerated.add(-block.start - 1)
        run_english.clear()
        run_target.clear()

    for english, target in context.alignment:
        if english is not None and target is not None:
            close((english, target))
            previous = (english, target)
        elif english is not None:
            run_english.append(english)
        elif target is not None:
            run_target.append(target)
    close(None)
    result = frozenset(tolerated)
    context.cache["habits:tolerated"] = result
    return result


def english_tolerated(context: Context, block: Block) -> bool:
    """Whether an English block missing from the translation is there after all, cut otherwise."""
    return -block.start - 1 in tolerated_blocks(context)


def target_tolerated(context: Context, block: Block) -> bool:
    """Whether a translated block with no English counterpart holds English blocks cut otherwise."""
    return block.start in tolerated_blocks(context)


def fence_in_pair(context: Context) -> Pair | None:
    """The first pair whose English opens a code fence (cached): the page parses as code from there on."""
    cached = context.cache.get("habits:fence")
    if cached is None:
        # the pipeline escapes the backticks it swallows (\`\`\`http), which Markdown then shows literally
        found = next((pair for pair in context.target.pairs
                      if pair.source is not None and "`" in pair.source
                      and _FENCE.search(pair.source.replace("\\", ""))), None)
        cached = context.cache["habits:fence"] = (found,)
    return cached[0]  # type: ignore[index, no-any-return]


def merged_comment_only(old: str, new: str | None, english_text: str) -> bool:
    """Whether a pair's English differs from the English page only by a comment merged into it.

    ``new`` is the aligned English block's text, ``None`` when the pair's English is no longer on the page;
    then what is left without the comment must stand somewhere in ``english_text`` (squashed).
    """
    if "<!--" not in old:
        return False
    left = squash(_COMMENT.sub("", old))
    if new is not None:
        return left == squash(_COMMENT.sub("", new)) or (bool(left) and left in squash(new))
    return not left or left in english_text



#: English articles: many locales have none, so a translation says the same with or without one.
_ARTICLES = frozenset({"a", "an", "the"})


def _words(text: str) -> Counter[str]:
    words = _WORD.findall(unescape(strip_anchors(text)).casefold().replace("'", "").replace("\u2019", ""))
    return Counter(word for word in words if word not in _ARTICLES)


def same_words(old: str, new: str) -> bool:
    """Whether two English texts hold the same words, whatever their case, punctuation, markup, order and
    articles: a translation made from one says what the other says.  An empty text has no words to compare."""
    if not old.strip() or not new.strip():
        return False
    return _words(old) == _words(new)


def block_of(context: Context, pair: Pair) -> Block | None:
    """The translated block holding ``pair`` (an index built once per page, cached)."""
    index = context.cache.get("habits:blocks")
    if index is None:
        index = context.cache["habits:blocks"] = {held.start: block for block in context.target.blocks
                                                  for held in block.pairs}
    return index.get(pair.start)  # type: ignore[no-any-return, attr-defined]


def cut_otherwise(context: Context, pair: Pair, new: str, cell: str | None = None) -> bool:
    """Whether a pair whose English is not word for word in the English block ``new`` aligned with its block
    holds the same words as it: its block's English has the words of ``new`` (the segments were cut, cased or
    punctuated otherwise), or, in a table, its own English has those of its aligned English ``cell``."""
    if cell is not None and pair.source is not None and same_words(pair.source, cell):
        return True
    block = block_of(context, pair)
    return block is not None and same_words(block.source, new)


#: Front-matter keys a translated page does not copy from its English as it was at handoff.
_NOT_COPIED = frozenset({"title", "description"})


def front_matter_moved(target: Page, english: Page) -> bool:
    """Whether a front-matter key the page copied from its English at handoff (``author``, ``ms.prod``, …:
    not the translated title and description, nor the localization keys) differs from the English page's."""
    ours, theirs = target.front_matter, english.front_matter
    return any(ours.get(key, "").strip() != theirs.get(key, "").strip()
               for key in (ours.keys() | theirs.keys()) - LOCALIZATION_KEYS - _NOT_COPIED)


def leftover(hit: Hit) -> Hit:
    """The finding of one pair whose English the English page does not have, on a page whose front matter
    shows no English change: it names both causes."""
    return replace(hit, message=hit.message + "; the page's front matter shows no English change, so its English "
                                              "may be reused from translation memory (--git tells which): check that "
                                              "its translation says what the English page says")


def leftovers(hits: list[Hit]) -> Hit:
    """One finding for the pairs (``hits``, in page order) whose English the English page does not have, on
    the first one's line: the lines of all, and what the first pair's English was."""
    first = hits[0]
    lines = sorted({hit.line for hit in hits})
    shown = ", ".join(str(line) for line in lines[:12]) + (", …" if len(lines) > 12 else "")
    return Hit(first.line, first.column,
               f"{len(hits)} pairs carry English that is not in the English page, on lines {shown}: English the "
               f"pipeline reused from translation memory, or English changed since the page was translated (its "
               f"front matter shows no change; --git tells which); check that their translations say what the "
               f"English page says; the first: {first.message}", first.english, first.found)


def _kept(text: str) -> set[str]:
    """What a translation keeps verbatim from its English: identifier-shaped words (an inner capital, a digit,
    an underscore), and the text of code spans, bold names and link targets."""
    kept = {word for word in _WORD.findall(text)
            if "_" in word or any(char.isdigit() for char in word)
            or any(char.isupper() for char in word[1:]) and any(char.islower() for char in word)}
    if "`" in text:
        kept.update(match.strip() for match in _CODE.findall(text))
    if "**" in text:
        kept.update(match.strip() for match in _BOLD.findall(text))
    if "](" in text:
        kept.update(_TARGET.findall(text))
    return kept


def translated_from(target: str, old: str, new: str) -> str | None:
    """Which English a translation was made from, as what it keeps verbatim tells: ``"old"`` when it keeps
    something only ``old`` has, ``"new"`` when it keeps something only ``new`` has and nothing only ``old``
    has, ``None`` when it keeps neither."""
    before, after = _kept(old), _kept(new)
    kept = _kept(target)
    # only what one English has in no form tells: `true` for true is the same word, marked otherwise
    if kept & {token for token in before - after if token not in new}:
        return "old"
    if kept & {token for token in after - before if token not in old}:
        return "new"
    return None


def made_from_leftovers(pairs: list[tuple[Pair, str, str]], others: list[tuple[Pair, str, str]]) -> list[bool]:
    """For each (pair, its English, the English page's aligned text) whose English the English page does not
    have: whether its translation may say what the leftover English says, not what the page's English says.

    A translation made from the page's English (:func:`translated_from`) is not; nor, on a page where some are
    and none was made from the leftover, is a translation that keeps nothing to tell by: the page's habit.
    ``others`` are the page's other pairs whose English is not the page's (cut or cased otherwise): what their
    translations keep tells the habit too.
    """
    made = [translated_from(pair.target, old, new) if new else None for pair, old, new in pairs]
    told = made + [translated_from(pair.target, old, new) for pair, old, new in others if new]
    habit = "new" in told and "old" not in told
    return [verdict == "old" or (verdict is None and not habit) for verdict in made]


def leftover_english(context: Context) -> dict[int, str]:
    """For each pair whose English the English page does not have, by start: the English page's text aligned
    with it (cached; empty without an English page).  A token rule finding a pair's translation at odds with
    its leftover English but at one with this text has found the leftover, not a translation defect."""
    cached = context.cache.get("habits:leftover")
    if cached is None:
        cached = context.cache["habits:leftover"] = {} if context.english is None else {
            stale.pair.start: stale.new for stale in context.comparison.stale_pairs if stale.source_line is not None}
    return cached  # type: ignore[return-value]
