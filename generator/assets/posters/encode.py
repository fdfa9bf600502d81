"""A drawn poster as the PNG people download (with its dpi)."""

from __future__ import annotations

import io
import zlib

from PIL import Image

# print sizes (A3 at 300 dpi) are large flat colour areas: zlib's run-length strategy compresses them as fast
# as level 1 and a quarter smaller; screen sizes: the default strategy, smaller files
_PRINT = {"compress_level": 6, "compress_type": zlib.Z_RLE}
_SCREEN = {"compress_level": 6}


def png(image: Image.Image, dpi: int, colors: int | None = None) -> bytes:
    """The image as PNG; with `colors`, in a palette of that many (fast octree: the same pixels give the same
    palette, so the bytes are the same on every build)."""
    if colors:
        image = image.convert("RGB").quantize(colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), **(_PRINT if dpi >= 300 else _SCREEN))
    return out.getvalue()
