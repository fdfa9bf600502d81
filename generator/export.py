"""`campaignsite export`: one microsite built as a folder to host on its own, its links that leave it made
absolute URLs of the public site by the site map (`SiteMap(standalone=…)`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .findings import CampaignError, Finding, display_path
from .microsites import Made, Microsites
from .options import BuildOptions, build_time, load_checked
from .publish import Staging
from .publish.page_policy import policy_findings
from .publish.target import check_target
from .resolve import SiteMap, resolve_editions


def export_microsite(options: BuildOptions, path: str, target: Path) -> tuple[Path, Made]:
    """Build one microsite (`<campaign>` or `<campaign>/<slug>`) into `target`, a new, empty or earlier export."""
    project, _ = load_checked(options)
    editions = resolve_editions(project)
    edition = next((e for e in editions if e.path == path), None)
    if edition is None:
        fix = "检查活动目录名和地区，或用 campaignsite new-region 新建地区"
        where = display_path(project.campaigns_dir)
        raise CampaignError([Finding(where, 1, 1, "error", f"没有微站 {path}", "export-missing", fix)])
    target = check_target(target, project.layout, "导出")
    with Staging.next_to(target).open() as staging:
        microsites = Microsites(
            project,
            SiteMap.of(project, standalone=path),
            staging,
            moment=build_time(options.today),
            cache=options.cache_layout(),
            pdf=options.pdf,
            engine_config=options.engine,
            workers=options.jobs,
        )
        job = microsites.job(edition)
        # a fork's pages may carry only the scripts the national theme writes: its national microsite, built
        # beside it (never published), shows which
        national = next(e for e in editions if e.campaign_id == edition.campaign_id and not e.region)
        reference = (
            [replace(microsites.job(national), with_pdf=False, sites=SiteMap.of(project))] if edition.fork else []
        )
        made = microsites.make([job, *reference])
        if findings := policy_findings(made.pages, [edition, *(r.edition for r in reference)], made.sources):
            raise CampaignError(findings)
        staging.publish_folder(job.key)
    return staging.site_dir, made
