"""Recall of identifiers translated in prose (issue #15): inject, check, count what is found on its line.

    python -m tests.recall_identifiers [LOCALE ...] [--pages N] [--corpus DIR]

For each locale and each kind (a bold, link-label or heading identifier, transliterated into the
locale's script or half translated), the identifier is replaced in up to N real pages (40 by default,
chosen at random with a fixed seed among the pages that have such an identifier), and each page is
checked against the English it was translated from (``en-at-handoff/<locale>``).  An injection is
found when a warning or error finding that the page did not have before stands on its line (a finding
of a pair that had one already counts when its message changed: it names the injected identifier).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from doclint.engine import RuleSet, check_text
from tests.inject import IDENTIFIER_KINDS, identifier_injector, injected_pages, new_on_line

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _findings(display: str, text: str, english: str, ruleset: RuleSet) -> Counter[tuple[int, str, str]]:
    return Counter((finding.line, finding.code, finding.message) for finding in check_text(display, text, english, ruleset)
                   if finding.severity.value in ("error", "warning"))


def measure(locale: str, pages: int, corpus: Path) -> dict[str, tuple[int, int, Counter[str]]]:
    """For each kind: (found, injected, codes that found them)."""
    ruleset = RuleSet.default()
    results: dict[str, tuple[int, int, Counter[str]]] = {}
    for kind in IDENTIFIER_KINDS:
        where, form = kind.split("-", 1)
        found = injected = 0
        codes: Counter[str] = Counter()
        for page in injected_pages(corpus / locale, locale, kind, identifier_injector(where, form, locale), pages,
                                   corpus / "en-at-handoff" / locale):
            injected += 1
            english = page.english or ""
            new = new_on_line(_findings(page.display, page.text, english, ruleset),
                              _findings(page.display, page.new_text, english, ruleset), page.line)
            if new:
                found += 1
                codes.update(set(new))
        results[kind] = (found, injected, codes)
    return results


def main(argv: list[str] | None = None) -> int:
    """Print the recall table of each locale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locales", nargs="*", default=["zh-CN", "pt-BR", "de-DE"])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    options = parser.parse_args(argv)
    for locale in options.locales:
        total_found = total = 0
        for kind, (found, injected, codes) in measure(locale, options.pages, options.corpus).items():
            total_found += found
            total += injected
            print(f"{locale}\t{kind}\t{found}/{injected}\t{dict(codes.most_common())}")
        print(f"{locale}\tall\t{total_found}/{total}\t{100 * total_found / max(total, 1):.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
