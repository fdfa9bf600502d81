"""The rule registry and what rules iterate over: every YAML file with its merged view, every free text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..findings import Finding, display_path
from ..read import CampaignSource, Merged, Project, RegionSource, merge
from ..read.forks import Fork
from ..read.layout import PAGES
from ..read.model import Campaign, RegionEdition
from ..read.sourcemap import DataPath, SourceDoc

Rule = Callable[[Project], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    """Register a rule; each family module (dates, laws, ...) registers its own when imported."""
    RULES.append(fn)
    return fn


@dataclass(frozen=True)
class Source:
    """One YAML file (a campaign or a region) and what it resolves to with inheritance."""

    campaign: CampaignSource
    doc: SourceDoc
    model: Campaign | RegionEdition
    merged: Merged
    region: str | None = None  # the region's slug, for a region edition
    fork: Fork | None = None  # the region's theme fork: its pages are published text too


def sources(project: Project) -> Iterator[Source]:
    for campaign in project.campaigns:
        yield Source(campaign, campaign.doc, campaign.model, merge(campaign))
        for region in campaign.regions:
            yield Source(campaign, region.doc, region.model, merge(campaign, region), region.region.slug, region.fork)


def regions_of(project: Project) -> Iterator[tuple[CampaignSource, RegionSource]]:
    """Every region edition with its campaign, for rules that compare the two."""
    for campaign in project.campaigns:
        for region in campaign.regions:
            yield campaign, region


def strings(data: Any, at: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield at, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*at, i))


@dataclass(frozen=True)
class Text:
    """A piece of free text: a YAML string (with its data path) or one line of a notice body."""

    source: Source
    path: str
    line: int
    column: int
    text: str
    doc: SourceDoc | None = None
    at: DataPath = ()
    document: str | None = None  # the body file (notice or attachment) a line belongs to

    def finding(
        self, offset: int, message: str, rule_id: str, fix: str | None = None, severity: str = "error"
    ) -> Finding:
        """A finding at `offset` characters into the text (YAML strings point at the value itself)."""
        if self.doc is not None:
            pos = self.doc.inside(self.at, self.text, offset)
            return Finding(self.path, pos.line, pos.column, severity, message, rule_id, fix)  # type: ignore[arg-type]
        return Finding(self.path, self.line, self.column + offset, severity, message, rule_id, fix)  # type: ignore[arg-type]


def texts(project: Project) -> Iterator[Text]:
    """Every piece of free text: YAML strings and the lines of each file's notice bodies (gathered once per
    project: a dozen rules read them all)."""
    if _TEXTS.project is not project:
        _TEXTS.project, _TEXTS.texts = project, tuple(_gather_texts(project))
    return iter(_TEXTS.texts)


@dataclass
class _Gathered:
    project: Project | None = None
    texts: tuple[Text, ...] = ()


_TEXTS = _Gathered()


def _gather_texts(project: Project) -> Iterator[Text]:
    for source in sources(project):
        for at, text in strings(source.doc.data):
            pos = source.doc.position(at)
            yield Text(source, source.doc.path, pos.line, pos.column, text, source.doc, at)
        for notice in source.model.notices:
            for relative in [notice.body, *(a.body for a in notice.attachments if a.body)]:
                body = project.bodies.get(relative)
                if body is not None and body.text is not None:
                    for n, line in prose_lines(body.text):
                        yield Text(source, body.display, n, 1, line, document=relative)
        if source.fork is not None:
            for page in source.fork.pages:
                path = display_path(source.fork.folder / PAGES / page.name)
                for n, line in prose_lines(page.source):
                    yield Text(source, path, n, 1, line, document=f"{PAGES}/{page.name}")


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """The numbered lines of a Markdown file that are prose: not inside a fenced code block."""
    fenced = ""
    for n, line in enumerate(markdown.splitlines(), 1):
        fence = line.lstrip()[:3]
        if fence in ("```", "~~~") and (not fenced or fence == fenced):
            fenced = "" if fenced else fence
            continue
        if not fenced:
            yield n, line
