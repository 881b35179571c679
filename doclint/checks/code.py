"""Code fences and annotations: what is never translated must equal the English.

JSON is compared by parsed value when both sides parse, so re-indentation is no
defect; otherwise lines are compared with white space folded.  A difference is
reported on the translated line where it starts.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import Context, Hit, check
from doclint.finding import Fix
from doclint.page import Block
from doclint.sequence import Opcode, opcodes
from doclint.text import shorten

_SPACE = re.compile(r"\s+")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+")
ENUM_STRING = re.compile(r'"((?:[A-Za-z_@$][\w.@$-]*[ \t]*\|[ \t]*)+[A-Za-z_@$][\w.@$-]*)"')
_MAX_HITS_PER_BLOCK = 8


@dataclass(frozen=True, slots=True)
class LineChange:
    """One changed stretch of a fence or annotation: English lines vs translated lines."""

    tag: str
    english: tuple[str, ...]
    target: tuple[str, ...]
    line: int
    column: int
    fix: Fix | None = None


def _body(text: str, fenced: bool) -> list[str]:
    lines = text.split("\n")
    if fenced:
        lines = lines[1:]
        if lines and re.match(r"^[ \t>]*(`{3,}|~{3,})[ \t]*$", lines[-1]):
            lines = lines[:-1]
    return lines


def _fold(line: str) -> str:
    if "&" in line:
        line = html.unescape(line)  # the pipeline writes &quot; for " even inside code
    return _SPACE.sub(" ", _QUOTE_PREFIX.sub("", line)).strip()


def _json_value(lines: list[str]) -> object:
    text = "\n".join(_QUOTE_PREFIX.sub("", line) for line in lines).strip()
    if text.startswith("<!--"):
        text = text[4:]
        if text.endswith("-->"):
            text = text[:-3]
        text = text.strip()
    if not text or text[0] not in "{[":
        return _NOT_JSON
    for candidate in (text, html.unescape(text)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return _NOT_JSON


_NOT_JSON = object()


def line_changes(context: Context, english: Block, target: Block) -> list[LineChange]:
    """The changed stretches between two aligned fences or annotations (cached per block)."""
    key = f"lines:{target.start}"
    cached = context.cache.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    fenced = target.kind == "fence"
    english_lines = _body(english.source, fenced)
    target_lines = _body(target.target, fenced)
    first_line = target.line + (1 if fenced else 0)
    changes: list[LineChange] = []
    english_folded = [_fold(line) for line in english_lines]
    target_folded = [_fold(line) for line in target_lines]
    if english_folded != target_folded:
        english_json = _json_value(english_lines)
        same_json = english_json is not _NOT_JSON and english_json == _json_value(target_lines)
        if not same_json:
            changed = opcodes(english_folded, target_folded, context.budget)
            fixer = _LineFixer.of(context, target, english_lines, target_lines, fenced, changed)
            for tag, i1, i2, j1, j2 in changed:
                if tag == "equal":
                    continue
                index = min(j1, max(len(target_lines) - 1, 0))
                line = first_line + index
                text = target_lines[index] if target_lines else ""
                column = len(text) - len(text.lstrip()) + 1
                fix = fixer.fix(i1, i2, j1, j2) if fixer is not None else None
                changes.append(LineChange(tag, tuple(english_lines[i1:i2]), tuple(target_lines[j1:j2]),
                                          line, column, fix))
    context.cache[key] = changes
    return changes


_PREFIX = re.compile(r"^[ \t]*+(?:>[ \t]?+)*+[ \t]*+")  # possessive: runs of spaces are read one way


def _prefix(line: str) -> str:
    """A line's indentation and blockquote marks (:data:`_PREFIX` matches every line, if only emptily)."""
    match = _PREFIX.match(line)
    return match.group() if match else ""


class _LineFixer:
    """Builds the fix of a changed stretch: the English lines in place of the translated ones.

    Only what the comparison ignores is taken from the translated page: a line's indentation and
    quote markers (the pipeline turns tabs into spaces), mapped from the lines both sides share.
    """

    def __init__(self, start: int, english: list[str], target: list[str], prefixes: dict[str, str]) -> None:
        self.english = english
        self.target = target
        self.prefixes = prefixes
        self.starts = []
        position = start
        for line in target:
            self.starts.append(position)
            position += len(line) + 1
        self.begin = start
        self.end = position - 1

    @classmethod
    def of(cls, context: Context, target: Block, english_lines: list[str], target_lines: list[str],
           fenced: bool, changed: list[Opcode]) -> _LineFixer | None:
        """A fixer for ``target``, or ``None`` when its text is not the page's own (pairs inside it)."""
        if context.target.text[target.start:target.end] != target.target:
            return None
        prefixes: dict[str, str] = {}
        for tag, i1, i2, j1, j2 in changed:
            if tag == "equal":
                for english, translated in zip(english_lines[i1:i2], target_lines[j1:j2]):
                    prefixes.setdefault(_prefix(english), _prefix(translated))
        first_line = target.target.split("\n", 1)[0]
        start = target.start + (len(first_line) + 1 if fenced else 0)
        return cls(start, english_lines, target_lines, prefixes)

    def _english(self, index: int, like: str | None) -> str:
        line = self.english[index]
        prefix = _prefix(line)
        if like is not None:
            new_prefix = _prefix(like)
        else:
            new_prefix = self.prefixes.get(prefix, prefix)
        return new_prefix + line[len(prefix):]

    def fix(self, i1: int, i2: int, j1: int, j2: int) -> Fix | None:
        """The fix putting English lines ``i1:i2`` in place of translated lines ``j1:j2``."""
        same_count = i2 - i1 == j2 - j1
        lines = [self._english(i, self.target[j1 + i - i1] if same_count else None) for i in range(i1, i2)]
        if j1 < j2:
            start, end = self.starts[j1], self.starts[j2 - 1] + len(self.target[j2 - 1])
            if not lines:  # drop the lines and one line end with them
                if j2 < len(self.target):
                    end += 1
                elif start > self.starts[0]:
                    start -= 1
            return Fix(start, end, "\n".join(lines))
        if j1 < len(self.target):
            return Fix(self.starts[j1], self.starts[j1], "\n".join(lines) + "\n")
        if not self.target:  # an empty fence: the lines go before its closing line
            return Fix(self.begin, self.begin, "\n".join(lines) + "\n")
        return Fix(self.end, self.end, "\n" + "\n".join(lines))


