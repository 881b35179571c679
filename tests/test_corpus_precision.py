"""Issue #3's segment rules measured on the real corpus in ../shared (skipped when it is absent).

Held-out check: a defect planted inside one pair of a real page (an altered
inline code span, an altered link target, a data-stu-id that no longer matches
its data-ttu-id) must add a finding within one line of it.  Identity check: a
page whose every pair is translated by its own English raises no segment rule.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from doclint.engine import check_text
from doclint.reader import read_page
from doclint.registry import RuleSet

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LOCALES = ("zh-CN", "pt-BR")
SAMPLE = 75  # pages per locale and defect kind: the whole module stays within a few seconds
pytestmark = pytest.mark.skipif(not (CORPUS / "zh-CN").is_dir(), reason="../shared/corpus is not present")

_PAIR = re.compile(r'(<span data-ttu-id="([^"]*)">)([^<]*)(</span><span class="sxs-lookup"><span data-stu-id=")'
                   r'([^"]*)(">)([^<]*)(</span></span>)')
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")

Planter = Callable[[re.Match[str], random.Random], str | None]


def _code(match: re.Match[str], rng: random.Random) -> str | None:
    spans = list(_CODE.finditer(match.group(3)))
    if not spans:
        return None
    span = rng.choice(spans)
    target = match.group(3)
    altered = target[: span.start(1)] + span.group(1) + "x" + target[span.end(1):]
    return match.group(0).replace(match.group(3), altered, 1)


def _link(match: re.Match[str], rng: random.Random) -> str | None:
    links = list(_LINK.finditer(match.group(3)))
    if not links:
        return None
    link = rng.choice(links)
    target = match.group(3)
    altered = target[: link.start(1)] + link.group(1).replace(".md", "-v2.md", 1) + "-old" + target[link.end(1):]
    return match.group(0).replace(match.group(3), altered, 1)


def _stu_id(match: re.Match[str], _rng: random.Random) -> str | None:
    return (match.group(1) + match.group(3) + match.group(4) + match.group(5) + "9" + match.group(6)
            + match.group(7) + match.group(8))


PLANTERS: dict[str, Planter] = {"inline-code": _code, "link-target": _link, "stu-id": _stu_id}


def plant(text: str, planter: Planter, rng: random.Random) -> tuple[str, int] | None:
    """The page with one pair altered by ``planter``, and the line of that pair; ``None`` if none fits."""
    matches = [match for match in _PAIR.finditer(text) if planter(match, random.Random(0)) is not None]
    if not matches:
        return None
    match = rng.choice(matches)
    altered = planter(match, rng)
    assert altered is not None
    return text[: match.start()] + altered + text[match.end():], text.count("\n", 0, match.start()) + 1


def _text(path: Path) -> str:
    text = read_page(path).text
    assert text is not None, path
    return text


def detection_rate(locale: str, kind: str, sample: int, seed: int = 3) -> tuple[int, int]:
    """(detected, planted) over ``sample`` random pages of ``locale`` that have a place for ``kind``."""
    rng = random.Random(seed)
    pages = sorted((CORPUS / locale).rglob("*.md"))
    rng.shuffle(pages)
    ruleset = RuleSet.default()
    detected = planted = 0
    for page in pages:
        if planted >= sample:
            break
        text = _text(page)
        result = plant(text, PLANTERS[kind], rng)
        if result is None:
            continue
        altered, line = result
        english = _text(CORPUS / "en-at-handoff" / locale / page.relative_to(CORPUS / locale))
        before = {(f.line, f.code, f.message) for f in check_text(page.name, text, english, ruleset)}
        after = check_text(page.name, altered, english, ruleset)
        planted += 1
        detected += any(abs(f.line - line) <= 1 and (f.line, f.code, f.message) not in before for f in after)
    return detected, planted


@pytest.mark.parametrize("kind", sorted(PLANTERS))
def test_planted_segment_defects_are_found_within_one_line(kind: str) -> None:
    detected = planted = 0
    for locale in LOCALES:
        found, total = detection_rate(locale, kind, SAMPLE)
        detected, planted = detected + found, planted + total
    assert planted >= SAMPLE
    assert detected / planted >= 0.95


@pytest.mark.parametrize("locale", LOCALES)
def test_pairs_translated_by_their_own_english_raise_no_segment_rule(locale: str) -> None:
    pages = sorted((CORPUS / locale).rglob("*.md"))[::25]
    ruleset = RuleSet.default()
    raised = []
    for page in pages:
        identity = _PAIR.sub(lambda m: m.group(1) + m.group(7) + "".join(m.group(i) for i in range(4, 9)), _text(page))
        english = _text(CORPUS / "en-at-handoff" / locale / page.relative_to(CORPUS / locale))
        raised += [f"{page.name}:{f.line} {f.code} {f.message}" for f in check_text(page.name, identity, english, ruleset)
                   if f.code.startswith("DL3") and f.severity.value != "info"]
    assert raised == []
