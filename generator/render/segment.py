"""One segmenter for every place the build cuts Chinese into words: where a line of a page or a poster may
break (linebreak.py), where the title of a printed notice breaks (documents/titles.py), and the words of the
search index (MkDocs' search plugin, through engines/mkdocs_speed.py).

jieba's dictionary without its rarest words, plus the campaigns' own words, in a tokenizer of its own: built
once per process (0.2 s, against 0.5 s for each of jieba's full dictionaries the three places loaded before),
or read from the words cache where the first process that built it kept it (0.03 s); never read from or
written to jieba's cache file in the temporary folder, and the same for every microsite a worker makes,
whichever it made first.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import json
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..check.urls import official_platforms
from ..safe_write import write_whole

# words jieba's dictionary splits ("年货/节", "网/购", "大数据/杀熟") that these campaigns' texts are made of
CAMPAIGN_WORDS = (
    "网上年货节",
    "年货节",
    "双品网购节",
    "网购节",
    "网购",
    "网销",
    "一县一品",
    "数商兴农",
    "兴农专场",
    "冰雪专区",
    "平台专区",
    "年货一条街",
    "启动仪式",
    "长辈版",
    "大字版",
    "分会场",
    "主会场",
    "打印版",
    "统计表",
    "承诺书",
    "二维码",
    "统一标识",
    "指导单位",
    "直播电商",
    "社交电商",
    "大数据杀熟",
    "二选一",
    "腊月初八",
    "正月初七",
    "消费者权益",
    "电子商务法",
    "反垄断法",
    "反不正当竞争法",
    "消费者权益保护法",
    "个人信息保护法",
    "价格法",
    "市州",
    "中央网信办",
    "网信办",
    "工业和信息化部",
    "市场监管总局",
    "国家邮政局",
    "兴盛优选",
    "快乐购",
    "苏宁易购",
    "友阿",
)
# jieba's dictionary without its rarest words: a fifth of the time to load and of the memory; a rare word
# missing only adds a place where a line may break (its model still joins unknown names: 美团, 湖湘)
MIN_FREQUENCY = 20


DICTIONARY = "dictionary.freq"  # the common words' prefix dictionary (JSON), beside the batches


@cache
def jieba_module() -> Any:
    """jieba, imported without pkg_resources: jieba 0.42 imports it (0.13 s, and deprecated) only to open its
    own data files, and opens them by their path where it is missing, as it is for this one import (the same
    files, the same bytes). Only in a process that has not imported pkg_resources, and only for the moment of
    the import: a thread importing pkg_resources just then would find it missing (workers run no threads)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return importlib.import_module("jieba")
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` fails at once
    try:
        return importlib.import_module("jieba")
    finally:
        del sys.modules["pkg_resources"]


@cache
def segmenter() -> Any:
    tokenizer = jieba_module().Tokenizer()
    tokenizer.FREQ, tokenizer.total = _common_words(tokenizer)
    tokenizer.initialized = True
    for word in (*CAMPAIGN_WORDS, *_platform_names()):
        tokenizer.add_word(word, freq=10**6)
    return tokenizer


def _common_words(tokenizer: Any) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary of its words of at least MIN_FREQUENCY (and their total): from the words cache
    when a process of an earlier build kept it there (read in 0.03 s, built in 0.2 s), never when damaged."""
    stored = _MEMORY.folder / DICTIONARY if _MEMORY.folder is not None else None
    if stored is not None and (found := _read_dictionary(stored)) is not None:
        return found
    with tokenizer.get_dict_file() as dictionary:
        common = b"".join(line for line in dictionary if int(line.split()[1]) >= MIN_FREQUENCY)
    words, total = tokenizer.gen_pfdict(io.BytesIO(common))
    if stored is not None:
        with contextlib.suppress(OSError):  # a memory, not a product
            _write_whole(stored, json.dumps({"total": total, "words": words}, ensure_ascii=False, sort_keys=True))
    return words, total


def _read_dictionary(path: Path) -> tuple[dict[str, int], int] | None:
    """The stored dictionary when whole: each word's count a whole number not below 0, their total as saved."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    words = saved.get("words") if isinstance(saved, dict) else None
    if not isinstance(words, dict) or not all(type(count) is int and count >= 0 for count in words.values()):
        return None
    total = sum(words.values())
    return (words, total) if total > 0 and saved.get("total") == total else None


def _platform_names() -> list[str]:
    """The big platforms' names (data/platforms.yaml): 拼多多 and 饿了么 are words, whatever jieba thinks."""
    return [name for platform in official_platforms() for name in platform.names if not name.isascii()]


@lru_cache(maxsize=65536)
def segmented(text: str) -> tuple[str, ...]:
    """jieba's words of `text` (its model joins words it does not know); joined again they are the text.
    Remembered between builds (`remember_words`): a text cut before is not cut again, and a worker that meets
    only such texts never builds the segmenter."""
    if (words := _MEMORY.known.get(text)) is not None:
        return words
    words = tuple(segmenter().cut(text, HMM=True))
    if _MEMORY.folder is not None:
        _MEMORY.new[text] = words
    return words


_KEY_NAME = re.compile(r"[0-9a-f]{16}")
_BATCH_NAME = re.compile(r"[0-9a-f]{16}\.json")
# a file _write_whole stopped half-way
_PARTIAL = re.compile(rf"\.({_BATCH_NAME.pattern}|{re.escape(DICTIONARY)})\.[a-z0-9_]+\.tmp")


@dataclass
class _Memory:
    folder: Path | None = None
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)
    new: dict[str, tuple[str, ...]] = field(default_factory=dict)


_MEMORY = _Memory()


@cache
def dictionary_key() -> str:
    """What the words depend on: jieba's version (its dictionary ships with it), the campaigns' words, the
    frequency cut and this code."""
    made_of = [metadata.version("jieba"), MIN_FREQUENCY, CAMPAIGN_WORDS, _platform_names()]
    digest = hashlib.sha256(json.dumps(made_of, ensure_ascii=False).encode("utf-8"))
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def remember_words(folder: Path | None) -> None:
    """Take the words of texts cut by earlier builds from `folder` (the cache's, one file per batch); a word list
    that does not join up to its text is not taken."""
    if folder is None or _MEMORY.folder == folder / dictionary_key():
        return
    _MEMORY.folder = folder / dictionary_key()
    for batch in sorted(_MEMORY.folder.glob("*.json")):
        _MEMORY.known |= _read_batch(batch)


def _read_batch(batch: Path) -> dict[str, tuple[str, ...]]:
    """A batch's entries that are a text and the non-empty words that spell it; nothing of a damaged file."""
    try:
        saved = json.loads(batch.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict):
        return {}
    return {
        text: tuple(words)
        for text, words in saved.items()
        if isinstance(words, list) and all(isinstance(word, str) and word for word in words) and "".join(words) == text
    }


def keep_words() -> None:
    """Save the texts cut since the last call, as a batch named by its content (written whole, then renamed)."""
    if _MEMORY.folder is None or not _MEMORY.new:
        return
    with contextlib.suppress(OSError):  # a memory, not a product: a build that cannot keep it goes on
        _write_batch(_MEMORY.folder, _MEMORY.new)
    _MEMORY.known |= _MEMORY.new
    _MEMORY.new = {}


def _write_batch(folder: Path, entries: Mapping[str, Sequence[str]]) -> Path:
    text = json.dumps(entries, ensure_ascii=False, sort_keys=True)
    batch = folder / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"
    _write_whole(batch, text)
    return batch


def _write_whole(path: Path, text: str) -> None:
    """Written, then renamed: a build that stops half-way leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, text.encode("utf-8"))


def gather_words(folder: Path) -> None:
    """The batches of the current dictionary as one file, the others gone (the build's process, once its
    workers have stopped: no batch is being written)."""
    current = folder / dictionary_key()
    for old in folder.iterdir():  # an older jieba, campaign words or code: never read again
        if old != current and _made_here(old):
            shutil.rmtree(old, ignore_errors=True)
    batches = sorted(current.glob("*.json"))
    if len(batches) < 2:
        return
    merged: dict[str, tuple[str, ...]] = {}
    for batch in batches:
        merged |= _read_batch(batch)
    whole = _write_batch(current, merged)
    for batch in batches:
        if batch != whole:
            batch.unlink(missing_ok=True)


def _made_here(folder: Path) -> bool:
    """A folder of batches as this module makes them: a dictionary key's name, only batches (and the
    dictionary) inside."""
    return (
        folder.is_dir()
        and not folder.is_symlink()
        and bool(_KEY_NAME.fullmatch(folder.name))
        and all(
            (_BATCH_NAME.fullmatch(entry.name) or entry.name == DICTIONARY or _PARTIAL.fullmatch(entry.name))
            and entry.is_file()
            for entry in folder.iterdir()
        )
    )
