"""Translation drift: does the English a page was translated from still match the current English?

A bilingual page carries the English it was translated from: each pair's English
text plus the text outside any pair.  Its blocks are compared with the blocks of
the current English page after folding what the localization pipeline changes
(white space, wrapping, escaping, heading anchors, blockquote markers, translated
image alt text, translated reference-link labels and the definitions added for
them).  What is left is drift: blocks changed, added or removed in English, and
within changed blocks the pairs whose English no longer matches.

Nothing here prints; :func:`drift_pages` streams one :class:`PageDrift` per page.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.align import align_keyed
from doclint.align import block_key as align_block_key
from doclint.page import Block, Page, Pair, parse_page
from doclint.reader import read_page
from doclint.sequence import Budget, opcodes
from doclint.text import squash

if TYPE_CHECKING:
    from doclint.engine import PageJob
    from doclint.gitsource import GitSource

STATUSES = ("current", "stale", "missing-source", "untranslated", "unreadable")

_IMAGE_ALT = re.compile(r"!\[[^\]\n]*\]")
_LABEL = re.compile(r"\[([^\[\]\n]+)\]")
_URL_LOCALE = re.compile(r"(?<=/)[a-z]{2}-[a-z]{2,4}(?=/)", re.IGNORECASE)
_REFDEF = re.compile(r"^[ \t>]*\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?")
_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
_LIST_MARK = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]*")
_WHITESPACE = re.compile(r"\s+")
_PROSE = frozenset({"paragraph", "blockquote", "list_item"})
_LITERAL = frozenset({"fence", "annotation", "comment"})  # never hold link labels or translated alt text


@dataclass(frozen=True, slots=True)
class Change:
    """One English change since the handoff.

    ``kind`` is ``changed`` (a block or segment whose English differs), ``added``
    (an English block the translated page has no counterpart for) or ``removed``
    (translated English the current page no longer has).  ``line`` is on the
    translated page, ``source_line`` on the current English page (``None`` where
    that side has nothing).
    """

    kind: str
    old: str
    new: str
    line: int | None
    source_line: int | None
    block: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a change."""
        return {"kind": self.kind, "block": self.block, "line": self.line, "source_line": self.source_line,
                "old": self.old, "new": self.new}


@dataclass
class PageDrift:
    """The drift status of one page and, for a stale page, what changed in English."""

    path: str
    locale: str
    status: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    commit: str = ""
    diff: str = ""

    @property
    def changed_segments(self) -> int:
        """How many blocks or segments changed, were added or removed in English."""
        return len(self.changes)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a page's drift."""
        data: dict[str, object] = {"path": self.path, "locale": self.locale, "status": self.status,
                                   "changed_segments": self.changed_segments,
                                   "changes": [change.to_dict() for change in self.changes]}
        if self.commit:
            data["handoff_commit"] = self.commit
        if self.note:
            data["note"] = self.note
        if self.diff:
            data["diff"] = self.diff
        return data


# --- folding --------------------------------------------------------------------------------


def _normal_label(label: str) -> str:
    return _WHITESPACE.sub(" ", label.strip()).lower()


def link_labels(page: Page) -> dict[str, str]:
    """Reference-link label -> target of a page's definitions (labels compared as CommonMark does)."""
    labels: dict[str, str] = {}
    for block in page.blocks:
        if block.kind == "refdef":
            match = _REFDEF.match(block.source.strip())
            if match:
                labels.setdefault(_normal_label(match.group(1)), match.group(2))
    return labels


def fold(text: str, labels: dict[str, str], literal: bool = False) -> str:
    """The comparison key of English text: pipeline changes folded away.

    Image alt text is dropped (the pipeline translates it outside pairs), a
    reference-link label is replaced by its target (the pipeline translates labels
    and adds a definition for the translated one), and the locale in a URL path
    (``/en-us/`` made ``/zh-CN/``) is neutralised.
    """
    if not literal:
        if "![" in text:
            text = _drop_image_alt(text)
        if labels and "[" in text:
            text = _LABEL.sub(lambda m: _resolve(m, labels), text)
        if "://" in text:
            text = _URL_LOCALE.sub("xx-xx", text)
    return squash(text)


