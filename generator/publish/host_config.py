"""The headers of `publish/headers.py` (types, charset, caching) and `publish/security.py` written for the hosts
offices use: an nginx snippet to include in a `server` block whose root is site/, a Caddyfile snippet, and a
`_headers` file (Netlify, Cloudflare Pages, EdgeOne Pages). `campaignsite headers --format …` prints them."""

from __future__ import annotations

from .headers import LONG_CACHE, SHORT_CACHE, TEXT_TYPES, TYPES, UNKNOWN_TYPE, content_type
from .security import Policy

FORMATS = ("nginx", "caddy", "netlify")
HASHED_PATTERN = r"\.[0-9a-f]{8,}\."  # publish/headers.py HASHED_NAME, as the hosts' regular expressions say it
GENERATED = "由 campaignsite headers 生成，请勿手工修改；重新生成网站后重新生成本文件（内联脚本的哈希会变）"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nginx_headers(policy: Policy, cache: str, indent: str) -> list[str]:
    # add_header in a location drops every add_header of the server block: each location says them all
    pairs = [*policy.headers().items(), ("Cache-Control", cache)]
    return [f"{indent}add_header {name} {_quoted(value)} always;" for name, value in pairs]


def nginx(policy: Policy) -> str:
    types: dict[str, list[str]] = {}
    for suffix, kind in TYPES.items():
        types.setdefault(kind, []).append(suffix.lstrip("."))
    charset_types = sorted({k for k in TYPES.values() if k.startswith(TEXT_TYPES) and k != "text/html"})
    lines = [
        f"# {GENERATED}",
        "# include inside a server { } block whose root is the built site/ folder",
        "types {",
        *(f"    {kind} {' '.join(sorted(suffixes))};" for kind, suffixes in sorted(types.items())),
        "}",
        f"default_type {UNKNOWN_TYPE};",
        "charset utf-8;",
        f"charset_types {' '.join(charset_types)};",
        "server_tokens off;",
        "location / {",
        *_nginx_headers(policy, SHORT_CACHE, "    "),
        "}",
        f'location ~* "{HASHED_PATTERN}" {{',
        *_nginx_headers(policy, LONG_CACHE, "    "),
        "}",
    ]
    return "\n".join(lines) + "\n"


def caddy(policy: Policy) -> str:
    lines = [
        f"# {GENERATED}",
        "# import inside a site block whose root is the built site/ folder (file_server)",
        "header {",
        *(f"    {name} {_quoted(value)}" for name, value in policy.headers().items()),
        "    -Server",
        "}",
        f"@hashed path_regexp hashed {HASHED_PATTERN}",
        f"header @hashed Cache-Control {_quoted(LONG_CACHE)}",
        f"header !@hashed Cache-Control {_quoted(SHORT_CACHE)}",
        *(f"@type_{suffix[1:]} path *{suffix}\nheader @type_{suffix[1:]} Content-Type {_quoted(content_type(suffix))}"
          for suffix in sorted(TYPES)),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def netlify(policy: Policy) -> str:
    lines = [f"# {GENERATED}", "/*", *(f"  {name}: {value}" for name, value in policy.headers().items())]
    lines.append(f"  Cache-Control: {SHORT_CACHE}")
    for suffix in sorted(TYPES):  # no regular expressions here: hashed names are kept as briefly as the rest
        lines += [f"/*{suffix}", f"  Content-Type: {content_type(suffix)}"]
    return "\n".join(lines) + "\n"


def render(host: str, policy: Policy) -> str:
    return {"nginx": nginx, "caddy": caddy, "netlify": netlify}[host](policy)
