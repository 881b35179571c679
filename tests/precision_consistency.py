"""Draw the DL511 precision sample of issue #17: groups of inconsistent translations on real pages.

    python -m tests.precision_consistency [LOCALE ...] [--groups N] [--corpus DIR]

Checks each locale against ``en-at-handoff/<locale>`` with DL511 alone, counts the groups and findings,
and prints N groups (30 by default) drawn at random with a fixed seed: the English, each variant with
its page count, and the page and line of the first variant reported.  The judged list (page, line,
verdict, reason; no page text) is ``tests/data/consistency-judged.tsv``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from doclint.consistency import _Texts, add_findings
from doclint.discover import jobs_for
from doclint.engine import check_pages
from doclint.registry import REGISTRY, RuleSet
from doclint.variants import groups, minority

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RULESET = RuleSet((REGISTRY["DL511"],))


def main(argv: list[str] | None = None) -> int:
    """Print the counts and the sample of each locale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("locales", nargs="*", default=["zh-CN", "pt-BR"])
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    options = parser.parse_args(argv)
    for locale in options.locales:
        jobs = list(jobs_for([options.corpus / locale], options.corpus / "en-at-handoff" / locale))
        results = list(check_pages(jobs, RULESET, workers=2))
        found = groups([result.index if isinstance(result.index, bytes) else b"" for result in results])
        add_findings(results, RULESET)
        findings = sum(1 for result in results for finding in result.findings if finding.code == "DL511")
        print(f"{locale}: {len(found)} groups, {findings} DL511 findings on "
              f"{sum(1 for result in results if result.findings)} pages")
        texts = _Texts([result.job.target for result in results])
        for group in random.Random(f"precision{locale}").sample(found, min(options.groups, len(found))):
            variant = minority(group)[0][0]
            spot = variant.spots[0]
            print(f"{results[spot[0]].job.display}\t{spot[1]}\t{texts.at(spot)[0]}")
            for each in group.variants:
                print(f"    {len(each.pages):5d}  {texts.at(each.spots[0])[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
