"""The rule catalogue: the Markdown document of each rule, with its runnable examples.

Each rule has ``rules/<CODE>.md`` (shipped as the package ``doclint.rules``):
a ``# CODE name`` title, sections *What it checks*, *Why it matters*, and the
examples ``## Failing example`` and ``## Passing example``, each holding a
``~~~~ translated`` page and, for rules that compare with the English, a
``~~~~ english`` page; the drift rules' examples add the English the page was
translated from, a ``~~~~ handoff`` page (the ``english`` page is then the
current English); the term rules' examples add the glossary they check, a
``~~~~ glossary`` CSV; the cross-page rules' examples add a ``~~~~ other`` page, which stands
for two other pages of the locale.  The test suite runs every example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_EXAMPLE = re.compile(r"^~~~~[ \t]*(translated|english|handoff|glossary|other)[ \t]*\n(.*?)^~~~~[ \t]*$", re.MULTILINE | re.DOTALL)
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """A runnable example: the translated page and, optionally, its English page, the English at handoff and
    a glossary (CSV)."""

    translated: str
    english: str | None
    handoff: str | None = None
    glossary: str | None = None
    other: str | None = None  # a page standing for two other pages of the locale (cross-page rules)


@dataclass(frozen=True)
class RuleDoc:
    """A rule's document: its Markdown text and its two examples."""

    code: str
    text: str
    failing: Example | None
    passing: Example | None


def _sections(text: str) -> dict[str, str]:
    parts = _SECTION.split(text)
    return {parts[index].strip().lower(): parts[index + 1] for index in range(1, len(parts) - 1, 2)}


def _example(section: str | None) -> Example | None:
    if section is None:
        return None
    pages = {kind: body for kind, body in _EXAMPLE.findall(section)}
    if "translated" not in pages:
        return None
    return Example(pages["translated"], pages.get("english"), pages.get("handoff"), pages.get("glossary"),
                   pages.get("other"))


def documents() -> dict[str, RuleDoc]:
    """Every rule document in the catalogue, by code."""
    result: dict[str, RuleDoc] = {}
    for entry in resources.files("doclint.rules").iterdir():
        if not entry.name.endswith(".md"):
            continue
        text = entry.read_text(encoding="utf-8")
        code = entry.name[:-3]
        sections = _sections(text)
        result[code] = RuleDoc(code, text, _example(sections.get("failing example")),
                               _example(sections.get("passing example")))
    return result


def document(code: str) -> RuleDoc | None:
    """The document of one rule, or ``None``."""
    return documents().get(code.upper())
