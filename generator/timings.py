"""Where a build's time goes: wall and CPU seconds per stage (`campaignsite build --timings`, `make bench`).

CPU seconds hardly depend on what else the machine is doing. A worker counts its own, its finished
children's and its helpers' (Zensical's builder, a process that serves every microsite of the worker); the
build process counts only its own, as its children are the workers (listed apart) and the printing browser.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from .processes import stat_fields

_helpers: dict[int, str] = {}  # processes of this one that live on between stages: pid -> the stage they serve
_TICKS = os.sysconf("SC_CLK_TCK")


def count_helper(pid: int, stage: str | None) -> None:
    """Charge the CPU of a helper process to `stage` of this one, whatever stage this one is in meanwhile;
    None: no more (once it has been waited for, its time is among the children's)."""
    if stage is None:
        _helpers.pop(pid, None)
    else:
        _helpers[pid] = stage


def _helper_cpu() -> dict[str, float]:
    seconds: dict[str, float] = {}
    for pid, stage in _helpers.items():
        if fields := stat_fields(pid):
            seconds[stage] = seconds.get(stage, 0.0) + (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    return seconds


def _cpu(children: bool) -> float:
    times = os.times()
    own = times.user + times.system
    return own + times.children_user + times.children_system if children else own


@dataclass
class StageTimes:
    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    def add(self, other: StageTimes) -> None:
        for stage in dict.fromkeys([*other.wall, *other.cpu]):  # in the order the stages came
            self.wall[stage] = self.wall.get(stage, 0.0) + other.wall.get(stage, 0.0)
            self.cpu[stage] = self.cpu.get(stage, 0.0) + other.cpu.get(stage, 0.0)


class StageClock:
    """Laps: each call charges the time since the previous one to `stage`, and helpers' CPU to theirs."""

    def __init__(self, *, children: bool) -> None:
        self.times = StageTimes()
        self._children = children
        self._wall, self._cpu = time.perf_counter(), _cpu(children)
        self._helpers = _helper_cpu() if children else {}

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), _cpu(self._children)
        self.times.add(StageTimes({stage: wall - self._wall}, {stage: cpu - self._cpu}))
        if self._children:
            helpers = _helper_cpu()
            # a helper reaped meanwhile drops from its stage: its time is among the children's from now on
            stages = {*helpers, *self._helpers}
            served = {name: helpers.get(name, 0.0) - self._helpers.get(name, 0.0) for name in stages}
            self.times.add(StageTimes({}, served))
            self._helpers = helpers
        self._wall, self._cpu = wall, cpu
