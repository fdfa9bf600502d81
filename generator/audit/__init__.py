"""After publish, inspect: `campaignsite audit URL` reads a published copy as an inspector would (国办秘函〔2019〕19号
政府网站检查指标, 等保 header scans) and against the build it came from: files changed or added since the build,
links hidden in a page or leading to hosts the YAML never names, broken links, missing headers, the date of
every column and notice, 归档, and the footer marks of a government site.

  built.py    what the build in site/ holds (files and digests, content pages, the hosts the YAML names)
  served.py   the published copy over HTTP, every file the build made and every link a page shows
  pages.py    one page read as an inspector reads it: links and how they are hidden, dates, footer marks
  inspect.py  the findings, each with its level (单项否决 / 扣分 / 提示) and the file it is about
"""

from __future__ import annotations

from .inspect import AuditFinding, AuditReport, audit_site

__all__ = ["AuditFinding", "AuditReport", "audit_site"]