def enum_members(line: str) -> list[str] | None:
    """The members of a ``"a | b | c"`` enumeration string on a line, if it has one."""
    match = ENUM_STRING.search(line)
    if match is None:
        return None
    return [member.strip() for member in match.group(1).split("|")]


def is_enum_change(change: LineChange) -> bool:
    """Whether a change is one enumeration string replaced by another (left to DL204)."""
    return (
        change.tag == "replace"
        and len(change.english) == len(change.target) == 1
        and enum_members(change.english[0]) is not None
        and enum_members(change.target[0]) is not None
        # the rest of the line (a JSON key) must be the same, or it is a code change of its own
        and _fold(ENUM_STRING.sub('""', change.english[0])) == _fold(ENUM_STRING.sub('""', change.target[0]))
    )


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _keys(lines: tuple[str, ...]) -> list[str]:
    """The JSON keys the lines hold (``"key":``), in order, without repeats."""
    return list(dict.fromkeys(key for line in lines for key in _JSON_KEY.findall(line)))


def _quoted(names: list[str]) -> str:
    return ", ".join(repr(name) for name in names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _json_change(change: LineChange, what: str) -> str | None:
    """What a change of JSON lines does to the keys: added, removed, or a value changed; ``None`` if it holds none."""
    english, target = _keys(change.english), _keys(change.target)
    if not english and not target:
        return None
    removed = [key for key in english if key not in target]
    added = [key for key in target if key not in english]
    parts = []
    if added:
        parts.append(f"key{'s' if len(added) > 1 else ''} {_quoted(added)} not in the English")
    if removed:
        parts.append(f"key{'s' if len(removed) > 1 else ''} {_quoted(removed)} of the English "
                     f"{'are' if len(removed) > 1 else 'is'} missing")
    if not parts:
        changed = english if change.tag == "replace" else english or target
        parts.append(f"value of {'keys' if len(changed) > 1 else 'key'} {_quoted(changed)} changed: "
                     f"{shorten(change.target[0]) if change.target else ''!r}; the English has "
                     f"{shorten(change.english[0]) if change.english else ''!r}")
    return f"{what}: " + "; ".join(parts)


def _describe(change: LineChange, what: str) -> str:
    json_like = what.startswith(("json", "annotation")) or what == "code block"
    described = _json_change(change, what) if json_like else None
    if described is not None:
        return described
    if change.tag == "delete":
        return f"{what}: line missing here; the English has {shorten(change.english[0])!r}"
    if change.tag == "insert":
        return f"{what}: extra line {shorten(change.target[0])!r} not in the English"
    return (f"{what}: {shorten(change.target[0])!r} differs; "
            f"the English has {shorten(change.english[0])!r}")


@check("DL101")
def code_block_changed(context: Context) -> Iterator[Hit]:
    """Report each changed stretch of each fence whose text differs from the English."""
    for english, target in context.changed("fence"):
        what = f"{target.lang or 'code'} block"
        if english.lang != target.lang:
            yield Hit(target.line, 1, f"code block language {target.lang!r}; the English has {english.lang!r}",
                      english.lang, target.lang)
        changes = [change for change in line_changes(context, english, target) if not is_enum_change(change)]
        for change in changes[:_MAX_HITS_PER_BLOCK]:
            yield Hit(change.line, change.column, _describe(change, what),
                      "\n".join(change.english), "\n".join(change.target), change.fix)


@check("DL102")
def annotation_changed(context: Context) -> Iterator[Hit]:
    """Report annotations whose JSON value (or folded text) differs from the English."""
    for english, target in context.changed("annotation"):
        for change in line_changes(context, english, target)[:_MAX_HITS_PER_BLOCK]:
            yield Hit(change.line, change.column, _describe(change, "annotation"),
                      "\n".join(change.english), "\n".join(change.target), change.fix)
