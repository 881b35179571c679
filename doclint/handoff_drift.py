"""The English changes since a page's handoff, placed on the translated page.

The English at handoff (what the page was translated from) and the current English are both English
pages, so they are compared as they are: blocks are equal when their text is equal once white space and
backslashes are dropped (the notion of "changed in content" drift uses), and aligned by that key.  Each
changed, removed or added block is then placed on the translated page through the page's alignment with
the English at handoff; in a changed block the pairs whose English changed are found as ``doclint drift``
finds them.  Nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from doclint.align import align_keyed
from doclint.drift_compare import StalePair, _stale_pairs, link_labels
from doclint.drift_report import Change, PageDrift
from doclint.handoff_text import COMMIT_KEY, same_content
from doclint.text import squash

if TYPE_CHECKING:
    from doclint.context import Context
    from doclint.page import Block
    from doclint.results import PageJob

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True, slots=True)
class EnglishChange:
    """One block changed (``changed``), removed (``removed``) or added (``added``) in the English since handoff.

    ``old`` is the block of the English at handoff, ``new`` the current English block (either ``None``
    where that side has none; both ``None`` for a change between blocks); ``block`` is the translated block
    of ``old`` (``None`` when the page has none) and ``line`` where the change stands on the translated page.
    ``stale`` holds the pairs of ``block`` whose English changed.
    """

    kind: str
    old: Block | None
    new: Block | None
    block: Block | None
    line: int
    stale: tuple[StalePair, ...] = ()


@dataclass
class HandoffDrift:
    """What changed in the English since the page's handoff (nothing when the content is the same)."""

    changes: list[EnglishChange] = field(default_factory=list)


def _key(block: Block) -> str:
    return f"{block.kind}:{''.join(block.source.replace(chr(92), '').split())}"


def handoff_drift(context: Context) -> HandoffDrift:
    """The English changes since handoff of the page of ``context``, computed once per page."""
    cached = context.cache.get("handoff-drift")
    if cached is None:
        cached = context.cache["handoff-drift"] = _changes(context)
    return cached  # type: ignore[return-value]


def _changes(context: Context) -> HandoffDrift:
    handoff, current = context.english, context.current
    if not context.handoff or handoff is None or current is None or current is handoff \
            or same_content(handoff.text, current.text):
        return HandoffDrift()
    placed = {id(old): block for old, block in context.alignment if old is not None and block is not None}
    target = context.target
    body = target.body_line
    old_keys = [_key(block) for block in handoff.blocks]
    new_keys = [_key(block) for block in current.blocks]
    pairs = align_keyed(current.blocks, handoff.blocks, new_keys, old_keys)
    keys = {id(block): key for block, key in zip(handoff.blocks, old_keys)}
    keys.update({id(block): key for block, key in zip(current.blocks, new_keys)})
    changes: list[EnglishChange] = []
    for index, (new, old) in enumerate(pairs):
        if new is not None and old is not None:
            if keys[id(new)] == keys[id(old)]:
                continue
            block = placed.get(id(old))
            line = block.line if block is not None else _where(pairs, index, placed, body)
            changes.append(EnglishChange("changed", old, new, block, line, _stale(context, block, new)))
        elif old is not None:
            if keys[id(old)].endswith(":"):
                continue  # a block of white space and backslashes only
            block = placed.get(id(old))
            changes.append(EnglishChange("removed", old, None, block,
                                         block.line if block is not None else _where(pairs, index, placed, body)))
        elif new is not None and not keys[id(new)].endswith(":"):
            changes.append(EnglishChange("added", None, new, None, _where(pairs, index, placed, body)))
    if not changes:  # the content differs between blocks (a line of quote marks): still a change
        changes.append(EnglishChange("changed", None, None, None, body))
    return HandoffDrift(changes)


def _where(pairs: list[tuple[Block | None, Block | None]], index: int, placed: dict[int, Block], body: int) -> int:
    """The line of the translated page where the change ``pairs[index]`` stands: after the translated block of
    the nearest block of the English at handoff before it, else before the one after it."""
    for _, old in reversed(pairs[:index]):
        if old is not None and id(old) in placed:
            return placed[id(old)].end_line + 1
    for _, old in pairs[index + 1:]:
        if old is not None and id(old) in placed:
            return placed[id(old)].line
    return body


def _stale(context: Context, block: Block | None, new: Block) -> tuple[StalePair, ...]:
    """The pairs of the translated ``block`` whose English differs from the current English block ``new``."""
    if block is None or not block.pairs or context.current is None:
        return ()
    labels = context.cache.get("handoff-drift:labels")
    if labels is None:
        labels = context.cache["handoff-drift:labels"] = (link_labels(context.target), link_labels(context.current))
    own: dict[str, str]
    current: dict[str, str]
    own, current = labels  # type: ignore[misc]
    return tuple(_stale_pairs(block, new, own, current, context.target.text, context.budget))


def as_changes(drift: HandoffDrift) -> list[Change]:
    """The changes as ``doclint drift`` reports them (lines on the translated and the current English page)."""
    changes = []
    for change in drift.changes:
        either = change.new if change.new is not None else change.old
        changes.append(Change(change.kind, change.old.source if change.old is not None else "",
                              change.new.source if change.new is not None else "",
                              None if change.kind == "added" else change.line,
                              change.new.line if change.new is not None else None,
                              either.kind if either is not None else ""))
    return changes


def page_drift(job: PageJob, context: Context) -> PageDrift:
    """The drift status of a page checked against the English at handoff (what an audit shows)."""
    commit = context.target.front_matter.get(COMMIT_KEY, "").strip()
    if context.current is None:
        gone = any(problem.code == "DL405" for problem in context.target.problems)
        return PageDrift(job.display, job.locale, "missing-source" if gone else "unreadable", commit=commit,
                         note="" if gone else "the English page cannot be read")
    changes = as_changes(handoff_drift(context))
    return PageDrift(job.display, job.locale, "stale" if changes else "current", changes, commit=commit)


def merged_comment(stale: StalePair, english: str) -> bool:
    """Whether a pair differs from the current English only by an HTML comment the pipeline merged into its
    English (``Response <!-- { "blockType": "ignored" } -->``): an artifact, not older English.  The rest of
    its English is in the aligned English block (``english``, the whole current English page, when none)."""
    source = stale.pair.source or ""
    if "<!--" not in source:
        return False
    rest = squash(_COMMENT.sub(" ", source))
    return bool(rest) and rest in squash(stale.new or english)
