"""What goes where: each microsite of the built site is a scope (its files, released and rolled back together)
uploaded to one storage target (site.yaml's `deploy:`, or a campaign's or region's own), its objects named by
their path below the folder the target serves."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..catalog import microsite_path
from ..findings import Origin, display_path
from ..read import Project
from ..read.model import Deploy
from ..resolve import SiteMap

ROOT_SCOPE = ""  # the portal's own files: index.html, sites.json, data.schema.json
HIDDEN = "."  # dot files of site/ (its ownership mark) are the build's, not the public's


@dataclass(frozen=True)
class Target:
    """A bucket and prefix with the folder of the site its prefix serves."""

    deploy: Deploy
    origin: Origin  # where `deploy:` is written
    folder: str  # "" (site.yaml: the base_url), or the campaign's or region's folder

    @property
    def name(self) -> str:
        return f"{self.deploy.bucket}/{self.deploy.prefix}"

    def key(self, site_path: str) -> str:
        """The object name of a file of the built site."""
        return self.deploy.prefix + (posixpath.relpath(site_path, self.folder) if self.folder else site_path)


@dataclass(frozen=True)
class LocalFile:
    site_path: str  # 2022-nianhuojie/hunan/index.html
    sha256: str
    size: int


@dataclass(frozen=True)
class Scope:
    """One microsite's files (or the portal's), released together."""

    folder: str
    target: Target
    files: tuple[LocalFile, ...]

    @property
    def name(self) -> str:
        """The scope in object names: its folder with ~ for / (a folder's releases never list another's)."""
        return self.folder.replace("/", "~") or "~"

    @property
    def label(self) -> str:
        return self.folder or "门户首页"


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def microsite_folders(project: Project) -> list[str]:
    return [
        microsite_path(campaign.id, slug)
        for campaign in project.campaigns
        for slug in (None, *(region.region.slug for region in campaign.regions))
    ]


def _targets(project: Project) -> dict[str, Target]:
    """Each folder that names its own storage, "" for site.yaml's."""
    found: dict[str, Target] = {}
    if project.site.deploy and project.site_doc is not None:
        found[ROOT_SCOPE] = Target(project.site.deploy, project.site_doc.origin(("deploy",)), ROOT_SCOPE)
    for campaign in project.campaigns:
        if campaign.model.deploy:
            found[campaign.id] = Target(campaign.model.deploy, campaign.doc.origin(("deploy",)), campaign.id)
        for region in campaign.regions:
            if region.model.deploy:
                folder = microsite_path(campaign.id, region.region.slug)
                found[folder] = Target(region.model.deploy, region.doc.origin(("deploy",)), folder)
    return found


def _target_of(folder: str, targets: dict[str, Target], sites: SiteMap, site_file: str) -> Target:
    """The nearest storage its folder or a folder above names, which must serve the folder's public address."""
    for above in sorted(targets, key=len, reverse=True):
        if above == ROOT_SCOPE or folder == above or folder.startswith(above + "/"):
            target = targets[above]
            served = sites.address(above).url + (posixpath.relpath(folder, above) + "/" if folder != above else "")
            address = sites.address(folder)
            if served != address.url:
                raise address.origin.error(
                    f"微站 {folder}/ 的公开地址是 {address.url}，但它会上传到 {target.name}（发布 {served}）",
                    "deploy-config",
                    fix="在写 publish 的同一文件中也写 deploy:（该网址所在的对象存储）",
                )
            return target
    where = Origin(site_file, 1, 1)
    raise where.error(
        f"没有配置发布目标：微站 {folder or '门户首页'} 不知道上传到哪里",
        "deploy-config",
        fix="在 campaigns/site.yaml 中写 deploy: {endpoint: ..., bucket: ..., prefix: ...}",
    )


def _owner(site_path: str, folders: list[str]) -> str:
    inside = [f for f in folders if site_path.startswith(f + "/")]
    return max(inside, key=len, default=ROOT_SCOPE)


def assign(project: Project, sites: SiteMap, chosen: list[str] | None) -> dict[str, Target]:
    """The storage of each folder to deploy (`chosen`, or every microsite and the portal), before any build:
    a folder with nowhere to go, or going where its address is not served, is said at once."""
    wanted = [ROOT_SCOPE, *microsite_folders(project)] if chosen is None else chosen
    targets = _targets(project)
    site_file = display_path(project.layout.site_file)
    return {folder: _target_of(folder, targets, sites, site_file) for folder in wanted}


def scopes(project: Project, assigned: dict[str, Target], site: Path) -> list[Scope]:
    """The scopes to deploy, their files read from the built `site`."""
    folders = microsite_folders(project)
    files: dict[str, list[LocalFile]] = {folder: [] for folder in assigned}
    for path in sorted(site.rglob("*")) if site.is_dir() else ():
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or any(part.startswith(HIDDEN) for part in relative.split("/")):
            continue
        owner = _owner(relative, folders)
        if owner in files:
            files[owner].append(LocalFile(relative, _digest(path), path.stat().st_size))
    return [Scope(folder, target, tuple(files[folder])) for folder, target in assigned.items()]
