"""`campaignsite audit URL`: the address checked, the published copy read against the build, the report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from urllib.parse import urlsplit


def run_audit(args: argparse.Namespace) -> int:
    from ..audit import audit_site
    from ..read.layout import ProjectLayout
    from .report import print_audit

    site = args.site_dir or ProjectLayout.at(args.campaigns, None).site_dir
    if not (site / "index.html").is_file():
        print(f"没有已生成的网站：{site} 中没有 index.html，请先运行 campaignsite build", file=sys.stderr)
        return 1
    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        print(f"网址“{args.url}”应是网站的根地址，以 https:// 或 http:// 开头，不带 ? 和 #", file=sys.stderr)
        return 2
    if parts.path.endswith((".html", ".htm")):
        print(f"网址“{args.url}”应是网站的根地址（目录，如 https://zt.example.gov.cn/），不是一个页面", file=sys.stderr)
        return 2
    report = audit_site(args.url, site, args.today or date.today())
    print_audit(report, args.format)
    return 1 if report.vetoed else 0
