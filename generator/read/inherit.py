"""How a region's edition inherits from its campaign, coded once for the checks and the resolver.

Scalars and theme/slogans/period/organisers/contacts/deadlines/events/rules/forms replace the national value
when the region gives them; platforms, sections and notices are added after the national ones (hide_platforms
drops national platforms by name); a region's phase replaces the national phase of the same name, or is added
(phases in date order). Every merged value keeps the file and key it came from (`Provenance`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..findings import Origin
from .model import (
    Campaign,
    Colors,
    Contact,
    Deadline,
    Event,
    Forms,
    Notice,
    Organisers,
    Period,
    Phase,
    Platform,
    Rules,
    Section,
    Venue,
)
from .project import CampaignSource, RegionSource
from .sourcemap import DataPath, SourceDoc

NATIONAL, REGIONAL = 0, 1
REPLACED = (
    "theme",
    "slogans",
    "summary",
    "period",
    "principle",
    "organisers",
    "events",
    "rules",
    "contacts",
    "deadlines",
    "forms",
)
APPENDED = ("platforms", "sections", "notices")


@dataclass(frozen=True)
class Provenance:
    """The YAML file and key of each merged field (and of each item of an appended list)."""

    docs: tuple[SourceDoc, ...]  # the campaign's, then the region's
    fields: Mapping[str, tuple[int, DataPath]]
    items: Mapping[str, tuple[tuple[int, int], ...]]  # list field -> (doc, index in that doc's list) per item

    def origin(self, field: str, *rest: str | int, key: bool = False) -> Origin:
        """Where `field` (and a path inside it, such as "notices", 2, "title") is written; with `key`, the
        position of its key rather than of its value."""
        if field in self.items and rest and isinstance(rest[0], int) and rest[0] < len(self.items[field]):
            doc, index = self.items[field][rest[0]]
            return self.docs[doc].origin((field, index, *rest[1:]), key=key)
        if field in self.items and not rest and any(doc == REGIONAL for doc, _ in self.items[field]):
            return self.docs[REGIONAL].origin((field,), key=key)  # the region adds to the list: its key
        doc, at = self.fields.get(field, (NATIONAL, (field,)))
        return self.docs[doc].origin((*at, *rest), key=key)


@dataclass(frozen=True, kw_only=True)
class Inherited:
    """The values a microsite takes from its campaign or its region, as the inheritance rules pick them."""

    site_name: str
    theme: str | None
    slogans: list[str]
    summary: str | None
    principle: str | None
    organisers: Organisers
    phases: list[Phase]
    venues: list[Venue]
    events: list[Event]
    sections: list[Section]
    rules: Rules
    contacts: list[Contact]
    deadlines: list[Deadline]
    notices: list[Notice]
    forms: Forms
    colors: Colors
    provenance: Provenance

    def inherited(self) -> dict[str, Any]:
        """These values by name, to build a richer view (a resolved edition) from them."""
        return {f.name: getattr(self, f.name) for f in fields(Inherited)}


@dataclass(frozen=True, kw_only=True)
class Merged(Inherited):
    """A campaign with one region's edition laid over it, or the campaign alone."""

    campaign: Campaign
    region: RegionSource | None
    period: Period
    platforms: list[Platform]


def _replaced(campaign: Campaign, region: Any, name: str) -> tuple[Any, int]:
    local = getattr(region, name, None) if region is not None else None
    if local is not None and local != "":
        return local, REGIONAL
    return getattr(campaign, name), NATIONAL


def _phases(c: Campaign, r: Any) -> list[tuple[Phase, tuple[int, int]]]:
    """National phases with the region's laid over them by name; new ones added; in date order."""
    merged = {p.name: (p, (NATIONAL, i)) for i, p in enumerate(c.phases)}
    for i, phase in enumerate(r.phases if r is not None and r.phases else []):
        merged[phase.name] = (phase, (REGIONAL, i))
    return sorted(merged.values(), key=lambda item: (item[0].start, item[0].end))


def merge(campaign: CampaignSource, source: RegionSource | None = None) -> Merged:
    c, r = campaign.model, source.model if source else None
    fields: dict[str, tuple[int, DataPath]] = {
        "campaign_name": (NATIONAL, ("name",)),
        "region": (REGIONAL, ("name",)) if source else (NATIONAL, ("name",)),
        "guiding_units": (NATIONAL, ("guiding_units",)),
        "venues": (REGIONAL, ("venues",)),
    }
    values: dict[str, Any] = {}
    for name in REPLACED:
        values[name], doc = _replaced(c, r, name)
        fields[name] = (doc, (name,))
    hidden = set(r.hide_platforms) if r else set()
    lists: dict[str, list[tuple[Any, tuple[int, int]]]] = {}
    for name in APPENDED:
        national = [
            (item, (NATIONAL, i))
            for i, item in enumerate(getattr(c, name))
            if not (name == "platforms" and item.name in hidden)
        ]
        lists[name] = national + [(item, (REGIONAL, i)) for i, item in enumerate(getattr(r, name) if r else [])]
    if r and r.campaign_name:
        site_name, fields["site_name"] = r.campaign_name, (REGIONAL, ("campaign_name",))
    else:
        site_name = f"{c.name}·{source.region.short_name}" if source else c.name
        fields["site_name"] = (NATIONAL, ("name",))
    colors = r.branding.colors if r and r.branding.colors else c.branding.colors
    fields["colors"] = (REGIONAL if r and r.branding.colors else NATIONAL, ("branding", "colors"))
    lists["phases"] = _phases(c, r)
    docs = (campaign.doc, source.doc) if source else (campaign.doc,)
    provenance = Provenance(docs, fields, {name: tuple(at for _, at in items) for name, items in lists.items()})
    appended: dict[str, Any] = {name: [item for item, _ in items] for name, items in lists.items()}
    replaced: dict[str, Any] = {
        name: list(value) if isinstance(value, list) else value for name, value in values.items()
    }
    return Merged(
        campaign=c,
        region=source,
        site_name=site_name,
        venues=list(r.venues) if r else [],
        colors=colors,
        provenance=provenance,
        **appended,
        **replaced,
    )
