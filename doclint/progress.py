"""A progress bar on stderr for long runs, shown only on a terminal and never with --quiet."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    """Counts steps and redraws one line on ``stream``, at most a few times a second."""

    WIDTH = 30

    def __init__(self, total: int, label: str, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = max(total, 0)
        self.label = label
        self.done = 0
        self.enabled = not quiet and self.total > 0 and _is_terminal(self.stream)
        self._drawn = 0.0

    def advance(self, steps: int = 1) -> None:
        """Count ``steps`` more and redraw when it is time."""
        self.done += steps
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= 0.1 or self.done >= self.total:
            self._drawn = now
            self._draw()

    def _draw(self) -> None:
        done = min(self.done, self.total)
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar's line, leaving the terminal as it was."""
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * (len(self.label) + self.WIDTH + 2 * len(str(self.total)) + 5) + "\r")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
