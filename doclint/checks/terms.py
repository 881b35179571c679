"""Terms: a pair's translation uses the glossary's approved term, no forbidden one, and keeps the names to keep.

The rules run only with a glossary (``--glossary`` or the config's ``glossary``): :func:`bind` gives the
rule set's DL501–DL503 a check holding the glossaries, and drops them when there is none, so a run
without a glossary never reads this module.  The rules bound to the codes here see no glossary and find
nothing (a rule set built without :func:`bind`).

Each locale gets one matcher, built once per process: the glossary's English terms indexed by their
first word, so a segment costs one pass over its words whatever the size of the glossary.  Terms match
on word boundaries (a letter of a script written without spaces, such as Han or kana, next to a Latin
letter is a boundary), no-break spaces count as spaces, and case counts unless the entry says otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from doclint.checks import Context, Hit, check
from doclint.glossary import Glossary, LocaleTerms
from doclint.page import Pair
from doclint.registry import RuleSet
from doclint.text import shorten

CODES = ("DL501", "DL502", "DL503")
_WORD = re.compile(r"\w+")
_MEMO_LENGTH, _MEMO_SIZE = 600, 16384  # segments remembered: short ones (long ones rarely recur), so many
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u3000": " "})
_NBSP_ENTITIES = ("&nbsp;", "&#160;", "&#xa0;", "&#xA0;")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_MARKS = str.maketrans({"[": " ", "]": " ", "*": None, "`": None, "\u00a0": " ", "\u202f": " ", "\u2007": " ",
                        "\u3000": " "})


def _unspaced(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words (Han, kana, Hangul, Thai)."""
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF or 0x0E00 <= code <= 0x0EFF or code >= 0x20000)


def _wordy(char: str) -> bool:
    # "_" is no word character here: it is Markdown emphasis ("_in Microsoft Graph_") far more often than a name's
    return char.isalnum() and not _unspaced(char)


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands on word boundaries (checked only where the term has a word character)."""
    if start > 0 and _wordy(text[start]) and _wordy(text[start - 1]):
        return False
    return not (end < len(text) and _wordy(text[end - 1]) and _wordy(text[end]))


def occurrences(text: str, term: str, case_sensitive: bool) -> Iterator[int]:
    """The offsets of ``term`` in ``text`` on word boundaries (``text`` with no-break spaces made spaces)."""
    if not term:
        return
    haystack, needle = (text, term) if case_sensitive else (text.lower(), term.lower())
    position = haystack.find(needle)
    while position >= 0:
        if _bounded(haystack, position, position + len(needle)):
            yield position
        position = haystack.find(needle, position + 1)


@dataclass(frozen=True)
class _Term:
    english: str  # the English term, no-break spaces made spaces
    terms: LocaleTerms
    case_sensitive: bool
    lead: int  # the offset of its first word in it
    names: tuple[str, ...]  # every English term of its entry, itself first (no-break spaces made spaces)


class Matcher:
    """A locale's glossary terms, indexed by the first word of each English term (lower-cased)."""

    def __init__(self, glossaries: tuple[Glossary, ...], locale: str) -> None:
        self.index: dict[str, list[_Term]] = {}
        self.memo: dict[str, tuple[_Term, ...]] = {}
        seen: set[str] = set()
        for glossary in glossaries:
            for entry in glossary.entries:
                terms = entry.for_locale(locale)
                english = " ".join(entry.english.translate(_SPACES).split())
                first = _WORD.search(english)
                if terms is None or first is None or english in seen:
                    continue
                seen.add(english)
                self.index.setdefault(first.group().lower(), []).append(
                    _Term(english, terms, entry.case_sensitive, first.start(),
                          (english, *(" ".join(name.translate(_SPACES).split()) for name in entry.synonyms))))
        for candidates in self.index.values():
            candidates.sort(key=lambda term: -len(term.english))

    def terms_of(self, english: str) -> tuple[_Term, ...]:
        """The glossary terms of a pair's ``english`` (:func:`plain`), remembered: segments recur across pages."""
        found = self.memo.get(english)
        if found is None:
            # most segments hold no first word of any term: one scan of their words says so
            found = () if self.index.keys().isdisjoint(_WORD.findall(english.lower())) \
                else tuple(self.find(plain(english)))
            if len(english) <= _MEMO_LENGTH:
                if len(self.memo) >= _MEMO_SIZE:
                    self.memo.clear()
                self.memo[english] = found
        return found

    def find(self, text: str) -> list[_Term]:
        """The glossary terms in ``text``, leftmost-longest and not overlapping, in order."""
        found: list[_Term] = []
        end = 0
        for word in _WORD.finditer(text):
            candidates = self.index.get(word.group().lower())
            if not candidates:
                continue
            for term in candidates:
                start = word.start() - term.lead
                stop = start + len(term.english)
                if start < end or start < 0:
                    continue
                piece = text[start:stop]
                if (piece == term.english if term.case_sensitive else piece.lower() == term.english.lower()) \
                        and _bounded(text, start, stop):
                    found.append(term)
                    end = stop
                    break
        return found


_matchers: dict[tuple[tuple[str, ...], str], Matcher] = {}


def matcher(glossaries: tuple[Glossary, ...], locale: str) -> Matcher:
    """The matcher of ``locale`` for ``glossaries``, built once per process."""
    key = (tuple(glossary.digest for glossary in glossaries), locale.lower())
    found = _matchers.get(key)
    if found is None:
        if len(_matchers) >= 64:
            _matchers.clear()
        found = _matchers[key] = Matcher(glossaries, locale)
    return found


def page_locale(context: Context) -> str:
    """The page's locale: its ``ms.contentlocale`` front-matter key, else the name of its locale root."""
    declared = str(context.target.front_matter.get("ms.contentlocale", "")).strip().strip("\"'")
    return declared or context.locale