def _drop_image_alt(text: str) -> str:
    """``_IMAGE_ALT.sub("![]", text)``, each line searched only up to its last ``]``, where alt text ends.

    Past it every ``![`` would cost a search to the end of the line: quadratic time on a line of them.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "![" in line:
            end = line.rfind("]") + 1
            lines[number] = _IMAGE_ALT.sub("![]", line[:end]) + line[end:]
    return "\n".join(lines)


def _resolve(match: re.Match[str], labels: dict[str, str]) -> str:
    target = labels.get(_normal_label(match.group(1)))
    return match.group() if target is None else f"[>{target}]"


def _strip_marks(block: Block, text: str, first: bool) -> str:
    """Drop blockquote markers and (at the start of the block) the list marker."""
    if block.kind == "blockquote" or ">" in text[:4]:
        text = _QUOTE_MARKS.sub("", text)
    if block.kind == "list_item" and first:
        text = _LIST_MARK.sub("", text, count=1)
    return text


def block_key(block: Block, labels: dict[str, str]) -> str:
    """The comparison key of a block's English side."""
    kind = block.kind
    if kind == "table_sep":
        return f"table_sep:{block.source.count('|')}"
    group = "prose" if kind in _PROSE else kind
    return f"{group}:{fold(_strip_marks(block, block.source, True), labels, kind in _LITERAL)}"


# --- comparison -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StalePair:
    """A pair whose English no longer matches the current English block aligned with it."""

    pair: Pair
    old: str
    new: str
    source_line: int | None


@dataclass
class Comparison:
    """A translated page compared with the current English page."""

    changes: list[Change]
    stale_pairs: list[StalePair]


def _is_added_definition(block: Block, english_targets: set[str]) -> bool:
    """A definition the pipeline added for a translated label: its target is one the English defines."""
    if block.kind != "refdef":
        return False
    match = _REFDEF.match(block.source.strip())
    return match is not None and match.group(2) in english_targets


def keys_of(blocks: list[Block], labels: dict[str, str]) -> list[str]:
    """The :func:`block_key` of each block."""
    return [_drift_key(block, labels) for block in blocks]


def _folds_as_aligned(block: Block, labels: dict[str, str]) -> bool:
    """Whether :func:`block_key` of ``block`` is its alignment key (a sufficient test, not a necessary one).

    Both strip the same marks unless a block other than a blockquote has ``>`` at its start, and
    :func:`fold` is :func:`squash` when there is no image, no label to resolve and no URL (marks
    are only dropped after a line end, so dropping them cannot make ``![`` or ``://``).
    """
    kind = block.kind
    text = block.source
    return kind == "table_sep" or ((kind == "blockquote" or ">" not in text[:4]) and (
        kind in _LITERAL or ("![" not in text and "://" not in text and not (labels and "[" in text))))


def _drift_key(block: Block, labels: dict[str, str]) -> str:
    """:func:`block_key`, through the (memoised) alignment key when the two are the same."""
    return align_block_key(block) if _folds_as_aligned(block, labels) else block_key(block, labels)


def _same_keys(english: list[Block], target: list[Block], labels: dict[str, str]) -> bool:
    """Whether blocks paired by position have equal keys, the pages having the same ``labels``.

    Blocks of the same kind and text have the same key, so only the others are folded.
    """
    if len(english) != len(target):
        return False
    for current, translated in zip(english, target):
        if current.source == translated.source and current.kind == translated.kind:
            continue
        if _drift_key(current, labels) != _drift_key(translated, labels):
            return False
    return True


def compare(target: Page, english: Page, budget: Budget | None = None) -> Comparison:
    """The English changes between a page's English side and the current English page.

    Most pages have no change, and that is found without folding every block.  ``budget``: the page's
    matching work (see :mod:`doclint.sequence`), one of its own if not given.
    """
    target_labels, english_labels = link_labels(target), link_labels(english)
    if english_labels == target_labels and _same_keys(english.blocks, target.blocks, english_labels):
        return Comparison([], [])  # what the general comparison finds when every key is equal
    english_keys = keys_of(english.blocks, english_labels)
    target_keys = keys_of(target.blocks, target_labels)
    changes: list[Change] = []
    stale: list[StalePair] = []
    if english_keys == target_keys:
        return Comparison(changes, stale)
    keys = {id(block): key for block, key in zip(english.blocks, english_keys)}
    keys.update({id(block): key for block, key in zip(target.blocks, target_keys)})
    english_targets = set(english_labels.values())
    budget = budget if budget is not None else Budget()
    for current, translated in align_keyed(english.blocks, target.blocks, english_keys, target_keys, budget):
        if current is not None and translated is not None:
            if keys[id(current)] == keys[id(translated)]:
                continue
            changes.append(Change("changed", translated.source, current.source, translated.line, current.line,
                                  translated.kind))
            stale.extend(_stale_pairs(translated, current, target_labels, english_labels, target.text, budget))
        elif translated is not None:
            if _is_added_definition(translated, english_targets) or not keys[id(translated)].split(":", 1)[1]:
                continue
            changes.append(Change("removed", translated.source, "", translated.line, None, translated.kind))
            stale.extend(StalePair(pair, pair.source or "", "", None) for pair in translated.pairs
                         if pair.source is not None and pair.source.strip())
        elif current is not None:
            if not keys[id(current)].split(":", 1)[1]:
                continue
            changes.append(Change("added", "", current.source, None, current.line, current.kind))
    return Comparison(changes, stale)


