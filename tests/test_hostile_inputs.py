"""A careless or hostile editor: paths and links out of the project, script in every YAML string, HTML in
notices, a print page that reaches for files and the network, damaged caches, two builds at once, broken
fonts and templates. Each case: the exit status, the rule, file and line, no traceback, and site/ either as it
was or the complete new site."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pdfplumber
import pytest
from icalendar import Calendar

from tests.hostile import DAY, PAYLOAD, build, check_findings, leaks, line_with, settle, write_hostile_project
from tests.support import (
    HUNAN,
    HUNAN_FORK,
    HUNAN_NOTICE,
    NATIONAL,
    edit,
    line_of,
    refused,
    run_cli,
    snapshot,
    start_build,
)

# --- confined inputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", ["../../../../etc/passwd", "/etc/passwd", "/proc/self/environ", "2022-nianhuojie/../../../etc/hostname"]
)
def test_notice_body_outside_content_is_refused(project: Path, published: dict[str, str], body: str) -> None:
    edit(project / HUNAN, "body: 2022-nianhuojie/regions/hunan/notices/hunan-2021-12-21.md", f"body: {body}")
    line = line_of(project / HUNAN, f"body: {body}")
    for command in ("check", "build"):
        output = refused(
            run_cli(command, *(["-q", "--no-pdf"] if command == "build" else []), cwd=project),
            "path-outside",
            HUNAN,
            line,
        )
        assert "root:" not in output and "PATH=" not in output  # nothing of the file is echoed
    assert snapshot(project / "site") == published


SYMLINKS = {  # where the link goes in the fork (or content), what it points at
    "fork-page": ("pages/leak.md", "/etc/passwd"),
    "fork-pages-folder": ("pages", "/etc"),
    "fork-asset": ("overrides/assets/leak.css", "/etc/passwd"),
    "fork-partial": ("overrides/partials/cs-region-head.html", "/etc/passwd"),
    "fork-poster-layout": ("posters/share.yml", "/etc/passwd"),
}


@pytest.mark.parametrize("case", SYMLINKS.values(), ids=SYMLINKS.keys())
def test_symbolic_link_out_of_the_project_is_refused(project: Path, published: dict[str, str], case: tuple) -> None:
    where, target = case
    link = project / HUNAN_FORK / where
    if link.is_dir():
        shutil.rmtree(link)
    link.unlink(missing_ok=True)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    refused(build(project), "path-outside", f"{HUNAN_FORK}/{where}", 1)
    refused(run_cli("check", cwd=project), "path-outside", f"{HUNAN_FORK}/{where}", 1)
    assert snapshot(project / "site") == published


def test_symbolic_link_to_the_repository_itself_is_refused(project: Path, published: dict[str, str]) -> None:
    """Inside the project but outside what a build reads (.git holds CI credentials): refused too."""
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote] url = https://token@example.com/", encoding="utf-8")
    notice = project / HUNAN_NOTICE
    notice.unlink()
    notice.symlink_to(project / ".git" / "config")
    output = refused(build(project), "path-outside", HUNAN_NOTICE, 1)
    assert "token" not in output
    assert snapshot(project / "site") == published


# --- escaped output ------------------------------------------------------------------------------------


def test_every_string_field_of_the_schema_is_escaped_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    for name in ("theme",):
        shutil.copytree(Path(__file__).parents[1] / name, root / name)
    shutil.copy(Path(__file__).parents[1] / "mkdocs.yml", root / "mkdocs.yml")
    fields = write_hostile_project(root)
    refused_fields = settle(root, check_findings)
    result = run_cli("build", "-q", *DAY, cwd=root)
    assert result.returncode == 0, result.stderr
    found, shown = leaks(root / "site", fields)
    assert found == []
    # most fields reach a page (escaped); the rest are data only, or refused by `check`
    assert len(shown) >= 0.7 * len(fields.paths), sorted(set(fields.paths) - shown)
    assert set(refused_fields) <= {
        "contact-phone",
        "contact-fax",
        "contact-email",
        "region-unknown",
        "region-code",
        "region-name",
        "notice-number",
        "date-unknown-phase",
        "footer-format",
    }
    data = json.loads((root / "site/cs/hunan/data.json").read_text(encoding="utf-8"))
    assert data["site_name"] == next(
        PAYLOAD.format(n=n) for n, p in fields.paths.items() if p == "region.campaign_name"
    )  # JSON keeps the text exactly
    calendar = Calendar.from_ical((root / "site/cs/hunan/schedule.ics").read_bytes())
    assert next(str(e["summary"]) for e in calendar.walk("VEVENT")) == data["site_name"]
    index = json.loads((root / "site/cs/hunan/search/search_index.json").read_text(encoding="utf-8"))
    assert any("&lt;i&gt;F" in doc["title"] for doc in index["docs"])


@pytest.mark.unit
def test_a_csv_cell_is_never_a_formula() -> None:
    from generator.documents.printing import statistics_csv
    from generator.read.documents import StatisticsForm

    form = StatisticsForm(id="x", title="表", columns=['=HYPERLINK("http://evil")', "+1", "@SUM(A1)", "序号"])
    header = next(csv.reader(io.StringIO(statistics_csv(form).decode("utf-8-sig"))))
    assert header == ['\'=HYPERLINK("http://evil")', "'+1", "'@SUM(A1)", "序号"]


def test_html_in_notice_markdown_is_removed_and_reported(project: Path) -> None:
    notice = project / HUNAN_NOTICE
    notice.write_text(
        notice.read_text(encoding="utf-8") + '\n\n<iframe src="file:///etc/passwd"></iframe>\n\n'
        '见<a href="javascript:alert(1)" onclick="x()">此处</a>和[链接](javascript:alert(2))。'
        '<script>alert(3)</script> *强调*、<b>加粗</b>、<a href="https://www.12315.cn/">12315</a>\n',
        encoding="utf-8",
    )
    line = len(notice.read_text(encoding="utf-8").splitlines())
    findings = [f for f in check_findings(project) if f["rule"] == "markup-removed"]
    assert {(f["path"], f["line"]) for f in findings} == {(HUNAN_NOTICE, line - 2), (HUNAN_NOTICE, line)}
    assert all(f["severity"] == "warning" for f in findings)
    what = sorted(re.sub(r"^通知正文中的\s*|不允许使用.*$", "", f["message"]) for f in findings)
    assert len(what) == 5 and sum("javascript:" in w for w in what) == 2, what
    assert (
        any("<iframe>" in w for w in what) and any("onclick" in w for w in what) and any("<script>" in w for w in what)
    )
    assert build(project).returncode == 0
    for page in (
        "2022-nianhuojie/hunan/notices/hunan-2021-12-21/index.html",
        "2022-nianhuojie/hunan/print/notice-hunan-2021-12-21.html",
    ):
        html = (project / "site" / page).read_text(encoding="utf-8")
        assert "<iframe" not in html and "javascript:" not in html and "onclick" not in html
        assert "alert(3)" not in html and "<script>alert" not in html
        assert "<em>强调</em>" in html and "<b>加粗</b>" in html and 'href="https://www.12315.cn/"' in html


# --- the sealed print browser ----------------------------------------------------------------------------


class _Listener:
    """A local HTTP listener that records every connection it gets."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        self.hits: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.hits.append(connection.recv(1024))
            connection.close()


