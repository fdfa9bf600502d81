"""`campaignsite serve`: preview on 127.0.0.1 with live reload.

Every change runs the same stages as `campaignsite build` (without PDFs) into .cache/serve/: a change
that belongs to one region (its YAML, fork or notices) rebuilds just that region's microsite, anything
else rebuilds what its fingerprint says changed. Open pages reload themselves: the server adds a small
polling script to every HTML page it sends.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from ..build import build_site
from ..catalog import microsite_path
from ..engines import engine
from ..findings import CampaignError
from ..options import BuildOptions
from ..read import ProjectLayout

VERSION_PATH = "/__campaignsite/version"
_RELOAD = (
    b"<script>(function(){var v=null;setInterval(function(){fetch('"
    + VERSION_PATH.encode()
    + b"').then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t})"
    b".catch(function(){})},1000)})();</script>"
)


class State:
    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Lock()


def snapshot(watched: list[Path]) -> dict[Path, float]:
    stamps = {}
    for base in watched:
        for path in [base] if base.is_file() else base.rglob("*") if base.is_dir() else []:
            if path.is_file():
                stamps[path] = path.stat().st_mtime
    return stamps


def affected(layout: ProjectLayout, changed: set[Path]) -> frozenset[str] | None:
    """The region microsites a change touches, or None when it may touch every microsite."""
    regions = [layout.region_of(path) for path in changed]
    if not regions or any(region is None for region in regions):
        return None
    return frozenset(microsite_path(*region) for region in regions if region is not None)


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
        report = build_site(options, only=only)
    except CampaignError as error:
        for finding in error.findings:
            print(finding.format(), file=sys.stderr)
        print("预览未更新：请修正以上错误。", file=sys.stderr)
        return
    rebuilt = report.made.rebuilt
    print(
        f"已重新生成 {'、'.join(rebuilt) or '无改动'}（{len(rebuilt)} 个微站，{time.monotonic() - started:.1f} 秒）",
        file=sys.stderr,
    )
    with state.lock:
        state.version += 1


def serve(options: BuildOptions, *, host: str = "127.0.0.1", port: int = 8000, interval: float = 0.5) -> None:
    layout = ProjectLayout.at(options.campaigns_dir, options.content_dir)
    options = replace(options, site_dir=options.site_dir or layout.serve_dir)
    watched = [*layout.read_roots, *engine(options.engine).inputs(layout.root)]
    report = build_site(options)
    print(
        f"预览：http://{host}:{port}/ （{report.microsites} 个微站；修改 YAML、Markdown 或主题后自动刷新，"
        "Ctrl+C 退出）",
        file=sys.stderr,
    )
    state = State()
    site_dir = (options.site_dir or layout.serve_dir).resolve()
    server = http.server.ThreadingHTTPServer((host, port), _handler(site_dir, state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = snapshot(watched)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(watched)
            if now != before:
                changed = {path for path in set(now) | set(before) if now.get(path) != before.get(path)}
                before = now
                _rebuild(options, state, affected(layout, changed))
    finally:
        server.shutdown()
