"""The rule registry: every rule's metadata, and the rule set a run uses.

Plain data, importing nothing of doclint above :mod:`doclint.finding`: formatters, the config, the
cache and the engine read rules from here without importing a rule module.  A rule's check function
lives in the module of :mod:`doclint.checks` that :attr:`Rule.module` names; :mod:`doclint.checks`
binds and loads it.  The rules with no module (``""``) are reported by the pipeline itself: DL001–DL008
are the problems the reader, the parser or the engine meet (see :mod:`doclint.lint`; DL002 also has a
check, the YAML parser's view of the front matter), DL405 is the engine's (the English at handoff
read, the current English page gone), DL901 comes from the suppression step
(:mod:`doclint.suppress`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from doclint.finding import Hit, Severity
from doclint.glob import Glob


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its identity, its defaults and where its check function is (plain data: nothing is imported)."""

    code: str
    name: str
    severity: Severity
    module: str  # the module of doclint.checks holding its check; "" for the rules the pipeline reports itself
    summary: str
    needs_source: bool = False
    fixable: bool = False
    default_enabled: bool = True
    function: Callable[..., Iterable[Hit]] | None = None  # a check of its own, instead of the one bound to the code
    #: Reported across the pages of a locale root once all are checked (doclint.consistency), never per page.
    cross_page: bool = False


#: Every rule, by code: the one place rule metadata is written (rules/CODE.md headers are tested against it).
RULES: tuple[Rule, ...] = (
    Rule("DL001", "unreadable-page", Severity.ERROR, "",
         "The page cannot be read: the file system refused it, or it is too large to be a page."),
    Rule("DL002", "broken-front-matter", Severity.WARNING, "front_matter",
         "The front matter is not closed, has lines that are not 'key: value', or is not valid YAML."),
    Rule("DL003", "unclosed-block", Severity.ERROR, "",
         "A code fence or HTML comment is opened and never closed."),
    Rule("DL004", "missing-english-page", Severity.WARNING, "",
         "The translated page has no readable English page at the same path under the source root."),
    Rule("DL005", "broken-pair", Severity.ERROR, "",
         "A bilingual pair is truncated: its translated or English span is never closed."),
    Rule("DL006", "binary-page", Severity.ERROR, "",
         "The page holds NUL bytes: it is binary, not text."),
    Rule("DL007", "encoding-error", Severity.ERROR, "",
         "The page is not valid UTF-8 (or UTF-16 with a byte-order mark)."),
    Rule("DL008", "empty-page", Severity.ERROR, "",
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
    Rule("DL302", "duplicate-pair-id", Severity.ERROR, "pairs",
         "Two pairs of the page carry the same id, so a translation can be matched to the wrong English."),
    Rule("DL303", "mixed-id-prefix", Severity.WARNING, "pairs",
         "The pair ids of the page do not share one prefix: segments were pasted from another page."),
    Rule("DL304", "orphan-span", Severity.ERROR, "pairs",
         "A translated span has no sxs-lookup English twin, or an sxs-lookup span has no translated span."),
    Rule("DL305", "empty-english", Severity.WARNING, "pairs",
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
    Rule("DL319", "prose-identifier", Severity.WARNING, "identifiers",
         "An API name of a pair's English (camelCase, dotted, a link label naming its page) is not in the "
         "translation verbatim.", fixable=True),
    Rule("DL321", "text-outside-pair", Severity.INFO, "outside",
         "Translated text stands outside any pair where the English page has text (a heading, a cell, …).",
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
    Rule("DL405", "english-page-removed", Severity.WARNING, "",
         "The English page the page was translated from is gone from the current English (removed or moved)."),
    Rule("DL501", "term-not-approved", Severity.WARNING, "terms",
         "A pair's English holds a glossary term and its translation none of the approved translations."),
    Rule("DL502", "forbidden-term", Severity.WARNING, "terms",
         "A pair's English holds a glossary term and its translation uses a translation the glossary forbids."),
    Rule("DL503", "term-translated", Severity.ERROR, "terms",
         "A pair's English holds a glossary term not to translate (a product name) and its translation lacks it."),
    Rule("DL511", "inconsistent-translation", Severity.WARNING, "",
         "The same English segment is translated differently on other pages of the locale: the minority "
         "variant is reported, naming the majority.", cross_page=True),
    Rule("DL512", "shared-translation", Severity.INFO, "",
         "One translation stands for different English segments on different pages of the locale.",
         default_enabled=False, cross_page=True),
    Rule("DL901", "unused-suppression", Severity.INFO, "",
         "A doclint-disable directive suppresses no finding, is misspelt or names no rule."),
)
REGISTRY: dict[str, Rule] = {rule.code: rule for rule in RULES}


def all_rules() -> dict[str, Rule]:
    """Every rule, by code."""
    return REGISTRY


@dataclass(frozen=True)
class RuleSet:
    """The rules to run and the severity each reports at."""

    rules: tuple[Rule, ...]
    severities: dict[str, Severity] = field(default_factory=dict)
    file_ignores: FileIgnores | None = None  # the config's per-file-ignores
    glossary: str = ""  # the digests of the glossaries the term rules check (doclint.checks.terms.bind)

    @classmethod
    def default(cls) -> RuleSet:
        """Every rule enabled by default, at its default severity."""
        return cls(tuple(rule for rule in all_rules().values() if rule.default_enabled))

    def severity(self, rule: Rule) -> Severity:
        """The effective severity of ``rule``."""
        return self.severities.get(rule.code, rule.severity)

    def cross_page_codes(self) -> tuple[str, ...]:
        """The codes of the cross-page rules this rule set runs (DL511, DL512): a page is indexed only for them."""
        return tuple(rule.code for rule in self.rules if rule.cross_page)

    def fingerprint(self) -> str:
        """A stable text naming everything in this rule set that changes findings (for the result cache)."""
        parts = [f"rules={','.join(f'{rule.code}:{self.severity(rule).value}' for rule in self.rules)}"]
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in ("rules", "severities"):
                continue
            if isinstance(value, FileIgnores):
                value = (value.base.as_posix(),
                         [(pattern.pattern, sorted(codes)) for pattern, codes in value.entries])
            parts.append(f"{item.name}={value!r}")
        return "\n".join(parts)


@dataclass(frozen=True)
class FileIgnores:
    """The ``per-file-ignores`` of a config: glob patterns (compiled) and the codes each ignores."""

    base: Path
    entries: tuple[tuple[Glob, frozenset[str]], ...]

    def codes_for(self, target: Path, display: str) -> frozenset[str]:
        """The codes ignored on the page at ``target`` (shown as ``display``)."""
        codes: set[str] = set()
        candidates = path_candidates(target, display, self.base)
        for pattern, ignored in self.entries:
            if any(pattern.fullmatch(candidate) for candidate in candidates):
                codes |= ignored
        return frozenset(codes)


def path_candidates(target: Path, display: str, base: Path | None) -> list[str]:
    """Every string a path glob may match: the page's path relative to ``base`` and to its locale root,
    each with its ancestor folders, and every single path component (for globs without a slash)."""
    paths = [display]
    if base is not None:
        try:
            # realpath, not Path.resolve: a page that is a link loop must not raise (it is DL001 later).
            paths.append(Path(os.path.realpath(target)).relative_to(base).as_posix())
        except ValueError:
            pass  # the page is outside the config's folder: only its displayed path can match
    candidates: list[str] = []
    for path in paths:
        parts = [part for part in path.split("/") if part not in ("", ".")]
        candidates.extend("/".join(parts[:end]) for end in range(1, len(parts) + 1))
        candidates.extend(parts)
    return candidates
