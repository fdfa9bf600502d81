"""Platform targets: one URL per medium (web, qr, poster) with tracking parameters, appended without
breaking the zone URL's own query or fragment."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MEDIUMS = ("web", "qr", "poster")


def with_params(url: str, params: dict[str, str]) -> str:
    """Append params to url's query, keeping its own parameters (they win) and its fragment."""
    if not params:
        return url
    parts = urlsplit(url)
    existing = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in existing}
    added = [(k, v) for k, v in params.items() if k not in present]
    query = parts.query + ("&" if parts.query and added else "") + urlencode(added)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def expand_params(template: dict[str, str], **values: str) -> dict[str, str]:
    """Fill {campaign} {region} {medium} placeholders in parameter values."""
    out = {}
    for key, value in template.items():
        for name, replacement in values.items():
            value = value.replace("{" + name + "}", replacement)
        out[key] = value
    return out
