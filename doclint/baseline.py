"""Finding fingerprints, and baseline files: the findings a repository accepts for now.

A fingerprint names a finding without its line number: the page's path, the rule, the normalised
text involved (the English and the translated excerpts, or else the message with its line and row
numbers masked) and the occurrence index among findings sharing those three.  Lines inserted or
removed elsewhere in a page therefore leave it unchanged.  SARIF's ``partialFingerprints`` use it too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from doclint.atomic import write_file
from doclint.finding import Finding

VERSION = 1
#: A baseline file larger than this is refused: a million recorded findings take about 200 MiB.
MAX_BASELINE_BYTES = 256 * 1024 * 1024
_NUMBERED = re.compile(r"\b(lines?|rows?|columns?|col)\s+\d+(?:\s*[-–]\s*\d+)?", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class BaselineError(Exception):
    """A baseline file cannot be read or written; the message is one line."""


def normalised_text(finding: Finding) -> str:
    """The text a finding is about, free of line numbers and white-space differences."""
    if finding.english or finding.found:
        text = f"{finding.english}\x1f{finding.found}"
    else:
        text = _NUMBERED.sub(lambda match: match.group(1) + " #", finding.message)
    return _SPACE.sub(" ", text).strip()


def fingerprints(findings: Iterable[Finding], path: str | None = None) -> list[str]:
    """The fingerprint of each finding, in order (``path`` replaces the findings' own path when given)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result: list[str] = []
    for finding in findings:
        key = (path if path is not None else finding.path, finding.code, normalised_text(finding))
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\x00".join((*key, str(index))).encode("utf-8")).hexdigest()
        result.append(digest[:32])
    return result


def render(entries: Iterable[tuple[str, Finding, str]]) -> str:
    """The baseline file's text for ``(path, finding, fingerprint)`` entries."""
    records = [{"fingerprint": fingerprint, "path": path, "code": finding.code, "message": finding.message}
               for path, finding, fingerprint in entries]
    return json.dumps({"doclint-baseline": VERSION, "findings": records}, ensure_ascii=False, indent=2) + "\n"


def write(path: Path, text: str) -> None:
    """Write a baseline file: atomically (a temporary file beside it, then a rename) over a regular file,
    in place to a FIFO or device (see :func:`doclint.atomic.write_file`)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, text.encode("utf-8"))
    except OSError as error:
        raise BaselineError(f"cannot write the baseline file {path}: {error.strerror or error}") from None


def read(path: Path) -> frozenset[str]:
    """The fingerprints a baseline file records; a missing, malformed or non-regular file is a :class:`BaselineError`.

    The file is read like a page (see :func:`doclint.reader.read_file`): a FIFO, a device or a link
    to one is refused at once, and a file over :data:`MAX_BASELINE_BYTES` is not read.
    """
    from doclint.reader import FileProblem, read_file

    try:
        text = read_file(path, MAX_BASELINE_BYTES).decode("utf-8")
    except FileProblem as problem:
        if isinstance(problem.error, FileNotFoundError):
            raise BaselineError(f"baseline file {path} does not exist (create it with --write-baseline)") from None
        raise BaselineError(f"baseline file {path} {problem.reason}") from None
    except UnicodeDecodeError as error:
        raise BaselineError(f"baseline file {path} cannot be read: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline file {path} is not valid JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise BaselineError(f"baseline file {path} is not a doclint baseline (its JSON is nested too deeply)") \
            from None
    records = data.get("findings") if isinstance(data, dict) and data.get("doclint-baseline") == VERSION else None
    if not isinstance(records, list) or not all(isinstance(record, dict)
                                                and isinstance(record.get("fingerprint"), str) for record in records):
        raise BaselineError(f"baseline file {path} is not a doclint baseline "
                            f'(expected {{"doclint-baseline": {VERSION}, "findings": [...]}})')
    return frozenset(record["fingerprint"] for record in records)
