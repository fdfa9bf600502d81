"""A drawn poster as the PNG people download (with its dpi)."""

from __future__ import annotations

import io
import zlib

from PIL import Image

# print sizes (A3 at 300 dpi) are large flat colour areas: zlib's run-length strategy compresses them as fast
# as level 1 and a quarter smaller; screen sizes: the default strategy, smaller files
_PRINT = {"compress_level": 6, "compress_type": zlib.Z_RLE}
_SCREEN = {"compress_level": 6}


_PALETTE_SAMPLE = 3  # the palette is chosen from every third pixel of every third row


def _palette(image: Image.Image, colors: int) -> Image.Image:
    """The image in a palette of `colors` (fast octree: the same pixels give the same palette, so the bytes are
    the same on every build). Posters are flat colours and text: a ninth of the pixels, taken as they are (no
    blending), holds every colour that matters, and choosing from them is 4x faster (largest error 12 of
    255 against 14 from all pixels)."""
    rgb = image.convert("RGB")
    sample = rgb.resize(
        (max(1, rgb.width // _PALETTE_SAMPLE), max(1, rgb.height // _PALETTE_SAMPLE)), Image.Resampling.NEAREST
    )
    palette = sample.quantize(colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    return rgb.quantize(palette=palette, dither=Image.Dither.NONE)


def png(image: Image.Image, dpi: int, colors: int | None = None) -> bytes:
    """The image as PNG; with `colors`, in a palette of that many."""
    if colors:
        image = _palette(image, colors)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), **(_PRINT if dpi >= 300 else _SCREEN))
    return out.getvalue()
