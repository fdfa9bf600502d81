"""The fast paths of asset drawing give the bytes the libraries' own slow paths give."""

from __future__ import annotations

import random

import pytest
import qrcode
import qrcode.image.svg
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode import util

from generator.assets.qrcodes import QUIET_ZONE, make_code, qr_svg
from generator.assets.qrfast import FastQRCode, lost_point

LEVELS = [qrcode.constants.ERROR_CORRECT_L, qrcode.constants.ERROR_CORRECT_M, qrcode.constants.ERROR_CORRECT_H]
TARGETS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400)


def _library(target: str, level: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=level, border=QUIET_ZONE)
    code.add_data(target)
    code.make(fit=True)
    return code


@settings(max_examples=60, deadline=None)
@given(target=TARGETS, level=st.sampled_from(LEVELS))
def test_fast_encoder_chooses_the_libraries_mask_and_modules(target: str, level: int) -> None:
    fast = FastQRCode(error_correction=level, border=QUIET_ZONE)
    fast.add_data(target)
    fast.make(fit=True)
    library = _library(target, level)
    assert (fast.version, fast.mask_pattern) == (library.version, library.mask_pattern)
    assert fast.get_matrix() == library.get_matrix()


@pytest.mark.parametrize("size", [21, 25, 57, 101, 177])
def test_penalty_score_is_the_libraries(size: int) -> None:
    rnd = random.Random(size)
    for density in (0.1, 0.5, 0.9):
        modules = [[rnd.random() < density for _ in range(size)] for _ in range(size)]
        assert lost_point(modules) == util.lost_point(modules)


@pytest.mark.parametrize("target", ["https://campaigns.example.com/2022-nianhuojie/hunan/?utm_source=qr",
                                    "x", "https://例子.cn/" + "a" * 300])
def test_svg_is_the_libraries_svg_without_its_mm_size(target: str) -> None:
    image = make_code(target).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    expected = image.to_string(encoding="unicode")
    for attribute in ("width", "height"):
        expected = expected.replace(f' {attribute}="{image.units(image.pixel_size)}"', "", 1)
    assert qr_svg(target) == expected + "\n"
