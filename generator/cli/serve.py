"""`campaignsite serve`: preview on 127.0.0.1 (or, with --host, on the office network) with live reload.

Every change runs the same stages as `campaignsite build` (without PDFs) into .cache/serve/: a change
that belongs to one region (its YAML, fork or notices) rebuilds just that region's microsite, anything
else rebuilds what its fingerprint says changed. Open pages reload themselves: the server adds a small
polling script to every HTML page it sends; when a rebuild fails, every page shows its findings on top (the
pages stay the last good ones) until the next good build. A folder asked for without its slash is redirected
(301), as static hosts do.
"""

from __future__ import annotations

import errno
import functools
import html
import http.server
import ipaddress
import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import replace
from pathlib import Path

from ..build import build_site
from ..catalog import microsite_path
from ..engines import engine
from ..findings import CampaignError, Finding
from ..options import BuildOptions
from ..read import ProjectLayout
from ..read.layout import REGIONS

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
        self.problems: str | None = None  # the findings of the last build, when it failed
        self.lock = threading.Lock()

    def update(self, problems: str | None) -> None:
        with self.lock:
            self.problems = problems
            self.version += 1  # open pages reload: to the new pages, or to the old ones with the findings


def _overlay(problems: str) -> bytes:
    """What a failed rebuild says on every page of the preview, as `mkdocs serve` users expect to see it."""
    return (
        '<div role="alert" style="position:fixed;inset:0 0 auto 0;z-index:9999;max-height:70vh;overflow:auto;'
        "background:#fff3f3;color:#7f0000;border-bottom:4px solid #b71c1c;padding:1em;font:16px/1.6 sans-serif;"
        'white-space:pre-wrap"><strong>预览未更新：请修正以下错误（页面仍是上次成功生成的）</strong>\n'
        f"{html.escape(problems)}</div>"
    ).encode()


def snapshot(watched: list[Path]) -> dict[Path, float]:
    stamps = {}
    for base in watched:
        for path in [base] if base.is_file() else base.rglob("*") if base.is_dir() else []:
            if path.is_file():
                stamps[path] = path.stat().st_mtime
    return stamps


def affected(layout: ProjectLayout, changed: set[Path]) -> frozenset[str] | None:
    """The microsites a change touches, or None when it may touch every microsite. A region's fork or notices
    touch its microsite; its YAML also the national microsite, whose 各地活动 lists the regions (a region added
    or deleted included)."""
    touched: set[str] = set()
    for path in changed:
        region = layout.region_of(path)
        if region is None:
            return None
        touched.add(microsite_path(*region))
        if path.suffix == ".yaml" and path.parent == layout.campaign_folder(region[0]) / REGIONS:
            touched.add(microsite_path(region[0]))
    return frozenset(touched) or None


def _handler(site: Path, state: State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == VERSION_PATH:
                self._send(str(state.version).encode(), "text/plain")
                return
            path = urllib.parse.urlsplit(self.path).path
            target = Path(self.translate_path(self.path))
            if target.is_dir() and not path.endswith("/"):  # as static hosts do: relative links need the slash
                query = urllib.parse.urlsplit(self.path).query
                self.send_response(301)
                self.send_header("Location", path + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html" if target.is_dir() else target
            with state.lock:
                problems = state.problems
            if problems and not target.is_file() and target.suffix in (".html", ""):  # nothing built yet
                page = '<!doctype html><meta charset="utf-8"><title>预览</title><body></body>'.encode()
                self._send(
                    page.replace(b"</body>", _RELOAD + _overlay(problems) + b"</body>"), "text/html; charset=utf-8"
                )
                return
            if target.suffix != ".html" or not target.is_file():
                super().do_GET()
                return
            with state.lock:
                shown = _RELOAD + (_overlay(state.problems) if state.problems else b"")
            self._send(target.read_bytes().replace(b"</body>", shown + b"</body>"), "text/html; charset=utf-8")

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return functools.partial(Handler, directory=str(site))  # type: ignore[return-value]


def _say(findings: list[Finding]) -> str:
    text = "\n".join(finding.format() for finding in findings)
    if text:
        print(text, file=sys.stderr)
    return text


def _rebuild(options: BuildOptions, state: State, only: frozenset[str] | None) -> int:
    """Build (only these microsites, or every one); the preview goes on whatever happens: an editor's mistake
    is shown on the pages, a fault of ours is said in the terminal. Returns the microsites' count."""
    started = time.monotonic()
    try:
        report = build_site(options, only=only)
    except CampaignError as error:
        state.update(_say(error.findings))
        print("预览未更新：请修正以上错误（浏览器中的页面也会显示这些错误）。", file=sys.stderr)
        return 0
    except Exception as error:  # a file half saved, a full disk, a bug: the preview keeps running
        state.update(f"生成时出错：{type(error).__name__}，请保存文件后再试；仍然出错请告诉维护人员。")
        print(f"预览未更新：生成时出错（{type(error).__name__}），预览继续运行。", file=sys.stderr)
        return 0
    _say(report.findings)  # the warnings `check` gives
    state.update(None)  # before it is said: whoever reads the line finds the new version already served
    rebuilt = report.made.rebuilt
    print(
        f"已重新生成 {'、'.join(rebuilt) or '无改动'}（{len(rebuilt)} 个微站，{time.monotonic() - started:.1f} 秒）",
        file=sys.stderr,
    )
    return report.microsites


def _listen(host: str, port: int, handler: type[http.server.BaseHTTPRequestHandler]) -> http.server.HTTPServer:
    """The preview's server, bound before anything is built: a wrong address or a taken port is said at once."""
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except socket.gaierror:
        raise ServeError(f"找不到地址“{host}”：写 127.0.0.1（只有本机）或 0.0.0.0（同一网络的设备）") from None
    except OverflowError:
        raise ServeError(f"端口 {port} 无效：应为 1—65535") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"端口 {port} 已被占用：换一个端口，如 --port {port + 1}") from None
        raise ServeError(f"无法在 {host}:{port} 上提供预览：只支持 IPv4 地址，如 127.0.0.1 或 0.0.0.0") from None


def _shown_address(host: str) -> str:
    """The address to open: on every interface (0.0.0.0), this machine's address on the office network."""
    if host not in ("0.0.0.0", ""):
        return host
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: the system picks the interface it would use
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


class ServeError(Exception):
    """The preview cannot start (its address or port): said in one sentence, exit status 2."""


def serve(options: BuildOptions, *, host: str = "127.0.0.1", port: int = 8000, interval: float = 0.5) -> None:
    layout = ProjectLayout.at(options.campaigns_dir, options.content_dir)
    options = replace(options, site_dir=options.site_dir or layout.serve_dir)
    watched = [*layout.read_roots, *engine(options.engine).inputs(layout.root)]
    state = State()
    site_dir = (options.site_dir or layout.serve_dir).resolve()
    server = _listen(host, port, _handler(site_dir, state))
    before = snapshot(watched)  # before the first build: an edit made while it runs, or just after, is seen
    microsites = _rebuild(options, state, None)
    if not ipaddress.ip_address(str(server.server_address[0])).is_loopback:
        print(
            f"注意：预览在 {host} 上对同一网络的其他设备开放，未发布的草稿也能被别人看到；用完请按 Ctrl+C 关闭。",
            file=sys.stderr,
        )
    print(
        f"预览：http://{_shown_address(host)}:{port}/ （{microsites} 个微站；修改 YAML、Markdown 或主题后自动刷新，"
        "Ctrl+C 退出）",
        file=sys.stderr,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
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
