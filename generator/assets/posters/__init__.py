"""Share and print posters drawn by Pillow from YAML layouts (see layout.py and layouts/*.yml)."""

from .draw import Drawn, Poster, poster_inputs, render
from .encode import pdf, png
from .layout import POSTERS, Layout, layout_file, load_layout
from .measure import FitError, PosterData, fits

__all__ = [
    "POSTERS",
    "Drawn",
    "FitError",
    "Layout",
    "Poster",
    "PosterData",
    "fits",
    "layout_file",
    "load_layout",
    "pdf",
    "png",
    "poster_inputs",
    "render",
]
