"""Path globs (``exclude``, ``per-file-ignores``), matched in time linear in the path whatever the glob.

``**/`` stands for any number of whole folders (none too), any other ``**`` for anything, ``*`` for
anything within one name, ``?`` for one character of a name, ``[…]`` for one character of the set
(``[!…]``: not of it); the rest is literal.  A glob read as a regular expression takes a backtracking
engine exponential time on ``**/**/**/…`` or ``*a*a*a…b``; here every position of the glob is followed at
once (an automaton whose state is a bit per position, its steps remembered), so a path costs at most
its length times the glob's, and a glob is at most :data:`MAX_GLOB` characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: The longest glob read (no real one comes near); a config with a longer one is an error.
MAX_GLOB = 4096

# The steps of the automaton: one character that passes a test; a run of them (which may be empty); the
# entry to '**/' (reads nothing: into it, or past it); inside '**/' (any character; a '/' may end it).
_CHAR, _RUN, _ENTRY, _FOLDERS = 0, 1, 2, 3
_REMEMBERED = 16384  # transitions kept per glob, so that hostile paths cannot grow memory without end


class GlobError(ValueError):
    """A glob that cannot be read: a ``[…]`` set that is no set, or a glob over :data:`MAX_GLOB` characters."""


def _anything(char: str) -> bool:
    return True


def _in_name(char: str) -> bool:
    return char != "/"


def _literal(expected: str) -> Callable[[str], bool]:
    return lambda char: char == expected


def _class_test(pattern: str) -> Callable[[str], bool]:
    """The test of one character against a ``[…]`` set, given as a regular expression of one set."""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise GlobError(f"the set {pattern} cannot be read: {error}") from None
    return lambda char: compiled.fullmatch(char) is not None


def _steps(glob: str) -> tuple[list[int], list[Callable[[str], bool]]]:
    """The automaton's steps for ``glob``: their kinds and their tests, runs that add nothing left out."""
    kinds: list[int] = []
    tests: list[Callable[[str], bool]] = []
    text = glob.strip().removeprefix("./").rstrip("/")
    index = 0
    test: Callable[[str], bool]
    while index < len(text):
        close = text.find("]", index + 2) if text[index] == "[" else -1
        if text.startswith("**/", index):
            index += 3
            # '(?:.*/)?' after '.*' or after itself adds nothing
            if not (kinds and (kinds[-1] == _FOLDERS or (kinds[-1] == _RUN and tests[-1] is _anything))):
                kinds.extend((_ENTRY, _FOLDERS))
                tests.extend((_anything, _anything))
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
        if kind == _RUN and kinds:
            if kinds[-1] == _RUN and (tests[-1] is _anything or test is tests[-1]):
                continue  # '.*[^/]*', '.*.*', '[^/]*[^/]*': the first run is all of it
            if test is _anything and (kinds[-1] == _FOLDERS or kinds[-1] == _RUN):
                del kinds[-2 if kinds[-1] == _FOLDERS else -1:]  # '(?:.*/)?.*' and '[^/]*.*' are '.*'
                del tests[len(kinds):]
        kinds.append(kind)
        tests.append(test)
    return kinds, tests


class Glob:
    """A compiled path glob: :meth:`fullmatch` says whether a path (``/``-separated) matches all of it."""

    __slots__ = ("pattern", "_tests", "_accept", "_chars", "_runs", "_entries", "_folders", "_start", "_accepts",
                 "_moves", "_known")

    def __init__(self, glob: str) -> None:
        if len(glob) > MAX_GLOB:
            raise GlobError(f"it is over {MAX_GLOB} characters long")
        #: The glob as given (results that depend on a config name it, as the cache key does).
        self.pattern = glob
        kinds, self._tests = _steps(glob)
        self._accept = 1 << len(kinds)
        masks = {kind: sum(1 << step for step, found in enumerate(kinds) if found == kind)
                 for kind in (_CHAR, _RUN, _ENTRY, _FOLDERS)}
        self._chars, self._runs, self._entries, self._folders = (masks[_CHAR], masks[_RUN], masks[_ENTRY],
                                                                 masks[_FOLDERS])
        self._start = self._closure(1)
        self._accepts: dict[str, int] = {}  # a character: the steps of one character or a run that take it
        self._moves: dict[tuple[int, str], int] = {}
        self._known: dict[str, bool] = {}  # paths matched already: folder names and prefixes recur on every page

    def __reduce__(self) -> tuple[type[Glob], tuple[str]]:
        return Glob, (self.pattern,)  # sent to worker processes as its text: its tests are closures

    def _closure(self, steps: int) -> int:
        """``steps`` with every step reachable from them without reading a character (runs and '**/' may
        be left out): a few rounds, as runs that follow each other were merged."""
        while True:
            entries = steps & self._entries
            wider = steps | ((steps & self._runs) << 1) | (entries << 1) | (entries << 2)
            if wider == steps:
                return steps
            steps = wider

    def _taking(self, char: str) -> int:
        """The steps of one character or of a run whose test ``char`` passes."""
        found = self._accepts.get(char)
        if found is None:
            if len(self._accepts) >= _REMEMBERED:
                self._accepts.clear()
            found = self._accepts[char] = sum(1 << step for step, test in enumerate(self._tests)
                                              if (1 << step) & (self._chars | self._runs) and test(char))
        return found

    def _move(self, steps: int, char: str) -> int:
        """The steps after reading ``char`` from ``steps``."""
        taken = steps & self._taking(char)
        inside = steps & self._folders  # inside '**/' any character stays inside, and a '/' may end it
        after = ((taken & self._chars) << 1) | (taken & self._runs) | inside
        if char == "/":
            after |= inside << 1
        return self._closure(after)

    def fullmatch(self, path: str) -> bool:
        """Whether the whole of ``path`` matches the glob."""
        known = self._known.get(path)
        if known is None:
            if len(self._known) >= _REMEMBERED:
                self._known.clear()
            known = self._known[path] = self._run(path)
        return known

    def _run(self, path: str) -> bool:
        moves = self._moves
        steps = self._start
        for char in path:
            key = (steps, char)
            found = moves.get(key)
            if found is None:
                if len(moves) >= _REMEMBERED:
                    moves.clear()
                found = moves[key] = self._move(steps, char)
            steps = found
            if not steps:
                return False
        return bool(steps & self._accept)


@lru_cache(maxsize=256)
def compile_glob(glob: str) -> Glob:
    """``glob`` compiled; :class:`GlobError` when it cannot be read."""
    return Glob(glob)
