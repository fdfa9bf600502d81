"""Stage 1, read: the project's YAML (with positions), the schema, validation -> `Project`.

`load_project(campaigns_dir)` returns the project and every schema finding; `merge` lays a region's edition
over its campaign (the inheritance rules), keeping where each value came from.
"""

from .forks import Fork, ForkPage
from .inherit import Inherited, Merged, Provenance, merge
from .layout import ProjectLayout
from .loader import load_campaign, load_project
from .project import CampaignSource, NoticeBody, Project, RegionSource

__all__ = [
    "CampaignSource",
    "Fork",
    "ForkPage",
    "Inherited",
    "Merged",
    "NoticeBody",
    "Project",
    "ProjectLayout",
    "Provenance",
    "RegionSource",
    "load_campaign",
    "load_project",
    "merge",
]
