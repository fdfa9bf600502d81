"""A drawn poster as the files people download: PNG (with its dpi) and, for print sizes, PDF."""

from __future__ import annotations

import io
import zlib
from datetime import datetime

from PIL import Image

# print sizes (A3 at 300 dpi) are large flat colour areas: zlib's run-length strategy compresses them as fast
# as level 1 and a quarter smaller; screen sizes: the default strategy, smaller files
_PRINT = {"compress_level": 6, "compress_type": zlib.Z_RLE}
_SCREEN = {"compress_level": 6}


def png(image: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), **(_PRINT if dpi >= 300 else _SCREEN))
    return out.getvalue()


def pdf(image: Image.Image, dpi: int, stamp: datetime) -> bytes:
    out = io.BytesIO()
    # fixed dates: Pillow would stamp the current time and break byte-identical builds
    fixed = stamp.utctimetuple()
    image.save(out, "PDF", resolution=dpi, creationDate=fixed, modDate=fixed, title="海报")
    return out.getvalue()
