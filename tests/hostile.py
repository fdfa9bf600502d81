"""A campaign in which every string field of the schema holds a marked payload, made from the pydantic models
themselves (no field listed by hand), and the scan that finds a payload anywhere it was not escaped."""

from __future__ import annotations

import json
import re
import subprocess
import types
import typing
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from PIL import Image
from pydantic import BaseModel

from generator.read.fields import ONE_LINE
from tests.support import run_cli

PERIOD = (date(2022, 1, 10), date(2022, 2, 7))
# a tag (must never arrive as a tag), quotes and & (attribute context), a template expression (must never
# run: evaluated it reads "ＱＺ"), Markdown emphasis (must never become <em>)
PAYLOAD = "<i>F{n}</i>\"'&{{{{'Ｑ'~'Ｚ'}}}}*M*"
RAW_TAG = re.compile(r"<i>F\d+</i>")
EVALUATED = "ＱＺ"
MARKDOWN = "<em>M</em>"
# notice bodies are Markdown with some HTML allowed: what they may not keep
BODY = "正文 F{n}<script>alert('F{n}')</script><img src=x onerror=alert(1)> [链接](javascript:alert(1))\n\n## 小标题\n"
BODY_LEAKS = re.compile(r"<script>alert|onerror=|javascript:")


class Fields:
    """Numbers each string field it fills, so a leak names the field."""

    def __init__(self) -> None:
        self.paths: dict[int, str] = {}

    def payload(self, path: str) -> str:
        n = len(self.paths) + 1
        self.paths[n] = path
        return PAYLOAD.format(n=n)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type inside Optional/Annotated, and the metadata (constraints) found on the way."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, metadata


def _constraint(metadata: list[Any], name: str) -> Any:
    for item in metadata:
        value = getattr(item, name, None)
        for inner in getattr(item, "metadata", []):
            value = value or getattr(inner, name, None)
        if value is not None:
            return value
    return None


def _value(
    annotation: Any, metadata: list[Any], extra: dict[str, Any], path: str, fields: Fields, files: dict[str, str]
) -> Any:
    annotation, more = _unwrap(annotation)
    metadata = metadata + more
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_instance(annotation, path, fields, files)
    if origin is list:
        return [_value(typing.get_args(annotation)[0], [], {}, f"{path}.0", fields, files)]
    if origin is dict:
        return {"cs": _value(typing.get_args(annotation)[1], [], {}, f"{path}.cs", fields, files)}
    if origin is typing.Literal:
        return next(a for a in typing.get_args(annotation) if a is not None)
    if annotation is date:
        return PERIOD[1] if path.endswith((".end", ".due", ".closes")) else PERIOD[0]
    if annotation is int:
        return 2022 if path.endswith("year") else 3
    if annotation is bool:
        return None  # the default
    pattern = _constraint(metadata, "pattern")
    if pattern and pattern != ONE_LINE:  # a single line: the payload has no line break
        if ":" in pattern:  # a time of day: an event ends after it starts
            return "17:30" if path.endswith("end_time") else "09:00"
        return f"cs-{len(files) + len(fields.paths)}" if "a-z0-9" in pattern else None
    kind = extra.get("format")
    if kind == "uri":
        if path.endswith("publish.url"):  # a folder, printed on posters: short, with what needs escaping
            return f"https://{path.split('.')[0]}.example.cn/zt/%3Cb%3E%22'&/"
        return "https://example.cn/?q=" + quote(fields.payload(path))
    if kind == "file-path":
        if path.endswith(".body"):
            name = f"cs/{len(files)}.md"
            files[name] = BODY.format(n=len(files))
            return name
        if path.endswith((".image", ".logo")):  # an image the YAML names: a real PNG beside it
            name = f"img-{len(files)}.png"
            files[f"IMG:{path.split('.')[0]}:{name}"] = ""
            return name
        return None  # fonts: tested on their own
    return fields.payload(path)


def model_instance(model: type[BaseModel], path: str, fields: Fields, files: dict[str, str]) -> dict[str, Any]:
    data = {}
    for name, info in model.model_fields.items():
        if name == "deploy":  # where the build machine uploads, never on a page: tests/test_deploy.py
            continue
        value = _value(
            info.annotation, list(info.metadata), info.json_schema_extra or {}, f"{path}.{name}", fields, files
        )
        if value is not None:
            data[name] = value
    return data


def write_hostile_project(root: Path) -> Fields:
    """campaigns/cs/campaign.yaml, a region (湖南), site.yaml and the notice bodies, every string a payload."""
    from generator.read.model import Campaign, RegionEdition, SiteConfig

    fields, files = Fields(), {}
    campaign = model_instance(Campaign, "campaign", fields, files)
    campaign["period"] = {"start": PERIOD[0], "end": PERIOD[1], "note": fields.payload("campaign.period.note")}
    region = model_instance(RegionEdition, "region", fields, files)
    region.pop("period", None)
    site = model_instance(SiteConfig, "site", fields, files)
    site["base_url"] = "https://campaigns.example.com/"
    folder = root / "campaigns" / "cs"
    (folder / "regions").mkdir(parents=True)
    beside = {"campaign": folder, "region": folder / "regions", "site": root / "campaigns"}
    for relative, text in files.items():
        if relative.startswith("IMG:"):
            _, owner, name = relative.split(":")
            Image.new("RGB", (40, 40), "#c00000").save(beside[owner] / name)
            continue
        (root / "content" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / relative).write_text(text, encoding="utf-8")
    dump = {"allow_unicode": True, "sort_keys": False}
    (folder / "campaign.yaml").write_text(yaml.safe_dump(campaign, **dump), encoding="utf-8")
    (folder / "regions" / "hunan.yaml").write_text(yaml.safe_dump(region, **dump), encoding="utf-8")
    (root / "campaigns" / "site.yaml").write_text(yaml.safe_dump(site, **dump), encoding="utf-8")
    return fields


