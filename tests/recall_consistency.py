"""Recall of DL511 inconsistent-translation (issue #17): plant variants in a real locale, count those found.

    python -m tests.recall_consistency [LOCALE ...] [--plants N] [--corpus DIR]

For each locale, the pages are checked against the English they were translated from
(``en-at-handoff/<locale>``) with DL511 alone, and among the English segments the locale translates
one way only (every copy folds to the same text) on three pages or more, N (30 by default) are chosen
at random with a fixed seed, each on a page of its own.  On one page of each, the translation of that
segment is changed by swapping two neighbouring characters (a script without spaces between words) or
two neighbouring words that differ; the changed pages are written to a temporary folder and the locale
is checked again with them in place of the originals, through the engine and the cross-page step.  A
plant is found when a DL511 finding stands on its line of its page.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
from pathlib import Path

from doclint.consistency import add_findings
from doclint.discover import jobs_for
from doclint.engine import check_pages
from doclint.parse import parse_page
from doclint.reader import read_page
from doclint.registry import REGISTRY, RuleSet
from doclint.results import PageJob, PageResult
from doclint.variants import STRIDE, comparable, rows_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RULESET = RuleSet((REGISTRY["DL511"],))


def _check(jobs: list[PageJob]) -> list[PageResult]:
    results = list(check_pages(jobs, RULESET, workers=2))
    add_findings(results, RULESET)
    return results


def _swapped(text: str) -> str | None:
    """``text`` with two neighbouring differing CJK characters, else two neighbouring differing words, swapped."""
    for index in range(len(text) - 1):
        first, second = text[index], text[index + 1]
        if first != second and all("\u4e00" <= char <= "\u9fff" for char in (first, second)):
            return text[:index] + second + first + text[index + 2:]
    words = text.split(" ")
    for index in range(len(words) - 1):
        first, second = words[index], words[index + 1]
        if first != second and first.isalpha() and second.isalpha():
            words[index], words[index + 1] = second, first
            return " ".join(words)
    return None


def plan(results: list[PageResult], plants: int, seed: str) -> list[tuple[int, int, int]]:
    """(page number, line, column) of each segment to change: English translated one way on 3+ pages."""
    translations: dict[int, set[int]] = {}
    spots: dict[int, list[tuple[int, int, int]]] = {}
    for number, result in enumerate(results):
        index = rows_of(result.index if isinstance(result.index, bytes) else b"")
        for start in range(0, len(index), STRIDE):
            english, translation, line, column = index[start:start + 4]
            translations.setdefault(english, set()).add(translation)
            spots.setdefault(english, []).append((number, line, column))
    candidates = sorted(key for key, found in translations.items()
                        if len(found) == 1 and len({spot[0] for spot in spots[key]}) >= 3)
    random.Random(seed).shuffle(candidates)
    chosen: list[tuple[int, int, int]] = []
    used: set[int] = set()
    for key in candidates:
        if len(chosen) >= plants:
            break
        pages = sorted({spot[0] for spot in spots[key]} - used)
        if not pages:
            continue
        page = random.Random(f"{seed}{key}").choice(pages)
        spot = next(spot for spot in spots[key] if spot[0] == page)
        used.add(page)
        chosen.append(spot)
    return chosen


def measure(locale: str, plants: int, corpus: Path) -> tuple[int, int, list[str]]:
    """(found, planted, the pages and lines missed)."""
    root = corpus / locale
    jobs = list(jobs_for([root], corpus / "en-at-handoff" / locale))
    results = _check(jobs)
    planted: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="recall-consistency-") as scratch:
        for number, line, column in plan(results, plants * 2, f"consistency{locale}"):
            if len(planted) >= plants:
                break
            text = read_page(jobs[number].target).text
            assert text is not None
            page = parse_page(text)
            pair = next((pair for pair in page.pairs
                         if pair.line == line and pair.column + pair.target_start - pair.start == column), None)
            if pair is None or pair.source is None:
                continue
            changed = _swapped(pair.target)
            if changed is None or comparable(changed) in (comparable(pair.target), comparable(pair.source)):
                continue
            end = pair.target_start + len(pair.target)
            path = Path(scratch, f"{number}.md")
            path.write_text(text[:pair.target_start] + changed + text[end:], encoding="utf-8")
            jobs[number] = dataclasses.replace(jobs[number], target=path)
            planted[number] = line
        after = _check(jobs)
    missed = []
    found = 0
    for number, line in planted.items():
        if any(finding.code == "DL511" and finding.line == line for finding in after[number].findings):
            found += 1
        else:
            missed.append(f"{jobs[number].display}:{line}")
    return found, len(planted), missed


def main(argv: list[str] | None = None) -> int:
    """Print the recall per locale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("locales", nargs="*", default=["zh-CN", "pt-BR"])
    parser.add_argument("--plants", type=int, default=30)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    options = parser.parse_args(argv)
    if not options.corpus.is_dir():
        print(f"no corpus at {options.corpus}", file=sys.stderr)
        return 2
    for locale in options.locales:
        found, planted, missed = measure(locale, options.plants, options.corpus)
        print(f"{locale}: {found}/{planted} planted variants reported on their line "
              f"({100 * found / max(planted, 1):.1f}%)" + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
