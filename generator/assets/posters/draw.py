"""Draw a poster layout: where each layer goes is decided here once, for a painter to put down (paint.py:
Pillow pixels for screens, a vector PDF for print). Each text is fitted in its box by measure.py; when it
does not fit, the poster is not drawn and the editor is told."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from PIL import Image

from ...render.mark import mark_rows
from ..fonts import FontFile, face_at
from ..qrcodes import Level
from .layout import PLACEHOLDER, Layer, Layout
from .measure import FitError, PosterData, check_glyphs, filled, fit_text, platform_cells
from .paint import Painter, RasterPainter, VectorPainter, text_box

WHITE = "#ffffff"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def inside(self, width: int, height: int) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class Drawn:
    """What a layer put on the canvas: checked by tests for overlap, overflow and glyph coverage."""

    layer: str
    kind: str  # "text" or "code"
    box: Box
    text: str = ""
    font: FontFile | None = None
    target: str = ""


@dataclass
class Poster:
    image: Image.Image
    drawn: list[Drawn] = field(default_factory=list)


def _color(name: str, data: PosterData) -> str:
    return name if name.startswith("#") else data.colors.get(name, WHITE)


def draw_text(
    painter: Painter, layer: Layer, text: str, font: FontFile, data: PosterData, scale: float
) -> Drawn | None:
    if not text.strip():
        return None
    check_glyphs(font, text, layer.name)
    face, lines = fit_text(layer, text, font, scale)
    step = face.size * layer.line_height
    block = step * len(lines)
    x0, y0, w, h = layer.x * scale, layer.y * scale, layer.w * scale, layer.h * scale
    top = {"top": y0, "middle": y0 + (h - block) / 2, "bottom": y0 + h - block}[layer.valign]
    anchor_x, anchor = {"left": (x0, "lm"), "center": (x0 + w / 2, "mm"), "right": (x0 + w, "rm")}[layer.align]
    boxes = []
    for i, line in enumerate(lines):
        position = (anchor_x, top + step * (i + 0.5))
        painter.text(position, line, face, anchor, _color(layer.color, data))
        boxes.append(text_box(position, line, face, anchor))
    union = Box(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Drawn(layer.name, "text", union, "\n".join(lines), font)


def _fitted(png: bytes, size: int) -> tuple[int, int]:
    """The logo's size scaled into a `size` square, never enlarged (as Pillow's thumbnail does)."""
    with Image.open(io.BytesIO(png)) as logo:
        width, height = logo.size
    ratio = min(1.0, size / width, size / height)
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def draw_mark(painter: Painter, box: tuple[int, int, int], data: PosterData, font: FontFile) -> None:
    """The unified campaign mark: the campaign's logo image, else the built-in design (the logo.svg design):
    a red disc with a gold ring and white text."""
    x, y, size = box
    if data.logo:
        width, height = _fitted(data.logo, size)
        left, top = x + (size - width) // 2, y + (size - height) // 2
        painter.picture(data.logo, (left, top, left + width, top + height))
        return
    ring = max(2, size // 20)
    painter.ellipse((x, y, x + size, y + size), data.colors["primary"], data.colors["accent"], ring)
    rows = mark_rows(data.mark_text)
    face = face_at(font, max(6, int(size * 0.75 / max(len(r) for r in rows))))
    for i, row in enumerate(rows):
        cy = y + size / 2 + (i - (len(rows) - 1) / 2) * face.size * 1.15
        painter.text((x + size / 2, cy), row, face, "mm", WHITE)


def draw_code(painter: Painter, layer: Layer, target: str, data: PosterData, font: FontFile, scale: float) -> Drawn:
    size = round(min(layer.w, layer.h) * scale)
    left = round(layer.x * scale + (layer.w * scale - size) / 2)
    top = round(layer.y * scale + (layer.h * scale - size) / 2)
    level: Level = "H" if layer.mark else "M"
    painter.code(target, left, top, size, level)
    if layer.mark:
        mark = round(size * 0.2)
        draw_mark(painter, (left + (size - mark) // 2, top + (size - mark) // 2, mark), data, font)
    return Drawn(layer.name, "code", Box(left, top, left + size, top + size), target=target)


def draw_platforms(
    painter: Painter, layer: Layer, data: PosterData, fonts: dict[str, FontFile], scale: float
) -> list[Drawn]:
    drawn = []
    for (code, caption), (name, target) in zip(platform_cells(layer, data), data.platforms, strict=False):
        drawn.append(draw_code(painter, code, target, data, fonts["bold"], scale))
        if text := draw_text(painter, caption, name, fonts[caption.font], data, scale):
            drawn.append(text)
    return drawn


def poster_inputs(layout: Layout, data: PosterData) -> dict[str, object]:
    """The data a layout actually reads: its placeholders' fields, codes, platforms, mark and colours."""
    used: dict[str, object] = {"colors": data.colors}
    for layer in layout.layers:
        if layer.kind == "text":
            for name in [*PLACEHOLDER.findall(layer.text), *layer.unless]:
                used[f"field:{name}"] = data.fields.get(name, "")
        if layer.kind == "qr":
            used["site_target"] = data.site_target
        if layer.kind == "logo" or (layer.kind == "qr" and layer.mark):
            used["mark_text"] = data.mark_text
            used["logo"] = hashlib.sha256(data.logo).hexdigest() if data.logo else None
        if layer.kind == "platforms":
            used["platforms"] = data.platforms
    return used


