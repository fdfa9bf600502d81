"""`campaignsite serve`: preview on 127.0.0.1 with live reload.

A change under a region (its YAML, fork folder or notice Markdown) rebuilds only that region's microsite;
any other change (campaign YAML, theme, mkdocs.yml) rebuilds everything. Open pages reload themselves:
the server adds a small polling script to every HTML page it sends (the built files stay untouched).
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from .build import BuildOptions, build_site
from .findings import CampaignError

VERSION_PATH = "/__campaignsite/version"
_RELOAD = (b"<script>(function(){var v=null;setInterval(function(){fetch('" + VERSION_PATH.encode() +
           b"').then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t})"
           b".catch(function(){})},1000)})();</script>")
_REGION_FILE = re.compile(r"^(?:campaigns|content)/(?P<campaign>[^/]+)/regions/(?P<slug>[a-z0-9-]+)(?:\.yaml$|/)")


class State:
    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Lock()


def affected(changed: list[str]) -> frozenset[str] | None:
    """Region microsites a change touches, or None when everything must be rebuilt."""
    regions = set()
    for path in changed:
        match = _REGION_FILE.match(path)
        if match is None:
            return None
        regions.add(f"{match['campaign']}/{match['slug']}")
    return frozenset(regions)


def snapshot(root: Path) -> dict[str, float]:
    watched = [root / "campaigns", root / "content", root / "theme", root / "mkdocs.yml"]
    stamps = {}
    for base in watched:
        for path in [base] if base.is_file() else base.rglob("*") if base.is_dir() else []:
            if path.is_file():
                stamps[path.relative_to(root).as_posix()] = path.stat().st_mtime
    return stamps


def _handler(site: Path, state: State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == VERSION_PATH:
                body = str(state.version).encode()
            else:
                target = Path(self.translate_path(self.path))
                target = target / "index.html" if target.is_dir() else target
                if target.suffix != ".html" or not target.is_file():
                    super().do_GET()
                    return
                body = target.read_bytes().replace(b"</body>", _RELOAD + b"</body>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8" if self.path != VERSION_PATH else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return functools.partial(Handler, directory=str(site))  # type: ignore[return-value]


def _rebuild(options: BuildOptions, state: State, only: frozenset[str] | None) -> None:
    started = time.monotonic()
    try:
        report = build_site(replace(options, only=only, quiet=True))
    except CampaignError as error:
        for finding in error.findings:
            print(finding.format(), file=sys.stderr)
        print("预览未更新：请修正以上错误。", file=sys.stderr)
        return
    what = "、".join(sorted(only)) if only else "全部微站"
    print(f"已重新生成 {what}（{report.microsites} 个微站，{time.monotonic() - started:.1f} 秒）", file=sys.stderr)
    with state.lock:
        state.version += 1


def serve(options: BuildOptions, root: Path, host: str = "127.0.0.1", port: int = 8000,
          interval: float = 0.5) -> None:
    state = State()
    report = build_site(replace(options, pdf=False))
    print(f"预览：http://{host}:{port}/ （{report.microsites} 个微站；修改 YAML、Markdown 或主题后自动刷新，"
          "Ctrl+C 退出）", file=sys.stderr)
    server = http.server.ThreadingHTTPServer((host, port), _handler(options.site_dir.resolve(), state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = snapshot(root)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(root)
            if now != before:
                changed = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))
                before = now
                _rebuild(replace(options, pdf=False), state, affected(changed))
    finally:
        server.shutdown()
