"""Where microsites are published (国办发〔2017〕47号: a campaign runs as a 专栏 of a portal): each address is a
folder a reader can be sent to, no placeholder reaches the public, and deploy targets are well formed."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ..findings import Finding
from ..read import Project
from ..read.model import Deploy
from ..read.sourcemap import DataPath, SourceDoc
from .base import rule

PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost")
PLACEHOLDER_ENDINGS = (".example", ".test", ".invalid", ".localhost", ".local")
PLACEHOLDER_RULE = "url-placeholder"  # a warning; an error for a build that publishes (build --release, deploy)


def is_placeholder(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS) or host.endswith(
        PLACEHOLDER_ENDINGS
    )


def _addresses(project: Project) -> Iterator[tuple[SourceDoc, DataPath, str]]:
    """Every public address of a microsite: the site's base_url, and each campaign's or region's publish.url."""
    if project.site_doc is not None:
        yield project.site_doc, ("base_url",), project.site.base_url
    for campaign in project.campaigns:
        if campaign.model.publish:
            yield campaign.doc, ("publish", "url"), campaign.model.publish.url
        for region in campaign.regions:
            if region.model.publish:
                yield region.doc, ("publish", "url"), region.model.publish.url


@rule
def publish_addresses(project: Project) -> Iterator[Finding]:
    for doc, at, url in _addresses(project):
        parts = urlsplit(url)
        if parts.query or parts.fragment or "?" in url or "#" in url:
            yield doc.finding(at, f"公开地址“{url}”不能带“?”或“#”", "publish-url", fix="写成栏目的目录地址")
        elif not url.endswith("/"):
            yield doc.finding(at, f"公开地址“{url}”应以 / 结尾（微站是一个目录）", "publish-url", fix=f"改为 {url}/")
        if is_placeholder(url):
            yield doc.finding(
                at,
                f"公开地址“{url}”是示例域名：二维码、海报和分享链接都会指向它",
                PLACEHOLDER_RULE,
                fix="发布前改为正式地址（campaignsite deploy 和 build --release 会拒绝示例域名）",
                severity="warning",
            )


def _deploy_problems(doc: SourceDoc, deploy: Deploy) -> Iterator[Finding]:
    at: DataPath = ("deploy",)
    endpoint = urlsplit(deploy.endpoint)
    loopback = endpoint.hostname in ("127.0.0.1", "localhost", "::1")
    if endpoint.scheme not in ("https", "http") or not endpoint.hostname or endpoint.path not in ("", "/"):
        yield doc.finding(
            (*at, "endpoint"),
            f"S3 接口地址“{deploy.endpoint}”无效",
            "deploy-config",
            fix="写作 https://主机名，如 https://oss-cn-hangzhou.aliyuncs.com",
        )
    elif endpoint.scheme == "http" and not loopback:
        yield doc.finding(
            (*at, "endpoint"),
            f"S3 接口地址“{deploy.endpoint}”使用 http：密钥和文件以明文传输",
            "deploy-config",
            fix="改用 https://",
        )
    prefix = deploy.prefix
    if prefix and (prefix.startswith("/") or not prefix.endswith("/") or ".." in prefix.split("/") or "//" in prefix):
        yield doc.finding(
            (*at, "prefix"),
            f"对象名前缀“{prefix}”无效",
            "deploy-config",
            fix="写作 目录/子目录/（不以 / 开头，以 / 结尾，不含 ..）",
        )


@rule
def deploy_targets(project: Project) -> Iterator[Finding]:
    if project.site_doc is not None and project.site.deploy:
        yield from _deploy_problems(project.site_doc, project.site.deploy)
    for campaign in project.campaigns:
        if campaign.model.deploy:
            yield from _deploy_problems(campaign.doc, campaign.model.deploy)
        for region in campaign.regions:
            if region.model.deploy:
                yield from _deploy_problems(region.doc, region.model.deploy)
