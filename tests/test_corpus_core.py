"""Issue #2's measurements on the real corpus in ../shared (skipped when it is absent).

The corpus is real bilingual Microsoft Graph pages with the English they were
translated from (``en-at-handoff``); see ../shared/corpus/README.md.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from doclint.engine import check_text
from doclint.extract import extract
from doclint.reader import read_page
from doclint.registry import RuleSet
from tests.inject import INJECTORS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LOCALES = ("zh-CN", "pt-BR")
pytestmark = pytest.mark.skipif(not (CORPUS / "zh-CN").is_dir(), reason="../shared/corpus is not present")

_PAIR = re.compile(r'(<span data-ttu-id="[^"]*">)(.*?)(</span><span class="sxs-lookup"><span data-stu-id="[^"]*">)'
                   r"(.*?)(</span></span>)", re.DOTALL)


def _pages(locale: str) -> list[Path]:
    return sorted((CORPUS / locale).rglob("*.md"))


def _text(path: Path) -> str:
    text = read_page(path).text
    assert text is not None, path
    return text


def _english(locale: str, page: Path) -> str:
    return _text(CORPUS / "en-at-handoff" / locale / page.relative_to(CORPUS / locale))


def _body(text: str) -> str:
    """A page body compared as the corpus README measures it: no front matter, anchors, space or backslash."""
    if text.startswith("---"):
        close = re.search(r"^---\s*$", text[3:], re.MULTILINE)
        if close:
            text = text[3 + close.end():]
    return re.sub(r"[\s\\]", "", re.sub(r'<a name="[^"]*"></a>', "", text))


@pytest.mark.parametrize("locale", LOCALES)
def test_extract_reproduces_the_english_at_handoff(locale: str) -> None:
    pages = _pages(locale)
    same = sum(_body(extract(_text(page), "source")) == _body(_english(locale, page)) for page in pages)
    assert same / len(pages) >= 0.985


@pytest.mark.parametrize("locale", LOCALES)
def test_identity_translation_has_at_most_one_finding_per_hundred_pages(locale: str) -> None:
    pages = random.Random(2).sample(_pages(locale), 400)
    ruleset = RuleSet.default()
    serious = 0
    for page in pages:
        identity = _PAIR.sub(lambda m: m.group(1) + m.group(4) + m.group(3) + m.group(4) + m.group(5), _text(page))
        findings = check_text(page.name, identity, _english(locale, page), ruleset)
        serious += sum(finding.severity.value in ("error", "warning") for finding in findings)
    assert serious <= len(pages) / 100


def test_driveitem_translated_names_and_type_are_reported_on_their_rows() -> None:
    page = CORPUS / "pt-BR" / "api-reference/v1.0/resources/driveitem.md"
    text = _text(page)
    lines = text.split("\n")

    def row_of(translated: str, english: str) -> int:
        cell = f'">{translated}</span><span class="sxs-lookup"><span data-stu-id="'
        return next(i + 1 for i, line in enumerate(lines)
                    if line.startswith("|") and cell in line and f'">{english}</span></span>' in line)

    names = {"conteúdo": "content", "descrição": "description", "imagem": "image", "nome": "name",
             "pacote": "package", "compartilhado": "shared"}
    findings = check_text("driveitem.md", text, _english("pt-BR", page), RuleSet.default())
    reported = {(finding.code, finding.line) for finding in findings}
    for translated, english in names.items():
        assert ("DL201", row_of(translated, english)) in reported, english
    assert ("DL202", row_of("Fluxo", "Stream")) in reported


def test_injected_defects_are_found_within_one_line() -> None:
    """One defect per page, of each kind the held-out set uses; 95% overall, 90% per kind."""
    ruleset = RuleSet.default()
    found: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    for locale in LOCALES:
        pages = _pages(locale)
        random.Random(locale).shuffle(pages)
        for kind, inject in INJECTORS.items():
            for page in pages:
                if tried[kind, locale] >= 12:
                    break
                text = _text(page)
                injected = inject(text, random.Random(f"{page.name}{kind}"))
                if injected is None:
                    continue
                tried[kind, locale] += 1
                tried[kind] += 1
                new_text, line = injected
                english = _english(locale, page)
                before = Counter((f.code, f.message) for f in check_text(page.name, text, english, ruleset))
                after = check_text(page.name, new_text, english, ruleset)
                added = Counter((f.code, f.message) for f in after) - before
                found[kind] += any(abs(f.line - line) <= 1 and (f.code, f.message) in added for f in after)
    rates = {kind: found[kind] / tried[kind] for kind in INJECTORS}
    assert all(rate >= 0.9 for rate in rates.values()), rates
    assert sum(found.values()) / sum(tried[kind] for kind in INJECTORS) >= 0.95
