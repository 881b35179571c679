"""Measure ``--fix`` on real pages: injected fixable defects are undone, identity pages are left alone.

A real page often carries real defects of its own (a translated type, a garbled permission name),
which ``--fix`` rightly repairs as well; so "restored" is measured two ways: the fixed injected
page equals the fixed original page (whatever else was wrong is fixed the same way), and, on the
pages that have no fixable defect of their own, it equals the original byte for byte.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from doclint.fix import fix_text
from doclint.parse import parse_page
from doclint.reader import read_page
from doclint.registry import RuleSet
from tests.inject import INJECTORS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LOCALES = ("zh-CN", "pt-BR")
FIXABLE_KINDS = ("altered-json-key", "dropped-json-line", "dropped-enum-member", "altered-annotation",
                 "altered-http", "translated-property-name", "translated-type")
PAGES_PER_KIND = 30
pytestmark = pytest.mark.skipif(not (CORPUS / "zh-CN").is_dir(), reason="../shared/corpus is not present")

_PAIR = re.compile(r'(<span data-ttu-id="[^"]*">)(.*?)(</span><span class="sxs-lookup"><span data-stu-id="[^"]*">)'
                   r"(.*?)(</span></span>)", re.DOTALL)


def _text(path: Path) -> str:
    text = read_page(path).text
    assert text is not None, path
    return text


def _fix(text: str, english: str) -> str:
    return fix_text("page.md", text, parse_page(english), RuleSet.default())[0]


@pytest.mark.parametrize("kind", FIXABLE_KINDS)
def test_fix_undoes_an_injected_defect(kind: str) -> None:
    tried = same_as_fixed_original = clean_pages = restored_exactly = 0
    for locale in LOCALES:
        pages = sorted((CORPUS / locale).rglob("*.md"))
        random.Random(f"{locale}{kind}").shuffle(pages)
        tried_here = 0
        for page in pages:
            if tried_here == PAGES_PER_KIND:
                break
            text = _text(page)
            injected = INJECTORS[kind](text, random.Random(f"{page.name}{kind}"))
            if injected is None:
                continue
            tried_here += 1
            english = _text(CORPUS / "en-at-handoff" / locale / page.relative_to(CORPUS / locale))
            fixed_original, fixed_injected = _fix(text, english), _fix(injected[0], english)
            same_as_fixed_original += fixed_injected == fixed_original
            if fixed_original == text:
                clean_pages += 1
                restored_exactly += fixed_injected == text
        tried += tried_here
    assert tried >= 20, f"only {tried} pages have something to inject {kind} into"
    assert same_as_fixed_original / tried >= 0.9, (same_as_fixed_original, tried)
    # pt-BR translated the "Authorization" header name on nearly every API page, so the pages
    # with no defect of their own come mostly from zh-CN
    assert clean_pages >= 10, f"only {clean_pages} of {tried} pages have no fixable defect of their own"
    assert restored_exactly / clean_pages >= 0.9, (restored_exactly, clean_pages)


@pytest.mark.parametrize("locale", LOCALES)
def test_fix_leaves_identity_translated_pages_alone(locale: str) -> None:
    pages = sorted((CORPUS / locale).rglob("*.md"))[::10]
    changed = []
    for page in pages:
        identity = _PAIR.sub(lambda m: m.group(1) + m.group(4) + m.group(3) + m.group(4) + m.group(5), _text(page))
        english = _text(CORPUS / "en-at-handoff" / locale / page.relative_to(CORPUS / locale))
        if _fix(identity, english) != identity:
            changed.append(page.name)
    assert changed == []
