"""Share and print posters from YAML layouts (see layout.py and layouts/*.yml): pixels drawn by Pillow, the
print poster also as a vector PDF typeset by Typst (paint.py)."""

from .draw import Drawn, Poster, poster_inputs, render, render_pdf
from .encode import png
from .layout import POSTERS, Layout, layout_file, load_layout
from .measure import FitError, PosterData, fits
from .paint import start_typesetter

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
    "png",
    "poster_inputs",
    "render",
    "render_pdf",
    "start_typesetter",
]
