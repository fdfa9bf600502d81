"""Draw a poster layout with Pillow. Text wraps (never mid-word, never a line starting with 。，) and
shrinks to fit its box; when it still does not fit, the poster is not drawn and the editor is told.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from ...render.mark import mark_rows
from ..fonts import Face, FontFile, face_at, missing_characters
from ..qrcodes import Level, module_image
from .layout import PLACEHOLDER, Layer, Layout

_TOKEN = re.compile(r"[A-Za-z0-9.:@%_\-]+/*|/+|\s+|.")  # a URL breaks after its slashes
_NO_LINE_START = set("，。、；：！？）》」』”’…%·,.;:!?)")
_NO_LINE_END = set("（《「『“‘(")
WHITE = "#ffffff"


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom \
            and other.top < self.bottom

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
class PosterData:
    fields: dict[str, str]
    colors: dict[str, str]
    site_target: str
    platforms: list[tuple[str, str]]  # (name, target URL)
    mark_text: str
    logo: bytes | None = None  # the campaign's own mark (PNG), drawn instead of the built-in one


@dataclass
class Poster:
    image: Image.Image
    drawn: list[Drawn] = field(default_factory=list)


class FitError(Exception):
    """Text that cannot be drawn (too long for its box, or glyphs the font lacks); Chinese message.

    `fields` names the campaign fields the text came from, so the editor is sent to the right YAML line.
    """

    def __init__(self, message: str, fields: tuple[str, ...] = ()):
        super().__init__(message)
        self.fields = fields




def filled(text: str, fields: dict[str, str]) -> str:
    """A layer's text with its {field} placeholders filled (layouts are validated: nothing else is read)."""
    return PLACEHOLDER.sub(lambda match: fields.get(match.group(1), ""), text)


def _color(name: str, data: PosterData) -> str:
    return name if name.startswith("#") else data.colors.get(name, WHITE)


def _tokens(paragraph: str, font: Face, width: float) -> list[str]:
    """Unbreakable runs, except that a run wider than the whole line is split into characters."""
    tokens = []
    for token in _TOKEN.findall(paragraph):
        tokens += list(token) if len(token) > 1 and font.width(token) > width else [token]
    return tokens


