"""doclint: a linter for bilingual translated documentation pages."""

__version__ = "0.1.0"
