"""The delegate's guide: every locale has every page and section, the pages render in that
locale's own words, and each designation badge leads to its page."""

import html
import re
import tomllib

import pytest
from sqlalchemy import select

from showcase.extensions import db
from showcase.guide import content
from showcase.i18n import LOCALES
from showcase.models import DESIGNATION_TYPES, Category
from tests import databases
from tests.conftest import copy_data_dir, make_app

ENGLISH = tomllib.loads(content.content_file(LOCALES[0]).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory):
    """One copy of the demo catalog for the module: the guide only reads."""
    data_dir = tmp_path_factory.mktemp("guide") / "data"
    copy_data_dir(demo_template, data_dir)
    app = make_app(data_dir)
    yield app
    databases.drop(app)


@pytest.fixture(scope="module")
def client(site):
    return site.test_client()


def _read(locale) -> dict:
    return tomllib.loads(content.content_file(locale).read_text(encoding="utf-8"))


def test_the_guide_has_an_overview_and_a_page_per_designation_type():
    assert [page["slug"] for page in ENGLISH["pages"]] == list(content.PAGE_SLUGS)
    assert set(DESIGNATION_TYPES) <= set(content.PAGE_SLUGS)


@pytest.mark.parametrize("locale", LOCALES, ids=lambda locale: locale.slug)
def test_every_locale_has_every_page_and_section(locale):
    guide = _read(locale)
    assert guide["title"].strip() and guide["summary"].strip()
    assert [page["slug"] for page in guide["pages"]] == list(content.PAGE_SLUGS)
    for page, english in zip(guide["pages"], ENGLISH["pages"], strict=True):
        assert page["title"].strip() and page["summary"].strip()
        assert len(page["sections"]) == len(english["sections"]), page["slug"]
        for section, english_section in zip(page["sections"], english["sections"], strict=True):
            assert section["heading"].strip()
            assert len(section["paragraphs"]) == len(english_section["paragraphs"])
            assert all(paragraph.strip() for paragraph in section["paragraphs"])
    if locale.slug != "en":
        # Translated, not copied: no page title is left in English.
        assert not {page["title"] for page in guide["pages"]} & {
            page["title"] for page in ENGLISH["pages"]}


def _text(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page_html))


@pytest.mark.parametrize("locale", LOCALES, ids=lambda locale: locale.slug)
def test_guide_pages_render_in_the_locales_own_words(client, locale):
    guide = _read(locale)
    index = client.get(f"/{locale.slug}/guide/")
    assert index.status_code == 200
    assert guide["title"] in _text(index.get_data(as_text=True))
    for page in guide["pages"]:
        response = client.get(f"/{locale.slug}/guide/{page['slug']}")
        assert response.status_code == 200
        shown = _text(response.get_data(as_text=True))
        assert f'lang="{locale.html_lang}"' in response.get_data(as_text=True)
        assert page["title"] in shown
        for section in page["sections"]:
            assert section["heading"] in shown
            assert section["paragraphs"][0] in shown


def test_an_unknown_guide_page_is_not_found(client):
    assert client.get("/en/guide/no-such-page").status_code == 404


def test_designation_badges_lead_to_their_guide_page(site, client):
    with site.app_context():
        codes = db.session.scalars(select(Category.code).order_by(Category.code)).all()
    badges = set()
    for code in codes:  # category pages until every designation type's badge was seen
        page = client.get(f"/ko/categories/{code}").get_data(as_text=True)
        badges |= set(re.findall(r'<a class="badge badge-([a-z-]+)" href="([^"]+)"', page))
        if {kind for kind, _href in badges} == set(DESIGNATION_TYPES):
            break
    assert {kind for kind, _href in badges} == set(DESIGNATION_TYPES)
    for kind, href in badges:
        assert href == f"/ko/guide/{kind}"
        assert client.get(href).status_code == 200


def test_designation_pages_link_their_products_and_list_the_sources(client):
    page = client.get("/en/guide/excellent-procurement").get_data(as_text=True)
    assert 'href="/en/search?type=excellent-procurement"' in page
    for source in content.sources():
        assert html.escape(source.url) in page