def wrap(text: str, font: Face, width: float) -> list[str]:
    """Greedy CJK line breaking with the basic kinsoku rules."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        for token in _tokens(paragraph, font, width):
            if line and font.width("".join(line) + token) > width:
                carry: list[str] = []
                while len(line) > 1 and (carry or [token])[0] in _NO_LINE_START:
                    carry.insert(0, line.pop())
                while len(line) > 1 and line[-1] in _NO_LINE_END:
                    carry.insert(0, line.pop())
                lines.append("".join(line).rstrip())
                line = carry
                if token.isspace():
                    continue
            line.append(token)
        lines.append("".join(line).strip())
    return [ln for ln in lines if ln]


def fit_text(layer: Layer, text: str, font: FontFile, scale: float) -> tuple[Face, list[str]]:
    width, height = layer.w * scale, layer.h * scale
    largest = round(layer.size * scale)
    smallest = round((layer.min_size or layer.size * 0.6) * scale)
    step = max(1, largest // 40)
    for size in range(largest, smallest - 1, -step):
        face = face_at(font, size)
        lines = wrap(text, face, width)
        fits = all(face.width(ln) <= width for ln in lines)
        if fits and len(lines) <= layer.max_lines and len(lines) * size * layer.line_height <= height:
            return face, lines
    raise FitError(f"海报图层“{layer.name}”放不下文字“{text}”：请缩短文字，或在版式中加大文字框、增加 max_lines")


def _check_glyphs(font: FontFile, text: str, layer: str) -> None:
    missing = missing_characters(font, text)
    if missing:
        raise FitError(f"字体 {font.label} 缺少这些字：{''.join(missing)}（图层“{layer}”）。"
                       "请在 branding.font 中换用覆盖这些字的中文字体")


def draw_text(canvas: ImageDraw.ImageDraw, layer: Layer, text: str, font: FontFile, data: PosterData,
              scale: float) -> Drawn | None:
    if not text.strip():
        return None
    _check_glyphs(font, text, layer.name)
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
    union = Box(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))
    return Drawn(layer.name, "text", union, "\n".join(lines), font)


def code_image(target: str, size: int, level: Level) -> Image.Image:
    """A code exactly `size` pixels wide: one pixel per module scaled up with nearest-neighbour."""
    return module_image(target, level).resize((size, size), Image.NEAREST).convert("RGB")


def draw_mark(image: Image.Image, box: tuple[int, int, int], data: PosterData, font: FontFile) -> None:
    """The unified campaign mark: the campaign's logo image, else the built-in design (the logo.svg design):
    a red disc with a gold ring and white text."""
    x, y, size = box
    if data.logo:
        logo = Image.open(io.BytesIO(data.logo)).convert("RGBA")
        logo.thumbnail((size, size), Image.LANCZOS)
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


def draw_code(image: Image.Image, layer: Layer, target: str, data: PosterData, font: FontFile,
              scale: float) -> Drawn:
    size = round(min(layer.w, layer.h) * scale)
    left = round(layer.x * scale + (layer.w * scale - size) / 2)
    top = round(layer.y * scale + (layer.h * scale - size) / 2)
    image.paste(code_image(target, size, "H" if layer.mark else "M"), (left, top))
    if layer.mark:
        mark = round(size * 0.2)
        draw_mark(image, (left + (size - mark) // 2, top + (size - mark) // 2, mark), data, font)
    return Drawn(layer.name, "code", Box(left, top, left + size, top + size), target=target)


def _grid(count: int, width: float, height: float, label: float, gap: float) -> tuple[int, float]:
    """Columns and code size that make the platform codes as large as the box allows."""
    best = (1, 0.0)
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        cell_w = (width - gap * (columns - 1)) / columns
        cell_h = (height - gap * (rows - 1)) / rows
        size = min(cell_w, cell_h - label)
        if size > best[1]:
            best = (columns, size)
    return best


def platform_cells(layer: Layer, data: PosterData) -> list[tuple[Layer, Layer]]:
    """(code, caption) layers of each platform: the codes as large as the box allows."""
    if not data.platforms:
        return []
    label = layer.label_size * layer.line_height
    gap = layer.label_size * 0.6
    columns, size = _grid(len(data.platforms), layer.w, layer.h, label, gap)
    if size < layer.min_code:
        raise FitError(f"海报图层“{layer.name}”放不下 {len(data.platforms)} 个平台二维码：请在版式中加大该区域")
    rows = math.ceil(len(data.platforms) / columns)
    cell_w = (layer.w - gap * (columns - 1)) / columns
    block_h = rows * (size + label) + (rows - 1) * gap
    cells = []
    for i, (name, _) in enumerate(data.platforms):
        row, column = divmod(i, columns)
        in_row = min(columns, len(data.platforms) - row * columns)
        offset = (layer.w - in_row * cell_w - (in_row - 1) * gap) / 2
        cx = layer.x + offset + column * (cell_w + gap)
        cy = layer.y + (layer.h - block_h) / 2 + row * (size + label + gap)
        code = layer.model_copy(update={"name": f"{layer.name}:{name}", "x": round(cx + (cell_w - size) / 2),
                                        "y": round(cy), "w": round(size), "h": round(size), "mark": False})
        caption = layer.model_copy(update={"name": f"{layer.name}:{name}:名称", "x": round(cx),
                                           "y": round(cy + size), "w": round(cell_w), "h": round(label),
                                           "size": layer.label_size, "color": layer.label_color, "max_lines": 1,
                                           "align": "center", "valign": "middle"})
        cells.append((code, caption))
    return cells


def draw_platforms(image: Image.Image, canvas: ImageDraw.ImageDraw, layer: Layer, data: PosterData,
                   fonts: dict[str, FontFile], scale: float) -> list[Drawn]:
    drawn = []
    for (code, caption), (name, target) in zip(platform_cells(layer, data), data.platforms, strict=False):
        drawn.append(draw_code(image, code, target, data, fonts["bold"], scale))
        if text := draw_text(canvas, caption, name, fonts[caption.font], data, scale):
            drawn.append(text)
    return drawn


def fits(layout: Layout, data: PosterData, fonts: dict[str, FontFile]) -> None:
    """Measure every text of the layout as `render` would draw it, without drawing: FitError when one does not
    fit or the font lacks its characters (for `campaignsite check`)."""
    for layer in layout.layers:
        if any(data.fields.get(name) for name in layer.unless):
            continue
        texts = []
        if layer.kind == "text":
            texts = [(layer, filled(layer.text, data.fields), tuple(PLACEHOLDER.findall(layer.text)))]
        elif layer.kind == "platforms":
            try:
                cells = platform_cells(layer, data)
            except FitError as error:
                raise FitError(str(error), ("platforms",)) from None
            texts = [(caption, name, ("platforms",)) for (_, caption), (name, _) in zip(cells, data.platforms,
                                                                                          strict=False)]
        elif layer.kind == "logo" and not data.logo:
            texts = [(layer, data.mark_text, ("mark",))]
        for text_layer, text, fields in texts:
            if not text.strip():
                continue
            try:
                _check_glyphs(fonts[text_layer.font if layer.kind != "logo" else "bold"], text, text_layer.name)
                if layer.kind != "logo":
                    fit_text(text_layer, text, fonts[text_layer.font], layout.scale)
            except FitError as error:
                raise FitError(str(error), fields) from None


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
            canvas.rounded_rectangle(box, radius=round(layer.radius * s), fill=fill, outline=outline,
                                     width=round(layer.outline_width * s))
        elif layer.kind == "text":
            try:
                drawn = draw_text(canvas, layer, filled(layer.text, data.fields), fonts[layer.font], data, s)
            except FitError as error:
                raise FitError(str(error), tuple(PLACEHOLDER.findall(layer.text))) from None
            poster.drawn += [drawn] if drawn else []
        elif layer.kind == "logo":
            try:
                _check_glyphs(fonts["bold"], "" if data.logo else data.mark_text, layer.name)
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
