"""Editors' images (logos, the 党政机关网站标识, a fork's pictures): the kind and size a file says it has,
read from its header, never decoded first, so a 20 KB file that unpacks to 13000×13000 pixels is refused
before it takes memory."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

MAX_SIDE = 8000  # pixels; an A3 poster at 300 dpi is 3508 × 4961
MAX_PIXELS = 40_000_000
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}


def image_problem(path: Path, formats: tuple[str, ...] = ("PNG", "JPEG")) -> str | None:
    """Why `path` is not a usable image of one of `formats` (Chinese, for editors), or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return f"{path.name} 不是{'或'.join(formats)}图片，或文件已损坏"
    if kind not in formats:
        return f"{path.name} 是 {kind} 图片，这里只接受{'或'.join(formats)}"
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return f"{path.name} 有 {width}×{height} 像素，过大（每边最多 {MAX_SIDE} 像素）"
    return None


def picture_problem(path: Path, formats: tuple[str, ...] = ("PNG", "JPEG")) -> str | None:
    """image_problem, then the whole picture decoded (safe once its header says it is of a bounded size): a
    file cut short or damaged is found by `check`, not halfway through a build."""
    if problem := image_problem(path, formats):
        return problem
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError, SyntaxError):
        return f"{path.name} 无法读取，图片已损坏"
    return None
