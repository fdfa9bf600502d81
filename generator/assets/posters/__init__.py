"""Share and print posters drawn by Pillow from YAML layouts (see layout.py and layouts/*.yml)."""

from .draw import Drawn, FitError, Poster, PosterData, render
from .layout import POSTERS, Layout, LayoutError, layout_file, load_layout

__all__ = ["POSTERS", "Drawn", "FitError", "Layout", "LayoutError", "Poster", "PosterData", "layout_file",
           "load_layout", "render"]
