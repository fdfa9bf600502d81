"""Debian's nginx serving a built site with the snippet `campaignsite headers --format nginx` prints, on a free
port in a temporary folder, as an office's server would include it; stopped after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONFIG = """daemon off;
master_process on;
worker_processes 1;
user root;
pid {folder}/nginx.pid;
error_log stderr notice;  # "start worker processes": said once its port listens
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {snippet};
    }}
}}
"""


def nginx_path() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    if not found:
        raise RuntimeError("Debian nginx is not installed: run `make test`, which installs it")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def nginx(site: Path, snippet: str, folder: Path) -> Iterator[str]:
    """The site served by nginx with `snippet` included in its server block; yields the base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "campaignsite.conf").write_text(snippet, encoding="utf-8")
    port = _free_port()
    config = CONFIG.format(folder=folder, port=port, site=site, snippet=folder / "campaignsite.conf")
    (folder / "nginx.conf").write_text(config, encoding="utf-8")
    tested = subprocess.run(
        [nginx_path(), "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")], capture_output=True, text=True
    )
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen(
        [nginx_path(), "-p", str(folder), "-c", str(folder / "nginx.conf")], stderr=subprocess.PIPE, text=True
    )
    said: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:  # nginx opens its listening sockets before it starts its workers
            said.append(line)
            if "start worker processes" in line:
                break
        else:
            raise AssertionError(f"nginx ended before it served: {''.join(said)}")
        # the rest of its log read as it comes, so a full pipe never stops it
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)
