"""A progress bar per microsite on a terminal; silent in CI logs (not a terminal) and with -q."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 24


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.stream.isatty()

    def step(self, name: str, done: int, total: int, elapsed: float) -> None:
        if not self.enabled:
            return
        filled = WIDTH * done // total
        bar = "█" * filled + "░" * (WIDTH - filled)
        self.stream.write(f"\r\033[K[{bar}] {done}/{total} {name}  {elapsed:.1f}s")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
