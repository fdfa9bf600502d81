"""One segmenter for every place the build cuts Chinese into words: where a line of a page or a poster may
break (linebreak.py), where the title of a printed notice breaks (documents/titles.py), and the words of the
search index (MkDocs' search plugin, through engines/mkdocs_speed.py).

jieba's dictionary without its rarest words, plus the campaigns' own words, in a tokenizer of its own: built
once per process from the dictionary in memory (0.1 s, against 0.5 s for each of jieba's full dictionaries
the three places loaded before), never read from or written to jieba's cache file in the temporary folder,
and the same for every microsite a worker makes, whichever it made first.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from typing import Any

from ..check.urls import official_platforms

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


@cache
def segmenter() -> Any:
    import jieba

    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as dictionary:
        common = b"".join(line for line in dictionary if int(line.split()[1]) >= MIN_FREQUENCY)
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(io.BytesIO(common))
    tokenizer.initialized = True
    for word in (*CAMPAIGN_WORDS, *_platform_names()):
        tokenizer.add_word(word, freq=10**6)
    return tokenizer


def _platform_names() -> list[str]:
    """The big platforms' names (data/platforms.yaml): 拼多多 and 饿了么 are words, whatever jieba thinks."""
    return [name for platform in official_platforms() for name in platform.names if not name.isascii()]


@lru_cache(maxsize=65536)
def segmented(text: str) -> tuple[str, ...]:
    """jieba's words of `text` (its model joins words it does not know); joined again they are the text."""
    return tuple(segmenter().cut(text, HMM=True))
