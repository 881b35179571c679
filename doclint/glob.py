"""Path globs (``exclude``, ``per-file-ignores``), matched in time linear in the path whatever the glob.

``**/`` stands for any number of whole folders (none too), any other ``**`` for anything, ``*`` for
anything within one name, ``?`` for one character of a name, ``[…]`` for one character of the set
(``[!…]``: not of it); the rest is literal.  A glob read as a regular expression takes a backtracking
engine exponential time on ``**/**/**/…`` or ``*a*a*a…b``; here every position of the glob is followed at
once (an automaton, its steps remembered), so a path costs at most its length times the glob's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# The steps of the automaton: one character that passes a test; a run of them (which may be empty); the
# entry to '**/' (reads nothing: into it, or past it); inside '**/' (any character, a '/' may end it).
_CHAR, _RUN, _ENTRY, _FOLDERS = 0, 1, 2, 3
_STEPS_REMEMBERED = 4096  # transitions kept per glob, so that a hostile glob cannot grow memory without end


def _anything(char: str) -> bool:
    return True


def _in_name(char: str) -> bool:
    return char != "/"


class Glob:
    """A compiled path glob: :meth:`fullmatch` says whether a path (``/``-separated) matches all of it."""

    __slots__ = ("pattern", "_kinds", "_tests", "_start", "_accept", "_moves")

    def __init__(self, glob: str) -> None:
        #: The glob as given (results that depend on a config name it, as the cache key does).
        self.pattern = glob
        kinds: list[int] = []
        tests: list[Callable[[str], bool]] = []
        text = glob.strip().removeprefix("./").rstrip("/")
        index = 0
        test: Callable[[str], bool]
        while index < len(text):
            close = text.find("]", index + 2) if text[index] == "[" else -1
            if text.startswith("**/", index):
                kinds.extend((_ENTRY, _FOLDERS))
                tests.extend((_anything, _anything))
                index += 3
                continue
            if text.startswith("**", index):
                kind, test, index = _RUN, _anything, index + 2
            elif text[index] == "*":
                kind, test, index = _RUN, _in_name, index + 1
            elif text[index] == "?":
                kind, test, index = _CHAR, _in_name, index + 1
            elif close != -1:
                body = text[index + 1:close].replace("\\", "\\\\")
                kind, index = _CHAR, close + 1
                test = _class_test("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            else:
                kind, test, index = _CHAR, _literal(text[index]), index + 1
            if kind == _RUN and kinds and kinds[-1] == _RUN and tests[-1] is test:
                continue  # '**' after '**', '*' after '*': one run is the same
            kinds.append(kind)
            tests.append(test)
        self._kinds = tuple(kinds)
        self._tests = tuple(tests)
        self._accept = len(kinds)
        self._start = self._closure({0})
        self._moves: dict[tuple[frozenset[int], str], frozenset[int]] = {}

    def __reduce__(self) -> tuple[type[Glob], tuple[str]]:
        return Glob, (self.pattern,)  # sent to worker processes as its text: its tests are closures

    def _closure(self, steps: set[int]) -> frozenset[int]:
        """``steps`` with every step reachable from them without reading a character."""
        pending = list(steps)
        while pending:
            step = pending.pop()
            kind = self._kinds[step] if step < self._accept else _CHAR
            if kind == _RUN or kind == _ENTRY:
                for following in (step + 1, step + 2) if kind == _ENTRY else (step + 1,):
                    if following not in steps:
                        steps.add(following)
                        pending.append(following)
        return frozenset(steps)

    def _move(self, steps: frozenset[int], char: str) -> frozenset[int]:
        """The steps after reading ``char`` from ``steps``."""
        after: set[int] = set()
        for step in steps:
            if step == self._accept:
                continue
            kind = self._kinds[step]
            if kind == _ENTRY:
                continue
            if kind == _FOLDERS:
                # inside '**/': any character stays inside; a '/' may also end it (a folder ends there)
                after.add(step)
                if char == "/":
                    after.add(step + 1)
            elif self._tests[step](char):
                after.add(step if kind == _RUN else step + 1)
        return self._closure(after)

    def fullmatch(self, path: str) -> bool:
        """Whether the whole of ``path`` matches the glob."""
        moves = self._moves
        steps = self._start
        for char in path:
            key = (steps, char)
            found = moves.get(key)
            if found is None:
                if len(moves) >= _STEPS_REMEMBERED:
                    moves.clear()
                found = moves[key] = self._move(steps, char)
            steps = found
            if not steps:
                return False
        return self._accept in steps


def _literal(expected: str) -> Callable[[str], bool]:
    return lambda char: char == expected


def _class_test(pattern: str) -> Callable[[str], bool]:
    """The test of one character against a ``[…]`` set (raises :class:`re.error` for one that cannot be read)."""
    compiled = re.compile(pattern)
    return lambda char: compiled.fullmatch(char) is not None


@lru_cache(maxsize=256)
def compile_glob(glob: str) -> Glob:
    """``glob`` compiled; :class:`re.error` when a ``[…]`` set in it cannot be read."""
    return Glob(glob)
