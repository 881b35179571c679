"""The finding every formatter prints, the hit a rule returns, and the problems that become findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(slots=True)
class Problem:
    """Something the reader or the parser could not read as intended, reported as a finding."""

    code: str
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True, order=True)
class Fix:
    """A certain repair: replace ``text[start:end]`` of the page (LF line ends, no BOM) by ``replacement``."""

    start: int
    end: int
    replacement: str


class Severity(str, Enum):
    """How bad a finding is; the string value is what users write and read."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order for comparisons: error > warning > info."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: where, and what differs (``english`` is what the source has)."""

    line: int
    column: int
    message: str
    english: str = ""
    found: str = ""
    fix: Fix | None = None  # set by fixable rules when the repair is certain


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem on one page: where it is, which rule found it and what differs.

    ``path`` is relative to the locale root (or as given for file arguments);
    ``line`` and ``column`` are 1-based on the translated page.  ``english`` and
    ``found`` carry the normalised excerpts involved, for fingerprints and fixes.  ``cause`` says
    whether the finding is a translation defect (``translation``) or an English change since the
    page was translated (``drift``).
    """

    path: str
    line: int
    column: int
    code: str
    rule: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    english: str = field(default="", compare=False)
    found: str = field(default="", compare=False)
    fix: Fix | None = field(default=None, compare=False)
    cause: str = field(default="translation", compare=False)  # or "drift": see doclint.cause

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a finding (see README, "Output formats")."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "cause": self.cause,
        }
