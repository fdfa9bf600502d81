"""Draw a poster layout with Pillow, each text as measure.py fits it in its box; when it does not fit, the
poster is not drawn and the editor is told."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from ...render.mark import mark_rows
from ..fonts import FontFile, face_at
from ..qrcodes import Level, module_image
from .layout import PLACEHOLDER, Layer, Layout
from .measure import FitError, PosterData, check_glyphs, filled, fit_text, platform_cells

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
    canvas: ImageDraw.ImageDraw, layer: Layer, text: str, font: FontFile, data: PosterData, scale: float
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
        canvas.text(position, line, font=face.font, fill=_color(layer.color, data), anchor=anchor)
        boxes.append(canvas.textbbox(position, line, font=face.font, anchor=anchor))
    union = Box(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Drawn(layer.name, "text", union, "\n".join(lines), font)


def code_image(target: str, size: int, level: Level) -> Image.Image:
    """A code exactly `size` pixels wide: one pixel per module scaled up with nearest-neighbour."""
    return module_image(target, level).resize((size, size), Image.Resampling.NEAREST).convert("RGB")


def draw_mark(image: Image.Image, box: tuple[int, int, int], data: PosterData, font: FontFile) -> None:
    """The unified campaign mark: the campaign's logo image, else the built-in design (the logo.svg design):
    a red disc with a gold ring and white text."""
    x, y, size = box
    if data.logo:
        logo = Image.open(io.BytesIO(data.logo)).convert("RGBA")
        logo.thumbnail((size, size), Image.Resampling.LANCZOS)
        image.paste(logo, (x + (size - logo.width) // 2, y + (size - logo.height) // 2), logo)
        return
    canvas = ImageDraw.Draw(image)
    ring = max(2, size // 20)
    canvas.ellipse((x, y, x + size, y + size), fill=data.colors["primary"], outline=data.colors["accent"], width=ring)
    text = data.mark_text
    rows = mark_rows(text)
    face = face_at(font, max(6, int(size * 0.75 / max(len(r) for r in rows))))
    for i, row in enumerate(rows):
        cy = y + size / 2 + (i - (len(rows) - 1) / 2) * face.size * 1.15
        canvas.text((x + size / 2, cy), row, font=face.font, fill=WHITE, anchor="mm")


def draw_code(image: Image.Image, layer: Layer, target: str, data: PosterData, font: FontFile, scale: float) -> Drawn:
    size = round(min(layer.w, layer.h) * scale)
    left = round(layer.x * scale + (layer.w * scale - size) / 2)
    top = round(layer.y * scale + (layer.h * scale - size) / 2)
    image.paste(code_image(target, size, "H" if layer.mark else "M"), (left, top))
    if layer.mark:
        mark = round(size * 0.2)
        draw_mark(image, (left + (size - mark) // 2, top + (size - mark) // 2, mark), data, font)
    return Drawn(layer.name, "code", Box(left, top, left + size, top + size), target=target)


def draw_platforms(
    image: Image.Image,
    canvas: ImageDraw.ImageDraw,
    layer: Layer,
    data: PosterData,
    fonts: dict[str, FontFile],
    scale: float,
) -> list[Drawn]:
    drawn = []
    for (code, caption), (name, target) in zip(platform_cells(layer, data), data.platforms, strict=False):
        drawn.append(draw_code(image, code, target, data, fonts["bold"], scale))
        if text := draw_text(canvas, caption, name, fonts[caption.font], data, scale):
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


def render(layout: Layout, data: PosterData, fonts: dict[str, FontFile]) -> Poster:
    poster = Poster(Image.new("RGB", layout.canvas, _color("background", data)))
    canvas = ImageDraw.Draw(poster.image)
    s = layout.scale
    for layer in layout.layers:
        if any(data.fields.get(name) for name in layer.unless):
            continue
        box = (round(layer.x * s), round(layer.y * s), round((layer.x + layer.w) * s), round((layer.y + layer.h) * s))
        if layer.kind == "fill":
            canvas.rectangle((0, 0, *layout.canvas), fill=_color(layer.color, data))
        elif layer.kind == "rect":
            outline = _color(layer.outline, data) if layer.outline else None
            fill = None if layer.color == "none" else _color(layer.color, data)
            canvas.rounded_rectangle(
                box, radius=round(layer.radius * s), fill=fill, outline=outline, width=round(layer.outline_width * s)
            )
        elif layer.kind == "text":
            try:
                drawn = draw_text(canvas, layer, filled(layer.text, data.fields), fonts[layer.font], data, s)
            except FitError as error:
                raise FitError(str(error), tuple(PLACEHOLDER.findall(layer.text))) from None
            poster.drawn += [drawn] if drawn else []
        elif layer.kind == "logo":
            try:
                check_glyphs(fonts["bold"], "" if data.logo else data.mark_text, layer.name)
            except FitError as error:
                raise FitError(str(error), ("mark",)) from None
            draw_mark(poster.image, (box[0], box[1], box[2] - box[0]), data, fonts["bold"])
            poster.drawn.append(Drawn(layer.name, "mark", Box(*box), data.mark_text, fonts["bold"]))
        elif layer.kind == "qr":
            poster.drawn.append(draw_code(poster.image, layer, data.site_target, data, fonts["bold"], s))
        elif layer.kind == "platforms":
            try:
                poster.drawn += draw_platforms(poster.image, canvas, layer, data, fonts, s)
            except FitError as error:
                raise FitError(str(error), ("platforms",)) from None
    return poster
