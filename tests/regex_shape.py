r"""The shape of a regular expression that makes a backtracking engine slow: runs that can share characters.

A pattern such as ``\s+[^<>]*?\s*`` or ``[ \t]*\|?[ \t]*`` can read one run of spaces in quadratically
or cubically many ways, and ``(?:\|[ \t]*:?[ \t]*)*`` or ``(a+)+`` in exponentially many: when the rest of
the pattern then fails, Python's engine tries every one.  :func:`overlapping_runs` finds these shapes:

- two unbounded runs with only optional parts between them that can take the same character
  (the end of one, the start of the other);
- an unbounded repeat whose body can match the empty string, or whose body can end with a run that
  can go on into the next repetition, or whose alternatives can start alike.

Possessive runs (``*+``) and atomic groups never give characters back, so they never count.  This is a
structural check, not a proof: a run that a fixed character separates from another (``\s*\s\s*``) or a
search that restarts at every position of a long failing stretch is not seen here (the size tests are).
"""

from __future__ import annotations

import re
import re._constants as c
import re._parser as p
from dataclasses import dataclass

#: The characters sets are measured on: ASCII and a few others that categories and negations tell apart.
SAMPLE = frozenset(chr(code) for code in range(128)) | frozenset("\xa0é中，\u2028\u3000\ufeffÉ")
_CATEGORY = {
    c.CATEGORY_DIGIT: re.compile(r"\d"), c.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    c.CATEGORY_SPACE: re.compile(r"\s"), c.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    c.CATEGORY_WORD: re.compile(r"\w"), c.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


@dataclass(frozen=True)
class _Shape:
    nullable: bool
    first: frozenset[str]  # characters a non-empty match can start with
    heads: frozenset[str]  # characters a backtracking run at the start can take
    tails: frozenset[str]  # characters a backtracking run at the end can take


_EMPTY = frozenset[str]()
_NOTHING = _Shape(True, _EMPTY, _EMPTY, _EMPTY)


def overlapping_runs(pattern: re.Pattern[str]) -> list[str]:
    """Where ``pattern`` can read a string in many ways through overlapping runs (empty: nowhere)."""
    problems: list[str] = []
    _sequence(list(p.parse(pattern.pattern, pattern.flags)), pattern.flags, problems)
    return problems


def _chars(op: object, value: object, flags: int) -> frozenset[str]:
    """The sample characters one single-character item matches."""
    if op is c.LITERAL:
        found = {chr(value)}
    elif op is c.NOT_LITERAL:
        found = set(SAMPLE) - {chr(value)}
    elif op is c.ANY:
        found = set(SAMPLE) if flags & re.DOTALL else set(SAMPLE) - {"\n"}
    else:  # IN: a set of literals, ranges and categories, maybe negated
        found = set()
        negate = False
        for item, argument in value:
            if item is c.NEGATE:
                negate = True
            elif item is c.LITERAL:
                found.add(chr(argument))
            elif item is c.RANGE:
                found.update(char for char in SAMPLE if argument[0] <= ord(char) <= argument[1])
            elif item is c.CATEGORY:
                found.update(char for char in SAMPLE if _CATEGORY[argument].match(char))
        if negate:
            found = set(SAMPLE) - found
    if flags & re.IGNORECASE:
        found |= {char.swapcase() for char in found}
    return frozenset(found)


def _sequence(items: list[tuple[object, object]], flags: int, problems: list[str]) -> _Shape:
    shapes = [_item(op, value, flags, problems) for op, value in items]
    for index, shape in enumerate(shapes):
        for later in range(index + 1, len(shapes)):
            shared = shape.tails & shapes[later].heads
            if shared:
                problems.append(f"runs {index} and {later} of {items!r:.120} share {''.join(sorted(shared))!r:.40}")
            if not shapes[later].nullable:
                break
    nullable = all(shape.nullable for shape in shapes)
    first: set[str] = set()
    heads: set[str] = set()
    for shape in shapes:
        first |= shape.first
        heads |= shape.heads
        if not shape.nullable:
            break
    tails: set[str] = set()
    for shape in reversed(shapes):
        tails |= shape.tails
        if not shape.nullable:
            break
    return _Shape(nullable, frozenset(first), frozenset(heads), frozenset(tails))


def _item(op: object, value: object, flags: int, problems: list[str]) -> _Shape:
    if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
        return _Shape(False, _chars(op, value, flags), _EMPTY, _EMPTY)
    if op is c.SUBPATTERN:
        _group, add, remove, body = value
        return _sequence(list(body), (flags | add) & ~remove, problems)
    if op is c.ATOMIC_GROUP:
        inner = _sequence(list(value), flags, problems)
        return _Shape(inner.nullable, inner.first, _EMPTY, _EMPTY)
    if op is c.BRANCH:
        shapes = [_sequence(list(branch), flags, problems) for branch in value[1]]
        return _Shape(any(shape.nullable for shape in shapes), frozenset().union(*(s.first for s in shapes)),
                      frozenset().union(*(s.heads for s in shapes)), frozenset().union(*(s.tails for s in shapes)))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, body = value
        inner = _sequence(list(body), flags, problems)
        nullable = low == 0 or inner.nullable
        if op is c.POSSESSIVE_REPEAT:
            return _Shape(nullable, inner.first, _EMPTY, _EMPTY)
        if high != c.MAXREPEAT:
            return _Shape(nullable, inner.first, inner.heads, inner.tails)
        if inner.nullable:
            problems.append(f"repeat of {body!r:.120} that can match the empty string")
        elif inner.tails & (inner.first | inner.heads):
            problems.append(f"repeat of {body!r:.120} whose end can run into its next repetition")
        branches = [item for item in body if item[0] is c.BRANCH]
        if len(body) == 1 and branches:
            starts = [_sequence(list(branch), flags, []).first for branch in branches[0][1][1]]
            if any(starts[i] & starts[j] for i in range(len(starts)) for j in range(i + 1, len(starts))):
                problems.append(f"repeat of {body!r:.120} whose alternatives start alike")
        return _Shape(nullable, inner.first, inner.first | inner.heads, inner.first | inner.tails)
    if op in (c.ASSERT, c.ASSERT_NOT):
        _direction, body = value
        _sequence(list(body), flags, problems)
        return _NOTHING
    if op is c.GROUPREF:  # a group matched earlier: one fixed string here
        return _Shape(True, SAMPLE, _EMPTY, _EMPTY)
    if op is c.GROUPREF_EXISTS:
        _group, yes, no = value
        shapes = [_sequence(list(yes), flags, problems)] + ([_sequence(list(no), flags, problems)] if no else [])
        return _Shape(True, frozenset().union(*(s.first for s in shapes)),
                      frozenset().union(*(s.heads for s in shapes)), frozenset().union(*(s.tails for s in shapes)))
    return _NOTHING  # AT (anchors) and anything else zero-width
