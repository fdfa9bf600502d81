"""Official short titles of the laws and regulations campaign documents cite (maintained list).

Titles are written without 《》. Add new ones here; `check` suggests the closest title for a typo.
"""

from __future__ import annotations

import difflib

OFFICIAL_TITLES = (
    "电子商务法", "反垄断法", "反不正当竞争法", "价格法", "消费者权益保护法", "个人信息保护法", "网络安全法",
    "数据安全法", "广告法", "产品质量法", "食品安全法", "商标法", "专利法", "著作权法", "民法典", "邮政法",
    "网络交易监督管理办法", "网络直播营销管理办法（试行）", "固体废物污染环境防治法", "农产品质量安全法",
    "药品管理法", "计量法", "标准化法", "快递暂行条例", "消费者权益保护法实施条例", "价格违法行为行政处罚规定",
    "明码标价和禁止价格欺诈规定", "侵害消费者权益行为处罚办法", "网络购买商品七日无理由退货暂行办法",
    "互联网广告管理办法", "规范促销行为暂行规定", "优化营商环境条例",
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
