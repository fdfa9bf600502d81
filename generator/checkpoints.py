"""Stages a build announces, so that tests can stop it at a known point (never after a guessed delay)."""

from __future__ import annotations

import os
import signal
import sys

PAUSE_ENV = "CAMPAIGNSITE_PAUSE_AT"


def checkpoint(stage: str) -> None:
    """With CAMPAIGNSITE_PAUSE_AT naming `stage`, say so on stderr and wait there until killed."""
    if stage in os.environ.get(PAUSE_ENV, "").split(","):
        print(f"checkpoint: {stage} {os.getpid()}", file=sys.stderr, flush=True)
        while True:
            signal.pause()
