"""Where a build's time goes: wall and CPU seconds per stage (`campaignsite build --timings`, `make bench`).

CPU seconds hardly depend on what else the machine is doing. A worker counts its own and its finished
children's (Zensical builds in a forked child); the build process counts only its own, as its children are
the workers (listed apart) and the printing browser.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field


def _cpu(children: bool) -> float:
    times = os.times()
    own = times.user + times.system
    return own + times.children_user + times.children_system if children else own


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

    def __init__(self, *, children: bool) -> None:
        self.times = StageTimes()
        self._children = children
        self._wall, self._cpu = time.perf_counter(), _cpu(children)

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), _cpu(self._children)
        self.times.add(StageTimes({stage: wall - self._wall}, {stage: cpu - self._cpu}))
        self._wall, self._cpu = wall, cpu
