"""The rule catalogue: one Markdown document per rule, shipped in the wheel as doclint.rules."""
