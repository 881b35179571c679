"""How the English at handoff is named, where a locale's handoff folder is, and when two English pages
have the same content (what drift calls "changed in content").

Pure helpers on text and the page model, read by the engine, the comparison and the CLI alike.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doclint.page import Page

#: The placeholder of a handoff folder template that stands for the page's locale (``en-at-handoff/{locale}``).
LOCALE = "{locale}"
COMMIT_KEY = "ms.sourcegitcommit"
_FRONT_CLOSE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")


def handoff_folder(template: str, locale: str) -> Path:
    """The handoff folder of one locale: ``template`` with ``{locale}`` replaced by the locale's name."""
    return Path(template.replace(LOCALE, locale)) if LOCALE in template else Path(template)


def _body(text: str) -> str:
    """The text after the front matter."""
    if text.startswith(("---\n", "--- \n")):
        close = _FRONT_CLOSE.search(text, 3)
        if close is not None:
            return text[close.end():]
    return text


def content(text: str) -> str:
    """The content of a page for drift: its body after the front matter, without white space or backslashes.

    Two English pages differ in content exactly when these differ (a change of ``author`` or ``ms.date``
    in the front matter, re-wrapping or re-escaping is no change).
    """
    return "".join(_body(text).replace("\\", "").split())


def same_content(text: str, other: str) -> bool:
    """Whether two pages have the same :func:`content` (most often their bodies are simply equal)."""
    return _body(text) == _body(other) or content(text) == content(other)


def label(target: Page, moved: str = "") -> str:
    """How findings name the English at handoff: with the page's commit when it names one."""
    commit = target.front_matter.get(COMMIT_KEY, "").strip()
    where = [f"commit {commit[:12]}"] if commit else []
    if moved:
        where.append(f"as {moved}")
    return f"the English at handoff ({', '.join(where)})" if where else "the English at handoff"
