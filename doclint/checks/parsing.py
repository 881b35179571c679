"""Rules for pages the parser could not read as intended: each problem is a finding; DL002 also parses the
front matter as YAML."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checks import Context, Hit, check
from doclint.frontmatter import yaml_problem
from doclint.page import front_matter_text


def _problems(context: Context, code: str) -> Iterator[Hit]:
    for problem in context.target.problems:
        if problem.code == code:
            yield Hit(problem.line, problem.column, problem.message)


@check("DL001")
def unreadable_page(context: Context) -> Iterator[Hit]:
    """Reported by the reader before parsing; listed here so it has a code and a document."""
    return _problems(context, "DL001")


@check("DL002")
def broken_front_matter(context: Context) -> Iterator[Hit]:
    """Front matter the parser had to skip or could only partly read, or that is not valid YAML."""
    found = list(_problems(context, "DL002"))
    if found:
        return iter(found)
    # Only when every line reads as 'key: value': the lines already named say more than YAML would.
    block = front_matter_text(context.target.text)
    if block is None:
        return iter(())
    problem = yaml_problem(block)
    return iter(() if problem is None else (Hit(problem.line, problem.column, problem.message),))


@check("DL003")
def unclosed_block(context: Context) -> Iterator[Hit]:
    """An unclosed fence or comment swallows the rest of the page."""
    return _problems(context, "DL003")


@check("DL004")
def missing_english_page(context: Context) -> Iterator[Hit]:
    """Reported by the engine when the English page is absent."""
    return _problems(context, "DL004")


@check("DL005")
def broken_pair(context: Context) -> Iterator[Hit]:
    """A truncated pair loses its text from the published page."""
    return _problems(context, "DL005")


@check("DL006")
def binary_page(context: Context) -> Iterator[Hit]:
    """Reported by the reader; a binary file named like a page is skipped."""
    return _problems(context, "DL006")


@check("DL007")
def encoding_error(context: Context) -> Iterator[Hit]:
    """Reported by the reader, with the offset of the first bad byte."""
    return _problems(context, "DL007")


@check("DL008")
def empty_page(context: Context) -> Iterator[Hit]:
    """Reported by the reader; an empty translated page has lost all its content."""
    return _problems(context, "DL008")
