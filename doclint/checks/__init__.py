"""The rule registry and the context every rule reads.

A rule is a small pure function ``check(context) -> Iterable[Hit]`` registered
with a stable code, a kebab-case name and a default severity.  The engine turns
hits into :class:`~doclint.finding.Finding` records with the effective severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from doclint.align import Aligned, align
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
    def alignment(self) -> list[Aligned]:
        """Block pairs (English, translated) in page order; empty without an English page."""
        if self.english is None:
            return []
        return align(self.english.blocks, self.target.blocks)

    @cached_property
    def counterparts(self) -> dict[int, Block]:
        """The English block aligned with each translated block, by the block's start offset."""
        return {target.start: english for english, target in self.alignment if english and target}

    def counterpart(self, block: Block) -> Block | None:
        """The English block aligned with ``block``, if any."""
        return self.counterparts.get(block.start)

    def changed(self, *kinds: str) -> Iterator[tuple[Block, Block]]:
        """Aligned pairs of the given kinds whose text differs (English, translated)."""
        for english, target in self.alignment:
            if english is not None and target is not None and target.kind in kinds \
                    and english.source != target.target:
                yield english, target


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
