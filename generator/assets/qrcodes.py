"""QR codes to platform zones and to the microsite itself, encoded by Zint (through zxing-cpp's writer: C,
7x the pure-Python `qrcode` library's speed, the standard's version and mask choice).

Error correction is chosen per use:
  M (15 %) for codes printed bare on pages and cards: fewer modules, so they scan from further away;
  H (30 %) for poster codes that carry the campaign mark in the middle (the mark covers under 8 %).
Every code keeps the standard quiet zone of 4 modules.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from typing import Literal

import zxingcpp
from PIL import Image, ImageOps

QUIET_ZONE = 4
PRINT_DPI = 300
PRINT_WIDTH_MM = 30  # 3 cm: the smallest a code is printed at
Level = Literal["M", "H"]
Matrix = tuple[tuple[bool, ...], ...]
_DARK = 0  # the writer's grey level of a dark module


@lru_cache(maxsize=1024)
def _symbol(target: str, level: Level) -> Image.Image:
    """One grey pixel per module, no quiet zone: the smallest version that holds `target` at `level`."""
    # other text as UTF-8 bytes, as phones' scanners read them: given it as text, Zint would pick Shift JIS
    # (Kanji mode) for Chinese characters that have one, which a scanner may show as other characters
    content = target if target.isascii() else target.encode("utf-8")
    barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
    if barcode.ec_level != level:  # the writer must not trade the level asked for against another
        raise ValueError(f"QR code written at level {barcode.ec_level}, not {level}")
    pixels = barcode.to_image(scale=1, add_quiet_zones=False)
    return Image.frombytes("L", (pixels.shape[1], pixels.shape[0]), bytes(memoryview(pixels)))  # type: ignore[arg-type]


@lru_cache(maxsize=1024)
def module_image(target: str, level: Level = "M") -> Image.Image:
    """One pixel per module, quiet zone included: scaled up with nearest-neighbour by every raster use."""
    bits = _symbol(target, level).point(lambda value: 0 if value == _DARK else 255).convert("1")
    return ImageOps.expand(bits, QUIET_ZONE, fill=1)


@lru_cache(maxsize=1024)
def matrix(target: str, level: Level = "M") -> Matrix:
    """Dark (True) and light modules, row by row, quiet zone included; cached."""
    image = module_image(target, level)
    data = image.convert("L").tobytes()
    width = image.width
    return tuple(tuple(value == _DARK for value in data[row : row + width]) for row in range(0, len(data), width))


def modules(target: str, level: Level = "M") -> int:
    """Width in modules, quiet zone included."""
    return _symbol(target, level).width + 2 * QUIET_ZONE


def qr_svg(target: str, level: Level = "M") -> str:
    """A scalable code for pages: white background, sized by CSS; one square per dark module, in one path."""
    size = modules(target, level)
    squares = "".join(
        f"M{x},{y}H{x + 1}V{y + 1}H{x}z"
        for y, row in enumerate(matrix(target, level))
        for x, dark in enumerate(row)
        if dark
    )
    return (
        f'<svg version="1.1" viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg">'
        '<rect fill="white" x="0" y="0" width="100%" height="100%"/>'
        f'<path d="{squares}" fill="#000000" fill-rule="nonzero" stroke="none"/></svg>\n'
    )


def qr_image(target: str, size: int, level: Level = "M") -> Image.Image:
    """A black-and-white code at least `size` pixels wide with whole-pixel modules (crisp at print
    resolution); one bit a pixel, as a code has two colours (written 7x faster than RGB, a third the bytes)."""
    modules = module_image(target, level)
    box = max(1, math.ceil(size / modules.width))
    return modules.resize((modules.width * box, modules.width * box), Image.Resampling.NEAREST)


def print_pixels() -> int:
    return math.ceil(PRINT_WIDTH_MM / 25.4 * PRINT_DPI)


def qr_png(target: str, level: Level = "M") -> bytes:
    """A code for print: at least 300 dpi when printed 3 cm wide, with the dpi recorded in the file."""
    out = io.BytesIO()
    qr_image(target, print_pixels(), level).save(out, "PNG", dpi=(PRINT_DPI, PRINT_DPI), optimize=True)
    return out.getvalue()
