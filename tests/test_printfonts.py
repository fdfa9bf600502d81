"""The faces the print browser prints with (generator/documents/printfonts.py): the system's CJK faces with
no radical in their character maps, made once, kept by the source's hash and checked before they are used."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTCollection

from generator.documents.printfonts import derive, print_fonts, source_faces


def test_a_derived_face_maps_no_radical_and_every_ideograph_as_before(tmp_path: Path) -> None:
    source = next(path for path in source_faces() if "Serif" in path.name and "Bold" not in path.name)
    target = tmp_path / source.name
    derive(source, target)
    before, after = TTCollection(source, lazy=True).fonts, TTCollection(target, lazy=True).fonts
    assert len(before) == len(after) == 5
    for old, new in zip(before, after, strict=True):
        was, now = old.getBestCmap(), new.getBestCmap()
        assert any(0x2F00 <= code <= 0x2FDF for code in was)  # the face did map them: the test can fail
        assert not [code for code in now if 0x2E80 <= code <= 0x2FDF]
        assert all(now[code] == was[code] for code in (0x4E00, 0x65E5, 0x7F51, 0x95E8, 0x0032))  # 一 日 网 门 2
        if new["name"].getDebugName(1).endswith(" SC"):  # the face the pages print with
            assert now[0x2014] != was[0x2014] and 0x2015 not in now  # the em dash named by its Chinese form
        else:
            assert now[0x2014] == was[0x2014]


def test_derived_faces_are_reused_while_sound_and_made_again_when_not(tmp_path: Path) -> None:
    fonts = print_fonts(tmp_path)
    assert fonts is not None and fonts.environment()["FONTCONFIG_FILE"] == str(fonts.config)
    faces = sorted((fonts.folder / "faces").glob("*.tt[cf]"))
    assert len(faces) == len(source_faces()) >= 2
    made = {face: face.stat().st_mtime_ns for face in faces}
    print_fonts(tmp_path)
    assert {face: face.stat().st_mtime_ns for face in faces} == made  # reused, not made again
    sound = faces[0].read_bytes()
    faces[0].write_bytes(sound[:-1000])  # a face cut short
    print_fonts(tmp_path)
    assert faces[0].read_bytes() == sound
    config = fonts.config.read_text(encoding="utf-8")
    assert all(f"<glob>{source}</glob>" in config for source in source_faces())
