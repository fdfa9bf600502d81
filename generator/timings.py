"""Where a build's time goes: wall and CPU seconds per stage (`campaignsite build --timings`, `make bench`).

CPU seconds are the process's own plus its finished children's (Zensical builds in a forked child), so a
worker's figures are its own work, whatever else the machine is doing.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class StageTimes:
    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    def add(self, other: StageTimes) -> None:
        for stage, seconds in other.wall.items():
            self.wall[stage] = self.wall.get(stage, 0.0) + seconds
            self.cpu[stage] = self.cpu.get(stage, 0.0) + other.cpu.get(stage, 0.0)


class StageClock:
    """Laps: each call charges the time since the previous one to `stage`."""

    def __init__(self) -> None:
        self.times = StageTimes()
        self._wall, self._cpu = time.perf_counter(), _cpu()

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), _cpu()
        self.times.add(StageTimes({stage: wall - self._wall}, {stage: cpu - self._cpu}))
        self._wall, self._cpu = wall, cpu
