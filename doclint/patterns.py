"""The Markdown and bilingual-span patterns that several modules read, in one place.

Each pattern here is used by more than one module, or is one of a family whose members differ on
purpose (the reference-link definitions: each reader wants a different part of the line, and
unifying them would change findings); what only one module reads stays in that module.
"""

from __future__ import annotations

import re

#: The English twin's opening tag of a bilingual pair.
SXS_LOOKUP = re.compile(r'<span class="sxs-lookup">')
#: The ``<a name="…"></a>`` anchor the localization pipeline adds to headings.
HEADING_ANCHOR = re.compile(r'<a\s+name="[^"]*"\s*>\s*</a>', re.IGNORECASE)
#: Blockquote markers at the start of every line of a block.
QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
#: The marker of a list item, at the start of its first line.
LIST_MARK = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]*")
#: Block kinds that hold running text and are compared as one group: a paragraph may become a list item.
PROSE_KINDS = frozenset({"paragraph", "blockquote", "list_item"})

# Reference-link definitions (``[label]: target``), as each reader needs them:
#: a line the block parser makes a ``refdef`` block of (CommonMark's indent of at most three spaces);
REFDEF_LINE = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*(\S+)")
#: a definition's label and its target without angle brackets, in a block's English (drift folding);
REFDEF_TARGET = re.compile(r"^[ \t>]*\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?")
#: every definition's label in a block, line by line (labels a translated reference link may use): a line
#: opening a label, then after the label's first ``]`` a ``:`` and a target (two patterns, so that each ``]``
#: is searched for once, see ``checks.segments._definition_labels``);
REFDEF_LABEL_OPEN = re.compile(r"^[ \t>]*\[", re.MULTILINE)
REFDEF_LABEL_REST = re.compile(r":[ \t]*\S")
#: a whole definition line: its label and its target, a title allowed after it (DL106's comparison).
#: (the title: one space or tab, then the line; ``[ \t]+.*`` read a run of spaces in quadratically many ways
#: before refusing a line that is not the last).
REFDEF_WHOLE = re.compile(r"^[ \t]*\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t].*)?$")
