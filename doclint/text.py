"""Text normalisation: what the localization pipeline legitimately changes is folded away here.

The pipeline joins hard-wrapped lines, turns tabs into spaces, changes escaping
(``\\*`` vs ``*``, ``&quot;`` vs ``"``) and adds ``<a name>`` anchors to headings.
None of that is a translation defect, so every comparison goes through these helpers.
"""

from __future__ import annotations

import html
import re

from doclint.patterns import HEADING_ANCHOR

_WHITESPACE = re.compile(r"\s+")
_INVISIBLE_CHARS = "\ufeff\u200b\u200e\u200f"
_INVISIBLE = str.maketrans("", "", _INVISIBLE_CHARS)
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|`+)")


def unescape(text: str) -> str:
    """Decode HTML entities and drop Markdown backslash escapes."""
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = text.replace("\\", "")
    if text.isascii():  # the invisible characters and NBSP are not ASCII; translate() is slow
        return text
    if any(char in text for char in _INVISIBLE_CHARS):
        text = text.translate(_INVISIBLE)
    return text.replace("\xa0", " ") if "\xa0" in text else text


def strip_anchors(text: str) -> str:
    """Remove the ``<a name="…"></a>`` anchors the pipeline adds to headings."""
    return HEADING_ANCHOR.sub("", text) if "<a" in text else text


def squash(text: str) -> str:
    """The comparison key of a run of text: unescaped, no anchors, no white space at all."""
    # str.split() splits on exactly the characters \s matches (str.isspace), and is faster than a regex.
    return "".join(unescape(strip_anchors(text)).split())


def collapse(text: str) -> str:
    """Unescaped text with runs of white space folded to one space, trimmed."""
    return _WHITESPACE.sub(" ", unescape(text)).strip()


def identifier(text: str) -> str:
    """An identifier as written in a table cell: no emphasis, code marks or white space."""
    return _WHITESPACE.sub("", _EMPHASIS.sub("", unescape(text)))


def shorten(text: str, limit: int = 80) -> str:
    """Text for a message: one line, at most ``limit`` characters."""
    text = collapse(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten_apart(one: str, other: str, limit: int = 80) -> tuple[str, str]:
    """Two texts for one message, each as :func:`shorten` makes it, but both starting a little before
    where they first differ when that is further in than a shortened text would show."""
    one, other = collapse(one), collapse(other)
    same = 0
    for a, b in zip(one, other):
        if a != b:
            break
        same += 1
    start = same - limit // 4
    if start <= 1 or max(len(one), len(other)) <= limit:
        return shorten(one, limit), shorten(other, limit)

    def cut(text: str) -> str:
        part = "…" + text[start:]
        return part if len(part) <= limit else part[: limit - 1] + "…"

    return cut(one), cut(other)
