"""Options of the documents stage: printing their PDFs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class PdfConfig:
    enabled: bool = True  # print notices and forms to PDF with Chromium when it is available
    # pages printed at the same time in the one browser; a second tab prints about a quarter faster but
    # takes the build's peak memory over 1 GB (make bench: 963 MB with one tab, 980-1045 MB with two)
    tabs: int = 1
