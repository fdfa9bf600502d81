"""`campaignsite audit`: a deployed copy served by Debian's nginx (with the headers snippet), read against the
build. A clean copy gives nothing to fix; a copy in which a file is changed, a page added, a hidden link planted
in a notice, a footer mark removed and a linked file deleted names each with its file and fails (exit 1)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.publish.target import MARK
from tests.nginxserver import nginx
from tests.support import copy_project, run_cli, with_government_footer

HUNAN = "2022-nianhuojie/hunan"
NOTICE = f"{HUNAN}/notices/hunan-2021-12-21/index.html"
PLANTED = f"{HUNAN}/notices/bocai/index.html"
CHANGED = f"{HUNAN}/rights/index.html"
FOOTERLESS = f"{HUNAN}/contact/index.html"
DELETED = f"{HUNAN}/schedule.ics"
HIDDEN_LINKS = (
    '<div style="position:absolute; left:-9999px"><a href="../bocai/">年货优惠</a></div>'
    '<p style="color:#FFFFFF; background-color:#fff"><a href="https://spam.example.net/">优惠</a></p>'
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped campaigns (ended: their pages say 归档) with a government footer, built once."""
    root = copy_project(tmp_path_factory.mktemp("audit") / "project")
    with_government_footer(root)
    result = run_cli("build", "-q", "--no-pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def snippet(site: Path, project: Path) -> str:
    result = run_cli("headers", "--site-dir", str(site), "--no-hsts", cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stdout


def audit(url: str, project: Path, *extra: str) -> tuple[int, list[dict]]:
    result = run_cli("audit", url, "--format", "json", *extra, cwd=project)
    assert "Traceback" not in result.stderr and "检查完成" in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert report["vetoed"] == (result.returncode == 1)
    assert report["files"] == sum(1 for f in (project / "site").rglob("*") if f.is_file() and f.name != MARK)
    return result.returncode, report["findings"]


@pytest.fixture
def deployed(project: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the built site as the server holds it, served by nginx with the generated headers."""
    copy = tmp_path / "www"
    shutil.copytree(project / "site", copy)
    with nginx(copy, snippet(project / "site", project), tmp_path / "nginx") as url:
        yield copy, url


def plain(findings: list[dict]) -> set[tuple[str, str, str]]:
    return {(f["level"], f["kind"], f["path"]) for f in findings if f["level"] != "提示"}


def test_a_clean_deploy_has_nothing_to_fix(project: Path, deployed: tuple[Path, str]) -> None:
    code, findings = audit(deployed[1], project)
    assert (code, plain(findings)) == (0, set()), findings
    newest = {f["path"]: f["message"] for f in findings if f["kind"] == "newest"}
    assert newest[f"{HUNAN}/index.html"] == "最新内容的日期：2021-12-28，已归档"
    assert len(newest) == 5  # each microsite's home


def test_each_planted_change_is_named_with_its_file(project: Path, deployed: tuple[Path, str]) -> None:
    copy, url = deployed
    changed = copy / CHANGED
    changed.write_text(changed.read_text(encoding="utf-8").replace("12315", "12345", 1), encoding="utf-8")
    notice = copy / NOTICE
    notice.write_text(notice.read_text(encoding="utf-8").replace("</article>", HIDDEN_LINKS + "</article>", 1))
    (copy / PLANTED).parent.mkdir()
    (copy / PLANTED).write_text("<!doctype html><title>优惠</title><p>博彩</p>", encoding="utf-8")
    contact = copy / FOOTERLESS
    text = contact.read_text(encoding="utf-8")
    assert "网站标识码：" in text
    contact.write_text(text.replace("网站标识码：", "标识："), encoding="utf-8")
    (copy / DELETED).unlink()
    code, findings = audit(url, project)
    assert code == 1
    found = plain(findings)
    assert {
        ("单项否决", "modified", CHANGED),
        ("单项否决", "modified", NOTICE),
        ("单项否决", "modified", FOOTERLESS),
        ("单项否决", "unbuilt", PLANTED),
        ("单项否决", "hidden-link", NOTICE),
        ("扣分", "footer-mark", FOOTERLESS),
        ("扣分", "missing", DELETED),
    } <= found, findings
    broken = [f for f in findings if f["kind"] == "broken-link" and DELETED in f["message"]]
    assert [f["path"] for f in broken] == [f"{HUNAN}/downloads/index.html"], broken  # the first page linking to it
    hidden = sorted(f["message"] for f in findings if f["kind"] == "hidden-link")
    assert len(hidden) == 2 and "移出屏幕" in hidden[1] and "文字与背景同色" in hidden[0], hidden
    assert {f["kind"] for f in findings if f["level"] == "单项否决"} == {"modified", "unbuilt", "hidden-link"}


def test_missing_headers_are_counted(project: Path, tmp_path: Path) -> None:
    with nginx(project / "site", "", tmp_path / "nginx") as url:
        code, findings = audit(url, project)
    missing = {f["message"].split("响应头 ")[1] for f in findings if f["kind"] == "header-missing"}
    assert missing == {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                       "Permissions-Policy"}  # fmt: skip
    assert code == 0  # points lost, not a failed inspection


def test_a_running_campaign_not_updated_for_two_weeks_fails(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    with_government_footer(root)
    assert run_cli("build", "-q", "--no-pdf", "--today", "2022-01-20", cwd=root).returncode == 0
    with nginx(root / "site", snippet(root / "site", root), tmp_path / "nginx") as url:
        code, findings = audit(url, root, "--today", "2022-01-20")
        assert code == 1
        stale = {f["path"]: f["message"] for f in findings if f["kind"] == "home-stale"}
        assert stale[f"{HUNAN}/index.html"].startswith("首页 23 天未更新（超过两周），且未标明归档：发布新的通知")
        code, findings = audit(url, root, "--today", "2022-01-05")
        assert code == 0 and not [f for f in findings if f["kind"] == "home-stale"]


def test_an_unreachable_site_fails(project: Path) -> None:
    code, findings = audit("http://127.0.0.1:9/", project)
    assert code == 1 and [(f["level"], f["kind"]) for f in findings] == [("单项否决", "unreachable")]


def served_with(project: Path, tmp_path: Path, extra: str) -> Iterator[tuple[Path, str]]:
    """The clean copy served with the generated headers and `extra` nginx directives (an attacker's)."""
    copy = tmp_path / "www"
    shutil.copytree(project / "site", copy)
    with nginx(copy, extra + snippet(project / "site", project), tmp_path / "nginx") as url:
        yield copy, url


@pytest.mark.parametrize(
    ("directives", "kind", "path"),
    [
        ("location = / { return 302 https://evil.example.net/; }", "unreachable", "/"),
        ("location = /2021-nianhuojie/ { return 302 https://evil.example.net/; }", "redirect", "2021-nianhuojie/"),
        ("location = /2021-shuangpin/index.html { return 301 https://evil.example.net/; }", "redirect",
         "2021-shuangpin/index.html"),
        ('location = /2021-shuangpin/rights/index.html { if ($http_user_agent ~* "Baiduspider") '
         "{ return 200 '<a href=\"https://evil.example.net/\">bet</a>'; } }", "cloaking",
         "2021-shuangpin/rights/index.html"),
    ],
)  # fmt: skip
def test_what_the_server_does_to_addresses_and_crawlers_is_seen(
    project: Path, tmp_path: Path, directives: str, kind: str, path: str
) -> None:
    for _, url in served_with(project, tmp_path, directives + "\n"):
        code, findings = audit(url, project) if kind != "unreachable" else _unreachable(url, project)
        assert code == 1
        assert (kind, path) in {(f["kind"], f["path"]) for f in findings if f["level"] == "单项否决"}, findings


def _unreachable(url: str, project: Path) -> tuple[int, list[dict]]:
    result = run_cli("audit", url, "--format", "json", cwd=project)
    report = json.loads(result.stdout)
    assert "重定向到 https://evil.example.net/" in report["findings"][0]["message"]
    return result.returncode, report["findings"]


def test_a_blanked_page_is_a_changed_page_not_a_crash(project: Path, deployed: tuple[Path, str]) -> None:
    copy, url = deployed
    (copy / NOTICE).write_text("\n", encoding="utf-8")
    code, findings = audit(url, project)
    assert code == 1 and ("modified", NOTICE) in {(f["kind"], f["path"]) for f in findings}


def test_a_weakened_policy_loses_points(project: Path, tmp_path: Path) -> None:
    weak = snippet(project / "site", project).replace("script-src 'self'", "script-src * 'unsafe-inline'")
    with nginx(project / "site", weak, tmp_path / "nginx") as url:
        code, findings = audit(url, project)
    values = [f["message"] for f in findings if f["kind"] == "header-value"]
    assert code == 0 and len(values) == 1 and "Content-Security-Policy" in values[0] and "unsafe-inline" in values[0]


@pytest.mark.unit
@pytest.mark.parametrize("url", ["ftp://x.example/", "https://x.example/?a=1", "https://x.example/index.html", "zt"])
def test_the_address_must_be_the_site_root(project: Path, url: str) -> None:
    from tests.support import run_in_process

    result = run_in_process(["audit", url, "--site-dir", str(project)], project)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr
