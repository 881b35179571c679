"""Recall and false alarms of the term rules (issue #17) with a glossary of product names to keep.

    python -m tests.recall_glossary [LOCALE ...] [--pages N] [--corpus DIR] [--real FILE]

The glossary (:data:`PRODUCTS`, each "do not translate") is written as TBX and as CSV into a temporary
folder and read back, and for each format:

- recall: in up to N real pages per locale and kind (40 by default, in a random order with a fixed seed,
  among the pages with a pair whose English and translation both hold a product name), one product name
  of one pair's translation is replaced: translated into the locale's language (``translated``), or
  lower-cased (``lower``).  It is found when a glossary finding (DL5xx) the page did not have before
  stands on the line of that pair;
- identity: every page of the locale with each pair's translation set to its English: the glossary
  findings per 100 pages;
- real pages: with ``--real FILE``, the glossary findings on the pages as they are are written to FILE,
  to be read.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from doclint.checks.terms import bind, occurrences
from doclint.engine import check_text
from doclint.glossary import Glossary, load_glossary
from doclint.reader import read_page
from doclint.registry import RuleSet
from tests.inject import injected_pages, new_on_line

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
#: Product names, and how each is translated (wrongly) into zh-CN and pt-BR.
PRODUCTS: dict[str, tuple[str, str]] = {
    "Microsoft Graph": ("微软图形", "Gráfico da Microsoft"),
    "OneDrive": ("一驱动", "Um Drive"),
    "OneDrive for Business": ("企业版一驱动", "Um Drive para Empresas"),
    "SharePoint": ("共享点", "Ponto de Compartilhamento"),
    "Outlook": ("展望", "Perspectiva"),
    "Microsoft Teams": ("微软团队", "Equipes da Microsoft"),
    "Exchange": ("交换", "Intercâmbio"),
    "Exchange Online": ("交换在线", "Intercâmbio Online"),
    "Azure Active Directory": ("Azure 活动目录", "Diretório Ativo do Azure"),
    "Azure AD": ("Azure 广告", "AD do Azure"),
    "Intune": ("英图恩", "Intuno"),
    "Office 365": ("办公室 365", "Escritório 365"),
    "Microsoft 365": ("微软 365", "Microsoft Trezentos e Sessenta e Cinco"),
    "OneNote": ("一笔记", "Uma Nota"),
    "Planner": ("规划器", "Planejador"),
    "Excel": ("超越", "Exceler"),
}
LOCALE_COLUMN = {"zh-CN": 0, "pt-BR": 1}
#: Names of one product, written as one entry (synonyms): either form in the translation keeps the name.
SAME_PRODUCT = (("Azure Active Directory", "Azure AD"),)
_PAIR = re.compile(r'(<span data-ttu-id="[^"]*">)(.*?)(</span><span class="sxs-lookup"><span data-stu-id="[^"]*">)'
                   r"(.*?)(</span></span>)", re.DOTALL)


def write_glossaries(folder: Path, synonyms: bool = True) -> dict[str, Path]:
    """The product glossary as TBX (v2, TBX-Basic) and as CSV in ``folder``; with ``synonyms``, the names of
    :data:`SAME_PRODUCT` are one entry each."""
    groups = [group for group in SAME_PRODUCT if synonyms]
    grouped = {name for group in groups for name in group}
    entries_of = [*groups, *((name,) for name in PRODUCTS if name not in grouped)]
    entries = "\n".join(
        f'<termEntry id="p{index}"><descrip type="definition">Product name: do not translate</descrip>'
        f'<langSet xml:lang="en-US">{"".join(f"<tig><term>{name}</term></tig>" for name in names)}</langSet>'
        "</termEntry>" for index, names in enumerate(entries_of))
    tbx = folder / "products.tbx"
    tbx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en-US">'
                   f"<text><body>\n{entries}\n</body></text></martif>\n", encoding="utf-8")
    table = folder / "products.csv"
    table.write_text("en,dnt\n" + "".join(f"{'|'.join(names)},yes\n" for names in entries_of), encoding="utf-8")
    return {"tbx": tbx, "csv": table}


def _glossary_findings(display: str, text: str, english: str | None, ruleset: RuleSet) -> Counter[tuple[int, str, str]]:
    return Counter((finding.line, finding.code, finding.message) for finding in check_text(display, text, english, ruleset)
                   if finding.code.startswith("DL5"))


def _injector(locale: str, kind: str) -> Callable[[str, random.Random], tuple[str, int] | None]:
    """Replace one product name of one pair's translation (when its English has it too): (new text, line)."""

    def inject(text: str, rng: random.Random) -> tuple[str, int] | None:
        spots: list[tuple[re.Match[str], str, int]] = []
        for match in _PAIR.finditer(text):
            translation, english = match.group(2), match.group(4)
            if translation == english:
                continue
            for name in PRODUCTS:
                if next(occurrences(english, name, True), None) is None:
                    continue
                spots.extend((match, name, offset) for offset in occurrences(translation, name, True))
        if not spots:
            return None
        match, name, offset = rng.choice(spots)
        # the longest name at that offset: "OneDrive for Business", not "OneDrive" inside it
        start = match.start(2) + offset
        name = max((other for where, other, at in spots if where is match and at == offset), key=len)
        wrong = PRODUCTS[name][LOCALE_COLUMN[locale]] if kind == "translated" else name.lower()
        return text[:start] + wrong + text[start + len(name):], text.count("\n", 0, match.start()) + 1

    return inject


