"""A progress bar per microsite on a terminal; silent in CI logs (not a terminal) and with -q."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 24


class Progress:
    def __init__(self, total: int, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.enabled = not quiet and total > 0 and self.stream.isatty()

    def step(self, name: str, elapsed: float) -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (WIDTH - filled)
        self.stream.write(f"\r\033[K[{bar}] {self.done}/{self.total} {name}  {elapsed:.1f}s")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()
