"""规范表述 dictionaries: the wrong → right wordings an office keeps as YAML.

  campaigns/terms.yaml                              national: every campaign and region
  campaigns/<campaign>/terms.yaml                   the campaign and its regions
  campaigns/<campaign>/regions/<slug>/terms.yaml    that region only

A region's editor extends the list for their own texts; nothing they write reaches another region's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..findings import CampaignError, Finding, Origin, display_path
from .layout import ProjectLayout
from .model import TermList
from .sourcemap import load_yaml
from .validation import findings_from_validation

TERMS_FILE = "terms.yaml"


@dataclass(frozen=True)
class TermScope:
    """Which texts a dictionary applies to: None is every campaign (or every region of one)."""

    campaign: str | None = None
    region: str | None = None

    def covers(self, campaign: str, region: str | None) -> bool:
        return self.campaign in {None, campaign} and self.region in {None, region}


@dataclass(frozen=True)
class Term:
    wrong: str
    right: str
    severity: str
    note: str | None
    origin: Origin  # where the entry is written, named in each finding it causes
    scope: TermScope


def terms_files(layout: ProjectLayout, campaigns: dict[str, tuple[str, ...]]) -> list[tuple[Path, TermScope]]:
    """Every terms.yaml that may exist, national first; `campaigns` maps each campaign id to its regions."""
    found = [(layout.campaigns_dir / TERMS_FILE, TermScope())]
    for campaign, regions in sorted(campaigns.items()):
        found.append((layout.campaign_folder(campaign) / TERMS_FILE, TermScope(campaign)))
        found += [(layout.fork_folder(campaign, r) / TERMS_FILE, TermScope(campaign, r)) for r in sorted(regions)]
    return [(path, scope) for path, scope in found if path.is_file()]


def _read_file(path: Path, scope: TermScope, findings: list[Finding]) -> list[Term]:
    try:
        doc = load_yaml(path, display_path(path))
    except CampaignError as exc:
        findings.extend(exc.findings)
        return []
    if doc.data in (None, {}):
        return []
    if not isinstance(doc.data, list):
        findings.append(doc.finding((), "规范表述表应为列表，每项写 wrong、right（及 severity、note）", "schema-type"))
        return []
    try:
        entries = TermList.model_validate(doc.data).root
    except ValidationError as exc:
        findings.extend(findings_from_validation(exc, TermList, doc))
        return []
    return [
        Term(entry.wrong, entry.right, entry.severity, entry.note, doc.origin((i, "wrong")), scope)
        for i, entry in enumerate(entries)
    ]


def read_terms(
    layout: ProjectLayout, campaigns: dict[str, tuple[str, ...]], findings: list[Finding]
) -> tuple[Term, ...]:
    return tuple(t for path, scope in terms_files(layout, campaigns) for t in _read_file(path, scope, findings))
