"""Options of the asset stage: where the content-hash cache lives (None: no cache)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class AssetConfig:
    cache_dir: Path | None = None  # QR codes and posters by content hash; None draws everything
