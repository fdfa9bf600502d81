"""The published copy over HTTP, read as visitors and search engines read it (no cookies, no scripts).

A page is fetched at the address people use (`x/`, the root `/`) as well as by its file name, and again as
Baidu's crawler coming from a search: 暗链 are often shown to search engines only.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

import requests

MAX_BYTES = 50_000_000  # a file larger than any the build writes is read no further
TIMEOUT = 20
WORKERS = 8
VISITOR = (
    "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 campaignsite-audit"
)
CRAWLER = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
SEARCH_REFERER = "https://www.baidu.com/s?wd=%E5%B9%B4%E8%B4%A7%E8%8A%82"
DEFAULT_PORTS = {"http": 80, "https": 443}
PROBLEMS = {  # what requests says, in an office's words
    "ConnectionError": "连接失败",
    "ConnectTimeout": "连接超时",
    "ReadTimeout": "读取超时",
    "Timeout": "超时",
    "SSLError": "HTTPS 证书错误",
    "TooManyRedirects": "重定向过多",
    "InvalidURL": "网址无效",
}


@dataclass(frozen=True)
class Response:
    path: str  # the site path asked for ("" or "x/" for a folder's address)
    status: int  # 0 when the server could not be reached
    headers: dict[str, str]  # names in lower case
    body: bytes
    error: str = ""

    @property
    def found(self) -> bool:
        return self.status == 200

    @property
    def moved_to(self) -> str:
        return self.headers.get("location", "") if 300 <= self.status < 400 else ""

    @property
    def charset(self) -> str | None:
        _, _, parameters = self.headers.get("content-type", "").partition(";")
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"'")
        return None


class Site:
    """The site's public root (`https://…/` or a folder of a portal) and the files below it."""

    def __init__(self, root: str) -> None:
        self.root = root if root.endswith("/") else root + "/"
        self.session = requests.Session()
        self.session.trust_env = False  # a CI's proxy settings are not the public's view of the site

    def url_of(self, path: str) -> str:
        return urljoin(self.root, quote(path))

    def path_of(self, url: str) -> str | None:
        """The site path a URL names (directories as their index.html), or None when it is not below the root;
        the host compared as a browser does (any case, the default port implied), the path decoded."""
        parts, root = urlsplit(url.replace("\\", "/")), urlsplit(self.root)
        if parts.scheme not in DEFAULT_PORTS or _origin(parts) != _origin(root):
            return None
        path = unquote(parts.path)
        if not path.startswith(unquote(root.path)):
            return None
        path = path[len(unquote(root.path)) :]
        return path + "index.html" if path == "" or path.endswith("/") else path

    def get(self, path: str, crawler: bool = False) -> Response:
        headers = {"User-Agent": CRAWLER, "Referer": SEARCH_REFERER} if crawler else {"User-Agent": VISITOR}
        try:
            with self.session.get(
                self.url_of(path), headers=headers, timeout=TIMEOUT, allow_redirects=False, stream=True
            ) as reply:
                body = reply.raw.read(MAX_BYTES + 1, decode_content=True)
                return Response(
                    path, reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, body[:MAX_BYTES]
                )
        except requests.RequestException as exc:
            name = type(exc).__name__
            return Response(path, 0, {}, b"", PROBLEMS.get(name, f"网络错误 {name}"))

    def get_all(self, paths: Iterable[str], crawler: bool = False) -> dict[str, Response]:
        with ThreadPoolExecutor(WORKERS) as pool:
            return {r.path: r for r in pool.map(lambda p: self.get(p, crawler), sorted(set(paths)))}


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    return parts.scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(parts.scheme)
