"""Share and print posters drawn by Pillow from YAML layouts (see layout.py and layouts/*.yml)."""

from .draw import Drawn, FitError, Poster, PosterData, fits, poster_inputs, render
from .encode import pdf, png
from .layout import POSTERS, Layout, layout_file, load_layout

__all__ = ["POSTERS", "Drawn", "FitError", "Layout", "Poster", "PosterData", "fits", "layout_file",
           "load_layout", "pdf", "png", "poster_inputs", "render"]