def test_print_browser_reads_only_its_own_folder(tmp_path: Path) -> None:
    from generator.assets.cache import AssetCache
    from generator.documents.pdf import PrintJob, print_pdfs

    listener = _Listener()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-1234", encoding="utf-8")
    folder = tmp_path / "print"
    folder.mkdir()
    (folder / "own.css").write_text("p { color: #123456 }", encoding="utf-8")
    local = f"http://127.0.0.1:{listener.port}"
    (folder / "probe.html").write_text(
        f'<html><head><link rel="stylesheet" href="own.css"><link rel="stylesheet" href="{local}/style.css">'
        f'</head><body><p id="own">正文</p><iframe src="file://{secret}"></iframe>'
        f'<iframe src="{local}/frame"></iframe><img src="file:///etc/passwd"><img src="{local}/pixel.png">'
        f'<script>fetch("{local}/fetch?where=" + location.href)</script></body></html>',
        encoding="utf-8",
    )
    job = PrintJob(folder / "probe.html", tmp_path / "probe.pdf")
    blocked = print_pdfs([job], AssetCache(None))
    listener.socket.close()
    assert listener.hits == []  # nothing reached the network, not even the page's own script
    with pdfplumber.open(job.pdf) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "TOPSECRET" not in text and "root:" not in text
    reported = "\n".join(blocked)
    for url in (f"file://{secret}", f"{local}/style.css", f"{local}/frame", "file:///etc/passwd", f"{local}/pixel.png"):
        assert url in reported, reported
    assert "own.css" not in reported  # the page's own folder is readable


