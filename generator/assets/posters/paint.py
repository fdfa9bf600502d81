"""Where a poster's layers are painted: pixels for screens (Pillow) or vectors for print (a PDF typeset by
Typst). `draw.py` decides what goes where once; a painter only puts it down.

Coordinates are canvas pixels (the layout's `pixels`, or its design `size` for a screen preview). The vector
painter maps them to PDF points by the layout's dpi, so a 300 dpi canvas of 3508 × 4961 is an A3 page.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import typst
from PIL import Image, ImageDraw

from ..fonts import Face, FontFile, face_at, opened_face
from ..qrcodes import Level, module_image, qr_svg
from .measure import FitError

Rect = tuple[float, float, float, float]  # left, top, right, bottom
TEMPLATE = Path(__file__).parent / "poster.typ"
WHITE = "#ffffff"


class Painter(Protocol):
    def fill(self, color: str) -> None: ...

    def rect(self, box: Rect, radius: float, fill: str | None, outline: str | None, width: float) -> None: ...

    def ellipse(self, box: Rect, fill: str, outline: str, width: float) -> None: ...

    def text(self, position: tuple[float, float], line: str, face: Face, anchor: str, color: str) -> None: ...

    def code(self, target: str, left: int, top: int, size: int, level: Level) -> None: ...

    def picture(self, png: bytes, box: tuple[int, int, int, int]) -> None: ...


def text_box(position: tuple[float, float], line: str, face: Face, anchor: str) -> Rect:
    """Where a line of text lands, as Pillow measures it (both painters: their layouts are the same)."""
    left, top, right, bottom = face.font.getbbox(line, anchor=anchor)
    return (position[0] + left, position[1] + top, position[0] + right, position[1] + bottom)


class RasterPainter:
    def __init__(self, size: tuple[int, int], background: str) -> None:
        self.image = Image.new("RGB", size, background)
        self.canvas = ImageDraw.Draw(self.image)

    def fill(self, color: str) -> None:
        self.canvas.rectangle((0, 0, *self.image.size), fill=color)

    def rect(self, box: Rect, radius: float, fill: str | None, outline: str | None, width: float) -> None:
        self.canvas.rounded_rectangle(box, radius=round(radius), fill=fill, outline=outline, width=round(width))

    def ellipse(self, box: Rect, fill: str, outline: str, width: float) -> None:
        self.canvas.ellipse(box, fill=fill, outline=outline, width=round(width))

    def text(self, position: tuple[float, float], line: str, face: Face, anchor: str, color: str) -> None:
        self.canvas.text(position, line, font=face.font, fill=color, anchor=anchor)

    def code(self, target: str, left: int, top: int, size: int, level: Level) -> None:
        """One pixel per module scaled up with nearest-neighbour: every module's edge stays sharp."""
        image = module_image(target, level).resize((size, size), Image.Resampling.NEAREST).convert("RGB")
        self.image.paste(image, (left, top))

    def picture(self, png: bytes, box: tuple[int, int, int, int]) -> None:
        with Image.open(io.BytesIO(png)) as source:
            picture = source.convert("RGBA").resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS)
        self.image.paste(picture, box[:2], picture)


@dataclass(frozen=True)
class Typeface:
    """How Typst names a font file's face: its family and weight (it picks faces by these, not by file)."""

    family: str
    weight: int


@cache
def typeface(font: FontFile) -> Typeface:
    face = opened_face(font)
    names = face["name"]
    family = names.getDebugName(16) or names.getDebugName(1) or ""
    return Typeface(family, int(face["OS/2"].usWeightClass))


