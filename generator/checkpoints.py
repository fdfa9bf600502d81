"""Stages a build or deploy announces, so that tests can stop it at a known point (never after a guessed delay)."""

from __future__ import annotations

import os
import signal
import sys
import time

PAUSE_ENV = "CAMPAIGNSITE_PAUSE_AT"
RESUME_SIGNAL = signal.SIGUSR1  # a paused process goes on (a test that changed the world meanwhile)


def checkpoint(stage: str) -> None:
    """With CAMPAIGNSITE_PAUSE_AT naming `stage`, say so on stderr and wait there until killed or resumed."""
    if stage not in os.environ.get(PAUSE_ENV, "").split(","):
        return
    resumed = False

    def resume(_signal: int, _frame: object) -> None:
        nonlocal resumed
        resumed = True

    previous = signal.signal(RESUME_SIGNAL, resume)
    print(f"checkpoint: {stage} {os.getpid()}", file=sys.stderr, flush=True)
    try:
        while not resumed:  # a short sleep, not pause(): a signal between the test and the wait is not lost
            time.sleep(0.05)
    finally:
        signal.signal(RESUME_SIGNAL, previous)
