"""The rule registry and the context every rule reads.

A rule is a small pure function ``check(context) -> Iterable[Hit]`` registered
with a stable code, a kebab-case name and a default severity.  The engine turns
hits into :class:`~doclint.finding.Finding` records with the effective severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from doclint.align import Aligned, align, block_key
from doclint.finding import Fix, Severity
from doclint.page import Block, Page


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: where, and what differs (``english`` is what the source has)."""

    line: int
    column: int
    message: str
    english: str = ""
    found: str = ""
    fix: Fix | None = None  # set by fixable rules when the repair is certain


@dataclass
class Context:
    """One translated page, its English page (if compared) and their alignment."""

    path: str
    target: Page
    english: Page | None = None
    cache: dict[str, object] = field(default_factory=dict)

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
    def alignment(self) -> list[Aligned]:
        """Block pairs (English, translated) in page order; empty without an English page."""
        if self.english is None:
            return []
        if self.keys_equal:
            return list(zip(self.english.blocks, self.target.blocks))
        return align(self.english.blocks, self.target.blocks)

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
        return [pair for pair in self.alignment
                if pair[0] is not None and pair[1] is not None and pair[0].source != pair[1].target]

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


RuleFunction = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: identity, defaults and its check function."""

    code: str
    name: str
    severity: Severity
    summary: str
    check: RuleFunction
    needs_source: bool = False
    fixable: bool = False
    default_enabled: bool = True


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, summary: str, *, needs_source: bool = False,
         fixable: bool = False, default_enabled: bool = True) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``function`` as the check of rule ``code``."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, summary, function, needs_source, fixable, default_enabled)
        return function

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, importing the rule modules on first use."""
    from doclint.checks import blocks, code, enums, meta, pairs, parsing, segments, stale, tables  # noqa: F401

    return REGISTRY
