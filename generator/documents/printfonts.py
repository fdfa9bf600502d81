"""The faces the print browser prints with: the system's CJK faces with the radical code points taken out of
their character maps.

Noto CJK maps the Kangxi Radicals (⼀ U+2F00 ...) and the CJK Radicals Supplement (⻔ U+2F54 ...) to the very
glyphs of the ideographs 一 门 ..., and Chromium's PDF writer names each glyph in the text layer by one code
point that maps to it, the lowest: pdfminer, screen readers, search and the checkers that read government
PDFs then find ⼀ where the page says 一. A copy of each face whose cmap no longer holds those blocks, and
maps a character its Chinese forms replace (the em dash) straight to the replacing glyph, leaves one code
point per glyph, and the PDF's text says what the page says; every outline stays as it was.

A copy is made with fontTools (about a second a face: only the cmap is written again, the outlines are copied
byte for byte), kept under the cache folder by the hash of the face's bytes, of this code and of fontTools'
version, and checked against the hash of its own bytes before it is used again. The browser finds the copies
through a fontconfig file of its own that sets the system's faces they replace aside.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools.ttLib import TTCollection, TTFont

from ..assets.cache import code_digest, versions
from ..assets.fonts import fontconfig_match
from ..check.characters import RADICAL_BLOCKS

# the faces the print pages' font stacks end on (documents/templates), in the weights they use
PRINT_PATTERNS = ("Noto Serif CJK SC", "Noto Serif CJK SC:bold", "Noto Sans CJK SC", "Noto Sans CJK SC:bold")
CONFIG = "fonts.conf"


@dataclass(frozen=True)
class PrintFonts:
    """The derived faces in `folder`, and the fontconfig file that shows them to the browser in place of
    the system's faces they were made from."""

    folder: Path
    config: Path

    def environment(self) -> dict[str, str | float | bool]:
        """The browser's environment: the build's own, with this fontconfig file."""
        return {**os.environ, "FONTCONFIG_FILE": str(self.config)}


@cache
def source_faces() -> tuple[Path, ...]:
    """The system's font files the print pages are printed with (each once)."""
    found = (fontconfig_match(pattern) for pattern in PRINT_PATTERNS)
    return tuple(dict.fromkeys(Path(font.path) for font in found if font is not None))


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


@cache
def fonts_key() -> str:
    """What the derived faces are made from: each source face's bytes, this code and fontTools' version.
    Part of every PDF's cache key; computed without deriving anything."""
    made_by = {"code": code_digest("generator.documents.printfonts"), **versions("fonttools")}
    faces = {str(path): _digest(path) for path in source_faces()}
    return hashlib.sha256(json.dumps([made_by, faces], sort_keys=True).encode()).hexdigest()


def _chinese_forms(face: TTFont) -> dict[str, str]:
    """The glyphs the face's Chinese forms (GSUB `locl` for ZHS, which the browser applies to zh-CN text) put
    in place of others: Noto's em dash — becomes the glyph the cmap names ― (U+2015)."""
    if "GSUB" not in face:
        return {}
    table = face["GSUB"].table
    lookups = {
        index
        for script in table.ScriptList.ScriptRecord
        for language in script.Script.LangSysRecord
        if language.LangSysTag.strip() == "ZHS"
        for feature in language.LangSys.FeatureIndex
        if table.FeatureList.FeatureRecord[feature].FeatureTag == "locl"
        for index in table.FeatureList.FeatureRecord[feature].Feature.LookupListIndex
    }
    forms: dict[str, str] = {}
    for index in sorted(lookups):
        for subtable in table.LookupList.Lookup[index].SubTable:
            forms |= getattr(getattr(subtable, "ExtSubTable", subtable), "mapping", None) or {}
    return forms


def _one_name_per_glyph(face: TTFont, forms: dict[str, str]) -> None:
    """No radical maps to a glyph, and a character the Chinese forms replace maps straight to its form, which
    no other character then names: the PDF's text says the page's characters."""
    for table in face["cmap"].tables:
        mapping = getattr(table, "cmap", None) or {}
        for code in [c for c in mapping if any(first <= c <= last for first, last in RADICAL_BLOCKS)]:
            del mapping[code]
        replaced = {code: forms[glyph] for code, glyph in mapping.items() if glyph in forms}
        for code, form in replaced.items():
            for other in [c for c, glyph in mapping.items() if glyph == form and c not in replaced]:
                del mapping[other]
            mapping[code] = form


def derive(source: Path, target: Path) -> None:
    """A copy of `source` (a face or a collection of faces) whose cmaps do not map the radical blocks."""
    fonts: TTCollection | TTFont
    # recalcTimestamp off: fontTools would write the time of saving into `head`, and no two copies would be alike
    if source.suffix.lower() in (".ttc", ".otc"):
        fonts = TTCollection(source, lazy=True, recalcTimestamp=False)
        faces = fonts.fonts
    else:
        fonts = TTFont(source, lazy=True, recalcTimestamp=False)
        faces = [fonts]
    for index, face in enumerate(faces):
        # the glyph order read from a face of its own: reading it from this one would load the outlines,
        # which fontTools would then compile again (minutes for a CJK face) instead of copying them
        reader = TTFont(source, lazy=True, fontNumber=index)
        face.setGlyphOrder(reader.getGlyphOrder())
        # the Chinese forms are taken into the simplified Chinese faces only: the others (JP, KR, TC, HK) keep
        # their own glyphs, which those forms would replace
        family = reader["name"].getDebugName(1) or ""
        _one_name_per_glyph(face, _chinese_forms(reader) if family.endswith(" SC") else {})
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fonts.save(partial)
    os.replace(partial, target)  # atomic: a build that stops half-way leaves no half face


def _derived(source: Path, folder: Path) -> Path:
    """The copy of `source` in `folder`, made again unless its bytes are those recorded when it was made."""
    target = folder / f"{hashlib.sha256(str(source).encode()).hexdigest()[:8]}-{source.name}"
    record = target.with_name(f"{target.name}.sha256")
    if target.is_file() and record.is_file() and record.read_text().strip() == _digest(target):
        return target
    derive(source, target)
    record.write_text(_digest(target) + "\n")
    return target


def _config(folder: Path, faces: Path, sources: tuple[Path, ...]) -> str:
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    rejected = "".join(f"<glob>{escape(str(source))}</glob>" for source in sources)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"  <cachedir>{escape(str(folder / 'fontconfig'))}</cachedir>\n"  # the first: where new caches go
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        f"  <dir>{escape(str(faces))}</dir>\n"
        f"  <selectfont><rejectfont>{rejected}</rejectfont></selectfont>\n"
        "</fontconfig>\n"
    )


def print_fonts(folder: Path) -> PrintFonts | None:
    """The derived faces under `folder` (made or checked now), or None when fontconfig finds no print face."""
    sources = source_faces()
    if not sources:
        return None
    home = folder / fonts_key()[:16]
    faces = home / "faces"
    faces.mkdir(parents=True, exist_ok=True)
    for source in sources:
        _derived(source, faces)
    config = home / CONFIG
    config.write_text(_config(home, faces, sources), encoding="utf-8")
    return PrintFonts(home, config)
