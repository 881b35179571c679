"""Rules for pages the parser could not read as intended: each problem is a finding."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checks import Context, Hit, rule
from doclint.finding import Severity


def _problems(context: Context, code: str) -> Iterator[Hit]:
    for problem in context.target.problems:
        if problem.code == code:
            yield Hit(problem.line, problem.column, problem.message)


@rule("DL001", "unreadable-page", Severity.ERROR,
      "The page cannot be read: the file system refused it, or it is too large to be a page.")
def unreadable_page(context: Context) -> Iterator[Hit]:
    """Reported by the reader before parsing; listed here so it has a code and a document."""
    return _problems(context, "DL001")


@rule("DL002", "broken-front-matter", Severity.WARNING,
      "The front matter is not closed or has lines that are not 'key: value'.")
def broken_front_matter(context: Context) -> Iterator[Hit]:
    """Front matter the parser had to skip or could only partly read."""
    return _problems(context, "DL002")


@rule("DL003", "unclosed-block", Severity.ERROR,
      "A code fence or HTML comment is opened and never closed.")
def unclosed_block(context: Context) -> Iterator[Hit]:
    """An unclosed fence or comment swallows the rest of the page."""
    return _problems(context, "DL003")


@rule("DL004", "missing-english-page", Severity.WARNING,
      "The translated page has no readable English page at the same path under the source root.")
def missing_english_page(context: Context) -> Iterator[Hit]:
    """Reported by the engine when the English page is absent."""
    return _problems(context, "DL004")


@rule("DL005", "broken-pair", Severity.ERROR,
      "A bilingual pair is truncated: its translated or English span is never closed.")
def broken_pair(context: Context) -> Iterator[Hit]:
    """A truncated pair loses its text from the published page."""
    return _problems(context, "DL005")


@rule("DL006", "binary-page", Severity.ERROR, "The page holds NUL bytes: it is binary, not text.")
def binary_page(context: Context) -> Iterator[Hit]:
    """Reported by the reader; a binary file named like a page is skipped."""
    return _problems(context, "DL006")


@rule("DL007", "encoding-error", Severity.ERROR,
      "The page is not valid UTF-8 (or UTF-16 with a byte-order mark).")
def encoding_error(context: Context) -> Iterator[Hit]:
    """Reported by the reader, with the offset of the first bad byte."""
    return _problems(context, "DL007")


@rule("DL008", "empty-page", Severity.ERROR, "The page is empty or holds only white space.")
def empty_page(context: Context) -> Iterator[Hit]:
    """Reported by the reader; an empty translated page has lost all its content."""
    return _problems(context, "DL008")
