"""Law names: official short titles of the laws and regulations campaign documents cite (a maintained list),
checked in 《》 titles of any text and in `rules.laws`.

Titles are written without 《》. Add new ones here; `check` suggests the closest title for a typo.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from .base import Text, rule, sources, texts

OFFICIAL_TITLES = (
    "电子商务法",
    "反垄断法",
    "反不正当竞争法",
    "价格法",
    "消费者权益保护法",
    "个人信息保护法",
    "网络安全法",
    "数据安全法",
    "广告法",
    "产品质量法",
    "食品安全法",
    "商标法",
    "专利法",
    "著作权法",
    "民法典",
    "邮政法",
    "网络交易监督管理办法",
    "网络直播营销管理办法（试行）",
    "固体废物污染环境防治法",
    "农产品质量安全法",
    "药品管理法",
    "计量法",
    "标准化法",
    "快递暂行条例",
    "消费者权益保护法实施条例",
    "价格违法行为行政处罚规定",
    "明码标价和禁止价格欺诈规定",
    "侵害消费者权益行为处罚办法",
    "网络购买商品七日无理由退货暂行办法",
    "互联网广告管理办法",
    "规范促销行为暂行规定",
    "优化营商环境条例",
)

_LEGAL_SUFFIXES = ("法", "办法", "条例", "规定", "（试行）")


def looks_like_law(title: str) -> bool:
    return title.endswith(_LEGAL_SUFFIXES)


def closest_title(title: str) -> str | None:
    """The official title an unofficial one most likely means, or None when it is not close to any."""
    if title in OFFICIAL_TITLES:
        return title
    matches = difflib.get_close_matches(title, OFFICIAL_TITLES, n=1, cutoff=0.6)
    return matches[0] if matches else None


BOOK_TITLE = re.compile(r"《([^《》]{2,40})》")


def _law_finding(title: str, text: Text, offset: int) -> Finding | None:
    guess = closest_title(title)
    if title in OFFICIAL_TITLES or guess is None:
        return None
    return text.finding(
        offset, f"法律法规名称《{title}》有误，正式简称为《{guess}》", "law-name", fix=f"改为《{guess}》"
    )


@rule
def law_names(project: Project) -> Iterator[Finding]:
    for text in texts(project):
        if text.at[:2] == ("rules", "laws"):
            continue  # checked below with its own rules
        for match in BOOK_TITLE.finditer(text.text):
            if looks_like_law(match.group(1)) and (found := _law_finding(match.group(1), text, match.start())):
                yield found


@rule
def law_list(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        doc = source.doc
        for i, title in enumerate(source.model.rules.laws if source.model.rules else []):
            bare = title.strip("《》")
            at = ("rules", "laws", i)
            found = _law_finding(bare, Text(source, doc.path, 0, 0, bare, doc, at), 0)
            if found:
                yield found
            elif bare not in OFFICIAL_TITLES:
                yield doc.finding(
                    at,
                    f"《{bare}》不在法律法规简称表中",
                    "law-unknown",
                    fix="核对正式简称；确属新法规请加入 generator/check/laws.py",
                    severity="warning",
                )
            if title != bare:
                yield doc.finding(
                    at, "法律名称不用加书名号，页面会自动加上", "law-brackets", fix=f"改为 {bare}", severity="warning"
                )
