"""English changes since the handoff (DL401 with the English at handoff, DL402–DL404) and segments whose
English is not the English at handoff (DL306).  DL405 (the current English page gone) is the engine's.

These rules run when the English the page was translated from is known (``--handoff``, ``--git``): the
translation rules then compare the page with that English, and what changed between it and the current
English is reported here as drift, each finding naming the English at handoff.  Without it they find
nothing (DL401 then compares the pairs with the current English, as ``doclint drift`` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from doclint.checks import Context, Hit, check
from doclint.checks.habits import cut_otherwise, made_from_leftovers
from doclint.handoff_drift import EnglishChange, handoff_drift, merged_comment
from doclint.sequence import Budget, opcodes
from doclint.text import shorten

if TYPE_CHECKING:
    from doclint.page import Block

_KIND_NAMES = {
    "heading": "heading", "paragraph": "paragraph", "list_item": "list item", "blockquote": "blockquote",
    "table_row": "table row", "table_sep": "table separator row", "fence": "code block",
    "annotation": "annotation", "comment": "HTML comment", "include": "include", "tab": "tab header",
    "refdef": "reference-link definition", "rule": "horizontal rule",
}
_LINE_KINDS = frozenset({"fence", "annotation", "comment"})


def describe(block: Block) -> str:
    """A block named for a message: its kind and the start of its text (a table row by its first cell)."""
    kind = _KIND_NAMES.get(block.kind, block.kind)
    if block.kind == "table_row" and block.cells:
        return f"table row {shorten(block.cells[0].source, 40)!r} ({' | '.join(block.header)})"
    if block.kind in ("fence", "annotation"):
        return kind
    return f"{kind} {shorten(block.source, 60)!r}"


def _where(block: Block) -> str:
    return f"line {block.line} of the English page"


def _difference(old: Block, new: Block, budget: Budget) -> str:
    """What changed between two versions of a block: the first differing lines of a code block or
    annotation, else both texts."""
    if old.kind in _LINE_KINDS and new.kind in _LINE_KINDS:
        before, after = old.source.split("\n"), new.source.split("\n")
        # Within the page's budget of work: the English at handoff may come from anyone's commit.
        for tag, i1, i2, j1, j2 in opcodes([line.strip() for line in before], [line.strip() for line in after],
                                           budget):
            if tag == "equal":
                continue
            was = shorten(" / ".join(before[i1:i2])) if i2 > i1 else ""
            now = shorten(" / ".join(after[j1:j2])) if j2 > j1 else ""
            if not was:
                return f"line {now!r} added"
            if not now:
                return f"line {was!r} removed"
            return f"{was!r} is now {now!r}"
    return f"it was {shorten(old.source)!r}; it is now {shorten(new.source)!r}"


def _changes(context: Context, kind: str) -> Iterator[EnglishChange]:
    if not context.handoff:
        return iter(())
    return (change for change in handoff_drift(context).changes if change.kind == kind)


def stale_since_handoff(context: Context) -> Iterator[Hit]:
    """DL401 with the English at handoff: each pair whose English changed since, in the changed blocks."""
    for change in _changes(context, "changed"):
        new = change.new
        if new is None:
            continue
        for stale in change.stale:
            pair = stale.pair
            yield Hit(pair.line, pair.column,
                      f"the English of pair {pair.target_id!r} changed since {context.handoff}: it was "
                      f"{shorten(stale.old)!r}; the English page now has {shorten(stale.new, 160)!r} "
                      f"({_where(new)})", stale.new, stale.old)


@check("DL402")
def english_block_added(context: Context) -> Iterator[Hit]:
    """Report each block the English gained since the handoff, where it would stand on the page."""
    for change in _changes(context, "added"):
        new = change.new
        assert new is not None
        yield Hit(change.line, 1, f"{describe(new)} was added to the English since {context.handoff} "
                                  f"({_where(new)}); the page does not have it yet", new.source, "")


@check("DL403")
def english_block_removed(context: Context) -> Iterator[Hit]:
    """Report each block of the English at handoff that the current English no longer has."""
    for change in _changes(context, "removed"):
        old = change.old
        assert old is not None
        still = "the page still has it" if change.block is not None else "the page does not have it either"
        yield Hit(change.line, 1, f"{describe(old)} was removed from the English since {context.handoff}; {still}",
                  "", old.source)


@check("DL404")
def english_block_changed(context: Context) -> Iterator[Hit]:
    """Report each block changed in the English since the handoff that no stale pair (DL401) reports."""
    for change in _changes(context, "changed"):
        if change.stale:
            continue
        old, new = change.old, change.new
        if old is None or new is None:
            yield Hit(change.line, 1, f"the English page changed since {context.handoff} between its blocks")
            continue
        missing = "" if change.block is not None else "; the page does not have this block"
        yield Hit(change.line, 1, f"{describe(old)} changed in the English since {context.handoff}: "
                                  f"{_difference(old, new, context.budget)} ({_where(new)}){missing}", new.source, old.source)


@check("DL306")
def segment_not_at_handoff(context: Context) -> Iterator[Hit]:
    """With the English at handoff: the pairs whose English that English does not have, once per page.

    Such pairs are a habit of the page's pipeline (segments reused from translation memory), so the page
    gets one finding, on its first such pair, naming the habit and the lines of the others.  A pair whose
    English has the words of the aligned English block, cut, cased or punctuated otherwise, is not one; nor is
    one whose translation was made from the English at handoff (:func:`doclint.checks.habits.made_from_leftovers`).
    """
    if not context.handoff:
        return
    english = context.english.text if context.english is not None else ""
    leftovers = []
    others = []
    for stale in context.comparison.stale_pairs:  # the page compared with the English at handoff
        if merged_comment(stale, english):
            continue  # a comment the pipeline merged into the pair's English: the rest is the English's
        if stale.source_line is not None and cut_otherwise(context, stale.pair, stale.new):
            others.append((stale.pair, stale.old, stale.new))
            continue
        if stale.old.strip():  # an empty English is DL305's finding
            leftovers.append(stale)
    made = made_from_leftovers([(stale.pair, stale.old, stale.new if stale.source_line is not None else "")
                                for stale in leftovers], others)
    leftovers = [stale for stale, reported in zip(leftovers, made) if reported]
    if not leftovers:
        return
    first = leftovers[0]
    pair = first.pair
    if len(leftovers) == 1:
        yield Hit(pair.line, pair.column,
                  f"the English of pair {pair.target_id!r} is not in {context.handoff}: {shorten(first.old)!r} "
                  f"(reused from translation memory, or sentences merged or split otherwise)", first.new, first.old)
        return
    lines = sorted({stale.pair.line for stale in leftovers})
    shown = ", ".join(str(line) for line in lines[:12]) + (", …" if len(lines) > 12 else "")
    yield Hit(pair.line, pair.column,
              f"{len(leftovers)} pairs carry English that is not in {context.handoff} (translation-memory "
              f"leftovers, or sentences merged or split otherwise), on lines {shown}; the first was "
              f"{shorten(first.old)!r}", first.new, first.old)
