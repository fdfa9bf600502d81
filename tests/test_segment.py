"""The build's words (render/segment.py) remembered between builds: a later build takes them from the cache
instead of cutting the text again, never a list that does not spell its text, and one file stays per dictionary.
Each build's side runs in a process of its own, as a worker does: what a process remembers is its own state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

TEXTS = ["2022湖南网上年货节", "买湖南好物 过幸福大年", "拼多多、饿了么平台专区"]

CUT = """
import json, sys
from pathlib import Path
from generator.render import segment
segment.remember_words(Path(sys.argv[1]))
words = [segment.segmented(text) for text in json.loads(sys.argv[2])]
segment.keep_words()
print(json.dumps({"words": words, "segmenter_built": segment.segmenter.cache_info().currsize > 0}))
"""


def _cut(folder: Path, texts: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CUT, str(folder), json.dumps(texts, ensure_ascii=False)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.unit
def test_a_later_build_takes_the_words_without_building_the_segmenter(tmp_path: Path) -> None:
    first = _cut(tmp_path, TEXTS)
    assert first["segmenter_built"]
    assert "网上年货节" in first["words"][0]
    (batch,) = tmp_path.rglob("*.json")
    again = _cut(tmp_path, TEXTS)
    assert again == {"words": first["words"], "segmenter_built": False}
    assert list(tmp_path.rglob("*.json")) == [batch]  # nothing new to keep


@pytest.mark.unit
@pytest.mark.parametrize("damage", ["null", "[1, 2]", '{"x": ["", "x"]}', '{"x": "x"}', "{"])
def test_a_damaged_batch_is_not_taken_and_the_build_goes_on(tmp_path: Path, damage: str) -> None:
    from generator.render.segment import dictionary_key, gather_words

    first = _cut(tmp_path, TEXTS[:1])
    (tmp_path / dictionary_key() / "0123456789abcdef.json").write_text(damage, encoding="utf-8")
    assert _cut(tmp_path, [*TEXTS[:1], "x"])["words"] == [*first["words"], ["x"]]
    gather_words(tmp_path)
    (whole,) = (tmp_path / dictionary_key()).glob("*.json")
    assert json.loads(whole.read_text(encoding="utf-8")) == {TEXTS[0]: first["words"][0], "x": ["x"]}


@pytest.mark.unit
def test_words_that_do_not_spell_their_text_are_cut_again(tmp_path: Path) -> None:
    first = _cut(tmp_path, TEXTS[:1])
    (batch,) = tmp_path.rglob("*.json")
    batch.write_text(json.dumps({TEXTS[0]: ["2022", "湖北", "网上年货节"]}, ensure_ascii=False), encoding="utf-8")
    again = _cut(tmp_path, TEXTS[:1])
    assert again == {"words": first["words"], "segmenter_built": True}


@pytest.mark.unit
def test_batches_are_gathered_into_one_file_and_other_dictionaries_dropped(tmp_path: Path) -> None:
    from generator.render.segment import dictionary_key, gather_words

    for text in TEXTS:
        _cut(tmp_path, [text])
    stale = tmp_path / "0000000000000000"  # another jieba's or campaign words' batches
    stale.mkdir()
    (stale / "0123456789abcdef.json").write_text("{}", encoding="utf-8")
    foreign = tmp_path / "fedcba9876543210"  # a folder with a name this module gives, holding something else
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not ours", encoding="utf-8")
    assert len(list((tmp_path / dictionary_key()).glob("*.json"))) == 3
    gather_words(tmp_path)
    (whole,) = (tmp_path / dictionary_key()).glob("*.json")
    assert set(json.loads(whole.read_text(encoding="utf-8"))) == set(TEXTS)
    assert not stale.exists()
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "not ours"  # never deleted: not made here
    assert _cut(tmp_path, TEXTS)["segmenter_built"] is False


NEW_TEXTS = ["快手、抖音直播带货助力乡村振兴", "消费者权益保护法规定的七日无理由退货"]


@pytest.mark.unit
def test_the_common_words_dictionary_is_kept_and_cuts_as_built(tmp_path: Path) -> None:
    from generator.render.segment import DICTIONARY, dictionary_key

    _cut(tmp_path / "kept", TEXTS)
    stored = tmp_path / "kept" / dictionary_key() / DICTIONARY
    made = stored.stat().st_ino
    kept = _cut(tmp_path / "kept", NEW_TEXTS)  # texts never cut: the segmenter from the kept dictionary
    assert kept["segmenter_built"] and stored.stat().st_ino == made  # read, not built and written again
    assert kept["words"] == _cut(tmp_path / "built", NEW_TEXTS)["words"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "damage",
    [
        "{",
        "[]",
        '{"total": 1, "words": {"年": -1, "货": 2}}',
        '{"total": 2, "words": {"年": true, "货": 1}}',
        '{"total": 9, "words": {"年": 1}}',
        '{"words": {"年": 1.5}, "total": 1.5}',
    ],
)
def test_a_damaged_dictionary_is_built_again(tmp_path: Path, damage: str) -> None:
    from generator.render.segment import DICTIONARY, _read_dictionary, dictionary_key

    stored = tmp_path / dictionary_key() / DICTIONARY
    stored.parent.mkdir(parents=True)
    stored.write_text(damage, encoding="utf-8")
    assert _cut(tmp_path, NEW_TEXTS)["words"] == _cut(tmp_path / "built", NEW_TEXTS)["words"]
    assert _read_dictionary(stored) is not None  # written whole again
