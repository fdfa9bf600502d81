"""Options of the publish stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class PdfConfig:
    enabled: bool = True  # print notices and forms to PDF with Chromium when it is available
    tabs: int = 2  # pages printed at the same time in the one browser