# --- caches ----------------------------------------------------------------------------------------------


def _entries(cache: Path, kind: str) -> list[Path]:
    return sorted((cache / kind).rglob("*.bin"))


def test_a_damaged_cache_entry_is_drawn_again_never_published(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run_cli("build", "-q", *DAY, "--cache-dir", str(cache), cwd=project).returncode == 0
    good = snapshot(project / "site")
    for entry in _entries(cache, "assets") + _entries(cache, "pdf"):
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])  # truncated on disk
    shutil.rmtree(project / "site")
    result = run_cli("build", *DAY, "--cache-dir", str(cache), cwd=project)
    assert result.returncode == 0, result.stderr
    entries = len(_entries(cache, "assets")) + len(_entries(cache, "pdf"))
    assert f"缓存中有 {entries} 个文件已损坏" in result.stderr, result.stderr  # said whole when it is not
    assert "沿用缓存 0 份" in result.stderr
    assert snapshot(project / "site") == good


def test_a_campaign_poster_layout_rebuilds_the_microsites(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run_cli("build", "-q", "--no-pdf", *DAY, "--cache-dir", str(cache), cwd=project).returncode == 0
    before = (project / "site/2022-nianhuojie/hunan/assets/posters/share.png").read_bytes()
    from generator.assets.posters import layout_file

    layout = layout_file("share").read_text(encoding="utf-8").replace("size: 100,", "size: 80,")
    (project / "campaigns/2022-nianhuojie/posters").mkdir()
    (project / "campaigns/2022-nianhuojie/posters/share.yml").write_text(layout, encoding="utf-8")
    result = run_cli("build", "--no-pdf", *DAY, "--cache-dir", str(cache), cwd=project)
    assert "5 个微站（3 个未改动" in result.stderr  # the 2022 campaign's two microsites, not the others
    assert (project / "site/2022-nianhuojie/hunan/assets/posters/share.png").read_bytes() != before


def test_the_drawing_code_in_cache_keys_is_found_not_listed() -> None:
    from generator.assets.cache import code_digest

    root = Path(__file__).parents[1] / "generator"
    mark = root / "render" / "mark.py"
    before = code_digest.__wrapped__("generator.assets.posters")
    original = mark.read_text(encoding="utf-8")
    try:
        mark.write_text(original + "\n# a change to the mark drawn on posters\n", encoding="utf-8")
        assert code_digest.__wrapped__("generator.assets.posters") != before
        assert code_digest.__wrapped__("generator.assets.qrcodes") == code_digest.__wrapped__(
            "generator.assets.qrcodes"
        )
    finally:
        mark.write_text(original, encoding="utf-8")


@pytest.mark.unit
def test_cache_keys_find_every_import_python_would_run() -> None:
    """The code in a cache key is found by a pattern (assets/cache.py): it must find every generator module that
    Python's own parser finds imported, in every module, at the top or inside a function."""
    import ast

    from generator.assets.cache import _imports, _module_file

    root = Path(__file__).parents[1] / "generator"
    read = 0
    for path in sorted(root.rglob("*.py")):
        name = ".".join(("generator", *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        parsed = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                module = ".".join([*base, node.module] if node.module else base)
                parsed |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
            elif isinstance(node, ast.Import):
                parsed |= {alias.name for alias in node.names}
        wanted = {n for n in parsed if n.startswith("generator.") and _module_file(n)}
        assert wanted <= _imports.__wrapped__(path, name), path
        read += len(wanted)
    assert read > 300  # the probe reads the imports (about 490)


@pytest.mark.unit
@pytest.mark.parametrize(
    "source",
    [
        "from . import (render,  # f(x)\n    findings)\n",
        "import generator.render, \\\n    generator.findings\n",
        "import generator.render; import generator.findings\n",
        "if True: from . import render\nfrom . import findings\n",
        "from.render import x\nfrom . import(findings)\n",
        "from . import render as r, findings\n",
    ],
)
def test_cache_keys_find_imports_written_in_any_form(tmp_path: Path, source: str) -> None:
    from generator.assets.cache import _imports

    module = tmp_path / "written.py"
    module.write_text(source, encoding="utf-8")
    found = _imports.__wrapped__(module, "generator.written")
    assert {"generator.render", "generator.findings"} <= found


def test_hand_edited_or_deleted_files_of_site_are_restored(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run_cli("build", "-q", "--no-pdf", *DAY, "--cache-dir", str(cache), cwd=project).returncode == 0
    good = snapshot(project / "site")
    (project / "site/2022-nianhuojie/hunan/platforms/index.html").write_text("改过", encoding="utf-8")
    (project / "site/2021-shuangpin/data.json").unlink()
    (project / "site/2021-nianhuojie/extra.html").write_text("多出来的", encoding="utf-8")
    result = run_cli("build", "--no-pdf", *DAY, "--cache-dir", str(cache), cwd=project)
    assert "5 个微站（2 个未改动" in result.stderr
    assert snapshot(project / "site") == good


def test_another_day_renders_the_pages_again_but_draws_nothing_again(project: Path, tmp_path: Path) -> None:
    """The pages show the day (the timeline's 今天, the calendar's stamps); the posters and codes do not."""
    cache = tmp_path / "cache"
    first = run_cli("build", "--no-pdf", "--today", "2022-01-20", "--cache-dir", str(cache), cwd=project)
    assert first.returncode == 0 and "5 个微站（0 个未改动" in first.stderr
    again = run_cli("build", "--no-pdf", "--today", "2022-01-21", "--cache-dir", str(cache), cwd=project)
    assert "5 个微站（0 个未改动" in again.stderr and "二维码和海报新生成 0 个" in again.stderr
    same = run_cli("build", "--no-pdf", "--today", "2022-01-21", "--cache-dir", str(cache), cwd=project)
    assert "5 个微站（5 个未改动" in same.stderr


def test_no_cache_and_cache_dir_write_only_where_they_say(project: Path, tmp_path: Path) -> None:
    env_free = {k: v for k, v in os.environ.items() if k != "CAMPAIGNSITE_CACHE_DIR"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator.cli", *args],
            cwd=project,
            env=env_free,
            capture_output=True,
            text=True,
            timeout=600,
        )

    assert cli("build", "-q", "--no-pdf", *DAY, "--no-cache").returncode == 0
    assert not (project / ".cache").exists()
    cache = tmp_path / "elsewhere" / "cache"
    assert cli("build", "-q", "--no-pdf", *DAY, "--cache-dir", str(cache)).returncode == 0
    assert not (project / ".cache").exists()
    assert sorted(p.name for p in cache.parent.iterdir()) == ["cache"]
    assert sorted(p.name for p in cache.iterdir()) == ["assets", "microsites", "templates", "words"]


# --- one build at a time, and no survivors ---------------------------------------------------------------


def _start(project: Path, pause: str = "") -> subprocess.Popen[str]:
    return start_build(project, pause, "--no-pdf", *DAY)


def test_a_second_build_waits_for_the_first(project: Path, published: dict[str, str]) -> None:
    edit(project / HUNAN, "兴盛优选", "兴盛优选二")
    first = _start(project, pause="rendered")
    line_with(first, "checkpoint: rendered")  # the first build holds the site's lock
    second = _start(project)
    line_with(second, "正在写入")  # and the second one says it waits for it
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert second.wait(timeout=600) == 0, second.stderr.read()
    assert "兴盛优选二" in (project / "site/2022-nianhuojie/hunan/platforms/index.html").read_text(encoding="utf-8")
    assert not list(project.glob(".site.staging-*"))


def test_workers_do_not_outlive_a_killed_build(project: Path) -> None:
    build_process = _start(project, pause="microsite")
    worker = int(line_with(build_process, "checkpoint: microsite").split()[-1])
    assert worker != build_process.pid
    handle = os.pidfd_open(worker)  # becomes readable when the worker ends
    try:
        os.kill(build_process.pid, signal.SIGKILL)  # the build only, not its process group
        build_process.wait()
        ended = select.select([handle], [], [], 120)[0]  # a bound, not a guess: a survivor would wait forever
    finally:
        os.close(handle)
        os.killpg(build_process.pid, signal.SIGKILL)
    assert ended, "a worker outlived the build"


# --- the machine's faults and broken templates ------------------------------------------------------------


def test_site_folder_that_cannot_be_written(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = build(project, "--site-dir", str(blocker / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "无法读写文件" in result.stderr and "原有 site/ 保持不变" in result.stderr


def test_a_font_that_is_no_font(project: Path, published: dict[str, str]) -> None:
    (project / "campaigns/2022-nianhuojie/fonts").mkdir()
    (project / "campaigns/2022-nianhuojie/fonts/fake.otf").write_text("not a font", encoding="utf-8")
    edit(project / NATIONAL, "branding:\n", "branding:\n  font: fonts/fake.otf\n")
    output = refused(build(project), "poster-font", NATIONAL, line_of(project / NATIONAL, "font: fonts/fake.otf"))
    assert "不是可用的字体" in output
    assert snapshot(project / "site") == published


FORK_TEMPLATES = {  # the template, the line named, the rule (fork-template: `check` finds it before any build)
    "syntax-error": ('{% extends "campaign.html" %}\n{% block hero %}\n<p>横幅</p>\n', 2, "fork-template"),
    "missing-include": (
        '{% extends "campaign.html" %}\n{% block hero %}\n{% include "partials/none.html" %}\n{% endblock %}\n',
        3,
        "theme-template",
    ),
}


@pytest.mark.parametrize("case", FORK_TEMPLATES.values(), ids=FORK_TEMPLATES.keys())
def test_a_broken_fork_template(project: Path, published: dict[str, str], case: tuple) -> None:
    text, line, rule = case
    (project / HUNAN_FORK / "overrides/main.html").write_text(text, encoding="utf-8")
    refused(build(project), rule, f"{HUNAN_FORK}/overrides/main.html", line)
    assert snapshot(project / "site") == published


def test_a_broken_link_in_a_fork_page(project: Path, published: dict[str, str]) -> None:
    page = project / HUNAN_FORK / "pages/yixian-yipin.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n见[不存在的页面](../nowhere/)。\n", encoding="utf-8")
    refused(build(project), "link-broken", f"{HUNAN_FORK}/pages/yixian-yipin.md", line_of(page, "nowhere"))
    assert snapshot(project / "site") == published


@pytest.mark.unit
def test_a_fork_page_may_not_replace_a_generated_page(project: Path) -> None:
    shutil.copy(project / HUNAN_FORK / "pages/yixian-yipin.md", project / HUNAN_FORK / "pages/platforms.md")
    refused(run_cli("check", cwd=project), "fork-page-name", f"{HUNAN_FORK}/pages/platforms.md", 1)


def test_front_matter_of_a_fork_page_is_not_the_engines(project: Path) -> None:
    page = project / HUNAN_FORK / "pages/yixian-yipin.md"
    page.write_text(
        '---\ntitle: "<img src=x onerror=alert(1)>"\ntemplate: ../../../etc/passwd\n---\n'
        + page.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert build(project).returncode == 0
    html = (project / "site/2022-nianhuojie/hunan/yixian-yipin/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
