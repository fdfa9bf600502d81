"""Poster layouts as data: a canvas and a list of layers, read from YAML (forkable like a template).

Coordinates are design units; `pixels` scales the whole canvas uniformly (the A3 print poster is drawn at
300 dpi from the same units a designer reads on screen).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ...catalog import POSTER_NAMES
from ...findings import CampaignError, display_path
from ...read.sourcemap import load_yaml
from ...read.validation import findings_from_validation

LAYOUTS = Path(__file__).parent / "layouts"
POSTERS = POSTER_NAMES  # the catalog's posters, each drawn from layouts/<name>.yml
# what a text layer may show: {name} of one of these, nothing else between braces
FIELDS = (
    "campaign_name",
    "national_name",
    "site_name",
    "region",
    "theme",
    "summary",
    "slogans",
    "period",
    "days",
    "lunar",
    "lunar_days",
    "guiding_units",
    "organisers",
    "url",
)
PLACEHOLDER = re.compile(r"\{(\w+)\}")
MAX_SIDE = 8000  # pixels of a canvas; the A3 print poster at 300 dpi is 3508 × 4961
MAX_PIXELS = 40_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Layer(_Strict):
    """One drawing step. Unused fields are ignored by kinds that do not need them."""

    name: str
    kind: Literal["fill", "rect", "text", "logo", "qr", "platforms"]
    x: int = Field(0, ge=-100_000, le=100_000)
    y: int = Field(0, ge=-100_000, le=100_000)
    w: int = Field(0, ge=0, le=100_000)
    h: int = Field(0, ge=0, le=100_000)
    color: str = "primary"  # palette name (primary, accent, text, background) or #rrggbb
    radius: int = Field(0, ge=0, le=100_000)
    outline: str | None = None
    outline_width: int = Field(0, ge=0, le=1000)
    text: str = ""  # template: {campaign_name} {site_name} {region} {theme} {slogans} {period} ...
    font: Literal["regular", "bold"] = "regular"
    size: int = Field(48, ge=1, le=2000)
    min_size: int | None = Field(None, ge=1, le=2000)  # shrink down to this before giving up (default: 60 % of size)
    line_height: float = Field(1.3, gt=0, le=10)
    max_lines: int = Field(2, ge=1, le=100)
    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "middle", "bottom"] = "middle"
    unless: list[str] = []  # draw only when all these fields are empty (a stand-in for a missing theme)
    mark: bool = False  # qr: the campaign mark in the middle (error correction H)
    label_size: int = Field(28, ge=1, le=2000)
    label_color: str = "text"
    min_code: int = Field(90, ge=1, le=100_000)  # platforms: smallest code (design units) that still scans

    @model_validator(mode="after")
    def _has_a_box(self) -> Layer:
        if self.kind in ("text", "logo", "qr", "platforms") and (self.w < 1 or self.h < 1):
            raise ValueError(f"图层“{self.name}”（{self.kind}）的宽 w 和高 h 须大于 0")
        return self

    @field_validator("text")
    @classmethod
    def _known_fields(cls, text: str) -> str:
        unknown = [name for name in PLACEHOLDER.findall(text) if name not in FIELDS]
        if unknown:
            raise ValueError(f"文字中的 {{{unknown[0]}}} 不是可用的字段；可用：{'、'.join(FIELDS)}")
        if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
            raise ValueError("文字中的花括号只能写成 {字段名}，如 {site_name}")
        return text

    @field_validator("unless")
    @classmethod
    def _known_unless(cls, names: list[str]) -> list[str]:
        if unknown := [name for name in names if name not in FIELDS]:
            raise ValueError(f"unless 中的 {unknown[0]} 不是可用的字段")
        return names


class Layout(_Strict):
    size: tuple[int, int]
    pixels: tuple[int, int] | None = None
    dpi: int = Field(72, ge=36, le=1200)
    # a picture for web pages may be written with a palette of this many colours (flat colours and text: a
    # third of the bytes); none: full colour
    colors: int | None = Field(None, ge=2, le=256)
    layers: list[Layer] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _drawable(self) -> Layout:
        """A canvas Pillow can draw without taking the machine's memory (and an encoder can write)."""
        for width, height in (self.size, self.canvas):
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and width * height <= MAX_PIXELS):
                raise ValueError(
                    f"画布 {width}×{height} 像素超出范围：每边 1 至 {MAX_SIDE}，共不超过 {MAX_PIXELS} 像素"
                )
        return self

    @property
    def scale(self) -> float:
        return self.pixels[0] / self.size[0] if self.pixels else 1.0

    @property
    def canvas(self) -> tuple[int, int]:
        return self.pixels or self.size


def layout_file(name: str, search: tuple[Path, ...] = ()) -> Path:
    """The first `<name>.yml` found in the fork folders, else the built-in layout."""
    for folder in search:
        candidate = folder / f"{name}.yml"
        if candidate.is_file():
            return candidate
    return LAYOUTS / f"{name}.yml"


def load_layout(path: Path) -> Layout:
    """A layout file, read with the same limits and positions as campaign files; problems name file and line.
    A worker reads the same few layouts for every microsite: each content is parsed once (layouts are frozen)."""
    try:
        content = path.read_bytes()
    except OSError:
        content = None  # load_yaml says why, at the file
    return _parsed_layout(path, content)


@functools.lru_cache(maxsize=64)
def _parsed_layout(path: Path, content: bytes | None) -> Layout:
    doc = load_yaml(path, display_path(path), content)
    try:
        return Layout.model_validate(doc.data)
    except ValidationError as error:
        raise CampaignError(findings_from_validation(error, Layout, doc)) from None
