"""data.json: the resolved data of one microsite, open data and the contract for later tools."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from ..catalog import POSTERS
from ..read.documents import Notice
from ..resolve import Edition, MicrositeMap
from ..resolve.tracking import MEDIUMS
from .datamodel import SCHEMA_VERSION, DataFile

# an XML namespace (xmlns="http://www.w3.org/2000/svg") is a name, not a place a reader is sent to
_WEB_ADDRESS = re.compile(r"(?<!xmlns=\")(?<!xmlns:xlink=\")https?://[^\s\"'<>()\[\]]+", re.I)


def external_hosts(texts: Iterable[str], own_hosts: frozenset[str]) -> list[str]:
    """Every host other than the site's own (its microsites' hosts) that a text names in a web address: for a
    reviewer, the list of places the microsite sends its readers to (links, buttons, QR codes)."""
    hosts = {
        (urlsplit(match.group(0)).hostname or "").lower() for text in texts for match in _WEB_ADDRESS.finditer(text)
    }
    return sorted(host for host in hosts if host and host not in own_hosts)


def _dump(items: list[Any]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_none=True) for item in items]


def _notice(edition: Edition, notice: Notice, page: str) -> dict[str, Any]:
    """A notice as its page shows it: its fields, its page, its body and its attachments' bodies as sanitised
    HTML (the Markdown files' paths are the project's, not the public's)."""
    data = notice.model_dump(mode="json", exclude_none=True, exclude={"body", "attachments"})
    attachments = [
        {
            **a.model_dump(mode="json", exclude_none=True, exclude={"body"}),
            **({"body_html": edition.bodies[a.body]} if a.body else {}),
        }
        for a in notice.attachments
    ]
    return {**data, "attachments": attachments, "page": page, "body_html": edition.bodies[notice.body]}


def edition_data(
    edition: Edition, microsite: MicrositeMap, assets: dict[str, Any], hosts: list[str], schema_url: str
) -> dict[str, Any]:
    c = edition.campaign
    region = edition.region
    return {
        "$schema": schema_url,
        "schema_version": SCHEMA_VERSION,
        "campaign": {
            "id": edition.campaign_id,
            "name": c.name,
            "kind": c.kind,
            "year": c.year,
            "edition": c.edition,
            "guiding_units": c.guiding_units,
            "goal": c.goal,
        },
        "region": None
        if region is None
        else {
            "code": region.code,
            "slug": region.slug,
            "name": region.name,
            "short_name": region.short_name,
            "branch": edition.branch,
        },
        "site_name": edition.site_name,
        "url": microsite.url,
        "theme": edition.theme,
        "slogans": edition.slogans,
        "principle": edition.principle,
        "organisers": edition.organisers.model_dump(mode="json"),
        "credits": [{"label": label, "units": list(units)} for label, units in edition.credits],
        "period": edition.period.as_dict(),
        "phases": _dump(edition.phases),
        "platforms": [
            {
                **p.as_dict(),
                **(
                    {
                        "leaving_pages": {
                            medium: page.url for medium in MEDIUMS if (page := microsite.leaving_page(i, medium))
                        }
                    }
                    if microsite.leaving_page(i)
                    else {}
                ),
            }
            for i, p in enumerate(edition.platforms)
        ],
        "venues": _dump(edition.venues),
        "events": [  # a unit says what a count counts: without a count there is nothing to say
            event.model_dump(mode="json", exclude_none=True, exclude=set() if event.count else {"count_unit"})
            for event in edition.events
        ],
        "sections": _dump(edition.sections),
        "rules": edition.rules.model_dump(mode="json", exclude_none=True),
        "contacts": _dump(edition.contacts),
        "deadlines": _dump(edition.deadlines),
        "notices": [_notice(edition, n, microsite.notice_page(n.id).url) for n in edition.notices],
        "forms": edition.forms.model_dump(mode="json", exclude_none=True),
        "regions": [
            {
                "code": s.region.code,
                "slug": s.region.slug,
                "name": s.region.name,
                "branch": s.branch,
                "microsite": s.microsite,
                "absent": s.absent,
                "status": s.label,
            }
            for s in edition.statuses
        ]
        or None,
        "assets": assets,
        "external_hosts": hosts,
    }


def asset_manifest(microsite: MicrositeMap, with_pdf: bool) -> dict[str, Any]:
    """data.json's `assets`: every generated file of the microsite, paths relative to its folder."""
    posters: dict[str, str] = {}
    for poster in (p for p in POSTERS if p.data_key is None):
        posters[poster.name] = str(microsite.poster(poster.name))
        if poster.pdf:
            posters[f"{poster.name}_pdf"] = str(microsite.poster_pdf(poster.name))
    apart = {p.data_key: str(microsite.poster(p.name)) for p in POSTERS if p.data_key}
    return {
        "calendar": str(microsite.calendar),
        "logo": str(microsite.logo),
        "qr": {
            "site": microsite.site_code.as_dict(),
            "platforms": [code.as_dict() for code in microsite.platform_codes],
        },
        "posters": posters,
        **apart,
        "printables": [p.as_dict(with_pdf) for p in microsite.printables],
    }


def to_json(data: dict[str, Any]) -> str:
    """data.json's text, once the data is what schema/data.schema.json says (a mismatch is our bug)."""
    DataFile.model_validate(data)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