def paint(painter: Painter, layout: Layout, data: PosterData, fonts: dict[str, FontFile], scale: float) -> list[Drawn]:
    """Every layer of `layout` at `scale` (canvas pixels per design unit), in order; what was drawn where."""
    drawn: list[Drawn] = []
    for layer in layout.layers:
        if any(data.fields.get(name) for name in layer.unless):
            continue
        s = scale
        box = (round(layer.x * s), round(layer.y * s), round((layer.x + layer.w) * s), round((layer.y + layer.h) * s))
        if layer.kind == "fill":
            painter.fill(_color(layer.color, data))
        elif layer.kind == "rect":
            outline = _color(layer.outline, data) if layer.outline else None
            fill = None if layer.color == "none" else _color(layer.color, data)
            painter.rect(box, layer.radius * s, fill, outline, round(layer.outline_width * s))
        elif layer.kind == "text":
            try:
                text = draw_text(painter, layer, filled(layer.text, data.fields), fonts[layer.font], data, s)
            except FitError as error:
                raise FitError(str(error), tuple(PLACEHOLDER.findall(layer.text))) from None
            drawn += [text] if text else []
        elif layer.kind == "logo":
            try:
                check_glyphs(fonts["bold"], "" if data.logo else data.mark_text, layer.name)
            except FitError as error:
                raise FitError(str(error), ("mark",)) from None
            draw_mark(painter, (box[0], box[1], box[2] - box[0]), data, fonts["bold"])
            drawn.append(Drawn(layer.name, "mark", Box(*box), data.mark_text, fonts["bold"]))
        elif layer.kind == "qr":
            drawn.append(draw_code(painter, layer, data.site_target, data, fonts["bold"], s))
        elif layer.kind == "platforms":
            try:
                drawn += draw_platforms(painter, layer, data, fonts, s)
            except FitError as error:
                raise FitError(str(error), ("platforms",)) from None
    return drawn


def render(layout: Layout, data: PosterData, fonts: dict[str, FontFile], *, preview: bool = False) -> Poster:
    """The poster in pixels: its `pixels` canvas, or with `preview` its design size (the screen image of a
    poster printed from vectors)."""
    size, scale = (layout.size, 1.0) if preview else (layout.canvas, layout.scale)
    painter = RasterPainter(size, _color("background", data))
    return Poster(painter.image, paint(painter, layout, data, fonts, scale))


def render_pdf(layout: Layout, data: PosterData, fonts: dict[str, FontFile], title: str) -> bytes:
    """The poster as a vector PDF, its page the `pixels` canvas at the layout's dpi (A3 for print.yml)."""
    painter = VectorPainter(layout.canvas, layout.dpi, _color("background", data), tuple(fonts.values()))
    painter.fill(_color("background", data))
    paint(painter, layout, data, fonts, layout.scale)
    return painter.pdf(title)
