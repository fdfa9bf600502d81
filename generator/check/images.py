"""Images an editor names in YAML (the campaign's logo, platform logos, the 党政机关网站标识): PNG or JPEG,
of a size that can be drawn, as their header says (read/images.py), reported at the YAML line that names
them before anything is drawn."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from ..read.images import picture_problem
from .base import rule, sources

IMAGE_KEYS = ("logo", "image")  # file fields that name a picture (the others name fonts)


@rule
def named_images(project: Project) -> Iterator[Finding]:
    docs = {source.doc.path: source.doc for source in sources(project)}
    if project.site_doc is not None:
        docs[project.site_doc.path] = project.site_doc
    for (path, at), file in sorted(project.files.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        if at and at[-1] in IMAGE_KEYS and path in docs and (problem := picture_problem(file)):
            yield docs[path].finding(at, problem, "image-format", fix="换成 PNG 或 JPEG 图片（SVG 可能含脚本，不接受）")
