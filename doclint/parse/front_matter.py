"""Front matter: the ``---``-delimited ``key: value`` lines at the top of a page, read tolerantly.

Read line by line rather than with a YAML library, which is what lets it tolerate the broken YAML
the localization pipeline produces; what it cannot read is a DL002 problem.
"""

from __future__ import annotations

import re

from doclint.finding import Problem

# A '---' or '...' line, matched from the line end before it: a literal first character lets
# the search skip ahead, where a '^' in MULTILINE mode makes it try every offset.
_FRONT_CLOSE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.\-]*)[ \t]*:[ \t]*(.*)$")
_FRONT_KEYS = re.compile(_FRONT_KEY.pattern, re.MULTILINE)


def parse_front_matter(text: str, problems: list[Problem], plainly: bool = False) -> tuple[dict[str, str], int]:
    """Read ``---``-delimited front matter tolerantly: key: value lines, quotes stripped.

    ``plainly`` reads it line by line always, without reading the usual front matter in one go.
    """
    if not (text.startswith("---\n") or text.startswith("--- \n")):
        return {}, 0
    # The closing line starts at offset 4 or later, just after a line end.
    close = _FRONT_CLOSE.search(text, 3)
    if close is None:
        problems.append(Problem("DL002", 1, 1, "front matter is not closed by a '---' line"))
        return {}, 0
    values: dict[str, str] = {}
    block = text[4 : close.start() + 1]
    lines = block.split("\n")
    found = _FRONT_KEYS.findall(block)
    if not plainly and len(found) == len(lines) - lines.count(""):
        # Every line that is not empty is a key: value line (the usual case), read in one go.
        for key, value in found:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[key] = value
        lines = []
    for number, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in " \t-":
            continue
        match = _FRONT_KEY.match(line)
        if match is None:
            problems.append(
                Problem("DL002", number, 1, f"front matter line is not 'key: value': {line.strip()[:60]!r}")
            )
            continue
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[match.group(1)] = value
    end = close.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return values, end
