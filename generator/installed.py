"""What is installed: the libraries every fingerprint and compiled template depends on."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def installed_libraries() -> str:
    """Every installed distribution, as the metadata folders importlib.metadata finds name them
    (`name-version.dist-info`): their names, not their METADATA files (parsing 95 of those took 45 ms)."""
    found: set[str] = set()
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir():
            found |= {path.name for path in folder.iterdir() if path.suffix in (".dist-info", ".egg-info")}
    return "\n".join(sorted(found))
