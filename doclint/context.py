"""The context every rule reads: a parsed page, its parsed English page, and how they compare.

The comparison of the two pages is computed here, once per page and only when read: the block
alignment (what the structure rules read) and the drift comparison (what DL401 and an audit read).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from doclint.align import Aligned, align, block_key
from doclint.drift_compare import Comparison, compare
from doclint.page import Block, Page
from doclint.sequence import Budget


@dataclass
class Context:
    """One translated page, its English page (if compared), and their comparison: what every rule reads.

    The alignment and the drift comparison are computed once per page, when first read; ``cache``
    holds what the rules of a family share on one page.

    With the English at handoff (``--handoff``, ``--git``), ``english`` is that English, the one the page
    was translated from, ``handoff`` names it for messages and ``current`` is the current English page
    (``english`` itself when the two have the same content; ``None`` when it is gone): the translation
    rules compare with ``english``, the drift rules (DL4xx) with both.
    """

    path: str
    target: Page
    english: Page | None = None
    cache: dict[str, object] = field(default_factory=dict)
    current: Page | None = None
    handoff: str = ""
    locale: str = ""  # the name of the page's locale root (the term rules' locale without ms.contentlocale)

    @cached_property
    def keys_equal(self) -> bool:
        """Whether both pages have the same blocks by key (:func:`~doclint.align.block_key`), in the same order.

        Found without building every key: blocks of the same kind and English text have the same key,
        and on most pages only a few blocks (headings with pipeline anchors) differ in text.
        """
        if self.english is None:
            return False
        english, target = self.english.blocks, self.target.blocks
        if len(english) != len(target):
            return False
        for current, translated in zip(english, target):
            if (current.source != translated.source or current.kind != translated.kind) \
                    and block_key(current) != block_key(translated):
                return False
        return True

    @cached_property
    def budget(self) -> Budget:
        """The matching work the page's comparisons (alignment, drift, code lines) share: a page of many
        costly blocks is bounded as a whole (see :mod:`doclint.sequence`)."""
        return Budget()

    @cached_property
    def alignment(self) -> list[Aligned]:
        """Block pairs (English, translated) in page order; empty without an English page."""
        if self.english is None:
            return []
        if self.keys_equal:
            return list(zip(self.english.blocks, self.target.blocks))
        return align(self.english.blocks, self.target.blocks, self.budget)

    @cached_property
    def counterparts(self) -> dict[int, Block]:
        """The English block aligned with each translated block, by the block's start offset."""
        return {target.start: english for english, target in self.alignment if english and target}

    def counterpart(self, block: Block) -> Block | None:
        """The English block aligned with ``block``, if any."""
        return self.counterparts.get(block.start)

    @cached_property
    def changed_pairs(self) -> list[tuple[Block, Block]]:
        """Every aligned pair whose text differs (English, translated), in page order."""
        return [(english, target) for english, target in self.alignment
                if english is not None and target is not None and english.source != target.target]

    @cached_property
    def _changed_by_kind(self) -> dict[str | tuple[str, ...], list[tuple[Block, Block]]]:
        """:attr:`changed_pairs` by the translated block's kind; lists for several kinds are added on demand."""
        by_kind: dict[str | tuple[str, ...], list[tuple[Block, Block]]] = {}
        for pair in self.changed_pairs:
            kind = pair[1].kind
            found = by_kind.get(kind)
            if found is None:
                by_kind[kind] = [pair]
            else:
                found.append(pair)
        return by_kind

    def changed(self, *kinds: str) -> Iterator[tuple[Block, Block]]:
        """Aligned pairs of the given kinds whose text differs (English, translated)."""
        by_kind = self._changed_by_kind
        if len(kinds) == 1:
            return iter(by_kind.get(kinds[0], ()))
        key = tuple(sorted(kinds))
        found = by_kind.get(key)
        if found is None:
            found = by_kind[key] = [pair for pair in self.changed_pairs if pair[1].kind in kinds]
        return iter(found)

    @cached_property
    def comparison(self) -> Comparison:
        """The page's English compared with the current English page (drift: DL401, and an audit's drift)."""
        assert self.english is not None, "the comparison needs the English page"
        return compare(self.target, self.english, self.budget)
