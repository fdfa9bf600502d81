"""Publish a finished build: replace site/ in one step so a killed build never leaves it half written."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

from .target import is_marked

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish(new: Path, target: Path) -> None:
    """Make `new` the content of `target`; the old content is removed afterwards."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # the old site: what is left goes with the staging folder
        return
    # Fallback without renameat2: a short window where target is missing.
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_stale(parent: Path, prefix: str) -> None:
    """Remove leftovers of builds that were killed: their staging folders, which carry the mark (or are still
    empty, when the build was killed as it made one). A folder of that name made by anyone else stays."""
    for stale in parent.glob(f"{prefix}*"):
        if stale.is_dir() and not stale.is_symlink() and (is_marked(stale) or not any(stale.iterdir())):
            shutil.rmtree(stale, ignore_errors=True)
