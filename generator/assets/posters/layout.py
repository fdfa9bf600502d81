"""Poster layouts as data: a canvas and a list of layers, read from YAML (forkable like a template).

Coordinates are design units; `pixels` scales the whole canvas uniformly (the A3 print poster is drawn at
300 dpi from the same units a designer reads on screen).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...findings import CampaignError, display_path
from ...read.sourcemap import load_yaml
from ...read.validation import findings_from_validation

LAYOUTS = Path(__file__).parent / "layouts"
POSTERS = ("share", "print", "icon")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Layer(_Strict):
    """One drawing step. Unused fields are ignored by kinds that do not need them."""

    name: str
    kind: Literal["fill", "rect", "text", "logo", "qr", "platforms"]
    x: int = 0
    y: int = 0
    w: int = 0
    h: int = 0
    color: str = "primary"  # palette name (primary, accent, text, background) or #rrggbb
    radius: int = 0
    outline: str | None = None
    outline_width: int = 0
    text: str = ""  # template: {campaign_name} {site_name} {region} {theme} {slogans} {period} ...
    font: Literal["regular", "bold"] = "regular"
    size: int = 48
    min_size: int | None = None  # shrink down to this before giving up (default: 60 % of size)
    line_height: float = 1.3
    max_lines: int = 2
    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "middle", "bottom"] = "middle"
    unless: list[str] = []  # draw only when all these fields are empty (a stand-in for a missing theme)
    mark: bool = False  # qr: the campaign mark in the middle (error correction H)
    label_size: int = 28
    label_color: str = "text"
    min_code: int = 90  # platforms: smallest code (design units) that still scans


class Layout(_Strict):
    size: tuple[int, int]
    pixels: tuple[int, int] | None = None
    dpi: int = 72
    layers: list[Layer] = Field(min_length=1)

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
