"""The qrcode library's encoder with its two hot loops done on strings and integers: the same codes, faster.

qrcode tries all 8 masks for every code, each time placing the data bit by bit and scoring the matrix in
pure Python: about 20 ms a code, and a national build draws hundreds of codes. Here the data cells of a
version are found once, a mask is an integer XOR over them, and the penalty rules count runs and
patterns with regular expressions. The matrices are those of qrcode, module for module (the scoring
keeps qrcode's own reading of the standard), which tests/test_fast_paths.py checks against the library.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import qrcode
from qrcode import util

_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")  # 1:1:3:1:1 next to 4 light modules
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


_CELLS: dict[int, tuple[tuple[int, int], ...]] = {}


def _data_cells(modules: list[list[bool | None]]) -> tuple[tuple[int, int], ...]:
    """Where data bits go, in qrcode's zigzag order: the cells no function pattern took (None)."""
    count = len(modules)
    cells, row, step = [], count - 1, -1
    for right in range(count - 1, 0, -2):
        col = right - 1 if right <= 6 else right  # the vertical timing pattern shifts the columns left of it
        while True:
            cells += [(row, c) for c in (col, col - 1) if modules[row][c] is None]
            row += step
            if row < 0 or row >= count:
                row, step = row - step, -step
                break
    return tuple(cells)


@cache
def _mask_bits(cells: tuple[tuple[int, int], ...], pattern: int) -> int:
    """The mask over the data cells as one integer, first cell in the highest bit."""
    mask = util.mask_func(pattern)
    return int("".join("1" if mask(r, c) else "0" for r, c in cells), 2)


def _runs(lines: list[str]) -> int:
    runs = _RUN.findall("2".join(lines))  # "2" ends a run at the end of a line
    return sum(map(len, runs)) - 2 * len(runs)


def _blocks(lines: list[str]) -> int:
    """2×2 blocks of one colour, on rows read as integers."""
    full = (1 << (len(lines[0]) - 1)) - 1  # a block's left column: every column but the last
    values = [int(line, 2) for line in lines]
    found = 0
    for top, bottom in itertools.pairwise(values):
        vertical = ~(top ^ bottom)  # a column the same in both rows
        found += (vertical & (vertical >> 1) & ~(top ^ (top >> 1)) & full).bit_count()
    return found


def _score(rows: list[str]) -> int:
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    count = len(rows)
    points = _runs(rows) + _runs(columns) + 3 * _blocks(rows)
    points += 40 * len(_FINDER_LIKE.findall("2".join(rows + columns)))
    dark = sum(row.count("1") for row in rows)
    return points + int(abs(float(dark) / (count**2) * 100 - 50) / 5) * 10


def lost_point(modules: list[list[bool]]) -> int:
    """qrcode.util.lost_point: runs of 5 and more, 2×2 blocks, finder-like patterns, dark balance."""
    return _score([bytes(row).translate(_DIGITS).decode("ascii") for row in modules])


@dataclass(frozen=True)
class _Layout:
    """A version's matrix while masks are tried (format bits blank): function patterns as text around the
    data cells, and where each data cell's bit stands in the zigzag order."""

    pieces: tuple[str, ...]  # the matrix read row by row, cut at every data cell
    take: Callable[[str], tuple[str, ...]]  # zigzag-ordered bits -> the bits in row order

    def rows(self, placed: str) -> list[str]:
        bits = self.take(placed)
        flat = "".join(itertools.chain.from_iterable(zip(self.pieces, bits, strict=False))) + self.pieces[-1]
        size = math.isqrt(len(flat))
        return [flat[i : i + size] for i in range(0, len(flat), size)]


_LAYOUTS: dict[int, _Layout] = {}


def _layout(cells: tuple[tuple[int, int], ...], modules: list[list[bool]]) -> _Layout:
    flat = [bytes(row).translate(_DIGITS).decode("ascii") for row in modules]
    matrix = [list(row) for row in flat]
    for row, col in cells:
        matrix[row][col] = "?"
    order = {cell: i for i, cell in enumerate(cells)}
    return _Layout(
        tuple("".join("".join(row) for row in matrix).split("?")),
        operator.itemgetter(*[order[cell] for cell in sorted(cells)]),
    )


def _bits(data: list[int], length: int) -> str:
    return "".join(format(byte, "08b") for byte in data)[:length].ljust(length, "0")


class FastQRCode(qrcode.QRCode):
    def map_data(self, data: list[int], mask_pattern: int) -> None:
        cells = _CELLS.get(self.version) or _CELLS.setdefault(self.version, _data_cells(self.modules))
        length = len(cells)
        placed = format(int(_bits(data, length), 2) ^ _mask_bits(cells, mask_pattern), f"0{length}b")
        modules = self.modules
        for (row, col), bit in zip(cells, placed, strict=True):
            modules[row][col] = bit == "1"

    def best_mask_pattern(self) -> int:
        """qrcode's choice (the first mask of the lowest penalty), with the matrices made as text."""
        self.makeImpl(True, 0)  # the version's function patterns, and the data as bytes
        cells = _CELLS[self.version]
        layout = _LAYOUTS.get(self.version) or _LAYOUTS.setdefault(self.version, _layout(cells, self.modules))
        length = len(cells)
        bits = int(_bits(self.data_cache, length), 2)
        scores = [_score(layout.rows(format(bits ^ _mask_bits(cells, pattern), f"0{length}b"))) for pattern in range(8)]
        return scores.index(min(scores))
