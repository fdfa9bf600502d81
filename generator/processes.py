"""The processes a build starts (microsite workers, Zensical's children): they die with the build, and they
hold none of its secrets. A fork's templates run in them: even a template that escaped its sandbox would find
no token in the environment, neither in `os.environ` nor in `/proc/self/environ` (the block the process
started with, which unsetting a variable does not clear)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
# the moment a reproducible build dates what it writes (reproducible-builds.org), read by every tool we run
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
# what the work needs (paths, locale, fonts, the project's own settings); a token is never named so
KEPT = frozenset(
    {
        "PATH",
        "HOME",
        "LANG",
        "LANGUAGE",
        "TZ",
        "TMPDIR",
        EPOCH_VARIABLE,
        "VIRTUAL_ENV",
        "FONTCONFIG_FILE",
        "FONTCONFIG_PATH",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_DIRS",
        "XDG_STATE_HOME",  # where the key that signs compiled templates lies (render/compiled.py)
    }
)
KEPT_PREFIXES = ("LC_", "CAMPAIGNSITE_", "PYTHON")


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def die_with_parent(parent: int) -> None:
    """Linux kills this process when the one that started it (`parent`, its pid) dies, however it dies."""
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # the parent died before the line above: nothing is left to work for (the parent may itself be pid 1,
    # a build run as a container's first process: a child's parent id says nothing alone)
    if os.getppid() != parent:
        os._exit(1)


def stat_fields(pid: int | str = "self") -> list[str]:
    """A process's /proc/PID/stat from its fourth field on (after the command name, which may hold spaces);
    empty if it is gone or unreadable."""
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()  # noqa: SIM115 - read at once
    except OSError:
        return []
    return stat[stat.rindex(")") + 2 :].split()


def _initial_block() -> tuple[int, int] | None:
    """Where the environment the process started with lies in its memory (/proc/self/stat, fields 50-51)."""
    fields = stat_fields()
    if len(fields) < 49:
        return None
    return int(fields[47]), int(fields[48])


def drop_secrets() -> None:
    """Keep only the variables the work needs, and clear the block the process started with."""
    kept = {name: value for name, value in os.environ.items() if name in KEPT or name.startswith(KEPT_PREFIXES)}
    os.environ.clear()  # libc no longer points into the initial block once every variable is unset
    if (block := _initial_block()) and block[1] > block[0]:
        with contextlib.suppress(OSError, ValueError):
            ctypes.memset(block[0], 0, block[1] - block[0])
    os.environ.update(kept)  # new copies, outside the cleared block


def worker_start(parent: int) -> None:
    """A worker's start: it dies with the process that started it (`parent`) and holds none of its secrets."""
    die_with_parent(parent)
    drop_secrets()


def worker_pool(count: int) -> ProcessPoolExecutor:
    """`count` worker processes of this one, each started by `worker_start`."""
    return ProcessPoolExecutor(max_workers=count, initializer=worker_start, initargs=(os.getpid(),))
