"""A hostile province editor and a careless operator, round two: a fork's templates, pages and files run no code
and publish no script, commands fill only folders that are theirs, web addresses and text are what they look
like, resources are bounded, and `check` says what `build` refuses. Same contract as test_hostile_inputs.py."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import DAY, build, check_findings, line_with
from tests.support import (
    HUNAN,
    HUNAN_FORK,
    NATIONAL,
    copy_project,
    edit,
    line_of,
    refused,
    run_cli,
    snapshot,
    start_build,
)

PARTY_MARK_FOOTER = """footer:
  host: 中华人民共和国商务部
  party_mark:
    image: party-mark.png
    url: https://bszs.conac.cn/sitename?method=show&id=EXAMPLE
"""


# --- trust, round two: a fork runs no code and publishes no script; nothing deleted that we did not make ----

REGION_HEAD = f"{HUNAN_FORK}/overrides/partials/cs-region-head.html"
ENGINES = ("mkdocs", "zensical")
TEMPLATE_ATTACKS = {  # what a fork template writes -> the rule `check` refuses it with, at the written line
    "popen": ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "fork-template"),
    "builtins-open": ("{{ cycler.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}", "fork-template"),
    "os-environ": ("{{ cycler.__init__.__globals__.os.environ }}", "fork-template"),
    "site-dir": ("{{ config.site_dir }}", "fork-template"),
    "source-path": ("{{ page.file.abs_src_path }}", "fork-template"),
    "include-absolute": ('{% include "/etc/passwd" %}', "fork-template"),
    "include-environ": ('{% include "/proc/self/environ" %}', "fork-template"),
    "include-parent": ('{% include "../../../../etc/passwd" %}', "fork-template"),
    "include-variable": ("{% include config.extra.generator %}", "fork-template"),
    "safe-filter": ("{{ '<b>' | safe }}", "fork-template"),
    "autoescape-off": ("{% autoescape false %}{{ x }}{% endautoescape %}", "fork-template"),
    "literal-script": ("<script>alert(1)</script>", "fork-template"),
    "literal-handler": ('<div onmouseover="alert(1)">x</div>', "fork-template"),
    "outside-stylesheet": ('<link rel="stylesheet" href="https://evil.cn/x.css">', "fork-template"),
}
LEAKED = ("uid=", "root:x:0", "PATH=", "staging-", "/etc/passwd")


def _add_to_region_head(project: Path, text: str) -> int:
    path = project / REGION_HEAD
    path.write_text(path.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.unit
@pytest.mark.parametrize("attack", TEMPLATE_ATTACKS.values(), ids=TEMPLATE_ATTACKS.keys())
def test_a_fork_template_reaching_past_the_theme_is_refused_by_check(project: Path, attack: tuple) -> None:
    text, rule = attack
    line = _add_to_region_head(project, text)
    refused(run_cli("check", cwd=project), rule, REGION_HEAD, line)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("attack", ["popen", "include-environ", "include-parent"])
def test_a_fork_template_reaching_past_the_theme_is_refused_by_both_engines(
    project: Path, published: dict[str, str], engine: str, attack: str
) -> None:
    line = _add_to_region_head(project, TEMPLATE_ATTACKS[attack][0])
    output = refused(build(project, "--engine", engine), "fork-template", REGION_HEAD, line)
    assert not any(leak in output for leak in LEAKED[:3])
    assert snapshot(project / "site") == published


SANDBOX_ESCAPES = {  # names built from pieces: no reading of the source sees them; the sandbox refuses them
    "dunder-from-pieces": "{% set n = '__in' ~ 'it__' %}{{ cycler | attr(n) }}",
    "machine-path-from-pieces": "{% set n = 'site' ~ '_dir' %}{{ config[n] }}",
    "engine-method": "{% set n = 'get' ~ '_env' %}{{ (config.theme | attr(n))() }}",
    "plugin-files": "{% set n = 'tak' ~ 'en' %}{{ config.plugins['campaignsite-shared-files'] | attr(n) }}",
}


@pytest.mark.parametrize("escape", SANDBOX_ESCAPES.values(), ids=SANDBOX_ESCAPES.keys())
def test_the_mkdocs_sandbox_refuses_what_check_cannot_see(
    project: Path, published: dict[str, str], escape: str
) -> None:
    line = _add_to_region_head(project, escape)
    assert run_cli("check", cwd=project).returncode == 0  # nothing to see in the source
    output = refused(build(project), "theme-template", REGION_HEAD, line)
    assert "地方主题分支的模板不能" in output and not any(leak in output for leak in LEAKED)
    assert snapshot(project / "site") == published


PIECED_SCRIPT = {  # put together from pieces: refused where the template writes it, or on the built pages
    "handler": ('<div {{ "onmouse" ~ "over" }}="alert(1)">x</div>', "fork-template", REGION_HEAD, None),
    "frame": ('<{{ "ifr" ~ "ame" }} src="https://evil.cn/"></iframe>', "fork-template", REGION_HEAD, None),
    "outside-stylesheet": (
        '<link rel="stylesheet" href="{{ "https:" ~ "//evil.cn/x.css" }}">',
        "page-script",
        f"{HUNAN_FORK}/overrides/main.html",
        1,
    ),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("piece", PIECED_SCRIPT.values(), ids=PIECED_SCRIPT.keys())
def test_script_a_fork_puts_together_is_never_published(
    project: Path, published: dict[str, str], engine: str, piece: tuple
) -> None:
    text, rule, path, line = piece
    written = _add_to_region_head(project, text)
    refused(build(project, "--engine", engine), rule, path, line or written)
    assert snapshot(project / "site") == published


@pytest.mark.unit
def test_every_built_page_is_looked_at_for_script_the_theme_does_not_write(tmp_path: Path) -> None:
    """What no reading of a template could find is still found on the built pages (page_policy.py)."""
    from generator.publish.page_policy import policy_findings
    from generator.publish.pagescan import page_facts
    from generator.read import load_project
    from generator.resolve import resolve_editions

    project = copy_project(tmp_path / "project")
    editions = resolve_editions(load_project(project / "campaigns")[0])
    theme = b'<html><body><script>var theme = "..";</script><script src="../assets/cs-phase.js"></script></body></html>'
    forked = [
        b'<html><body><script>var theme = "..";</script><script>alert(1)</script></body></html>',
        b'<html><body><script src="../assets/app.css"></script></body></html>',
        b'<html><body><div onmouseover="alert(1)">x</div></body></html>',
        b'<html><body><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript></body></html>',
        b'<html><body><img src="a.png" srcset="/\\\\evil.cn/8.png 1x"></body></html>',
        b'<html><body><div style="background:url(http://evil.cn/7.png)">x</div></body></html>',
    ]
    national = {"2022-nianhuojie/platforms/index.html": page_facts(theme, "platforms/index.html", "2022-nianhuojie")}
    same = page_facts(theme, "p/index.html", "2022-nianhuojie/hunan")
    assert policy_findings({**national, "2022-nianhuojie/hunan/p/index.html": same}, editions, {}) == []
    for page in forked:
        facts = {
            **national,
            "2022-nianhuojie/hunan/p/index.html": page_facts(page, "p/index.html", "2022-nianhuojie/hunan"),
        }
        findings = policy_findings(facts, editions, {})
        assert [f.rule for f in findings] == ["page-script"], page
        assert findings[0].path.endswith(f"{HUNAN_FORK}/overrides/main.html")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_worker_holds_no_secret_of_the_build(project: Path, engine: str) -> None:
    """Nor does Zensical's builder, a process the worker starts (engines/zensical_builder.py)."""
    process = start_build(
        project, "microsite", "--no-pdf", *DAY, "-j", "1", "--engine", engine, DEPLOY_TOKEN="s3cr3t-token-4711"
    )
    try:
        worker = int(line_with(process, "checkpoint: microsite").split()[-1])
        assert worker != process.pid  # even with -j 1, a fork's templates never run in the build's process
        helpers = _children(worker)
        initial = {pid: Path(f"/proc/{pid}/environ").read_bytes() for pid in [worker, *helpers]}
        own = Path(f"/proc/{process.pid}/environ").read_bytes()
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert b"s3cr3t-token-4711" in own  # the probe can see a secret where there is one
    assert len(helpers) == (engine == "zensical")  # the builder, started as the worker warmed up
    assert all(b"s3cr3t-token-4711" not in block for block in initial.values())


