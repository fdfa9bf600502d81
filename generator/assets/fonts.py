"""CJK fonts for posters: found with fontconfig (or given in branding YAML), checked glyph by glyph.

A poster is never drawn with a character its font lacks (that would print a tofu box): the build stops
and names the missing characters instead.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from PIL import ImageFont

# Asked of fontconfig in this order; the first match that has CJK glyphs wins.
FAMILIES = {
    "regular": ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "sans-serif:lang=zh-cn"),
    "bold": (
        "Noto Sans CJK SC:bold",
        "Source Han Sans SC:bold",
        "WenQuanYi Zen Hei:bold",
        "sans-serif:lang=zh-cn:bold",
    ),
}
_PROBE = "年货节网上"
ORDINARY_SPACE = " \t\r\n"  # other spaces (U+1680, U+2007 …) must be in the font like any character


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0  # face inside a .ttc collection

    @property
    def label(self) -> str:
        return f"{self.path}#{self.index}" if self.path.endswith((".ttc", ".otc")) else self.path

    def identity(self) -> str:
        """Changes when the file does: part of every poster's cache key."""
        stat = Path(self.path).stat()
        return f"{self.label}:{stat.st_size}:{int(stat.st_mtime)}"


class FontError(Exception):
    """No usable font; the message is for editors (Chinese)."""


def opened_face(font: FontFile) -> TTFont:
    if font.path.endswith((".ttc", ".otc")):
        return TTCollection(font.path, lazy=True).fonts[font.index]
    return TTFont(font.path, lazy=True, fontNumber=font.index)


def fontconfig_charset(font: FontFile) -> frozenset[int] | None:
    """The characters fontconfig finds in the font's cmap, read in C (about 20 ms, where fontTools decodes a
    CJK face's whole cmap in Python in about 0.25 s, once in every worker); None when it cannot say."""
    if shutil.which("fc-query") is None:
        return None
    try:
        result = subprocess.run(
            ["fc-query", f"--index={font.index}", "--format=%{charset}", "--", font.path],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    found: set[int] = set()
    try:
        for span in result.stdout.split():
            first, _, last = span.partition("-")
            found.update(range(int(first, 16), int(last or first, 16) + 1))
    except ValueError:
        return None
    return frozenset(found)


@cache
def codepoints(font: FontFile) -> frozenset[int]:
    return fontconfig_charset(font) or frozenset(opened_face(font).getBestCmap() or {})


@cache
def kerned(font: FontFile) -> bool:
    """Whether FreeType's basic layout kerns this font (it reads only a `kern` table): without one, a text's
    width is exactly the sum of its characters' advances."""
    return "kern" in opened_face(font)


def missing_characters(font: FontFile, text: str) -> list[str]:
    covered = codepoints(font)
    return sorted({ch for ch in text if ch not in ORDINARY_SPACE and ord(ch) not in covered})


def fontconfig_match(pattern: str) -> FontFile | None:
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "--format=%{file}\t%{index}", pattern], capture_output=True, text=True, check=False
    )
    path, _, index = result.stdout.partition("\t")
    if result.returncode != 0 or not path or not Path(path).is_file():
        return None
    return FontFile(path, int(index or 0))


@cache
def system_font(weight: str) -> FontFile:
    for pattern in FAMILIES[weight]:
        font = fontconfig_match(pattern)
        if font is not None and not missing_characters(font, _PROBE):
            return font
    raise FontError(
        "系统中没有找到中文字体，无法生成海报。请安装 fonts-noto-cjk（make site 会自动安装），"
        "或在 branding.font 中填写字体文件路径"
    )


def poster_fonts(branding_font: Path | None) -> dict[str, FontFile]:
    """Fonts by weight: the branding font for both when given, otherwise fontconfig's best CJK faces."""
    if branding_font is not None:
        if not branding_font.is_file():
            raise FontError(f"branding.font 指定的字体文件不存在：{branding_font.name}")
        font = FontFile(str(branding_font))
        try:  # fontTools must read it too: the kerning check and the poster faces use it
            codepoints(font)
            kerned(font)
            ImageFont.truetype(font.path, 12, index=font.index)
        except Exception:  # fontTools and FreeType raise many kinds of errors for a file that is no font
            name = branding_font.name
            raise FontError(f"branding.font 指定的文件 {name} 不是可用的字体（应为 .ttf、.otf 或 .ttc）") from None
        if missing_characters(font, _PROBE):
            raise FontError(f"branding.font 指定的字体 {branding_font.name} 没有中文字形")
        return {"regular": font, "bold": font}
    return {weight: system_font(weight) for weight in FAMILIES}


class Face:
    """A font at one size, measuring text as FreeType does: one call per character (cached), not per string,
    when the font has no kerning (the sum of advances is then FreeType's width exactly, in 1/64 px)."""

    def __init__(self, font: FontFile, size: int):
        self.font = ImageFont.truetype(font.path, size, index=font.index, layout_engine=ImageFont.Layout.BASIC)
        self.file = font
        self.size = size
        self._advances: dict[str, float] | None = None if kerned(font) else {}

    def width(self, text: str) -> float:
        if self._advances is None:
            return self.font.getlength(text)
        advances = self._advances
        for char in text:
            if char not in advances:
                advances[char] = self.font.getlength(char)
        return sum(advances[char] for char in text)


@cache
def face_at(font: FontFile, size: int) -> Face:
    """Faces are cached per worker: FreeType opens a font file once per size, not once per poster."""
    return Face(font, size)