def _stale_pairs(block: Block, english: Block, labels: dict[str, str], english_labels: dict[str, str],
                 text: str, budget: Budget) -> list[StalePair]:
    """The pairs of a changed block whose English differs from the aligned current English block.

    The block's English is rebuilt piece by piece (text outside pairs, each pair's
    English), folded piece by piece, and compared character by character with the
    folded current block; a pair overlapping a difference is stale.
    """
    if not block.pairs:
        return []
    literal = block.kind in _LITERAL
    pieces: list[tuple[int, int, Pair]] = []
    parts: list[str] = []
    length = 0
    position = block.start
    for index, pair in enumerate(block.pairs):
        outside = fold(_strip_marks(block, text[position : pair.start], index == 0), labels, literal)
        parts.append(outside)
        length += len(outside)
        inside = fold(pair.source if pair.source is not None else pair.target, labels, literal)
        pieces.append((length, length + len(inside), pair))
        parts.append(inside)
        length += len(inside)
        position = pair.end
    parts.append(fold(_strip_marks(block, text[position : block.end], not block.pairs), labels, literal))
    old = "".join(parts)
    new = fold(_strip_marks(english, english.source, True), english_labels, literal)
    flagged: dict[int, None] = {}
    # Pieces are in order and do not overlap: the ones a change touches are found by bisection.
    starts = [start for start, _, _ in pieces]
    ends = [end for _, end, _ in pieces]
    for tag, i1, i2, _, _ in opcodes(old, new, budget):
        if tag == "equal":
            continue
        if i2 > i1:  # the pieces with start < i2 and end > i1
            hits: Iterable[int] = range(bisect_right(ends, i1), bisect_left(starts, i2))
        else:  # an insertion belongs to the pair it extends, else to the pair it precedes
            extended = bisect_left(ends, i1)
            preceded = bisect_left(starts, i1)
            hits = [extended] if extended < len(pieces) and starts[extended] < i1 else \
                [preceded] if preceded < len(pieces) and starts[preceded] == i1 else []
        flagged.update(dict.fromkeys(n for n in hits if pieces[n][2].source is not None))
    result = []
    for number in flagged:
        pair = pieces[number][2]
        result.append(StalePair(pair, pair.source or "", english.source.strip(), english.line))
    return result


# --- pages ----------------------------------------------------------------------------------


def _body(text: str) -> str:
    page = parse_page(text)
    lines = text.split("\n")
    return "\n".join(lines[page.body_line - 1 :])


def drift_page(display: str, locale: str, target_path: Path, english_path: Path,
               git: GitSource | None = None) -> PageDrift:
    """The drift status of one translated page against its current English page."""
    target_text = read_page(target_path)
    if target_text.text is None:
        message = target_text.problem.message if target_text.problem else "cannot be read"
        return PageDrift(display, locale, "unreadable", note=message)
    if not english_path.is_file():
        return PageDrift(display, locale, "missing-source")
    english_text = read_page(english_path)
    if english_text.text is None:
        message = english_text.problem.message if english_text.problem else "cannot be read"
        return PageDrift(display, locale, "unreadable", note=f"the English page: {message}")
    target = parse_page(target_text.text)
    english = parse_page(english_text.text)
    comparison = compare(target, english)
    result = PageDrift(display, locale, "stale" if comparison.changes else "current", comparison.changes)
    if git is not None:
        _with_git(result, target, english, english_text.text, git)
    return result


def _with_git(result: PageDrift, target: Page, english: Page, english_text: str, git: GitSource) -> None:
    """Decide the status from the English at the handoff commit, when git has it; else note why not."""
    commit = target.front_matter.get("ms.sourcegitcommit", "").strip()
    if not commit:
        result.note = "no ms.sourcegitcommit in the front matter; compared with the English the page carries"
        return
    result.commit = commit
    handoff, reason = git.read(commit, result.path)
    if handoff is None:
        result.note = f"{reason}; compared with the English the page carries"
        return
    handoff_page = parse_page(handoff)
    english_changes = compare(handoff_page, english).changes
    if not english_changes:
        result.status, result.changes = "current", []
        return
    result.status = "stale"
    if not result.changes:
        result.changes = english_changes
    diff = difflib.unified_diff(handoff.split("\n"), english_text.split("\n"),
                                f"en@{commit[:12]}/{result.path}", f"en/{result.path}", n=2, lineterm="")
    result.diff = "\n".join(diff)


