"""The print poster's cost, in process: each microsite's screen preview, then its vector PDF, with warm fonts,
as a build's worker draws them after its first (the preview encodes the QR codes, which the PDF then reuses,
as in a build, where the QR step runs before the posters)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from generator.assets import poster_data
from generator.assets.fonts import poster_fonts
from generator.assets.posters import layout_file, load_layout, png, render, render_pdf
from generator.read import load_project
from generator.resolve import SiteMap, resolve_editions

PREVIEW_DPI = 96


def poster_figures(project: Path) -> dict[str, float]:
    loaded, _ = load_project(project / "campaigns")
    sites = SiteMap.of(loaded)
    fonts = poster_fonts(None)
    layout = load_layout(layout_file("print"))
    data = [poster_data(edition, sites.microsite(edition), None) for edition in resolve_editions(loaded)]
    render_pdf(layout, data[0], fonts, "warm")  # the worker's first poster reads the faces
    vector, preview = [], []
    for each in data:
        started = time.perf_counter()
        png(render(layout, each, fonts, preview=True).image, PREVIEW_DPI)
        preview.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_pdf(layout, each, fonts, "bench")
        vector.append(time.perf_counter() - started)
    return {
        "posters": len(data),
        "vector_pdf_ms": round(statistics.median(vector) * 1000, 1),
        "preview_png_ms": round(statistics.median(preview) * 1000, 1),
    }
