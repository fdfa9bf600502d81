"""The files of a folder of the site as the site names them: posix paths relative to the folder, as strings
(a site holds thousands of files: no Path object each)."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path


def files_under(folder: Path, skip: Collection[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """(relative posix path, path to open) of every file under `folder`; `skip` names top-level folders left
    out (nested microsites)."""
    top = str(folder)
    for root, dirs, files in os.walk(top):
        if root == top:
            dirs[:] = [d for d in dirs if d not in skip]
        inside = os.path.relpath(root, top).replace(os.sep, "/")
        for name in files:
            yield (name if inside == "." else f"{inside}/{name}"), os.path.join(root, name)


def file_names(folder: Path) -> list[str]:
    """Every file under `folder`, relative (an assembled site walked once: the link check and the count read it)."""
    return [relative for relative, _ in files_under(folder)]
