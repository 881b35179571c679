"""The front matter as YAML: the docs build reads it with a YAML parser, and drops a block it cannot read.

The parser's own front-matter problems (not closed, a line that is not ``key: value``) reach findings
by the input route (:func:`doclint.lint.input_findings`); this rule adds, under the same code, what
only a YAML parser sees in front matter whose every line reads as ``key: value``.
"""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checks import Context, Hit, check
from doclint.parse.front_matter import front_matter_text, yaml_problem


@check("DL002")
def broken_front_matter(context: Context) -> Iterator[Hit]:
    """Front matter that is not valid YAML, when the line reader found nothing wrong with it."""
    # Only when every line reads as 'key: value': the lines already named say more than YAML would.
    if any(problem.code == "DL002" for problem in context.target.problems):
        return iter(())
    block = front_matter_text(context.target.text)
    if block is None:
        return iter(())
    problem = yaml_problem(block)
    return iter(() if problem is None else (Hit(problem.line, problem.column, problem.message),))
