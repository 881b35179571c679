"""The rule registry and the context every rule reads.

A rule is a small pure function ``check(context) -> Iterable[Hit]`` in one of the modules of this
package, bound to its code with :func:`check`; :data:`RULES` gives each code its kebab-case name,
default severity, summary and module.  The registry is read without importing the rule modules
(a run served from the result cache never needs them); a rule's module is imported when its check
is first wanted.  The engine turns hits into :class:`~doclint.finding.Finding` records with the
effective severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING

from doclint.finding import Fix, Severity

if TYPE_CHECKING:
    from doclint.align import Aligned
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
    """One translated page, its English page (if compared) and their alignment.

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

    @cached_property
    def keys_equal(self) -> bool:
        """Whether both pages have the same blocks by key (:func:`~doclint.align.block_key`), in the same order.

        Found without building every key: blocks of the same kind and English text have the same key,
        and on most pages only a few blocks (headings with pipeline anchors) differ in text.
        """
        if self.english is None:
            return False
        from doclint.align import block_key

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
        from doclint.align import align

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


RuleFunction = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its identity, its defaults and where its check function is."""

    code: str
    name: str
    severity: Severity
    module: str  # the module of doclint.checks holding its check
    summary: str
    needs_source: bool = False
    fixable: bool = False
    default_enabled: bool = True
    function: RuleFunction | None = None  # a check of its own, instead of the one bound to the code

    @property
    def check(self) -> RuleFunction:
        """The check function: :attr:`function`, else the one bound to the code (importing its module)."""
        if self.function is not None:
            return self.function
        found = CHECKS.get(self.code)
        if found is None:
            import_module(f"doclint.checks.{self.module}")
            found = CHECKS[self.code]
        return found


#: Every rule, by code: adding one is a line here, a function bound with :func:`check`, and rules/CODE.md.
RULES: tuple[Rule, ...] = (
    Rule("DL001", "unreadable-page", Severity.ERROR, "parsing",
         "The page cannot be read: the file system refused it, or it is too large to be a page."),
    Rule("DL002", "broken-front-matter", Severity.WARNING, "parsing",
         "The front matter is not closed or has lines that are not 'key: value'."),
    Rule("DL003", "unclosed-block", Severity.ERROR, "parsing",
         "A code fence or HTML comment is opened and never closed."),
    Rule("DL004", "missing-english-page", Severity.WARNING, "parsing",
         "The translated page has no readable English page at the same path under the source root."),
    Rule("DL005", "broken-pair", Severity.ERROR, "parsing",
         "A bilingual pair is truncated: its translated or English span is never closed."),
    Rule("DL006", "binary-page", Severity.ERROR, "parsing",
         "The page holds NUL bytes: it is binary, not text."),
    Rule("DL007", "encoding-error", Severity.ERROR, "parsing",
         "The page is not valid UTF-8 (or UTF-16 with a byte-order mark)."),
    Rule("DL008", "empty-page", Severity.ERROR, "parsing",
         "The page is empty or holds only white space."),
    Rule("DL101", "code-block-changed", Severity.ERROR, "code",
         "A code fence differs from the English one: JSON by value, other code line by line.",
         needs_source=True, fixable=True),
    Rule("DL102", "annotation-changed", Severity.ERROR, "code",
         "An HTML-comment annotation (<!-- { ... } -->) differs from the English one as a JSON value.",
         needs_source=True, fixable=True),
    Rule("DL103", "block-missing", Severity.ERROR, "blocks",
         "A block of the English page (table row, code block, list item, paragraph, …) is missing.", needs_source=True),
    Rule("DL104", "block-extra", Severity.WARNING, "blocks",
         "The translated page has a block the English page does not have.", needs_source=True),
    Rule("DL105", "include-changed", Severity.ERROR, "blocks",
         "An [!INCLUDE …] line differs from the English one.", needs_source=True, fixable=True),
    Rule("DL106", "link-target-changed", Severity.ERROR, "blocks",
         "A reference-link definition or a link target outside any pair differs from the English.", needs_source=True),
    Rule("DL201", "translated-identifier", Severity.ERROR, "tables",
         "A property, parameter, header, relationship or enum member name differs from the English.", fixable=True),
    Rule("DL202", "translated-type", Severity.ERROR, "tables",
         "A type cell lost an identifier of the English type (String, Int32, [driveItem][], …).", fixable=True),
    Rule("DL203", "translated-permission", Severity.ERROR, "tables",
         "A permissions cell lost a permission name of the English (Files.Read.All, …).", fixable=True),
    Rule("DL204", "enum-members-changed", Severity.ERROR, "enums",
         'An enumeration string ("a | b | c") in a code block lost, gained or reordered members.',
         needs_source=True, fixable=True),
    Rule("DL301", "pair-id-mismatch", Severity.ERROR, "pairs",
         "A pair's data-ttu-id and data-stu-id differ, so the segment is matched to the wrong English."),
    Rule("DL302", "duplicate-pair-id", Severity.ERROR, "segments",
         "Two pairs of the page carry the same id, so a translation can be matched to the wrong English."),
    Rule("DL303", "mixed-id-prefix", Severity.WARNING, "segments",
         "The pair ids of the page do not share one prefix: segments were pasted from another page."),
    Rule("DL304", "orphan-span", Severity.ERROR, "segments",
         "A translated span has no sxs-lookup English twin, or an sxs-lookup span has no translated span."),
    Rule("DL305", "empty-english", Severity.WARNING, "segments",
         "A pair's English text is empty, so its translation cannot be checked or refreshed."),
    Rule("DL306", "segment-not-at-handoff", Severity.WARNING, "drift_blocks",
         "A pair's English is not in the English the page was translated from (a translation-memory leftover).",
         needs_source=True),
    Rule("DL311", "inline-code", Severity.ERROR, "segments",
         "An inline code span of the English is changed or missing in its translated segment."),
    Rule("DL312", "link-target", Severity.ERROR, "segments",
         "A link or image target (URL, relative path, #anchor) is changed or missing in its translated segment."),
    Rule("DL313", "reference-label", Severity.ERROR, "segments",
         "A reference link's label was changed in translation and the page has no definition for it."),
    Rule("DL314", "placeholder", Severity.ERROR, "segments",
         "A placeholder ({id}, {item-id}, %s, {0}) is changed or missing in its translated segment."),
    Rule("DL315", "number", Severity.WARNING, "segments",
         "A number or version (1.0, 200, v2) is changed or missing in its translated segment."),
    Rule("DL316", "permission-name", Severity.ERROR, "segments",
         "A permission name (Files.ReadWrite.All) is changed or missing in its translated segment."),
    Rule("DL317", "html-tag", Severity.WARNING, "segments",
         "An HTML tag (<br/>, <b>, …) is changed or missing in its translated segment."),
    Rule("DL318", "bold-identifier", Severity.WARNING, "segments",
         "A bold or italic property name of the English is missing from the translated segment."),
    Rule("DL321", "text-outside-pair", Severity.INFO, "segments",
         "Translated text stands outside any pair where the English page has text (alt text, a heading, …).",
         needs_source=True),
    Rule("DL322", "untranslated-segment", Severity.INFO, "segments",
         "A segment's translated text equals its English although it holds words to translate.", default_enabled=False),
    Rule("DL401", "stale-segment", Severity.WARNING, "stale",
         "A pair's English no longer matches the current English page: the translation is out of date.",
         needs_source=True),
    Rule("DL402", "english-block-added", Severity.WARNING, "drift_blocks",
         "A block (table row, code block, annotation, paragraph, …) was added to the English since the handoff.",
         needs_source=True),
    Rule("DL403", "english-block-removed", Severity.WARNING, "drift_blocks",
         "A block the page was translated from was removed from the English since the handoff.", needs_source=True),
    Rule("DL404", "english-block-changed", Severity.WARNING, "drift_blocks",
         "A block (code block, annotation, table row, …) changed in the English since the handoff.",
         needs_source=True),
    Rule("DL405", "english-page-removed", Severity.WARNING, "drift_blocks",
         "The English page the page was translated from is gone from the current English (removed or moved)."),
    Rule("DL901", "unused-suppression", Severity.INFO, "meta",
         "A doclint-disable directive suppresses no finding, is misspelt or names no rule."),
)
REGISTRY: dict[str, Rule] = {rule.code: rule for rule in RULES}
#: The check function bound to each code, filled in as the rule modules are imported.
CHECKS: dict[str, RuleFunction] = {}


def check(code: str) -> Callable[[RuleFunction], RuleFunction]:
    """Bind ``function`` as the check of rule ``code`` (a rule of :data:`RULES`)."""

    def bind(function: RuleFunction) -> RuleFunction:
        if code not in REGISTRY:
            raise ValueError(f"rule code {code} is not in doclint.checks.RULES")
        if code in CHECKS:
            raise ValueError(f"rule code {code} bound twice")
        CHECKS[code] = function
        return function

    return bind


def all_rules() -> dict[str, Rule]:
    """Every rule, by code (their modules are imported only when a check is wanted)."""
    return REGISTRY
