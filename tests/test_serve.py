"""`campaignsite serve`, as an editor previews: the real command on a free port, changes made to the project's
files, and the pages read back over HTTP once the server says on stderr that it rebuilt, never after a sleep."""

from __future__ import annotations

import http.client
import queue
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import HUNAN, edit

NEW_REGION = 'code: "360000"\nname: 江西\ncampaign_name: 2022江西网上年货节\n'


@pytest.mark.unit
def test_a_change_rebuilds_the_microsites_it_belongs_to(tmp_path: Path) -> None:
    from generator.cli.serve import affected
    from generator.read import ProjectLayout

    layout = ProjectLayout.at(tmp_path / "campaigns")
    only_regions = {
        layout.fork_folder("2022-nianhuojie", "hunan") / "x.md",
        layout.content_dir / "2021-nianhuojie/regions/liaoning/notices/x.md",
    }
    assert affected(layout, only_regions) == {"2022-nianhuojie/hunan", "2021-nianhuojie/liaoning"}
    # a region's YAML (edited, added or deleted) also changes the national 各地活动
    yaml = {layout.region_file("2022-nianhuojie", "hunan")}
    assert affected(layout, yaml) == {"2022-nianhuojie/hunan", "2022-nianhuojie"}
    assert affected(layout, {layout.campaign_file("2022-nianhuojie")}) is None
    assert affected(layout, {layout.theme_dir / "assets/cs-campaign.css"}) is None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


REPORTS = ("已重新生成 ", "预览未更新")  # the line serve ends each rebuild with, good or not
SAID_WITHIN = 300.0  # seconds: a bound for a server that never says it, not a guess at how long it takes


class Preview:
    """A running `serve`: its pages over HTTP, and what it says on stderr, read line by line as it says it."""

    def __init__(self, base: str, process: subprocess.Popen[str]):
        self.base, self.process = base, process
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.said: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.said.append(line)
            self.lines.put(line)
        self.lines.put(None)  # the server has ended

    def wait_for(self, what: str, starts: tuple[str, ...]) -> str:
        """The next line that starts with one of `starts`."""
        while True:
            line = self.lines.get(timeout=SAID_WITHIN)
            assert line is not None, f"serve ended before {what}: {''.join(self.said)}"
            if line.startswith(starts):
                return line

    @property
    def stderr(self) -> str:
        return "".join(self.said)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def status(self, path: str) -> tuple[int, str | None]:
        """The status and Location of a request, redirects not followed."""
        connection = http.client.HTTPConnection(self.base.removeprefix("http://").rstrip("/"), timeout=10)
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        return response.status, response.getheader("Location")

    def version(self) -> str:
        return self.get("__campaignsite/version")

    def after(self, change: object, version: str) -> None:
        """Once the server says it rebuilt after `change` (already made), its version has moved on."""
        self.wait_for(f"a rebuild after {change}", REPORTS)
        assert self.version() != version, f"no new version after {change}"


@contextmanager
def preview(project: Path, *extra: str) -> Iterator[Preview]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", str(port), *extra],
        cwd=project,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Preview(f"http://127.0.0.1:{port}/", process)
    try:
        server.wait_for("its first build", ("预览：http",))  # said once the first build is done (or failed)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        server.reader.join(timeout=30)


def test_serve_rebuilds_the_edited_region_and_reloads(project: Path) -> None:
    with preview(project) as server:
        page = server.get("2022-nianhuojie/hunan/")
        assert "__campaignsite/version" in page and "2022湖南网上年货节" in page
        version = server.version()
        edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", "campaign_name: 2022湖南网上年货节（预览）")
        server.after("the edit", version)
        assert "2022湖南网上年货节（预览）" in server.get("2022-nianhuojie/hunan/")
    # the national microsite was looked at (a region's YAML may change 各地活动) but had not changed
    assert "已重新生成 2022-nianhuojie/hunan（1 个微站" in server.stderr


def test_a_folder_without_its_slash_is_redirected(project: Path) -> None:
    with preview(project) as server:
        assert server.status("2022-nianhuojie/hunan") == (301, "/2022-nianhuojie/hunan/")
        assert server.status("2022-nianhuojie/hunan/platforms") == (301, "/2022-nianhuojie/hunan/platforms/")
        assert server.status("2022-nianhuojie/hunan/")[0] == 200


def test_a_deleted_region_leaves_and_a_new_one_appears(project: Path) -> None:
    regions = project / "campaigns/2022-nianhuojie/regions"
    with preview(project) as server:
        version = server.version()
        (regions / "hunan.yaml").unlink()
        server.after("deleting hunan.yaml", version)
        with pytest.raises(urllib.error.HTTPError) as gone:
            server.get("2022-nianhuojie/hunan/")
        assert gone.value.code == 404
        assert "hunan/" not in server.get("2022-nianhuojie/regions/")
        version = server.version()
        (regions / "jiangxi.yaml").write_text(NEW_REGION, encoding="utf-8")
        server.after("adding jiangxi.yaml", version)
        assert "2022江西网上年货节" in server.get("2022-nianhuojie/jiangxi/")
        assert 'href="../jiangxi/"' in server.get("2022-nianhuojie/regions/")


def test_an_error_shows_on_the_page_until_it_is_fixed(project: Path) -> None:
    with preview(project) as server:
        version = server.version()
        edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", "campaign_name: [")
        server.after("breaking the YAML", version)
        page = server.get("2022-nianhuojie/hunan/")
        assert 'role="alert"' in page and "预览未更新" in page and HUNAN in page and "(yaml-syntax)" in page
        assert "2022湖南网上年货节" in page  # the last good page stays under the message
        version = server.version()
        edit(project / HUNAN, "campaign_name: [", "campaign_name: 2022湖南网上年货节")
        server.after("the fix", version)
        assert 'role="alert"' not in server.get("2022-nianhuojie/hunan/")


def test_warnings_are_said_and_the_office_network_is_warned_of(project: Path) -> None:
    with preview(project, "--host", "0.0.0.0") as server:
        server.version()
    said = server.stderr
    assert "warning: 网站页脚缺少" in said and "(footer-missing)" in said
    assert "注意：预览在 0.0.0.0 上对同一网络的其他设备开放" in said


def test_a_taken_port_or_an_unknown_host_is_said_before_anything_is_built(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        for args, said in (
            (["--port", port], f"端口 {port} 已被占用"),
            (["--host", "no-such.invalid"], "找不到地址“no-such.invalid”"),
        ):
            result = subprocess.run(
                [sys.executable, "-m", "generator.cli", "serve", *args], cwd=project, capture_output=True, text=True
            )
            assert result.returncode == 2 and said in result.stderr and "预览：http" not in result.stderr
            assert not (project / ".cache/serve").exists()  # nothing was built


def test_an_error_at_start_is_shown_and_its_fix_brings_the_site(project: Path) -> None:
    edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", "campaign_name: [")
    with preview(project) as server:
        page = server.get("2022-nianhuojie/hunan/")
        assert 'role="alert"' in page and "(yaml-syntax)" in page
        version = server.version()
        edit(project / HUNAN, "campaign_name: [", "campaign_name: 2022湖南网上年货节")
        server.after("the fix", version)
        page = server.get("2022-nianhuojie/hunan/")
        assert 'role="alert"' not in page and "2022湖南网上年货节" in page
