"""URLs: platform zones over https (WeChat blocks plain http), no javascript: or data: links anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..findings import Finding
from ..read import Project
from .base import rule, sources, strings

BAD_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def scheme(url: str) -> str:
    return urlsplit(url.strip()).scheme.lower()


@rule
def urls(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        doc = source.doc
        for i, platform in enumerate(source.model.platforms):
            at = ("platforms", i, "url")
            if platform.url is None:
                yield doc.finding(("platforms", i), f"平台“{platform.name}”还没有专区网址：只列名称，没有二维码和按钮",
                                  "url-missing", fix="专区上线后填写 url（https）", severity="warning")
                continue
            kind = scheme(platform.url)
            if kind == "http":
                yield doc.finding(at, f"平台“{platform.name}”的网址使用 http，微信中可能被拦截",
                                  "url-https", fix="改为 https://", severity="warning")
            elif kind != "https" or "." not in platform.url:
                yield doc.finding(at, f"平台“{platform.name}”的网址“{platform.url}”无效，必须以 https:// 开头",
                                  "url-scheme", fix="填写完整的 https:// 网址")
        for at, text in strings(doc.data):
            if BAD_URL.match(text):
                yield doc.finding(at, "不允许使用 javascript: 或 data: 链接", "url-unsafe", fix="删除该链接")