# --- fork pages and files ----------------------------------------------------------------------------------

FORK_PAGE = f"{HUNAN_FORK}/pages/yixian-yipin.md"
FRONT_MATTER = '---\ntitle: 一县一品\ndescription: "\\"><script>alert(1)</script>"\nhide: [navigation, toc]\n---\n'


@pytest.mark.parametrize("encoding", ["crlf", "bom", "bom-crlf", "dots-end"])
def test_front_matter_of_a_fork_page_never_reaches_the_engine(project: Path, encoding: str) -> None:
    page = project / FORK_PAGE
    matter = FRONT_MATTER.replace("---\n", "---\n", 1)
    if encoding == "dots-end":
        matter = matter[:-4] + "...\n"
    raw = (matter + page.read_text(encoding="utf-8")).encode("utf-8")
    if "crlf" in encoding:
        raw = raw.replace(b"\n", b"\r\n")
    if "bom" in encoding:
        raw = b"\xef\xbb\xbf" + raw
    page.write_bytes(raw)
    assert build(project).returncode == 0
    html = (project / "site/2022-nianhuojie/hunan/yixian-yipin/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "alert(1)" not in html
    assert 'data-md-type="navigation" >' in html  # the navigation is not hidden (hide: is not the fork's)
    assert "<title>一县一品" in html


def test_raw_html_in_a_fork_page_is_removed_and_reported(project: Path) -> None:
    page = project / FORK_PAGE
    page.write_text(
        page.read_text(encoding="utf-8") + '\n<script>alert(2)</script><p onmouseover="x()">悬停</p>'
        '<iframe src="https://evil.cn/"></iframe>\n\n![外站图片](https://evil.cn/x.png)\n',
        encoding="utf-8",
    )
    lines = page.read_text(encoding="utf-8").splitlines()
    findings = [f for f in check_findings(project) if f["rule"] == "markup-removed"]
    assert {(f["path"], f["line"]) for f in findings} == {(FORK_PAGE, len(lines) - 2), (FORK_PAGE, len(lines))}
    assert len(findings) == 4 and all(f["severity"] == "warning" for f in findings)
    assert build(project).returncode == 0
    html = (project / "site/2022-nianhuojie/hunan/yixian-yipin/index.html").read_text(encoding="utf-8")
    assert "悬停" in html
    for gone in ("alert(2)", "onmouseover", "<iframe", "evil.cn"):
        assert gone not in html


@pytest.mark.unit
def test_a_fork_page_not_in_utf8_is_refused_at_its_first_byte(project: Path) -> None:
    page = project / FORK_PAGE
    page.write_bytes("# 湖南年货\n\n一县一品\n".encode("gbk"))
    result = run_cli("check", cwd=project)
    refused(result, "encoding", FORK_PAGE, 1)
    assert f"{FORK_PAGE}:1:3:" in result.stdout  # "#", " ", then the first GBK byte


FORK_FILES = {  # a file of the fork's overrides/ -> what it holds
    "svg-with-script": ("assets/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "script-file": ("assets/app.js", b"alert(1)"),
    "sitemap": ("sitemap.xml", b"<urlset/>"),
    "data-file": ("data.json", b"{}"),
    "page-in-assets": ("assets/x.html", b"<p>x</p>"),
    "outside-import": ("assets/evil.css", b"p{}\n@import url('https://evil.cn/x.css');\n"),
    "png-that-is-html": ("assets/street.png", b"<html><script>alert(1)</script></html>"),
}


@pytest.mark.parametrize("case", FORK_FILES.values(), ids=FORK_FILES.keys())
def test_a_fork_file_that_could_carry_script_or_replace_a_generated_file(
    project: Path, published: dict[str, str], case: tuple
) -> None:
    relative, content = case
    path = project / HUNAN_FORK / "overrides" / relative
    path.write_bytes(content)
    line = 2 if relative.endswith(".css") else 1
    refused(run_cli("check", cwd=project), "fork-file", f"{HUNAN_FORK}/overrides/{relative}", line)
    refused(build(project), "fork-file", f"{HUNAN_FORK}/overrides/{relative}", line)
    assert snapshot(project / "site") == published


# --- folders a command fills ---------------------------------------------------------------------------------


def test_site_dir_with_other_files_is_left_as_it_was(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "年终总结.docx").write_bytes(b"irreplaceable")
    result = build(project, "--site-dir", str(folder))
    refused(result, "site-dir", os.path.relpath(folder, project), 1)
    assert sorted(p.name for p in folder.iterdir()) == ["年终总结.docx"]


@pytest.mark.parametrize("target", [".", "..", "campaigns", "content/new-site", ".git"])
def test_site_dir_is_never_the_project_a_folder_above_it_or_an_input(project: Path, target: str) -> None:
    (project / ".git").mkdir()
    before = snapshot(project)
    refused(build(project, "--site-dir", target), "site-dir", target, 1)
    assert snapshot(project) == before


def test_site_dir_this_tool_built_or_empty_is_replaced(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(project, "--site-dir", str(empty)).returncode == 0
    assert (empty / ".campaignsite").is_file() and (empty / "sites.json").is_file()
    (empty / "2022-nianhuojie/stale.html").write_text("旧", encoding="utf-8")
    assert build(project, "--site-dir", str(empty)).returncode == 0  # ours: replaced whole
    assert not (empty / "2022-nianhuojie/stale.html").exists()


def test_export_follows_the_same_rule(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "portal"
    folder.mkdir()
    (folder / "index.html").write_text("省政府门户", encoding="utf-8")
    refused(
        run_cli("export", "2022-nianhuojie", "hunan", str(folder), "--no-pdf", cwd=project),
        "site-dir",
        os.path.relpath(folder, project),
        1,
    )
    assert (folder / "index.html").read_text(encoding="utf-8") == "省政府门户"
    again = tmp_path / "export"
    for _ in range(2):  # an earlier export is the tool's own: replaced
        assert run_cli("export", "2022-nianhuojie", "hunan", str(again), "--no-pdf", cwd=project).returncode == 0


def test_a_folder_named_like_a_staging_folder_is_not_ours_to_delete(project: Path, published: dict[str, str]) -> None:
    theirs = project / ".site.staging-backup"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("别删", encoding="utf-8")
    assert build(project).returncode == 0
    assert (theirs / "keep.txt").read_text(encoding="utf-8") == "别删"


def test_a_failed_build_publishes_nothing_not_even_after_the_swap(
    project: Path, published: dict[str, str], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "microsites").write_text("a file where the stamps go", encoding="utf-8")  # stamps cannot be written
    edit(project / HUNAN, "兴盛优选", "兴盛优选二")
    result = build(project, "--cache-dir", str(cache))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "原有 site/ 保持不变" in result.stderr
    assert snapshot(project / "site") == published  # true to its word


# --- web addresses ---------------------------------------------------------------------------------------------

URL_CASES = {  # (file, old, new) -> rule
    "userinfo": (NATIONAL, "url: https://www.jd.com/", "url: https://www.jd.com@evil.cn/", "url-host"),
    "punycode": (NATIONAL, "url: https://www.jd.com/", "url: https://xn--jd-xxx.com/", "url-host"),
    "chinese-host": (NATIONAL, "url: https://www.jd.com/", "url: https://京东.com/", "url-host"),
    "space": (NATIONAL, "url: https://www.jd.com/", 'url: "https://www.jd .com/"', "url-hidden"),
    "tab": (NATIONAL, "url: https://www.jd.com/", 'url: "https://www.jd.com/\\tx"', "url-hidden"),
    "newline": (NATIONAL, "url: https://www.jd.com/", 'url: "https://www.jd.com/\\nx"', "schema-line"),
    "backslash": (NATIONAL, "url: https://www.jd.com/", 'url: "https://www.jd.com\\\\@evil.cn/"', "url-hidden"),
    "look-alike-platform": (
        NATIONAL,
        "url: https://www.jd.com/",
        "url: https://www.jd-nianhuo.cn/",
        "url-platform-host",
    ),
    "http-platform": (HUNAN, "url: https://www.xsyxsc.com/", "url: http://www.xsyxsc.com/", "url-https"),
    "complaint-http": (HUNAN, "rules:\n", "rules:\n  complaint:\n    url: http://evil.cn/12315\n", "url-https"),
    "complaint-scheme-relative": (HUNAN, "rules:\n", "rules:\n  complaint:\n    url: //evil.cn/\n", "url-scheme"),
    "complaint-userinfo": (
        HUNAN,
        "rules:\n",
        "rules:\n  complaint:\n    url: https://www.12315.cn@evil.cn/\n",
        "url-host",
    ),
    "complaint-javascript-tab": (
        HUNAN,
        "rules:\n",
        'rules:\n  complaint:\n    url: "java\\tscript:alert(1)"\n',
        "url-unsafe",
    ),
}


@pytest.mark.unit
@pytest.mark.parametrize("case", URL_CASES.values(), ids=URL_CASES.keys())
def test_a_web_address_that_is_not_what_it_says_is_refused_at_its_line(project: Path, case: tuple) -> None:
    rel, old, new, rule = case
    edit(project / rel, old, new)
    refused(run_cli("check", cwd=project), rule, rel, line_of(project / rel, new.strip().splitlines()[-1].strip()))


def test_every_external_host_is_listed_for_a_reviewer(project: Path) -> None:
    result = build(project)
    assert result.returncode == 0
    summary = next(line for line in result.stderr.splitlines() if line.startswith("站外网址"))
    data = json.loads((project / "site/2022-nianhuojie/hunan/data.json").read_text(encoding="utf-8"))
    assert "www.xsyxsc.com" in data["external_hosts"] and "www.12315.cn" in data["external_hosts"]
    assert "campaigns.example.com" not in data["external_hosts"] and "www.w3.org" not in data["external_hosts"]
    assert all(host in summary for host in data["external_hosts"])
    assert summary.count("www.jd.com") == 1


# --- text that is not what it looks like ------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_invisible_characters_are_refused_by_code_point(project: Path, character: str) -> None:
    edit(project / HUNAN, "name: 兴盛优选", f"name: 兴盛{character}优选")
    output = refused(run_cli("check", cwd=project), "text-invisible", HUNAN, line_of(project / HUNAN, "兴盛"))
    assert f"U+{ord(character):04X}" in output


@pytest.mark.unit
def test_kangxi_radicals_are_a_warning_with_the_ideograph(project: Path) -> None:
    edit(project / HUNAN, "name: 兴盛优选", "name: 兴盛优选⼀号")  # U+2F00, not 一
    findings = [f for f in check_findings(project) if f["rule"] == "text-radical"]
    assert [(f["severity"], f["line"]) for f in findings] == [("warning", line_of(project / HUNAN, "⼀号"))]
    assert "“一”（U+4E00）" in findings[0]["fix"]


@pytest.mark.unit
def test_a_radical_in_a_printed_part_stops_the_build_at_its_line(project: Path) -> None:
    """The print faces map no radical (documents/printfonts.py): a notice's title holding one is refused."""
    edit(project / NATIONAL, "title: 关于组织开展", "title: 关于组织开展⼀")  # U+2F00, not 一
    findings = [f for f in check_findings(project) if f["rule"] == "print-glyphs"]
    assert [(f["severity"], f["line"]) for f in findings] == [("error", line_of(project / NATIONAL, "开展⼀"))]
    assert "部首字符：⼀" in findings[0]["message"] and "“一”" in findings[0]["fix"]


@pytest.mark.unit
def test_a_line_break_in_a_name_is_refused(project: Path) -> None:
    edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", 'campaign_name: "2022湖南\\n网上年货节"')
    refused(run_cli("check", cwd=project), "schema-line", HUNAN, line_of(project / HUNAN, "campaign_name"))


# --- resources and limits ------------------------------------------------------------------------------------


def _bomb_png(path: Path) -> None:
    """A PNG of 13000 × 13000 pixels in a few kilobytes: the header says the size, decoding would take 500 MB."""
    from PIL import Image

    Image.new("1", (13000, 13000)).save(path, optimize=True)


def test_an_image_that_unpacks_to_gigabytes_is_refused_from_its_header(
    project: Path, published: dict[str, str]
) -> None:
    _bomb_png(project / "campaigns/2022-nianhuojie/bomb.png")
    assert (project / "campaigns/2022-nianhuojie/bomb.png").stat().st_size < 100_000
    edit(project / NATIONAL, "branding:\n", "branding:\n  logo: bomb.png\n")
    line = line_of(project / NATIONAL, "logo: bomb.png")
    for command in (run_cli("check", cwd=project), build(project)):
        output = refused(command, "image-format", NATIONAL, line)
        assert "13000×13000" in output and "DecompressionBomb" not in output
    assert snapshot(project / "site") == published


def test_a_damaged_party_mark_is_named_at_site_yamls_line(project: Path, published: dict[str, str]) -> None:
    """A PNG whose header is sound but whose pixels are cut short: found by check, at the line naming it."""
    from PIL import Image

    picture = io.BytesIO()
    Image.effect_noise((300, 300), 60).save(picture, "PNG")
    (project / "campaigns/party-mark.png").write_bytes(picture.getvalue()[:2000])
    site_yaml = project / "campaigns/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + PARTY_MARK_FOOTER, encoding="utf-8")
    for command in (run_cli("check", cwd=project), build(project)):
        output = refused(command, "image-format", "campaigns/site.yaml", line_of(site_yaml, "image: party-mark.png"))
        assert "已损坏" in output and "campaign.yaml" not in output
    assert snapshot(project / "site") == published


@pytest.mark.parametrize(
    "layout",
    [
        "size: [1080, 1920]\npixels: [12000, 21333]\nlayers:\n  - {name: 底色, kind: fill}\n",
        "size: [40000, 40000]\nlayers:\n  - {name: 底色, kind: fill}\n",
        'size: [1080, 1920]\nlayers:\n  - {name: 字, kind: text, text: "{url.__class__.__mro__}"}\n',
        'size: [1080, 1920]\nlayers:\n  - {name: 字, kind: text, text: "{nonexistent}"}\n',
        'size: [1080, 1920]\nlayers:\n  - {name: 字, kind: text, text: "半个 {"}\n',
    ],
    ids=["huge-pixels", "huge-size", "attribute-of-a-field", "unknown-field", "lone-brace"],
)
def test_a_fork_poster_layout_that_cannot_be_drawn_is_refused(
    project: Path, published: dict[str, str], layout: str
) -> None:
    path = project / HUNAN_FORK / "posters/share.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(layout, encoding="utf-8")
    line = 1 if "size: [4" in layout or "pixels" in layout else 3
    for command in (run_cli("check", cwd=project), build(project)):
        output = refused(command, "schema-invalid", f"{HUNAN_FORK}/posters/share.yml", line)
        assert "object" not in output and "MemoryError" not in output
    assert snapshot(project / "site") == published


def test_a_word_file_of_a_million_paragraphs_is_refused_before_it_is_read(project: Path, tmp_path: Path) -> None:
    import zipfile

    huge = tmp_path / "huge.docx"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="x"><w:body>'
            + "<w:p><w:r><w:t>段</w:t></w:r></w:p>" * 1_000_000
            + "</w:body></w:document>",
        )
    before = snapshot(project / "content")
    result = run_cli("import-notice", str(huge), "--campaign", "2022-nianhuojie", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "个段落，过多" in result.stderr
    assert snapshot(project / "content") == before


@pytest.mark.parametrize("option", [("--id", "../../../../outside/x"), ("--campaign", "../../../x")])
def test_import_notice_writes_nothing_outside_the_project(project: Path, built_site: Path, option: tuple) -> None:
    word = next((built_site / "2022-nianhuojie/print").glob("notice-*.docx"))
    args = {"--campaign": "2022-nianhuojie", "--id": None, option[0]: option[1]}
    before = snapshot(project.parent)
    result = run_cli("import-notice", str(word), *[x for k, v in args.items() if v for x in (k, v)], cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "(import-notice)" in result.stderr
    assert snapshot(project.parent) == before
    assert not (project.parent.parent / "x").exists()  # where ../../../x from content/ would lead


@pytest.mark.parametrize("epoch", ["", "abc", "-1", "99999999999999999999", "１２３"])
def test_a_malformed_source_date_epoch_stops_the_build(project: Path, epoch: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-q", "--no-pdf"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH:1:1: error:" in result.stderr and "(source-date-epoch)" in result.stderr
    assert not (project / "site").exists()


def test_source_date_epoch_is_a_day_in_utc(project: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1642636799", "TZ": "Asia/Shanghai"}  # 2022-01-19 23:59:59 UTC
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-q", "--no-pdf"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    page = (project / "site/2022-nianhuojie/schedule/index.html").read_text(encoding="utf-8")
    assert 'data-build-day="2022-01-19"' in page  # in Beijing it is already the 20th: the convention is UTC


# --- check says what build refuses ---------------------------------------------------------------------------

AGREEMENT = {  # (file, old, new, text on the reported line) -> rule, for what only making the pages used to find
    "print-glyphs": (
        NATIONAL,
        "title: 关于组织开展",
        "title: 关于组织开展\ue000",
        "title: 关于组织开展\ue000",
        "print-glyphs",
    ),
    "poster-fit": (
        HUNAN,
        "campaign_name: 2022湖南网上年货节",
        "campaign_name: 2022湖南网上年货节" + "湖湘年货" * 40,
        "campaign_name:",
        "poster-fit",
    ),
    "image-format": (
        NATIONAL,
        "branding:\n",
        "branding:\n  logo: campaign.yaml\n",
        "logo: campaign.yaml",
        "image-format",
    ),
}


@pytest.mark.parametrize("case", AGREEMENT.values(), ids=AGREEMENT.keys())
def test_check_finds_what_build_would_refuse(project: Path, case: tuple) -> None:
    rel, old, new, marker, rule = case
    edit(project / rel, old, new)
    line = line_of(project / rel, marker)
    refused(run_cli("check", cwd=project), rule, rel, line)
    refused(build(project), rule, rel, line)


@pytest.mark.unit
def test_deep_nesting_and_other_encodings_are_reported_where_they_are(project: Path) -> None:
    (project / HUNAN).write_text('code: "430000"\nname: 湖南\nplatforms: ' + "[" * 10000 + "\n", encoding="utf-8")
    result = run_cli("check", cwd=project)
    refused(result, "yaml-too-deep", HUNAN, 3)
    (project / HUNAN).write_bytes('code: "430000"\nname: 湖南\n'.encode() + "summary: 湖南年货\n".encode("gbk"))
    result = run_cli("check", cwd=project)
    refused(result, "encoding", HUNAN, 3)
    assert f"{HUNAN}:3:10:" in result.stdout


# --- trust, round two, reviewed: what a first attack review of the above found, each closed -----------------

REVIEWED_TEMPLATES = {  # what a fork template wrote to publish script or reach the machine
    "tag-from-pieces": "<scr{{''}}ipt src=\"{{ 'assets/app.css' | url }}\"></scr{{''}}ipt>",
    "script-tag-filter": "{{ 'assets/app.css' | script_tag }}",
    "config-list-append": '{% set x = config.extra_javascript.append("assets/app.css") %}',
    "noscript-differential": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "svg-style-differential": '<sv{{""}}g width="0"><style><img src=x onerror=alert(1)></style></svg>',
    "style-import": "<style>@import url(http://127.0.0.1:8799/6.css);</style>",
    "style-attribute": '<div style="background-image:url(http://127.0.0.1:8799/7.png)">x</div>',
    "srcset-backslash": '<img src="{{ "assets/hunan.css" | url }}" srcset="/\\127.0.0.1:8799/8.png 1x">',
    "markup-transformed": '{% set x %}<b>alert(1)</b>{% endset %}{{ x | replace("b", "script") }}',
    "super-transformed": '{{ super() | replace("span", "script") }}',
    "power": "{{ 9 ** (9 ** 10) > 1 }}",
    "whole-config": "<pre>{{ config }}</pre>",
    "config-to-json": "{{ config | tojson }}",
    "dictsort": "{% for k, v in config | dictsort %}{{ k }}={{ v }}{% endfor %}",
    "expression-after-attribute": '<a class="x"{{ " onclick=alert(1)" }}>x</a>',
    "unquoted-value": '<a href={{ "x onmouseover=alert(1)" }}>x</a>',
}


@pytest.mark.unit
@pytest.mark.parametrize("attack", REVIEWED_TEMPLATES.values(), ids=REVIEWED_TEMPLATES.keys())
def test_reviewed_fork_template_attacks_are_refused_by_check(project: Path, attack: str) -> None:
    (project / HUNAN_FORK / "overrides/assets/app.css").write_text('document.title = "pwned";', encoding="utf-8")
    line = _add_to_region_head(project, attack)
    refused(run_cli("check", cwd=project), "fork-template", REGION_HEAD, line)


def test_an_expression_writes_text_never_a_tag_on_both_engines(project: Path) -> None:
    _add_to_region_head(project, '<p class="cs-probe">{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}</p>')
    for engine in ENGINES:
        assert build(project, "--engine", engine).returncode == 0
        home = (project / "site/2022-nianhuojie/hunan/index.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)" in home and "<script>alert(1)" not in home, engine


SANDBOX_REVIEWED = {  # what the sandbox refuses at run time, for names no reading of the source sees
    "power-from-a-name": "{% set n = 10 %}{% set e = n * n * n %}{{ 9 * (9 * e) }}{{ 'ab' * e * e * e }}",
    "view-hides-paths": "{% set n = 'config_file' ~ '_path' %}{{ config[n] }}",
}


@pytest.mark.parametrize("escape", SANDBOX_REVIEWED.values(), ids=SANDBOX_REVIEWED.keys())
def test_the_sandbox_bounds_work_and_hides_paths(project: Path, published: dict[str, str], escape: str) -> None:
    line = _add_to_region_head(project, escape)
    output = refused(build(project), "theme-template", REGION_HEAD, line)
    assert not any(leak in output for leak in LEAKED)
    assert snapshot(project / "site") == published


def test_objects_print_without_the_machines_paths(project: Path) -> None:
    """Through a view, what a fork can print of MkDocs' objects names no folder of the build machine."""
    _add_to_region_head(
        project,
        '{% for k in config %}<p class="cs-probe">{{ k }}</p>{% endfor %}'
        '<p class="cs-probe">{{ page.title }}{{ config.theme.palette }}</p>',
    )
    assert build(project).returncode == 0
    home = (project / "site/2022-nianhuojie/hunan/index.html").read_text(encoding="utf-8")
    probes = "".join(re.findall(r'<p class="cs-probe">(.*?)</p>', home))
    assert "site_name" in probes and "site_dir" not in probes and "config_file_path" not in probes
    assert str(project) not in home and "staging-" not in home


FORK_STYLESHEETS = {  # a fork's own stylesheet: what it may not load
    "import-without-space": '@import"http://127.0.0.1:8799/1.css";',
    "escaped-function": "a { background: \\75rl(http://127.0.0.1:8799/3.png); }",
    "escaped-address": "a { background: url(\\68ttp://127.0.0.1:8799/5.png); }",
    "image-set-string": 'a { background: image-set("http://127.0.0.1:8799/4.png" 1x); }',
}


@pytest.mark.unit
@pytest.mark.parametrize("css", FORK_STYLESHEETS.values(), ids=FORK_STYLESHEETS.keys())
def test_a_fork_stylesheet_loads_nothing_from_another_site(project: Path, css: str) -> None:
    (project / HUNAN_FORK / "overrides/assets/evil.css").write_text(f"p {{ color: red; }}\n{css}\n", encoding="utf-8")
    refused(run_cli("check", cwd=project), "fork-file", f"{HUNAN_FORK}/overrides/assets/evil.css", 2)


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#c00000").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.unit
@pytest.mark.parametrize("name", ["assets/cs-campaign.css", "assets/images/favicon.png", "assets/stylesheets/x.css"])
def test_a_fork_asset_never_takes_a_national_files_place(project: Path, name: str) -> None:
    path = project / HUNAN_FORK / "overrides" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"p { color: red; }\n" if name.endswith(".css") else _tiny_png())
    refused(run_cli("check", cwd=project), "fork-file", f"{HUNAN_FORK}/overrides/{name}", 1)


LOOK_ALIKE_PLATFORMS = {  # a platform's name written otherwise, its zone elsewhere
    "traditional": ("京東", "https://jd-com.evil.cn/", "url-platform-host"),
    "space-inside": ("京 东", "https://www.jd-nianhuo.cn/", "url-platform-host"),
    "traditional-tmall": ("天貓超市", "https://tmall.evil.cn/", "url-platform-host"),
    "ip-address": ("京东", "https://47.100.1.2/", "url-host"),
    "port": ("京东", "https://www.jd.com:8443/", "url-host"),
}


@pytest.mark.unit
@pytest.mark.parametrize("case", LOOK_ALIKE_PLATFORMS.values(), ids=LOOK_ALIKE_PLATFORMS.keys())
def test_a_look_alike_platform_is_refused(project: Path, case: tuple) -> None:
    name, url, rule = case
    edit(project / HUNAN, "platforms:\n", f"platforms:\n  - name: {name}\n    url: {url}\n")
    refused(run_cli("check", cwd=project), rule, HUNAN, line_of(project / HUNAN, f"url: {url}"))


@pytest.mark.parametrize(
    ("layer", "rule"),
    [
        ("{name: 字, kind: text, x: 0, y: 0, w: 100, h: 100, text: '{site_name}', size: 0}", "schema-range"),
        ("{name: 码, kind: qr, x: 0, y: 0, w: 0, h: 0}", "schema-invalid"),
        ("{name: 平台, kind: platforms, x: 0, y: 0, w: 100, h: 100, label_size: 0}", "schema-range"),
        ("{name: 字, kind: text, x: 0, y: 0, w: 100, h: 100, text: '{site_name}', size: 100000000}", "schema-range"),
    ],
    ids=["text-size-0", "qr-without-box", "label-size-0", "huge-text"],
)
def test_a_poster_layer_that_cannot_be_drawn_is_refused_at_its_line(project: Path, layer: str, rule: str) -> None:
    from generator.assets.posters import layout_file

    path = project / HUNAN_FORK / "posters/share.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(layout_file("share").read_text(encoding="utf-8") + f"  - {layer}\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    for command in (run_cli("check", cwd=project), build(project)):
        refused(command, rule, f"{HUNAN_FORK}/posters/share.yml", line)