@dataclass
class VectorPainter:
    """Collects the layers as Typst items (points): text stays text in the poster's own faces (embedded as
    subsets), codes are paths of their dark modules, shapes are paths."""

    size: tuple[int, int]
    dpi: int
    background: str
    fonts: tuple[FontFile, ...]
    items: list[dict[str, object]] = field(default_factory=list)

    def pt(self, pixels: float) -> float:
        return round(pixels * 72 / self.dpi, 3)

    def _box(self, box: Rect) -> dict[str, float]:
        return {
            "x": self.pt(box[0]),
            "y": self.pt(box[1]),
            "w": self.pt(box[2] - box[0]),
            "h": self.pt(box[3] - box[1]),
        }

    def fill(self, color: str) -> None:
        self.rect((0, 0, *self.size), 0, color, None, 0)

    def rect(self, box: Rect, radius: float, fill: str | None, outline: str | None, width: float) -> None:
        stroke = {"stroke": outline, "sw": self.pt(width)} if outline and width else {"stroke": None, "sw": 0}
        self.items.append({"kind": "rect", **self._box(box), "r": self.pt(radius), "fill": fill, **stroke})

    def ellipse(self, box: Rect, fill: str, outline: str, width: float) -> None:
        self.items.append({"kind": "ellipse", **self._box(box), "fill": fill, "stroke": outline, "sw": self.pt(width)})

    def text(self, position: tuple[float, float], line: str, face: Face, anchor: str, color: str) -> None:
        """A line set on one line (a box wider than the line: never re-broken by Typst's own measure), aligned
        at the anchor's point as Pillow aligns it (horizontally left/middle/right, vertically the middle of the
        ascender and descender)."""
        left, _, right, _ = text_box(position, line, face, anchor)
        width = (right - left) * 1.2 + face.size
        x = {"l": position[0], "m": position[0] - width / 2, "r": position[0] - width}[anchor[0]]
        height = face.size * 2
        shape = typeface(face.file)
        self.items.append(
            {
                "kind": "text",
                **self._box((x, position[1] - height / 2, x + width, position[1] + height / 2)),
                "align": {"l": "left", "m": "center", "r": "right"}[anchor[0]],
                "size": self.pt(face.size),
                "family": shape.family,
                "weight": shape.weight,
                "fill": color,
                "text": line,
            }
        )

    def code(self, target: str, left: int, top: int, size: int, level: Level) -> None:
        """The code as the pages' SVG (a white square, the dark modules one path), which Typst writes into the
        PDF as paths: 8x faster to typeset than the same path built run by run in Typst's own language."""
        box = {"x": self.pt(left), "y": self.pt(top), "w": self.pt(size), "h": self.pt(size)}
        self.items.append({"kind": "svg", **box, "svg": qr_svg(target, level)})

    def picture(self, png: bytes, box: tuple[int, int, int, int]) -> None:
        self.items.append({"kind": "picture", **self._box(box), "png": list(png)})

    def pdf(self, title: str) -> bytes:
        document = {"title": title, "width": self.pt(self.size[0]), "height": self.pt(self.size[1])}
        inputs = {"poster": json.dumps({**document, "items": self.items}, ensure_ascii=False)}
        pdf, warnings = _compiler(_font_folders(self.fonts)).compile_with_warnings(sys_inputs=inputs)
        if warnings:  # an unknown face or a missing glyph: never a PDF that prints tofu or another font
            said = "；".join(str(w) for w in warnings)
            raise FitError(f"印刷海报无法用所给字体排版（{said}）：请在 branding.font 中换用常见的中文字体文件")
        assert isinstance(pdf, bytes)
        return pdf


def _font_folders(fonts: tuple[FontFile, ...]) -> tuple[str, ...]:
    return tuple(sorted({str(Path(font.path).parent) for font in fonts}))


@cache
def _compiler(folders: tuple[str, ...]) -> typst.Compiler:
    """One compiler a worker keeps: the faces in `folders` are read once, not for every poster."""
    return typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=list(folders), ignore_system_fonts=True)


def start_typesetter(fonts: tuple[FontFile, ...]) -> None:
    """A worker's compiler started and one small page set before its first print poster: the faces read, a
    line shaped in each, a code drawn (README, "Benchmark": what that poster no longer waits). The PDF is thrown
    away."""
    painter = VectorPainter((200, 200), 72, WHITE, fonts)
    for font in fonts:
        painter.text((100, 50), "网上年货节 2026", face_at(font, 12), "mm", "#000000")
    painter.code("https://example.cn/", 0, 100, 50, "M")
    painter.pdf("")
