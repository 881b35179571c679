"""Enumerations written as ``"a | b | c"`` strings in JSON: same members, same order."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checks import Context, Hit, check
from doclint.checks.code import enum_members, is_enum_change, line_changes


def describe(english: list[str], target: list[str]) -> str:
    """Say how an enumeration's members differ: missing, unexpected or reordered."""
    missing = [member for member in english if member not in target]
    extra = [member for member in target if member not in english]
    parts = []
    if missing:
        parts.append(f"lost {', '.join(missing)}")
    if extra:
        parts.append(f"has {', '.join(extra)} not in the English")
    if not parts:
        parts.append("has its members in another order")
    return "; ".join(parts)


@check("DL204")
def enum_members_changed(context: Context) -> Iterator[Hit]:
    """Compare the members of each changed enumeration string with the English one."""
    for english, target in context.changed("fence", "annotation"):
        for change in line_changes(context, english, target):
            if not is_enum_change(change):
                continue
            english_members = enum_members(change.english[0]) or []
            target_members = enum_members(change.target[0]) or []
            if english_members == target_members:
                continue
            yield Hit(change.line, change.column,
                      f"enumeration {describe(english_members, target_members)}; the English has "
                      f"{' | '.join(english_members)!r}",
                      change.english[0], change.target[0], change.fix)
