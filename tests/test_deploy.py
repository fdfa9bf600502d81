"""`campaignsite deploy` against a real S3 server (SeaweedFS, tests/s3server.py): what the public reads back over
HTTP, file by file; the order of a deploy seen by stopping it at each checkpoint; releases and rollback; and
the server refusing halfway. The site's address is a real-looking portal; Hunan publishes on its own portal,
to a storage of its own (another prefix here)."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import zxingcpp
from lxml import html as lxml_html
from PIL import Image

from tests.s3server import BUCKET, DEPLOYER, READER, S3Server, s3_server
from tests.support import BUILD_DAY, HUNAN, LIAONING, copy_project, edit

pytestmark = pytest.mark.build

BASE_URL = "https://wsnhj.mofcom.gov.cn/"
HUNAN_URL = "https://swt.hunan.gov.cn/zt/2022wsnhj/"
SITE_PREFIX = "zt/"
HUNAN_PREFIX = "hunan/2022wsnhj/"
HUNAN_FOLDER = "2022-nianhuojie/hunan"
LIAONING_FOLDER = "2021-nianhuojie/liaoning"
EXTRA_NOTICE = "liaoshang-2021-16"
EXTRA_BODY = "2021-nianhuojie/regions/liaoning/notices/liaoshang-2021-16.md"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with s3_server(tmp_path_factory.mktemp("s3")) as running:
        yield running


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, server: S3Server) -> Path:
    """The shipped campaigns, published at a portal's address to the test server; Hunan on its own portal."""
    root = copy_project(tmp_path_factory.mktemp("deploy") / "project")
    site = root / "campaigns/site.yaml"
    edit(site, "base_url: https://campaigns.example.com/", f"base_url: {BASE_URL}")
    site.write_text(
        site.read_text(encoding="utf-8")
        + f"deploy:\n  endpoint: {server.endpoint}\n  bucket: {BUCKET}\n  prefix: {SITE_PREFIX}\n"
        "  addressing: path\n  releases: 3\n",
        encoding="utf-8",
    )
    hunan = root / HUNAN
    hunan.write_text(
        hunan.read_text(encoding="utf-8")
        + f"publish:\n  url: {HUNAN_URL}\n"
        + f"deploy:\n  endpoint: {server.endpoint}\n  bucket: {BUCKET}\n  prefix: {HUNAN_PREFIX}\n  addressing: path\n",
        encoding="utf-8",
    )
    return root


def deploy(
    project: Path, *args: str, key: tuple[str, str] | None = DEPLOYER, pause: str | None = None
) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """`campaignsite deploy` as CI runs it: the key in the environment; paused at a checkpoint, the process."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")} | {
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if key:
        env |= {"AWS_ACCESS_KEY_ID": key[0], "AWS_SECRET_ACCESS_KEY": key[1]}
    command = [sys.executable, "-m", "generator.cli", "deploy", *args, "--no-pdf", "--today", BUILD_DAY.isoformat()]
    if pause:
        env["CAMPAIGNSITE_PAUSE_AT"] = pause
        return subprocess.Popen(
            command, cwd=project, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def wait_for_checkpoint(process: subprocess.Popen[str], stage: str) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"checkpoint: {stage} "):
            return
    raise AssertionError(f"deploy ended before {stage}: {process.wait()}")


def kill(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    process.stderr.close()
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def deploy_again(project: Path, server: S3Server) -> None:
    """The next deploy finishes the job: the bucket holds the site, file by file."""
    finished = deploy(project)
    assert finished.returncode == 0, finished.stderr
    assert_bucket_is_site(server, project)


def key_of(site_path: str) -> str:
    """Where a file of site/ is published: Hunan's below its own prefix, the rest below the site's."""
    if site_path.startswith(HUNAN_FOLDER + "/"):
        return HUNAN_PREFIX + site_path.removeprefix(HUNAN_FOLDER + "/")
    return SITE_PREFIX + site_path


def site_files(project: Path) -> dict[str, str]:
    """Object name -> sha256 of every file the build published."""
    site = project / "site"
    return {
        key_of(p.relative_to(site).as_posix()): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts)
    }


def public_keys(server: S3Server) -> dict[str, int]:
    return {k: size for k, size in server.listing().items() if ".campaignsite/" not in k}


def assert_bucket_is_site(server: S3Server, project: Path) -> None:
    """File by file, read as the public reads them: the bucket holds what site/ holds, nothing else."""
    expected = site_files(project)
    assert sorted(public_keys(server)) == sorted(expected)
    for key, digest in expected.items():
        body, headers = server.fetch(key)
        assert hashlib.sha256(body).hexdigest() == digest, key
        assert headers["X-Amz-Meta-Sha256"] == digest, key


def _address_key(url: str) -> str | None:
    """The object an absolute URL of one of our microsites names."""
    for address, prefix in ((HUNAN_URL, HUNAN_PREFIX), (BASE_URL, SITE_PREFIX)):
        if url.startswith(address):
            return prefix + urlsplit(url[len(address) :]).path
    return None


def _public_url(key: str) -> str:
    if key.startswith(HUNAN_PREFIX):
        return HUNAN_URL + key.removeprefix(HUNAN_PREFIX)
    return BASE_URL + key.removeprefix(SITE_PREFIX)


def dead_links(server: S3Server) -> list[str]:
    """Every href and src of every published page, followed within the bucket as a visitor would."""
    keys = public_keys(server)
    dead = []
    for key in sorted(k for k in keys if k.endswith(".html")):
        body, _ = server.fetch(key)
        page = lxml_html.fromstring(body)
        for _element, _attribute, link, _ in page.iterlinks():
            url = urljoin(_public_url(key), link)
            target = _address_key(url.split("#")[0])
            if target is None or urlsplit(url).scheme not in ("http", "https"):
                continue  # another site's
            target = target + "index.html" if target.endswith("/") or not target else target
            if posixpath.normpath(target) not in keys:
                dead.append(f"{key}: {link}")
    return dead


def current(server: S3Server) -> dict[str, int]:
    """Each scope's release the public sees."""
    found = {}
    client = server.client()
    for key in server.listing():
        if match := re.search(r"\.campaignsite/releases/([^/]+)/current$", key):
            body = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
            found[key.split(".campaignsite/")[0] + match.group(1)] = int(body)
    return found