_Found = list[tuple[Pair, str, Counter[_Term]]]


def _pairs(glossaries: tuple[Glossary, ...], context: Context) -> _Found:
    """Each translated pair whose English holds glossary terms: the pair, its translation (no-break spaces
    made spaces) and the terms, each with the number of times the English has it.  Pairs whose translation
    equals the English are left out.  Found once per page and shared by the three rules."""
    key = "terms:" + ",".join(glossary.digest for glossary in glossaries)
    cached = context.cache.get(key)
    if cached is None:
        context.cache[key] = cached = _find_pairs(glossaries, context)
    return cached  # type: ignore[return-value]


def _find_pairs(glossaries: tuple[Glossary, ...], context: Context) -> _Found:
    locale = page_locale(context)
    found = matcher(glossaries, locale) if locale else None
    if found is None or not found.index:
        return []
    result: _Found = []
    for pair in context.target.pairs:
        source, target = pair.source, pair.target
        if not source or target == source:
            continue
        terms = found.terms_of(source)
        if terms:
            result.append((pair, target.translate(_SPACES), Counter(terms)))  # a term twice is one finding
    return result


def plain(text: str) -> str:
    """``text`` without link targets and Markdown marks (``[`` and ``]`` made spaces, ``*`` and backticks
    dropped), white space folded: where a term is looked for, so that the pipeline moving a link label across
    a name (``Azure [Active Directory](…)``) or a reference label after it (``SharePoint][label]``) is no finding."""
    if "&" in text:
        for entity in _NBSP_ENTITIES:
            text = text.replace(entity, " ")
    return " ".join(_LINK_TARGET.sub(" ", text).translate(_MARKS).split())


def _present(target: str, term: str, case_sensitive: bool) -> bool:
    return next(occurrences(target, term, case_sensitive), None) is not None


def _listed(terms: tuple[str, ...]) -> str:
    return " or ".join(f'"{term}"' for term in terms[:4]) + (" or …" if len(terms) > 4 else "")


def approved_terms(glossaries: tuple[Glossary, ...], context: Context) -> Iterator[Hit]:
    """DL501: the English holds a glossary term and the translation none of its approved terms."""
    for pair, target, terms in _pairs(glossaries, context):
        shown = plain(target)
        for term in terms:
            approved = term.terms.approved
            if approved and not term.terms.keep and not any(
                    _present(shown, option, term.case_sensitive) for option in approved):
                yield Hit(pair.line, pair.column, f'"{term.english}" is translated without the glossary\'s '
                          f"{_listed(approved)}: {shorten(pair.target, 60)!r}", term.english)


def forbidden_terms(glossaries: tuple[Glossary, ...], context: Context) -> Iterator[Hit]:
    """DL502: the English holds a glossary term and the translation a term the glossary forbids for it."""
    for pair, target, terms in _pairs(glossaries, context):
        for term in terms:
            for forbidden in term.terms.forbidden:
                for offset in occurrences(target, forbidden, term.case_sensitive):
                    line, column = context.target.locate(pair.target_start + min(offset, len(pair.target)))
                    instead = f"; use {_listed(term.terms.approved)}" if term.terms.approved else \
                        f'; keep "{term.english}"' if term.terms.keep else ""
                    yield Hit(line, column, f'"{forbidden}" is a forbidden translation of "{term.english}"{instead}',
                              term.english, forbidden)


def kept_terms(glossaries: tuple[Glossary, ...], context: Context) -> Iterator[Hit]:
    """DL503: the English holds a term not to translate, and the translation has it (or another English term
    of its entry: "Azure Active Directory" for "Azure AD") verbatim fewer times (a name translated once of
    twice is found too)."""
    for pair, target, terms in _pairs(glossaries, context):
        shown = plain(target)
        wanted: Counter[tuple[str, ...]] = Counter()
        first: dict[tuple[str, ...], _Term] = {}
        for term, count in terms.items():
            if term.terms.keep:
                concept = tuple(sorted(term.names))
                wanted[concept] += count
                first.setdefault(concept, term)
        for concept, count in wanted.items():
            term = first[concept]
            kept = sum(1 for name in concept for _ in zip(range(count), occurrences(shown, name, term.case_sensitive)))
            if kept < count:
                where = "does not have it" if kept == 0 else f"has it {kept} of {count} times"
                yield Hit(pair.line, pair.column, f'"{term.english}" must not be translated, but the translation '
                          f"{where}: {shorten(pair.target, 60)!r}", term.english)


_CHECKS: dict[str, Callable[[tuple[Glossary, ...], Context], Iterator[Hit]]] = {
    "DL501": approved_terms, "DL502": forbidden_terms, "DL503": kept_terms,
}


@check("DL501")
def _no_approved(context: Context) -> Iterator[Hit]:
    return approved_terms((), context)


@check("DL502")
def _no_forbidden(context: Context) -> Iterator[Hit]:
    return forbidden_terms((), context)


@check("DL503")
def _no_kept(context: Context) -> Iterator[Hit]:
    return kept_terms((), context)


def bind(ruleset: RuleSet, glossaries: tuple[Glossary, ...]) -> RuleSet:
    """``ruleset`` with its term rules checking ``glossaries`` (and the glossaries' digests in its
    fingerprint), or without its term rules when there is no glossary."""
    rules = tuple(rule if rule.code not in _CHECKS else replace(rule, function=partial(_CHECKS[rule.code], glossaries))
                  for rule in ruleset.rules if glossaries or rule.code not in _CHECKS)
    return replace(ruleset, rules=rules, glossary=",".join(glossary.digest for glossary in glossaries))
