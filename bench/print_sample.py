"""Print notice pages to PDF the way the build does (one Chromium, its default tabs), for `make bench`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.assets import AssetCache
from generator.documents import PrintJob, print_pdfs


def main(site: Path, out: Path, limit: int) -> None:
    pages = sorted(site.glob("**/print/notice-*.html"))[:limit]
    out.mkdir(parents=True, exist_ok=True)
    print_pdfs([PrintJob(page, out / f"{i}.pdf") for i, page in enumerate(pages)], AssetCache(None))
    print(len(pages))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
