"""What `build` refuses only as it makes a microsite (characters the print font lacks, poster fonts, layouts
and text that does not fit), checked for `campaignsite check` without drawing or printing anything, so that
the two commands agree: a project `check` passes is one `build` publishes."""

from __future__ import annotations

from .assets import poster_problems
from .documents import document_parts, missing_glyphs
from .findings import Finding
from .read import Project
from .resolve import SiteMap, resolve_editions


def preflight(project: Project) -> list[Finding]:
    sites = SiteMap.of(project)
    findings: list[Finding] = []
    for edition in resolve_editions(project):
        slug = edition.region.slug if edition.region else None
        microsite = sites.microsite(edition)
        findings += missing_glyphs(document_parts(edition, item) for item in microsite.printables)
        findings += poster_problems(
            edition, microsite, project.layout.poster_dirs(edition.campaign_id, slug), edition.font
        )
    return sorted(set(findings))  # a region's inherited notice is the national one: said once
