"""Draw the precision sample of issue #15: up to 50 random findings per rule and locale, to judge by reading.

    doclint check --no-cache --source ../shared/corpus/en-at-handoff/zh-CN ../shared/corpus/zh-CN \\
        --format json -o zh-CN.json          # and the same for pt-BR and de-DE
    python -m tests.precision_sample zh-CN.json pt-BR.json de-DE.json > sample.tsv

Each warning or error finding is drawn with ``random.Random(locale + code)``, so the same findings give
the same sample; the output (locale, path, line, code, message) is what tests/data/precision-judged.tsv
judges.  The locale is the file name's stem.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

PER_RULE = 50


def sample(report: Path) -> list[dict[str, object]]:
    """The sampled findings of one locale's JSON report, by rule then page order."""
    locale = report.stem
    by_code: dict[str, list[dict[str, object]]] = defaultdict(list)
    for finding in json.loads(report.read_text(encoding="utf-8"))["findings"]:
        if finding["severity"] in ("error", "warning"):
            by_code[str(finding["code"])].append(finding)
    chosen = []
    for code, findings in sorted(by_code.items()):
        picked = random.Random(f"{locale}{code}").sample(findings, min(PER_RULE, len(findings)))
        chosen.extend(dict(finding, locale=locale)
                      for finding in sorted(picked, key=lambda item: (str(item["path"]), int(item["line"]))))
    return chosen


def main(argv: list[str]) -> int:
    """Print the sample of every report named."""
    print("locale\tpath\tline\tcode\tmessage")
    for name in argv:
        for finding in sample(Path(name)):
            print(f"{finding['locale']}\t{finding['path']}\t{finding['line']}\t{finding['code']}\t{finding['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
