"""QR codes to platform zones and to the microsite itself, drawn by the qrcode library.

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

import qrcode
from PIL import Image
from qrcode.compat.etree import ET

from .qrfast import FastQRCode

QUIET_ZONE = 4
PRINT_DPI = 300
PRINT_WIDTH_MM = 30  # 3 cm: the smallest a code is printed at
Level = Literal["M", "H"]
_LEVELS = {"M": qrcode.constants.ERROR_CORRECT_M, "H": qrcode.constants.ERROR_CORRECT_H}


@lru_cache(maxsize=1024)
def make_code(target: str, level: Level = "M") -> qrcode.QRCode:
    """The encoded code (version and mask chosen by qrcode); cached, so callers must not modify it."""
    code = FastQRCode(error_correction=_LEVELS[level], border=QUIET_ZONE)
    code.add_data(target)
    code.make(fit=True)
    return code


@lru_cache(maxsize=1024)
def module_image(target: str, level: Level = "M") -> Image.Image:
    """One pixel per module, quiet zone included: scaled up with nearest-neighbour by every raster use."""
    rows = make_code(target, level).get_matrix()
    image = Image.new("1", (len(rows), len(rows)), 1)
    image.putdata([0 if dark else 1 for row in rows for dark in row])
    return image


def modules(target: str, level: Level = "M") -> int:
    """Width in modules, quiet zone included."""
    return make_code(target, level).modules_count + 2 * QUIET_ZONE


def qr_svg(target: str, level: Level = "M") -> str:
    """A scalable code for pages: white background, sized by CSS. Written as qrcode's SvgPathFillImage writes
    it (one square per dark module, in one path), less its mm size, without its slow Decimal arithmetic;
    empty elements end as the XML writer qrcode uses ends them (lxml's `/>`, else ElementTree's ` />`)."""
    code = make_code(target, level)
    size = code.modules_count + 2 * QUIET_ZONE
    end = "/>" if ET.__name__.startswith("lxml") else " />"
    squares = "".join(
        f"M{x},{y}H{x + 1}V{y + 1}H{x}z"
        for y, row in enumerate(code.modules, QUIET_ZONE)
        for x, dark in enumerate(row, QUIET_ZONE)
        if dark
    )
    return (
        f'<svg version="1.1" viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg">'
        f'<rect fill="white" x="0" y="0" width="100%" height="100%"{end}'
        f'<path d="{squares}" id="qr-path" fill="#000000" fill-opacity="1" fill-rule="nonzero" stroke="none"'
        f"{end}</svg>\n"
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
