"""The stages in the test's process, without a build: resolve, render, the documents and their Word files, the
catalog's tables and the fingerprints. Fast (`make test-fast`): what the built site shows is tested elsewhere."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import docx
import pytest

from generator.catalog import FORK_PAGES_AFTER, PAGE_KINDS, POSTERS, RESERVED_NAMES
from generator.documents import FormParts, NoticeParts, print_documents, word_file
from generator.documents.geometry import NOTICE, WIDE_FORM
from generator.read import load_project
from generator.read.forks import RESERVED_PAGE_NAMES
from generator.render import render_microsite
from generator.resolve import Edition, SiteMap, resolve_editions
from tests.printed import as_printed, form_parts, notice_parts
from tests.support import BUILD_MOMENT, ROOT

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def shipped() -> tuple[list[Edition], SiteMap]:
    project = load_project(ROOT / "campaigns")[0]
    return resolve_editions(project), SiteMap.of(project)


def test_each_microsite_has_the_catalogs_pages_in_its_order(shipped: tuple[list[Edition], SiteMap]) -> None:
    editions, sites = shipped
    for edition in editions:
        rendered = render_microsite(edition, sites, moment=BUILD_MOMENT, with_pdf=True)
        kinds = [k for k in PAGE_KINDS if edition.region is None or not k.national_only]
        for kind in kinds:
            assert sites.microsite(edition).page(kind.name).source in rendered.pages, (edition.path, kind.name)
        titles = [item.title for item in rendered.nav]
        expected = [k.section or k.title for k in kinds]
        forks = [page.title for page in edition.fork.pages] if edition.fork else []
        anchor = expected.index(next(k.title for k in kinds if k.name == FORK_PAGES_AFTER)) + 1
        assert titles == expected[:anchor] + forks + expected[anchor:], edition.path
        data = json.loads(rendered.files["data.json"])
        assert [p["id"] for p in data["assets"]["printables"]] == [p.id for p in rendered.map.printables]
        assert set(data["assets"]["posters"]) >= {p.name for p in POSTERS if p.name != "icon"}


def test_a_fork_page_may_take_no_name_the_catalog_holds() -> None:
    assert RESERVED_PAGE_NAMES == RESERVED_NAMES
    assert {k.name for k in PAGE_KINDS if k.name != "home"} < RESERVED_NAMES and "home" not in RESERVED_NAMES


def test_the_leaving_notice_is_decided_in_the_site_map_only(shipped: tuple[list[Edition], SiteMap]) -> None:
    editions, sites = shipped
    national = next(e for e in editions if e.path == "2022-nianhuojie")
    noticed = replace(national, campaign=national.campaign.model_copy(update={"external_links": "notice"}))
    direct, leaving = sites.microsite(national), sites.microsite(noticed)
    zoned = [i for i, p in enumerate(national.platforms) if p.targets]
    assert all(direct.leaving_page(i) is None for i in zoned)
    assert all(leaving.leaving_page(i) is not None for i in zoned)
    assert [target for _, target in leaving.poster_targets] == [leaving.url + f"go/{i + 1}/poster/" for i in zoned]
    assert [leaving.platform_code(i).target for i in zoned] == [leaving.url + f"go/{i + 1}/qr/" for i in zoned]
    rendered = render_microsite(noticed, sites, moment=BUILD_MOMENT, with_pdf=True)
    for i in zoned:  # each medium's page leads on to that medium's target, with its tracking
        targets = noticed.platforms[i].targets
        for medium, source in (
            ("web", f"go/{i + 1}.md"),
            ("qr", f"go/{i + 1}/qr.md"),
            ("poster", f"go/{i + 1}/poster.md"),
        ):
            assert f'href="{targets[medium]}"'.replace("&", "&amp;") in rendered.pages[source].decode(), source
    data = json.loads(rendered.files["data.json"])
    pages = [p.get("leaving_pages") for p in data["platforms"] if p["targets"]]
    assert pages == [{"web": f"go/{i + 1}/", "qr": f"go/{i + 1}/qr/", "poster": f"go/{i + 1}/poster/"} for i in zoned]


def _documents(shipped: tuple[list[Edition], SiteMap]) -> list[tuple[Edition, NoticeParts | FormParts, bytes]]:
    editions, sites = shipped
    return [(e, d.parts, d.html) for e in editions for d in print_documents(e, sites.microsite(e), sites).documents]


def test_each_print_page_reads_back_into_the_parts_it_was_made_from(shipped: tuple[list[Edition], SiteMap]) -> None:
    documents = _documents(shipped)
    assert len(documents) == 9
    for _, parts, html in documents:
        assert as_printed(parts) == (form_parts(html) if isinstance(parts, FormParts) else notice_parts(html))


def test_word_files_are_written_from_the_parts_the_same_every_time(shipped: tuple[list[Edition], SiteMap]) -> None:
    for _, parts, _ in _documents(shipped):
        data = word_file(parts)
        assert data == word_file(parts)
        document = docx.Document(io.BytesIO(data))
        text = "".join(paragraph.text for paragraph in document.paragraphs)
        assert parts.title in text.replace("\n", "")  # the title turns at a line break of its own
        width = (WIDE_FORM if isinstance(parts, FormParts) and parts.wide else NOTICE).width
        assert round(document.sections[0].page_width.mm) == width


def test_the_print_pages_take_their_lengths_from_the_geometry(shipped: tuple[list[Edition], SiteMap]) -> None:
    for _, parts, html in _documents(shipped):
        page = html.decode("utf-8")
        assert f"@page {{ size: A4; margin: {NOTICE.margin}; }}" in page
        if isinstance(parts, NoticeParts):
            assert f"PAGE = {NOTICE.block_height:g} * MM, STEP = ({NOTICE.block_width:g} + 20) * MM" in page


def test_a_fingerprint_follows_what_the_steps_declare(tmp_path: Path) -> None:
    from generator.microsite import MicrositeJob, job_fingerprint

    project = load_project(ROOT / "campaigns")[0]
    edition = next(e for e in resolve_editions(project) if e.path == "2022-nianhuojie/hunan")
    layouts = tmp_path / "posters"
    layouts.mkdir()
    job = MicrositeJob(
        edition=edition,
        sites=SiteMap.of(project),
        staging=None,
        engine=None,  # type: ignore[arg-type]
        engine_setup=None,
        assets=None,
        poster_dirs=(layouts,),
        font=None,  # type: ignore[arg-type]
        moment=BUILD_MOMENT,
        with_pdf=True,
    )
    first = job_fingerprint(job, "shared")
    assert job_fingerprint(replace(job), "shared") == first
    # another day: the timeline's 今天 and the calendar's stamps change, even within a phase
    assert job_fingerprint(replace(job, moment=BUILD_MOMENT + timedelta(days=1)), "shared") != first
    assert job_fingerprint(replace(job, with_pdf=False), "shared") != first
    assert job_fingerprint(job, "other shared inputs") != first
    (layouts / "share.yml").write_text("size: [1, 1]\n", encoding="utf-8")
    assert job_fingerprint(job, "shared") != first  # a poster layout the assets step reads
