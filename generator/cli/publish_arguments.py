"""The command line's publishing commands: deploy (object storage), headers (the web server's), audit (the
published copy as an inspector reads it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .arguments import _build_arguments, _campaigns_argument, _count, _date


def add_publishing_commands(sub: Any) -> None:
    deploy = sub.add_parser(
        "deploy",
        help="生成并发布到对象存储（S3 接口：阿里云 OSS、腾讯云 COS、华为云 OBS 等），可回退",
        description="按 campaigns/site.yaml（或地区配置）中的 deploy: 发布。密钥只从环境变量 AWS_ACCESS_KEY_ID、"
        "AWS_SECRET_ACCESS_KEY 或 ~/.aws/credentials 读取。",
    )
    deploy.add_argument("campaign", nargs="?", metavar="活动", help="只发布这个活动的微站（默认整个网站）")
    deploy.add_argument(
        "region", nargs="?", metavar="地区", help="只发布这个地区的微站（拼音、代码或名称）；national 表示全国微站"
    )
    deploy.add_argument("--dry-run", action="store_true", help="只列出将上传、保留和删除的文件，不做任何改动")
    deploy.add_argument("--rollback", action="store_true", help="回退到上一次发布的版本（不重新生成）")
    deploy.add_argument(
        "--max-deletes",
        type=_count,
        default=20,
        metavar="数量",
        help="最多删除多少个已发布的文件（默认 20；更多时拒绝发布，以免误删）",
    )
    deploy.add_argument("--site-dir", type=Path, default=None, metavar="目录", help="生成目录（默认为项目的 site/）")
    deploy.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    _campaigns_argument(deploy, positional=False)
    _build_arguments(deploy)

    headers = sub.add_parser(
        "headers",
        help="输出网站服务器的响应头配置（nginx、Caddy 或 _headers 文件）：内容安全策略（CSP）、HSTS 等",
        description="按已生成的 site/ 计算内联脚本的哈希，输出可直接引用的服务器配置片段",
    )
    headers.add_argument(
        "--format", choices=("nginx", "caddy", "netlify"), default="nginx", help="nginx（默认）、caddy 或 netlify"
    )
    headers.add_argument("--site-dir", type=Path, default=None, metavar="目录", help="已生成的网站目录（默认 site/）")
    headers.add_argument(
        "--no-hsts", action="store_true", help="不输出 Strict-Transport-Security（网站尚未启用 https 时）"
    )
    _campaigns_argument(headers, positional=False)

    audit = sub.add_parser(
        "audit",
        help="按政府网站检查指标检查已发布的网站：篡改、暗链、坏链、响应头、更新日期、归档和页脚标识",
        description="读取网址上已发布的网站，与 site/ 中生成的文件逐一比对；有单项否决项时退出状态为 1",
    )
    audit.add_argument(
        "url", metavar="网址", help="网站的公开根地址，与 site/ 的根目录对应，如 https://zt.example.gov.cn/"
    )
    audit.add_argument("--site-dir", type=Path, default=None, metavar="目录", help="生成的网站目录（默认 site/）")
    audit.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    audit.add_argument(
        "--today", type=_date, metavar="日期", help="按哪一天判断“两周未更新”等（默认今天），如 2022-01-20"
    )
    _campaigns_argument(audit, positional=False)