def english_pages(source: Path) -> Iterator[str]:
    """Relative paths (POSIX) of every English page under ``source``."""
    from doclint.discover import walk_pages

    for _, relative in walk_pages(source):
        yield relative


#: Told of each page (its path, and its path relative to the locale root) whether to leave it out.
Excluded = Callable[[Path, str], bool]


def count_pages(roots: Iterable[Path], source: Path, excluded: Excluded | None = None) -> int:
    """How many results :func:`drift_pages` will yield: translated pages plus untranslated English ones."""
    from doclint.discover import walk_pages

    english = set(english_pages(source))
    total = 0
    for root in roots:
        translated = {relative for _, relative in walk_pages(root)}
        pages = translated | english
        if excluded is not None:
            pages = {relative for relative in pages if not excluded(root / relative, relative)}
        total += len(pages)
    return total


def drift_pages(roots: Iterable[tuple[str, Path]], source: Path, git: GitSource | None = None,
                excluded: Excluded | None = None, workers: int = 1,
                known: Mapping[tuple[str, str], PageDrift] | None = None) -> Iterator[PageDrift]:
    """The drift of every page of each (locale, root), then that locale's untranslated English pages;
    ``excluded(page, relative)`` leaves pages out (an untranslated one by the path it would have).

    Pages are compared on up to ``workers`` processes (see :mod:`doclint.parallel`), except with
    ``git``, whose reader is one git process of this one.  ``known`` holds drift already found, by
    (locale, relative path) (an audit has it from checking the pages): those pages are not read again.
    """
    from doclint.discover import walk_pages
    from doclint.engine import PageJob
    from doclint.parallel import map_pages

    english = sorted(english_pages(source))
    known = known or {}
    for locale, root in roots:
        seen: set[str] = set()
        jobs: list[PageJob] = []
        for page, relative in walk_pages(root):
            seen.add(relative)
            if excluded is None or not excluded(page, relative):
                jobs.append(PageJob(relative, page, source / relative, locale))
        todo = [job for job in jobs if (locale, job.display) not in known]
        computed = map_pages(_drift_job, todo, git, 1 if git is not None else workers)
        for job in jobs:
            found = known.get((locale, job.display))
            yield found if found is not None else next(computed)
        for relative in english:
            if relative not in seen and (excluded is None or not excluded(root / relative, relative)):
                yield PageDrift(relative, locale, "untranslated")


def _drift_job(job: PageJob, git: GitSource | None) -> PageDrift:
    assert job.english is not None
    return drift_page(job.display, job.locale, job.target, job.english, git)


def summarize(pages: Iterable[PageDrift]) -> dict[str, dict[str, object]]:
    """Per locale: pages, the count of each status and the share of translated pages that are current."""
    counts: dict[str, Counter[str]] = {}
    for page in pages:
        counts.setdefault(page.locale, Counter())[page.status] += 1
    summary: dict[str, dict[str, object]] = {}
    for locale, counter in counts.items():
        translated = sum(counter[status] for status in ("current", "stale", "missing-source", "unreadable"))
        row: dict[str, object] = {"pages": translated}
        row.update({status: counter.get(status, 0) for status in STATUSES})
        row["percent_current"] = round(100 * counter["current"] / translated, 1) if translated else 0.0
        summary[locale] = row
    return summary


@dataclass
class DriftReport:
    """What every drift format shows: the English folder compared with, and every page's drift."""

    source: str
    pages: list[PageDrift]
    git: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, dict[str, object]]:
        """Per-locale counts (see :func:`summarize`)."""
        return summarize(self.pages)

    def stale(self) -> list[PageDrift]:
        """The stale pages, most changed first."""
        pages = [page for page in self.pages if page.status == "stale"]
        return sorted(pages, key=lambda page: (-page.changed_segments, page.locale, page.path))

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: ``{"source", "pages": [...], "summary": {locale: {...}}}``."""
        data: dict[str, object] = {"source": self.source, "pages": [page.to_dict() for page in self.pages],
                                   "summary": self.summary}
        if self.notes:
            data["notes"] = self.notes
        return data
