"""Region forks, the brand guard, palette contrast, and the editor's commands: new-region, export."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import HUNAN, earlier_site, edit, line_of, load_data, page_text, run_cli, snapshot

LIAONING_FORK = "campaigns/2021-nianhuojie/regions/liaoning"


def test_new_region_scaffold_builds_into_a_microsite(project: Path) -> None:
    result = run_cli("new-region", "2022-nianhuojie", "330000", cwd=project)
    assert result.returncode == 0, result.stderr
    yaml_file = project / "campaigns/2022-nianhuojie/regions/zhejiang.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert 'code: "330000"' in text and "# slogans:" in text and "# branding:" in text
    assert (
        (project / "campaigns/2022-nianhuojie/regions/zhejiang/README.md")
        .read_text(encoding="utf-8")
        .startswith("# 地方主题分支")
    )
    build = run_cli("build", "-q", "--no-pdf", cwd=project)
    assert build.returncode == 0, build.stderr
    data = load_data(project / "site", "2022-nianhuojie/zhejiang")
    assert data["site_name"] == "2022全国网上年货节·浙江" and data["region"]["code"] == "330000"
    sites = json.loads((project / "site/sites.json").read_text(encoding="utf-8"))
    zhejiang = {"campaign": "2022-nianhuojie", "region": "330000", "path": "2022-nianhuojie/zhejiang"}
    assert {**zhejiang, "url": "https://campaigns.example.com/2022-nianhuojie/zhejiang/"} in sites
    again = run_cli("new-region", "2022-nianhuojie", "浙江", cwd=project)
    assert again.returncode == 1 and "浙江省的配置已存在" in again.stderr


def test_every_commented_field_of_the_scaffold_is_valid(project: Path) -> None:
    assert run_cli("new-region", "2022-nianhuojie", "zhejiang", cwd=project).returncode == 0
    yaml_file = project / "campaigns/2022-nianhuojie/regions/zhejiang.yaml"
    lines = yaml_file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# campaign_name"))
    notices = next(i for i, line in enumerate(lines) if line.startswith("# notices"))
    branding = next(i for i, line in enumerate(lines) if line.startswith("# branding"))
    enabled = [
        re.sub(r"^# ?", "", line) if start <= i < notices or i >= branding else line for i, line in enumerate(lines)
    ]
    yaml_file.write_text("\n".join(enabled) + "\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", cwd=project)
    found = [f for f in json.loads(result.stdout) if f["path"] == "campaigns/2022-nianhuojie/regions/zhejiang.yaml"]
    assert found == [], result.stdout  # (the shipped site.yaml's footer warning is not the scaffold's)
    assert result.returncode == 0


def test_hunan_fork_hero_palette_and_page_only_on_hunan(built_site: Path) -> None:
    hunan = page_text(built_site, "2022-nianhuojie/hunan")
    assert 'data-region-fork="hunan"' in hunan and "assets/hunan.css" in hunan
    for other in ("2022-nianhuojie", "2021-nianhuojie/liaoning"):
        assert "data-region-fork" not in page_text(built_site, other)
        assert "hunan.css" not in page_text(built_site, other)
    assert "--cs-primary: #8c1d18" in (built_site / "2022-nianhuojie/hunan/assets/palette.css").read_text()
    assert "#8c1d18" not in (built_site / "2022-nianhuojie/assets/palette.css").read_text()
    page = page_text(built_site, "2022-nianhuojie/hunan/yixian-yipin")
    assert "打响网销“一县一品”品牌" in page and 'data-cs-brand="logo"' in page
    assert 'href="yixian-yipin/"' in hunan  # in the navigation


def test_fork_removing_the_brand_fails_the_build_naming_region_and_template(project: Path) -> None:
    earlier_site(project / "site", "previous")
    before = snapshot(project / "site")
    fork = project / LIAONING_FORK / "overrides"
    fork.mkdir(parents=True)
    (fork / "main.html").write_text(
        '{% extends "campaign.html" %}\n{% block announce %}{% endblock %}\n', encoding="utf-8"
    )
    result = run_cli("build", "-q", "--no-pdf", cwd=project)
    assert result.returncode == 1
    assert f"{LIAONING_FORK}/overrides/main.html:1:1: error: 辽宁省（2021辽宁网上年货节）的页面" in result.stderr
    assert "缺少统一标识：统一标识、活动名称、活动时间" in result.stderr and "(brand-missing)" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before


@pytest.mark.unit
def test_low_contrast_palette_is_reported_by_check(project: Path) -> None:
    edit(project / HUNAN, 'primary: "#8c1d18"', 'primary: "#f2c14e"')
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    line = line_of(project / HUNAN, 'primary: "#f2c14e"')
    assert f"{HUNAN}:{line}:14: error: 配色对比度不足：标题栏、按钮的白色文字在主色（primary）上" in result.stdout
    assert "(palette-contrast)" in result.stdout


def test_export_is_self_contained(built_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "hunan-site"
    result = run_cli(
        "export",
        "2022-nianhuojie",
        "湖南",
        str(target),
        "--campaigns",
        str(built_site.parent / "campaigns"),
        cwd=built_site.parent,
    )
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file() and (target / "assets/posters/share.png").is_file()
    checked = 0
    for page in target.rglob("*.html"):
        for url in re.findall(r'(?:href|src)="([^"#?]*)', page.read_text(encoding="utf-8")):
            if not url or re.match(r"^[a-z]+:", url) or url.startswith("//"):
                continue
            assert not url.startswith("/"), f"{page}: absolute path {url}"
            resolved = (page.parent / url).resolve()
            assert resolved.is_relative_to(target.resolve()) and resolved.exists(), f"{page}: {url}"
            checked += 1
    assert checked > 200
    home = (target / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://campaigns.example.com/2022-nianhuojie/">2022全国网上年货节</a>' in home


def test_build_shows_a_progress_bar_on_a_terminal_and_a_summary(project: Path) -> None:
    import os
    import pty

    main, follower = pty.openpty()  # a real terminal, as an editor's
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build"], cwd=project, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=600) == 0
    text = output.decode("utf-8", errors="replace")
    assert re.search(r"\[█+░*\] 1/5 \S+", text) and "] 5/5 " in text
    assert re.search(r"\[█+\] (\d+)/\1 打印 PDF：\S+\.html", text)  # the printer says how far it is, too
    assert re.search(
        r"完成：5 个微站（0 个未改动、沿用上次结果），\d+ 个页面，\d+ 个文件，.*警告 2 条", text
    )  # no footer, an example.com address
    logged = run_cli("build", cwd=project)  # not a terminal (CI logs): summary only
    assert "█" not in logged.stderr and "完成：5 个微站（5 个未改动" in logged.stderr
