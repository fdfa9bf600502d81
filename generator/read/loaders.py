"""The YAML schema of campaign files, on PyYAML's parser (its messages and positions are what editors are
shown) and on libyaml's (the same nodes, 13x faster) for text that cannot reach libyaml's limits."""

from __future__ import annotations

import re

import yaml

MAX_DEPTH = 64


class CampaignLoader(yaml.SafeLoader):
    """YAML as editors mean it (the YAML 1.2 core schema's plain scalars): `18:00`, `no`, `on`, `0731` are text.

    PyYAML follows YAML 1.1, where `18:00` is the number 1080 (base 60), `no`/`on`/`off` are booleans and a
    leading 0 makes an octal number. Dates (2022-01-10) stay dates.
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012 - PyYAML's own


_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2})$", "0123456789"),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]


class FastCampaignLoader(yaml.CSafeLoader):
    """CampaignLoader's schema on libyaml's parser (13x PyYAML's): the same nodes, marks and styles. Only for
    text that nests shallowly and has no tab (`shallow`): libyaml's own depth limit (1000 levels) is not
    ours, and it takes tabs where PyYAML refuses them; a problem is said by CampaignLoader, whose messages
    and positions editors are shown."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012 - PyYAML's own


for _tag, _pattern, _first in _RESOLVERS:
    CampaignLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
    FastCampaignLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_BRACKETS = re.compile(r"[\[{\]}]")
_LEADING = re.compile(r"^[ ?:-]+", re.M)


def shallow(text: str) -> bool:
    """No tab, and at most MAX_DEPTH levels deep, counted generously: brackets inside quotes count too, and
    each character of a line's indentation, compact entries included (`- - - x`, `? ? x`), as a level."""
    if "\t" in text:
        return False
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    indent = max((len(match.group()) for match in _LEADING.finditer(text)), default=0)
    return deepest + indent <= MAX_DEPTH
