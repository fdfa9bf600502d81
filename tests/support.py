"""What the tests share: the project's paths, a copy of the shipped campaigns, the command line (a build in a
process of its own, as an editor runs it; `check` in the test's process, the same code without the start-up),
and the ways to look at what came out (a site's snapshot, an editor's error as a compiler prints it)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_DAY = date(2022, 1, 20)
BUILD_MOMENT = datetime(2022, 1, 20, tzinfo=UTC)  # what --today 2022-01-20 stands for
HUNAN = "campaigns/2022-nianhuojie/regions/hunan.yaml"
NATIONAL = "campaigns/2022-nianhuojie/campaign.yaml"
LIAONING = "campaigns/2021-nianhuojie/regions/liaoning.yaml"
SHUANGPIN = "campaigns/2021-shuangpin/campaign.yaml"
HUNAN_FORK = "campaigns/2022-nianhuojie/regions/hunan"
HUNAN_NOTICE = "content/2022-nianhuojie/regions/hunan/notices/hunan-2021-12-21.md"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as an editor would: `check` in this process (it reads and checks, it makes
    nothing), every other command in a process of its own."""
    if args and args[0] == "check":
        return run_in_process(list(args), cwd)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def start_build(project: Path, pause: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """A build in a process group of its own, paused at the checkpoint `pause` (it says so on stderr)."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "-q", *args],
        cwd=project,
        env={**os.environ, **env, "CAMPAIGNSITE_PAUSE_AT": pause},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_in_process(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    from generator.cli import main

    out, err, here = io.StringIO(), io.StringIO(), Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["campaignsite", *args], code, out.getvalue(), err.getvalue())


def check_json(project: Path, *extra: str) -> tuple[int, list[dict]]:
    result = run_cli("check", "--format", "json", *extra, cwd=project)
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def copy_project(target: Path) -> Path:
    """A scratch copy of the repository's inputs (campaigns, content, theme, mkdocs.yml)."""
    for name in ("campaigns", "content", "theme"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def earlier_site(site: Path, content: str = "上一次发布的网站") -> None:
    """A site an earlier build published: it carries the tool's mark, so a build may replace it."""
    from generator.publish.target import MARK, MARK_CONTENT

    site.mkdir()
    (site / "index.html").write_text(content, encoding="utf-8")
    (site / MARK).write_bytes(MARK_CONTENT)


def snapshot(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def load_data(site: Path, path: str) -> dict:
    return json.loads((site / path / "data.json").read_text(encoding="utf-8"))


def page_text(site: Path, path: str) -> str:
    """A built page's HTML without the line-break hints between words (<wbr>, and the word joiner that keeps a
    dash with its date: render/linebreak.py)."""
    return (site / path / "index.html").read_text(encoding="utf-8").replace("<wbr>", "").replace("\u2060", "")


def refused(result: subprocess.CompletedProcess[str], rule: str, path: str, line: int | None = None) -> str:
    """The build or check failed with `rule` at `path` (and `line`), in an editor's words."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    match = re.search(rf"^{re.escape(path)}:(\d+):(\d+): error: .*\({rule}\)$", output, re.M)
    assert match, output
    if line is not None:
        assert int(match.group(1)) == line, output
    return output


GOVERNMENT_FOOTER = """footer:
  host: 中华人民共和国商务部
  support: 商务部电子商务和信息化司
  contact: 电话：010-85093723
  site_code: bm14000001
  icp: 京ICP备05004093号-1
  police: 京公网安备 11040102700068号
  party_mark:
    image: party-mark.png
    url: https://bszs.conac.cn/sitename?method=show&id=EXAMPLE
"""


def with_government_footer(root: Path) -> None:
    """The footer of a government site (numbers set by the tests, never shipped) with a 党政机关网站标识 image."""
    from PIL import Image

    site_yaml = root / "campaigns/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + GOVERNMENT_FOOTER, encoding="utf-8")
    Image.new("RGB", (110, 128), "#c00000").save(root / "campaigns/party-mark.png")
