"""URLs: every web address an editor writes (platform zones, the complaint channel, the site's own address,
the 党政机关网站标识 link) is one a reader can trust at a glance, and what the QR code opens is the host its
label names:
  - https, and a plain host: no user name before an @ (`https://www.jd.com@evil.cn/` opens evil.cn), no
    non-ASCII or punycode (xn--) host that imitates another, no space, tab, line break, backslash or
    invisible character anywhere, no scheme-relative `//host`;
  - http is refused for platform zones and the complaint channel (WeChat blocks it), a warning elsewhere;
  - a platform named like a big platform (data/platforms.yaml) leads to that platform's own domains;
  - no javascript:, data: or vbscript: text in any field, however it is spelled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

from ..findings import Finding
from ..read import Project
from ..read.fields import URI
from ..read.sourcemap import DataPath, SourceDoc
from .base import rule, sources, strings

_HIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\\\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")
_UNSAFE = re.compile(r"^(?:javascript|data|vbscript):", re.I)
_IP_ADDRESS = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-f:]*:[0-9a-f:.]*\]?)$", re.I)
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")
# links where plain http is an error: what a QR code or button opens, and the filing mark's check page
STRICT = ("platforms", "url"), ("rules", "complaint", "url"), ("footer", "party_mark", "url"), ("publish", "url")


@dataclass(frozen=True)
class Official:
    names: tuple[str, ...]
    domains: tuple[str, ...]
    excepted: tuple[str, ...] = ()

    def owns(self, platform: str) -> bool:
        name = plain_name(platform)
        return any(n in name for n in self.names) and not any(e in name for e in self.excepted)

    def serves(self, host: str) -> bool:
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


@cache
def official_platforms() -> tuple[Official, ...]:
    text = files("generator").joinpath("data/platforms.yaml").read_text(encoding="utf-8")
    rows = yaml.load(text, Loader=yaml.CSafeLoader)  # our own file: libyaml (16 → 1 ms, a worker's warm-up too)
    return tuple(Official(tuple(map(str, r["names"])), tuple(r["domains"]), tuple(r.get("except", ()))) for r in rows)


# the traditional forms of the characters of the registry's names: 京東 is 京东
_SIMPLIFIED = str.maketrans(
    "東寶貓團餓麼蘇購會紅攜豬當國網嚴選騰訊買菜優", "东宝猫团饿么苏购会红携猪当国网严选腾讯买菜优"
)
_NOT_NAME = re.compile(r"[\s\W_]+")


def plain_name(name: str) -> str:
    """A platform's name as the registry is matched against it: compatibility forms folded (ＪＤ, ㈱),
    traditional characters simplified, spaces and punctuation dropped (京 东, 京·东)."""
    return _NOT_NAME.sub("", unicodedata.normalize("NFKC", name).translate(_SIMPLIFIED)).lower()


def shown(text: str) -> str:
    """A URL as a message shows it: invisible characters by their code point."""
    return _HIDDEN.sub(lambda m: f"<U+{ord(m.group(0)):04X}>" if m.group(0) != " " else "<空格>", text[:80])


def url_problem(url: str, *, strict: bool) -> tuple[str, str, str] | None:
    """(rule, message, severity) of what is wrong with a web address, or None."""
    if _HIDDEN.search(url):
        return "url-hidden", f"网址“{shown(url)}”中有空格、换行、反斜杠或不可见字符", "error"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return "url-scheme", f"网址“{shown(url)}”无效，必须以 https:// 开头", "error"
    if "@" in parts.netloc:
        opened = parts.netloc.rsplit("@", 1)[1]
        return "url-host", f"网址“{shown(url)}”的“@”之前是用户名，浏览器实际打开的是 {opened}", "error"
    host = (parts.hostname or "").rstrip(".")
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        return "url-host", f"网址“{shown(url)}”的域名含有中文或 xn-- 编码，可能冒充其他网站", "error"
    if _IP_ADDRESS.match(host):
        return "url-host", f"网址“{shown(url)}”是 IP 地址，不是网站域名：读者无从判断它是谁的网站", "error"
    if not _HOST.match(host) or host.split(".")[-1].isdigit():
        return "url-host", f"网址“{shown(url)}”的域名“{host}”无效", "error"
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and strict:
        return "url-host", f"网址“{shown(url)}”带端口号，平台专区和投诉网址应是网站的常规地址", "error"
    if parts.scheme == "http":
        return "url-https", f"网址“{shown(url)}”使用 http，微信中可能被拦截", "error" if strict else "warning"
    return None


def uri_fields(model: BaseModel, at: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    """Every web address an editor writes in a model, with its data path (fields marked as URIs)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if info.json_schema_extra == URI and isinstance(value, str):
            yield (*at, name), value
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, BaseModel):
                yield from uri_fields(item, (*at, name, i) if isinstance(value, list) else (*at, name))


def _strict(at: DataPath) -> bool:
    plain = tuple(part for part in at if not isinstance(part, int))
    return plain in STRICT


def _doc_urls(doc: SourceDoc, model: BaseModel) -> Iterator[Finding]:
    for at, url in uri_fields(model):
        if problem := url_problem(url, strict=_strict(at)):
            rule_id, message, severity = problem
            yield doc.finding(at, message, rule_id, fix="填写完整的 https:// 网址，核对域名", severity=severity)
    for at, text in strings(doc.data):
        if _UNSAFE.match(_HIDDEN.sub("", text)):
            yield doc.finding(at, "不允许使用 javascript:、data: 或 vbscript: 链接", "url-unsafe", fix="删除该链接")


def _platform_hosts(doc: SourceDoc, model: BaseModel) -> Iterator[Finding]:
    for i, platform in enumerate(getattr(model, "platforms", [])):
        if platform.url is None:
            yield doc.finding(
                ("platforms", i),
                f"平台“{platform.name}”还没有专区网址：只列名称，没有二维码和按钮",
                "url-missing",
                fix="专区上线后填写 url（https）",
                severity="warning",
            )
            continue
        host = (urlsplit(platform.url).hostname or "").rstrip(".")
        for official in official_platforms():
            if official.owns(platform.name) and host and not official.serves(host):
                yield doc.finding(
                    ("platforms", i, "url"),
                    f"平台“{platform.name}”的网址指向 {host}，不是该平台的官方域名（{'、'.join(official.domains)}）",
                    "url-platform-host",
                    fix="核对专区网址；平台确有新域名时，请维护人员补充 generator/data/platforms.yaml",
                )


@rule
def urls(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        yield from _doc_urls(source.doc, source.model)
        yield from _platform_hosts(source.doc, source.model)
    if project.site_doc is not None:
        yield from _doc_urls(project.site_doc, project.site)
