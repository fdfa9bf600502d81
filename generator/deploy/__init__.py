"""`campaignsite deploy`: the built site published to S3-compatible object storage (政务云 OSS, COS, OBS), a
release per microsite, with rollback.

    build --release -> scopes (targets.py) -> what the bucket holds (plan.Remote) -> plan -> apply
The build is the ordinary one (unchanged microsites are taken as they are), for publishing: no placeholder
address goes out. Each microsite is a scope, released and rolled back on its own; its files go to the storage
its region, campaign or site.yaml names, deeper targets first (a new region's pages exist before the national
tiles link to them)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..findings import CampaignError, Finding, display_path
from ..options import BuildOptions, load_checked
from ..read import Project
from ..resolve import SiteMap
from .bucket import Bucket, StorageError
from .plan import PlanError, Remote, TargetPlan, describe, plan_target
from .releases import Record
from .targets import ROOT_SCOPE, Scope, Target, assign, microsite_folders, scopes

__all__ = ["DeployError", "DeployOptions", "DeployReport", "deploy_site", "describe"]

DEFAULT_MAX_DELETES = 20


class DeployError(Exception):
    """Storage refused or could not be reached, or the plan cannot be carried out: one Chinese sentence."""


@dataclass(frozen=True, kw_only=True)
class DeployOptions:
    campaign: str | None = None  # deploy CAMPAIGN [REGION]: that campaign's microsites; None: the whole site
    region: str | None = None  # a region's slug, or "national" for the campaign's own microsite
    dry_run: bool = False
    rollback: bool = False
    max_deletes: int = DEFAULT_MAX_DELETES


@dataclass(frozen=True)
class DeployReport:
    plans: tuple[TargetPlan, ...]
    seconds: float
    dry_run: bool

    @property
    def uploads(self) -> int:
        return sum(len(p.blobs) for p in self.plans)

    @property
    def writes(self) -> int:
        return sum(len(p.writes) for p in self.plans)

    @property
    def bytes(self) -> int:
        return sum(p.bytes for p in self.plans)

    @property
    def kept(self) -> int:
        return sum(p.kept for p in self.plans)

    @property
    def deletions(self) -> int:
        return sum(len(p.deletions) for p in self.plans)


def choose(project: Project, campaign: str | None, region: str | None) -> list[str] | None:
    """The folders `deploy [CAMPAIGN [REGION]]` names: a campaign's microsites, one of them, or all (None)."""
    if campaign is None:
        return None
    folders = microsite_folders(project)
    if campaign not in folders:
        where = display_path(project.campaigns_dir)
        fix = f"活动目录名应为：{'、'.join(c.id for c in project.campaigns)}"
        raise CampaignError([Finding(where, 1, 1, "error", f"没有活动 {campaign}", "deploy-missing", fix)])
    if region is None:
        return [f for f in folders if f == campaign or f.startswith(campaign + "/")]
    folder = campaign if region == "national" else f"{campaign}/{region}"
    if folder not in folders:
        where = display_path(project.campaigns_dir / campaign)
        fix = "用 campaignsite new-region 新建地区，或检查地区名"
        raise CampaignError(
            [Finding(where, 1, 1, "error", f"活动 {campaign} 没有地区 {region}", "deploy-missing", fix)]
        )
    return [folder]


def _by_target(chosen: list[Scope]) -> list[tuple[Target, list[Scope]]]:
    """Scopes grouped by storage, the target serving the deepest folder first."""
    groups: dict[tuple[str, str, str], tuple[Target, list[Scope]]] = {}
    for scope in chosen:
        deploy = scope.target.deploy
        groups.setdefault((deploy.endpoint, deploy.bucket, deploy.prefix), (scope.target, []))[1].append(scope)
    return sorted(groups.values(), key=lambda group: -group[0].folder.count("/") - bool(group[0].folder))


def _retired(remote: Remote, built: list[str], whole_site: bool, rollback: bool) -> tuple[str, ...]:
    """Scopes the target still publishes that the site no longer has (a removed region): emptied by a deploy of
    the whole site, and only when their release is not empty already."""
    if not whole_site or rollback:
        return ()
    names = {folder.replace("/", "~") or "~" for folder in built}
    return tuple(sorted(s for s in remote.current if s not in names and remote.files(s)))


def plan_deploy(
    project: Project, assigned: dict[str, Target], buckets: dict[str, Bucket], site: Path, options: DeployOptions
) -> list[TargetPlan]:
    whole_site = options.campaign is None
    built = [ROOT_SCOPE, *microsite_folders(project)]
    plans = []
    for target, group in _by_target(scopes(project, assigned, site)):
        bucket = buckets[target.name]
        remote = Remote.read(bucket, Record(target.deploy.prefix))
        retired = _retired(remote, built, whole_site, options.rollback)
        plans.append(plan_target(target, group, remote, bucket.sha256, rollback=options.rollback, retired=retired))
    deletions = sum(len(p.deletions) for p in plans)
    if deletions > options.max_deletes and not options.dry_run:
        raise PlanError(
            f"本次发布会删除 {deletions} 个已发布的文件，多于上限 {options.max_deletes} 个：先用 --dry-run 查看，"
            f"确认无误后加 --max-deletes {deletions} 重试"
        )
    return plans


def deploy_site(
    options: BuildOptions,
    deploying: DeployOptions,
    build: Callable[[BuildOptions], object],
    done: Callable[[str, int, int], None] | None = None,
) -> DeployReport:
    """Where each microsite goes and with which key, then the build for publishing (none for a rollback: the
    blobs hold its bytes), the plan, and the plan carried out."""
    options = replace(options, release=True)
    project, _ = load_checked(options)
    folders = choose(project, deploying.campaign, deploying.region)
    assigned = assign(project, SiteMap.of(project), folders)
    site = (options.site_dir or project.layout.site_dir).resolve()
    try:
        buckets = {target.name: Bucket(target.deploy) for target in assigned.values()}
        for bucket in buckets.values():
            bucket.require_credentials()
        if not deploying.rollback:
            build(options)  # into `site`, the same folder
        started = time.monotonic()
        plans = plan_deploy(project, assigned, buckets, site, deploying)
        if not deploying.dry_run:
            _apply(plans, buckets, site, done)
    except (StorageError, PlanError) as error:
        raise DeployError(str(error)) from error
    return DeployReport(tuple(plans), time.monotonic() - started, deploying.dry_run)


def _apply(
    plans: list[TargetPlan], buckets: dict[str, Bucket], site: Path, done: Callable[[str, int, int], None] | None
) -> None:
    from .apply import apply_plan

    total, count = sum(len(p.blobs) + len(p.writes) + len(p.deletions) for p in plans), 0

    def step(name: str) -> None:
        nonlocal count
        count += 1
        if done:
            done(name, count, total)

    for plan in plans:
        apply_plan(plan, buckets[plan.target.name], site, step)