@pytest.mark.parametrize(
    ("config", "where", "message"),
    [
        ("", "campaigns/site.yaml:1:1", "没有配置发布目标：微站 门户首页 不知道上传到哪里"),
        (
            "deploy:\n  endpoint: https://oss-cn-hangzhou.aliyuncs.com\n  bucket: b\n",
            "campaigns/2022-nianhuojie/regions/hunan.yaml",
            f"微站 {HUNAN_FOLDER}/ 的公开地址是 {HUNAN_URL}，但它会上传到 b/（发布 {BASE_URL}{HUNAN_FOLDER}/）",
        ),
    ],
)
def test_where_a_microsite_would_go_wrong_is_said_before_any_build(
    tmp_path: Path, config: str, where: str, message: str
) -> None:
    root = copy_project(tmp_path / "project")
    edit(root / "campaigns/site.yaml", "base_url: https://campaigns.example.com/", f"base_url: {BASE_URL}\n{config}")
    hunan = root / HUNAN
    hunan.write_text(hunan.read_text(encoding="utf-8") + f"publish:\n  url: {HUNAN_URL}\n", encoding="utf-8")
    result = deploy(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert where in result.stderr and message in result.stderr, result.stderr
    assert not (root / "site").exists()


def test_a_placeholder_address_is_never_deployed(tmp_path: Path, server: S3Server) -> None:
    root = copy_project(tmp_path / "project")
    site = root / "campaigns/site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8") + f"deploy:\n  endpoint: {server.endpoint}\n  bucket: {BUCKET}\n",
        encoding="utf-8",
    )
    result = deploy(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "campaigns/site.yaml:4:11: error: 公开地址“https://campaigns.example.com/”是示例域名" in result.stderr
    assert not (root / "site").exists()
    assert public_keys(server) == {}


def test_first_deploy_publishes_every_file_as_built(project: Path, server: S3Server) -> None:
    result = deploy(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_bucket_is_site(server, project)
    assert dead_links(server) == []
    assert set(current(server).values()) == {1}
    summary = re.search(
        r"发布完成：上传 (\d+) 个文件（[\d.]+ MB），写入 (\d+) 个对象，未改动 0 个，删除 0 个", result.stderr
    )
    assert summary, result.stderr
    assert int(summary.group(2)) == len(site_files(project))


def test_objects_carry_their_type_and_how_long_to_keep_them(project: Path, server: S3Server) -> None:
    files = site_files(project)
    page, css = (
        SITE_PREFIX + "2022-nianhuojie/index.html",
        next(k for k in files if re.search(r"main\.[0-9a-f]{8}\.min\.css$", k)),
    )
    _, headers = server.fetch(page)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=300"
    _, headers = server.fetch(css)
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers = server.fetch(HUNAN_PREFIX + "schedule.ics")
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    _, headers = server.fetch(HUNAN_PREFIX + "assets/qr/site.png")
    assert headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("key", "address"),
    [
        (SITE_PREFIX + "2022-nianhuojie/assets/qr/site.png", BASE_URL + "2022-nianhuojie/"),
        (SITE_PREFIX + "2021-nianhuojie/liaoning/assets/qr/site.png", BASE_URL + "2021-nianhuojie/liaoning/"),
        (HUNAN_PREFIX + "assets/qr/site.png", HUNAN_URL),
    ],
)
def test_qr_codes_read_from_the_bucket_name_their_microsite(
    project: Path, server: S3Server, key: str, address: str, tmp_path: Path
) -> None:
    body, _ = server.fetch(key)
    (tmp_path / "qr.png").write_bytes(body)
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert code.text == address


def test_a_deploy_with_no_change_sends_nothing(project: Path, server: S3Server) -> None:
    before = current(server)
    result = deploy(project)
    assert result.returncode == 0, result.stderr
    assert "发布完成：上传 0 个文件（0.0 MB），写入 0 个对象" in result.stderr
    assert current(server) == before


def _toggle_extra_notice(project: Path) -> bool:
    """Add a Liaoning notice (new pages, a changed list), or take it away again (deleted pages); True: added."""
    body = project / "content" / EXTRA_BODY
    region = project / LIAONING
    if body.exists():
        body.unlink()
        text = region.read_text(encoding="utf-8")
        region.write_text(text[: text.index("  - id: " + EXTRA_NOTICE)], encoding="utf-8")
        return False
    body.write_text("各市商务局：\n\n请做好年货节期间的保供稳价工作。\n", encoding="utf-8")
    region.write_text(
        region.read_text(encoding="utf-8")
        + f"  - id: {EXTRA_NOTICE}\n    issuer: 辽宁省商务厅\n    number: 辽商电商函〔2021〕16号\n"
        "    title: 辽宁省商务厅关于做好年货节期间保供稳价工作的通知\n    recipients: 各市商务局\n"
        f"    body: {EXTRA_BODY}\n    signature: 辽宁省商务厅\n    date: 2021-01-16\n",
        encoding="utf-8",
    )
    return True


def test_dry_run_prints_the_plan_and_changes_nothing(project: Path, server: S3Server) -> None:
    assert _toggle_extra_notice(project)
    before = server.listing()
    result = deploy(project, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert re.search(r"发布到 zwy-site/zt/.*：\n  上传 [1-9]\d* 个文件", result.stderr), result.stderr
    assert f"{LIAONING_FOLDER}：发布版本 1 → 2" in result.stderr
    assert "对象存储未做任何改动" in result.stderr
    assert server.listing() == before


def test_a_change_in_one_region_sends_only_its_files(project: Path, server: S3Server) -> None:
    before, published = current(server), {k: v for k, v in public_keys(server).items()}
    result = deploy(project, "2021-nianhuojie", "辽宁")  # that microsite alone
    assert result.returncode == 0, result.stderr
    after = current(server)
    moved = {scope for scope in after if after[scope] != before.get(scope)}
    assert moved == {SITE_PREFIX + LIAONING_FOLDER.replace("/", "~")}
    assert_bucket_is_site(server, project)
    new = set(public_keys(server)) - set(published)
    assert new and all(k.startswith(SITE_PREFIX + LIAONING_FOLDER + "/") for k in new)
    assert any(EXTRA_NOTICE in k for k in new)
    written = int(re.search(r"写入 (\d+) 个对象", result.stderr).group(1))  # type: ignore[union-attr]
    assert 0 < written < 40  # Liaoning's changed files, not the site's 400


def test_a_deleted_page_is_deleted_last_and_too_many_deletions_are_refused(project: Path, server: S3Server) -> None:
    assert not _toggle_extra_notice(project)
    before = server.listing()
    refused = deploy(project, "--max-deletes", "0")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert re.search(r"本次发布会删除 (\d+) 个已发布的文件，多于上限 0 个.*--max-deletes \1 重试", refused.stderr)
    assert server.listing() == before
    process = deploy(project, pause="deploy-current")
    wait_for_checkpoint(process, "deploy-current")
    # the new release is current and its pages no longer link to the notice, which is still there
    extra = SITE_PREFIX + f"{LIAONING_FOLDER}/notices/{EXTRA_NOTICE}/index.html"
    assert extra in server.listing()
    index, _ = server.fetch(SITE_PREFIX + f"{LIAONING_FOLDER}/notices/index.html")
    assert EXTRA_NOTICE.encode() not in index
    kill(process)
    assert dead_links(server) == []
    deploy_again(project, server)
    assert extra not in server.listing()


def test_rollback_puts_the_previous_release_back_and_deploy_rolls_forward(project: Path, server: S3Server) -> None:
    scope = SITE_PREFIX + LIAONING_FOLDER.replace("/", "~")
    extra = SITE_PREFIX + f"{LIAONING_FOLDER}/notices/{EXTRA_NOTICE}/index.html"
    number = current(server)[scope]
    result = deploy(project, "--rollback", "2021-nianhuojie", "liaoning")
    assert result.returncode == 0, result.stderr
    assert current(server)[scope] == number - 1
    assert extra in server.listing()  # the notice the last release deleted is back, from the record's blobs
    body, _ = server.fetch(SITE_PREFIX + f"{LIAONING_FOLDER}/notices/index.html")
    assert EXTRA_NOTICE.encode() in body
    assert dead_links(server) == []
    deploy_again(project, server)
    assert current(server)[scope] == number


STAGES = ["deploy-blobs", "deploy-new-assets", "deploy-new-pages", "deploy-pages", "deploy-release", "deploy-current"]


@pytest.mark.parametrize("stage", STAGES)
def test_a_deploy_killed_at_any_stage_leaves_the_site_whole_and_the_next_finishes(
    project: Path, server: S3Server, stage: str
) -> None:
    _toggle_extra_notice(project)  # a notice added or taken away: new, changed and deleted files
    process = deploy(project, pause=stage)
    wait_for_checkpoint(process, stage)
    kill(process)
    assert dead_links(server) == []
    deploy_again(project, server)
    assert dead_links(server) == []


def test_a_server_that_refuses_or_goes_away_halfway(project: Path, server: S3Server) -> None:
    _toggle_extra_notice(project)
    before = server.listing()
    denied = deploy(project, key=READER)
    assert denied.returncode == 1 and "Traceback" not in denied.stderr
    message = denied.stderr.strip().splitlines()[-1]
    assert message.startswith("发布未完成：对象存储拒绝写入") and "AccessDenied" in message, denied.stderr
    assert server.listing() == before
    process = deploy(project, pause="deploy-new-pages")
    wait_for_checkpoint(process, "deploy-new-pages")
    server.stop()
    os.killpg(process.pid, signal.SIGUSR1)  # go on: the server is gone
    assert process.wait(timeout=300) == 1
    rest = process.stderr.read()  # type: ignore[union-attr]
    assert f"无法连接对象存储 {server.endpoint}（网络错误）" in rest and "Traceback" not in rest
    server.start()
    assert dead_links(server) == []
    deploy_again(project, server)


def test_no_key_is_said_in_chinese_before_any_build(project: Path) -> None:
    (project / "site").rename(project / "built")
    result = deploy(project, "--dry-run", key=None)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "没有找到对象存储的访问密钥：请设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY" in result.stderr
    assert not (project / "site").exists()
    (project / "built").rename(project / "site")


def test_old_releases_and_their_unused_blobs_are_cleared(project: Path, server: S3Server) -> None:
    """Only the last `releases: 3` of a microsite are kept, and only the blobs they use."""
    import json

    client, keys = server.client(), server.listing()
    for prefix in (SITE_PREFIX, HUNAN_PREFIX):
        record = prefix + ".campaignsite/"
        used = set()
        for key in keys:
            if key.startswith(record + "releases/") and key.endswith(".json"):
                files = json.loads(client.get_object(Bucket=BUCKET, Key=key)["Body"].read())["files"]
                used |= {entry["sha256"] for entry in files.values()}
        assert {k.removeprefix(record + "blobs/") for k in keys if k.startswith(record + "blobs/")} == used
    liaoning = SITE_PREFIX + ".campaignsite/releases/" + LIAONING_FOLDER.replace("/", "~") + "/"
    assert len([k for k in keys if k.startswith(liaoning) and k.endswith(".json")]) == 3
