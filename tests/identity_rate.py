"""Identity translations (issue #15): every pair's translation replaced by its English, checked against the
English the page was translated from; prints the warning and error findings per locale, by code.

    python -m tests.identity_rate [LOCALE ...] [--corpus DIR] [--jobs N] [--handoff] [--list CODE ...]

The substitution is the one tests/test_corpus_core.py makes (a naive expression over the pair spans), except
that an HTML comment the translation holds and its English does not stays (the de-DE pipeline moved
annotations into translations: dropping them would make the identity page lose a block the real page has); the
English is ``en-at-handoff/<locale>/<page>``.  With ``--list``, the findings of the codes named are printed
too (path, line, code, message), to read them in the pages.  With ``--handoff`` doclint is told that this
English is the English at handoff (as ``--handoff``/``--git`` tell it), the current English being the same.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from doclint.engine import RuleSet, check_text
from doclint.reader import read_page

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_PAIR = re.compile(r'(<span data-ttu-id="[^"]*">)(.*?)(</span><span class="sxs-lookup"><span data-stu-id="[^"]*">)'
                   r"(.*?)(</span></span>)", re.DOTALL)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def identity(text: str) -> str:
    """The page with every pair's translation replaced by its English, less the HTML comments (annotations)
    its translation held: an older pipeline moved some there, and the identity page keeps them."""
    def swap(m: re.Match[str]) -> str:
        kept = "".join(comment + " " for comment in _COMMENT.findall(m.group(2)) if comment not in m.group(4))
        return m.group(1) + kept + m.group(4) + m.group(3) + m.group(4) + m.group(5)
    return _PAIR.sub(swap, text)


def _check(job: tuple[str, str, str, bool]) -> list[tuple[str, int, str, str]]:
    corpus, locale, relative, at_handoff = job
    root = Path(corpus)
    text = read_page(root / locale / relative).text
    english = read_page(root / "en-at-handoff" / locale / relative).text
    if text is None or english is None:
        return []
    return [(f"{locale}/{relative}", finding.line, finding.code, finding.message)
            for finding in check_text(relative, identity(text), english, RuleSet.default(),
                                      handoff=english if at_handoff else None)
            if finding.severity.value in ("error", "warning")]


def measure(locale: str, corpus: Path, jobs: int,
            at_handoff: bool = False) -> tuple[int, list[tuple[str, int, str, str]]]:
    """The number of pages and the warning and error findings of their identity translations."""
    root = corpus / locale
    pages = sorted(page.relative_to(root).as_posix() for page in root.rglob("*.md"))
    work = [(str(corpus), locale, page, at_handoff) for page in pages]
    with ProcessPoolExecutor(jobs) as pool:
        found = [finding for findings in pool.map(_check, work, chunksize=16) for finding in findings]
    return len(pages), found


def main(argv: list[str]) -> int:
    """Print, for each locale, its findings per 100 pages and by code."""
    parser = argparse.ArgumentParser(prog="python -m tests.identity_rate")
    parser.add_argument("locales", nargs="*", default=["zh-CN", "pt-BR", "de-DE"])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--handoff", action="store_true", help="tell doclint the English is the English at handoff")
    parser.add_argument("--list", nargs="*", default=[], metavar="CODE")
    args = parser.parse_args(argv)
    for locale in args.locales:
        pages, findings = measure(locale, args.corpus, args.jobs, args.handoff)
        codes = Counter(code for _, _, code, _ in findings)
        pages_with = len({path for path, _, _, _ in findings})
        print(f"{locale}: {len(findings)} findings on {pages_with} of {pages} pages = "
              f"{100 * len(findings) / pages:.2f} per 100 pages; "
              + ", ".join(f"{code} {count}" for code, count in sorted(codes.items())))
        for path, line, code, message in findings:
            if code in args.list or "all" in args.list:
                print(f"  {path}:{line}\t{code}\t{message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
