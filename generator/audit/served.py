"""The published copy over HTTP, read as a visitor's browser would (no cookies, no scripts)."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import requests

MAX_BYTES = 50_000_000  # a file larger than any the build writes is read no further
TIMEOUT = 20
WORKERS = 8


@dataclass(frozen=True)
class Response:
    path: str  # the file path relative to the site root
    status: int  # 0 when the server could not be reached
    headers: dict[str, str]
    body: bytes
    error: str = ""

    @property
    def found(self) -> bool:
        return self.status == 200


class Site:
    """The site's public root (`https://…/` or a folder of a portal) and the files below it."""

    def __init__(self, root: str) -> None:
        self.root = root if root.endswith("/") else root + "/"
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "campaignsite-audit"
        self.session.trust_env = False  # a CI's proxy settings are not the public's view of the site

    def url_of(self, path: str) -> str:
        return urljoin(self.root, quote(path))

    def path_of(self, url: str) -> str | None:
        """The site path a URL names (directories as their index.html), or None when it is not below the root."""
        parts = urlsplit(url)
        root = urlsplit(self.root)
        if (parts.scheme, parts.netloc) != (root.scheme, root.netloc) or not parts.path.startswith(root.path):
            return None
        path = parts.path[len(root.path) :]
        return path + "index.html" if path == "" or path.endswith("/") else path

    def get(self, path: str) -> Response:
        try:
            with self.session.get(self.url_of(path), timeout=TIMEOUT, allow_redirects=False, stream=True) as reply:
                body = reply.raw.read(MAX_BYTES + 1, decode_content=True)
                return Response(
                    path, reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, body[:MAX_BYTES]
                )
        except requests.RequestException as exc:
            return Response(path, 0, {}, b"", type(exc).__name__)

    def get_all(self, paths: Iterable[str]) -> dict[str, Response]:
        with ThreadPoolExecutor(WORKERS) as pool:
            return {r.path: r for r in pool.map(self.get, sorted(set(paths)))}
