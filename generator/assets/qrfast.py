"""The qrcode library's encoder with its two hot loops done on strings and integers: the same codes, faster.

qrcode tries all 8 masks for every code, each time placing the data bit by bit and scoring the matrix in
pure Python: about 20 ms a code, and a national build draws hundreds of codes. Here the data cells of a
version are found once, a mask is an integer XOR over them, and the penalty rules count runs and
patterns with regular expressions. The matrices are those of qrcode, module for module (the scoring
keeps qrcode's own reading of the standard), which tests/test_fast_paths.py checks against the library.
"""

from __future__ import annotations

import itertools
import re
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
    return sum(len(run.group()) - 2 for line in lines for run in _RUN.finditer(line))


def _blocks(lines: list[str]) -> int:
    """2×2 blocks of one colour, on rows read as integers."""
    full = (1 << (len(lines[0]) - 1)) - 1  # a block's left column: every column but the last
    values = [int(line, 2) for line in lines]
    found = 0
    for top, bottom in itertools.pairwise(values):
        vertical = ~(top ^ bottom)  # a column the same in both rows
        found += (vertical & (vertical >> 1) & ~(top ^ (top >> 1)) & full).bit_count()
    return found


def lost_point(modules: list[list[bool]]) -> int:
    """qrcode.util.lost_point: runs of 5 and more, 2×2 blocks, finder-like patterns, dark balance."""
    rows = [bytes(row).translate(_DIGITS).decode("ascii") for row in modules]
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    count = len(rows)
    points = _runs(rows) + _runs(columns) + 3 * _blocks(rows)
    points += 40 * sum(len(_FINDER_LIKE.findall(line)) for line in rows + columns)
    dark = sum(row.count("1") for row in rows)
    return points + int(abs(float(dark) / (count**2) * 100 - 50) / 5) * 10


class FastQRCode(qrcode.QRCode):
    def map_data(self, data: list[int], mask_pattern: int) -> None:
        cells = _CELLS.get(self.version) or _CELLS.setdefault(self.version, _data_cells(self.modules))
        length = len(cells)
        bits = "".join(format(byte, "08b") for byte in data)[:length].ljust(length, "0")
        placed = format(int(bits, 2) ^ _mask_bits(cells, mask_pattern), f"0{length}b")
        modules = self.modules
        for (row, col), bit in zip(cells, placed, strict=True):
            modules[row][col] = bit == "1"

    def best_mask_pattern(self) -> int:
        scores = []
        for pattern in range(8):
            self.makeImpl(True, pattern)
            scores.append(lost_point(self.modules))
        return scores.index(min(scores))  # the first of the lowest, as qrcode chooses