def recall(locale: str, pages: int, corpus: Path, ruleset: RuleSet) -> dict[str, tuple[int, int]]:
    """For each kind of injection: (found on its line, injected)."""
    results = {}
    for kind in ("translated", "lower"):
        found = injected = 0
        for page in injected_pages(corpus / locale, locale, kind, _injector(locale, kind), pages):
            injected += 1
            before = _glossary_findings(page.display, page.text, None, ruleset)
            if new_on_line(before, _glossary_findings(page.display, page.new_text, None, ruleset), page.line):
                found += 1
            else:
                print(f"  missed: {locale} {kind} {page.display}:{page.line}", file=sys.stderr)
        results[kind] = (found, injected)
    return results


def identity(locale: str, corpus: Path, ruleset: RuleSet) -> tuple[int, int]:
    """(glossary findings, pages) on every page of ``locale`` with each translation set to its English."""
    findings = pages = 0
    for page in sorted((corpus / locale).rglob("*.md")):
        text = read_page(page).text
        if text is None:
            continue
        pages += 1
        same = _PAIR.sub(lambda m: m.group(1) + m.group(4) + m.group(3) + m.group(4) + m.group(5), text)
        findings += sum(_glossary_findings(page.name, same, None, ruleset).values())
    return findings, pages


def real(locale: str, corpus: Path, ruleset: RuleSet) -> list[str]:
    """The glossary findings on the pages of ``locale`` as they are."""
    lines: list[str] = []
    for page in sorted((corpus / locale).rglob("*.md")):
        text = read_page(page).text
        if text is not None:
            display = f"{locale}/{page.relative_to(corpus / locale)}"
            lines.extend(f"{display}:{line}: {code} {message}"
                         for (line, code, message) in _glossary_findings(display, text, None, ruleset))
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print recall and identity figures for each locale and glossary format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locales", nargs="*", default=["zh-CN", "pt-BR"])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--real", type=Path, help="write the glossary findings of the real pages here")
    parser.add_argument("--no-synonyms", action="store_true", help="write each product name as an entry of its own")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        glossaries: dict[str, Glossary] = {
            kind: load_glossary(path)
            for kind, path in write_glossaries(Path(folder), not options.no_synonyms).items()}
    shown: list[str] = []
    for kind, glossary in glossaries.items():
        ruleset = bind(RuleSet(tuple(rule for rule in RuleSet.default().rules if rule.code.startswith("DL5"))),
                       (glossary,))
        for locale in options.locales:
            total_found = total = 0
            for injection, (found, injected) in recall(locale, options.pages, options.corpus, ruleset).items():
                total_found, total = total_found + found, total + injected
                print(f"{kind}\t{locale}\t{injection}\t{found}/{injected}")
            print(f"{kind}\t{locale}\trecall\t{total_found}/{total}\t{100 * total_found / max(total, 1):.1f}%")
            count, pages = identity(locale, options.corpus, ruleset)
            print(f"{kind}\t{locale}\tidentity\t{count} findings on {pages} pages\t{100 * count / max(pages, 1):.2f} per 100")
            if options.real is not None and kind == "tbx":
                shown.extend(real(locale, options.corpus, ruleset))
    if options.real is not None:
        options.real.write_text("\n".join(shown) + "\n", encoding="utf-8")
        print(f"real pages: {len(shown)} glossary findings written to {options.real}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
