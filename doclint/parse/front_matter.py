"""Front matter: the ``---``-delimited ``key: value`` lines at the top of a page, read tolerantly.

Read line by line rather than with a YAML library, which is what lets it tolerate the broken YAML
the localization pipeline produces; what it cannot read is a DL002 problem.

Whether the front matter is valid YAML, as the docs build that reads it requires, is asked apart
(:func:`yaml_problem`, by the rule DL002 when the line reader found nothing wrong): a block whose every
line is ``key: value`` can still be invalid YAML (``title: [unclosed``, ``title: a: b``, a tab, a bad
quote), and the docs build then drops the whole block.  It is asked of PyYAML's C parser when it is
there.  Front matter made only of lines that are YAML whatever they hold (:data:`PLAINLY_VALID`,
nearly every real page) is not parsed at all: PyYAML costs some 50 µs a page, a third of the cost of
checking it, and is imported only for the others.
"""

from __future__ import annotations

import re

from doclint.finding import Problem

# A '---' or '...' line, matched from the line end before it: a literal first character lets
# the search skip ahead, where a '^' in MULTILINE mode makes it try every offset.
_FRONT_CLOSE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.\-]*)[ \t]*:[ \t]*+(.*)$")
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


def front_matter_text(text: str) -> str | None:
    """The text between a page's front-matter delimiters (it starts on line 2), or ``None`` when the page
    has no closed front matter."""
    if not (text.startswith("---\n") or text.startswith("--- \n")):
        return None
    close = _FRONT_CLOSE.search(text, 3)
    if close is None:
        return None
    return text[text.index("\n") + 1 : close.start() + 1]


# Characters that may end or break a line or a token in YAML 1.1, or that YAML refuses: never on
# the fast path (a block holding one goes to the parser).
_UNSAFE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"
# A plain (unquoted) value: it does not start with an indicator or a space, and no ':' in it is
# followed by a space or the line end (which would start a mapping value).  Written as runs between
# colons, which the engine matches a run at a time, and which split a value in one way only.
_PLAIN = rf"[^\s\-?:,\[\]{{}}#&*!|>'\"%@`{_UNSAFE}][^:{_UNSAFE}]*(?::(?=[^\s{_UNSAFE}])[^:{_UNSAFE}]*)*"
_DOUBLE = rf'"(?:[^"\\\n{_UNSAFE}]|\\["\\/bfnrt])*"[ ]*'  # only the common escapes: an unknown one is an error
_SINGLE = rf"'[^'\n{_UNSAFE}]*'[ ]*"
#: Front matter that is a valid YAML mapping whatever its lines hold: blank lines, ``#`` comments and
#: ``key: value`` lines with a plain or quoted value.  Each line kind and value kind starts with its
#: own characters and a line can match in one way only, so a failing block never backtracks over
#: the lines before.  (A key stays under YAML's 1024-character limit for a simple key.)
PLAINLY_VALID = re.compile(
    rf"(?:(?:#[^\n{_UNSAFE}]*|[A-Za-z_][A-Za-z0-9_.\-]{{0,255}}:(?:[ ]+(?:{_PLAIN}|{_DOUBLE}|{_SINGLE})|[ ]*))?\n)*"
)


def yaml_problem(block: str, first_line: int = 2) -> Problem | None:
    """The DL002 problem of front matter ``block`` (its first line is page line ``first_line``) that is
    not a valid YAML mapping, or ``None`` when it is one."""
    if PLAINLY_VALID.fullmatch(block):
        return None
    import yaml  # here: only front matter off the fast path pays for it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(block, Loader=loader)  # nodes only: no tag is resolved, no alias expanded
    except yaml.MarkedYAMLError as error:
        # Where the construct opened ("title: [unclosed"), rather than where the parser gave up (often the end).
        mark = error.context_mark or error.problem_mark
        line, column = (first_line + mark.line, mark.column + 1) if mark is not None else (first_line, 1)
        context = f" ({error.context})" if error.context else ""
        return Problem("DL002", line, column, f"front matter is not valid YAML: {error.problem or error}{context}")
    except yaml.YAMLError as error:
        return Problem("DL002", first_line, 1, f"front matter is not valid YAML: {error}")
    except RecursionError:
        return Problem("DL002", first_line, 1, "front matter is not valid YAML: it is nested too deeply")
    if node is not None and not isinstance(node, yaml.MappingNode):
        return Problem("DL002", first_line, 1, "front matter is not a YAML mapping of 'key: value' lines")
    return None
