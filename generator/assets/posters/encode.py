"""A drawn poster as the files people download: PNG (with its dpi) and, for print sizes, PDF."""

from __future__ import annotations

import io
from datetime import datetime

from PIL import Image


def png(image: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    # print sizes are downloads for a print shop: fast compression; screen sizes: smaller files
    image.save(out, "PNG", dpi=(dpi, dpi), compress_level=1 if dpi >= 300 else 6)
    return out.getvalue()


def pdf(image: Image.Image, dpi: int, stamp: datetime) -> bytes:
    out = io.BytesIO()
    # fixed dates: Pillow would stamp the current time and break byte-identical builds
    fixed = stamp.utctimetuple()
    image.save(out, "PDF", resolution=dpi, creationDate=fixed, modDate=fixed, title="海报")
    return out.getvalue()