# What `check` refuses in a field, and the plain value that field gets instead: the payload never reaches a
# page through it. None removes the field.
REFUSED = {
    "contact-phone": "010-66668888",
    "contact-fax": "010-66668888",
    "contact-email": "cs@example.cn",
    "region-unknown": "湖南",
    "region-code": "430000",
    "region-name": "湖南",
    "notice-number": "商办电函〔2022〕1号",
    "date-unknown-phase": None,
    "law-name": "电子商务法",
    "footer-format": {
        "icp": "京ICP备05004093号-1",
        "police": "京公网安备 11040102700068号",
        "site_code": "bm14000001",
        "url": "https://bszs.conac.cn/",
    },
}


def _path_at(doc: Any, line: int, column: int) -> tuple:
    """The data path a finding points at (a value's or a key's position; the deepest one there)."""
    matches = [
        at for table in (doc.values, doc.keys) for at, pos in table.items() if (pos.line, pos.column) == (line, column)
    ]
    return max(matches, key=len)


def _replace(data: Any, at: tuple, value: Any) -> None:
    for part in at[:-1]:
        data = data[part]
    if value is None:
        del data[at[-1]]
    else:
        data[at[-1]] = value


def settle(root: Path, check: Any) -> dict[str, set[str]]:
    """Run `check`; give every field it refuses its plain value, until it refuses nothing. Returns the rules
    that refused fields (rule -> data paths)."""
    from generator.read.sourcemap import load_yaml

    refused: dict[str, set[str]] = {}
    for _ in range(8):
        errors = [f for f in check(root) if f["severity"] == "error"]
        if not errors:
            return refused
        for file in {f["path"] for f in errors}:
            doc = load_yaml(root / file, file)
            ours = [f for f in errors if f["path"] == file]
            for finding in ours:
                assert finding["rule"] in REFUSED, finding
            places = [(_path_at(doc, f["line"], f["column"]), f["rule"]) for f in ours]
            for at, rule in sorted(places, key=lambda p: p[0], reverse=True):  # later list items first
                plain = REFUSED[rule]
                _replace(doc.data, at, plain[at[-1]] if isinstance(plain, dict) else plain)
                refused.setdefault(rule, set()).add(".".join(map(str, at)))
            (root / file).write_text(yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    raise AssertionError("check still refuses the hostile project")


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.bad += [f"<{tag} {name}>" for name, _ in attrs if re.search(r"[\"'&{}*<>]", name)]


def leaks(site: Path, fields: Fields) -> tuple[list[str], set[int]]:
    """Every place a payload arrived unescaped; and the fields whose payload arrived escaped somewhere."""
    found, shown = [], set()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if (path.suffix in (".png", ".pdf", ".svg") and "qr" in path.parts) or path.suffix in (".png", ".pdf"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        shown |= {int(n) for n in re.findall(r"&lt;i&gt;F(\d+)&lt;/i&gt;", text)}
        if EVALUATED in text:
            found.append(f"{rel}: a template expression was evaluated")
        if path.suffix == ".json":
            data = json.loads(text)
            if path.name == "search_index.json":  # shown as HTML by the search: must stay escaped
                found += [
                    f"{rel}: {m}"
                    for doc in data["docs"]
                    for value in (doc["title"], doc["text"])
                    for m in RAW_TAG.findall(value)
                ]
            continue
        if path.suffix in (".ics", ".csv"):
            continue  # data files with their own escaping (icalendar, Excel): the tests read them back
        found += [f"{rel}: {m}" for m in BODY_LEAKS.findall(text)]
        for match in RAW_TAG.finditer(text):
            n = int(match.group(0)[4:-4])
            found.append(f"{rel}: raw tag of field {fields.paths.get(n)}")
        if MARKDOWN in text:
            found.append(f"{rel}: Markdown in a YAML string was interpreted")
        if path.suffix == ".html":
            parser = _Attributes()
            parser.feed(text)
            found += [f"{rel}: attribute broken out {bad}" for bad in parser.bad]
    return found, shown


DAY = ("--today", "2022-01-20")


def build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """A build as the hostile tests run it: no PDFs, a fixed day."""
    return run_cli("build", "-q", "--no-pdf", *DAY, *extra, cwd=project)


def check_findings(root: Path) -> list[dict]:
    """`check --format json`'s findings (no traceback, whatever it found)."""
    result = run_cli("check", "--format", "json", cwd=root)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def line_with(process: subprocess.Popen[str], text: str) -> str:
    """Read a running command's stderr up to the line saying `text`."""
    assert process.stderr is not None
    for line in iter(process.stderr.readline, ""):
        if text in line:
            return line
    raise AssertionError(f"the command ended without saying “{text}”")
