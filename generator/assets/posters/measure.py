"""Poster text measured, not drawn: line breaking (never mid-word, never a line starting with 。，), shrinking
text to fit its box, the platform codes' grid, and `fits`, which measures a whole layout as `render` would
draw it (for `campaignsite check`). When text does not fit, the editor is told which field to shorten."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ...render.linebreak import words
from ..fonts import Face, FontFile, face_at, missing_characters
from .layout import PLACEHOLDER, Layer, Layout

_TOKEN = re.compile(r"[A-Za-z0-9.:@%_\-]+/*|/+|\s+|.")  # a URL breaks after its slashes
_ADDRESS = re.compile(r"([\x21-\x7e]*[/@][\x21-\x7e]*)")  # a web or mail address, a path
_NO_LINE_START = set("，。、；：！？）》」』”’…%·,.;:!?)")
_NO_LINE_END = set("（《「『“‘(")


@dataclass
class PosterData:
    fields: dict[str, str]
    colors: dict[str, str]
    site_target: str
    platforms: list[tuple[str, str]]  # (name, target URL)
    mark_text: str
    logo: bytes | None = None  # the campaign's own mark (PNG), drawn instead of the built-in one


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


def _tokens(paragraph: str, font: Face, width: float) -> list[str]:
    """Unbreakable runs: Chinese words (the pages' segmenter: never "年货/节", "2/月"), web addresses broken after
    their slashes; a run wider than the whole line is split into characters."""
    tokens = []
    for part in _ADDRESS.split(paragraph):
        for token in _TOKEN.findall(part) if _ADDRESS.fullmatch(part) else words(part):
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
    shown = " / ".join(text.splitlines())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    raise FitError(f"海报图层“{layer.name}”放不下文字“{shown}”：请缩短文字，或在版式中加大文字框、增加 max_lines")


def check_glyphs(font: FontFile, text: str, layer: str) -> None:
    missing = missing_characters(font, text)
    if missing:
        raise FitError(
            f"字体 {font.label} 缺少这些字：{''.join(missing)}（图层“{layer}”）。"
            "请在 branding.font 中换用覆盖这些字的中文字体"
        )


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
        code = layer.model_copy(
            update={
                "name": f"{layer.name}:{name}",
                "x": round(cx + (cell_w - size) / 2),
                "y": round(cy),
                "w": round(size),
                "h": round(size),
                "mark": False,
            }
        )
        caption = layer.model_copy(
            update={
                "name": f"{layer.name}:{name}:名称",
                "x": round(cx),
                "y": round(cy + size),
                "w": round(cell_w),
                "h": round(label),
                "size": layer.label_size,
                "color": layer.label_color,
                "max_lines": 1,
                "align": "center",
                "valign": "middle",
            }
        )
        cells.append((code, caption))
    return cells


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
            texts = [
                (caption, name, ("platforms",)) for (_, caption), (name, _) in zip(cells, data.platforms, strict=False)
            ]
        elif layer.kind == "logo" and not data.logo:
            texts = [(layer, data.mark_text, ("mark",))]
        for text_layer, text, fields in texts:
            if not text.strip():
                continue
            try:
                check_glyphs(fonts[text_layer.font if layer.kind != "logo" else "bold"], text, text_layer.name)
                if layer.kind != "logo":
                    fit_text(text_layer, text, fonts[text_layer.font], layout.scale)
            except FitError as error:
                raise FitError(str(error), fields) from None
