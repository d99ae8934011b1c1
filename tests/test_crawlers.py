"""Search engines and feed readers: robots.txt, the sitemap with every locale's alternates,
Atom feeds per locale, and canonical and alternate links in the head of public pages."""

from datetime import datetime
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from showcase.extensions import db
from showcase.i18n import LOCALES
from showcase.models import Product, ProductStatus
from showcase.queries.catalog import publicly_visible
from tests import databases
from tests.conftest import copy_data_dir, make_app

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
HREFLANGS = {locale.html_lang for locale in LOCALES} | {"x-default"}


def _site(demo_template, folder, **settings):
    data_dir = folder / "data"
    copy_data_dir(demo_template, data_dir)
    return make_app(data_dir, **settings)


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory):
    app = _site(demo_template, tmp_path_factory.mktemp("crawlers"))
    yield app
    databases.drop(app)


@pytest.fixture(scope="module")
def client(site):
    return site.test_client()


def _public_refs(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Product.ref).where(publicly_visible())))


def _urls(urlset) -> dict[str, dict[str, str]]:
    """``{loc: {hreflang: href}}`` of a parsed ``<urlset>``."""
    return {url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href")
                                            for link in url.findall(f"{XHTML}link")}
            for url in urlset.findall(f"{SITEMAP}url")}


def test_robots_allows_public_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    for path in ("/*/portal/", "/*/staff/", "/*/account/", "/api/v1/search"):
        assert f"Disallow: {path}" in lines
    assert not any(line.startswith("Disallow: /*/search") for line in lines)
    assert "Sitemap: http://localhost/sitemap.xml" in lines


def test_sitemap_lists_every_public_product_in_every_locale_with_alternates(site, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    urls = _urls(ElementTree.fromstring(response.data))
    for ref in _public_refs(site):
        for locale in LOCALES:
            alternates = urls[f"http://localhost/{locale.slug}/products/{ref}"]
            assert set(alternates) == HREFLANGS
            assert alternates["x-default"] == f"http://localhost/products/{ref}"
            assert alternates["ko"] == f"http://localhost/ko/products/{ref}"
    assert "http://localhost/th/guide/excellent-rnd" in urls
    assert "http://localhost/ur/open-data" in urls
    assert not any("/portal/" in loc or "/staff/" in loc for loc in urls)


def test_the_x_default_address_leads_each_visitor_to_their_language(site, client):
    ref = sorted(_public_refs(site))[0]
    response = site.test_client().get(f"/products/{ref}", headers={"Accept-Language": "th"})
    assert response.status_code in (301, 302, 308)
    assert response.headers["Location"].endswith(f"/th/products/{ref}")


def test_a_large_sitemap_is_an_index_of_files_per_locale(demo_template, tmp_path):
    app = _site(demo_template, tmp_path, SITEMAP_URLS_PER_FILE=40)
    client = app.test_client()
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [entry.findtext(f"{SITEMAP}loc") for entry in index.findall(f"{SITEMAP}sitemap")]
    per_locale = len(parts) // len(LOCALES)
    assert per_locale > 1 and len(parts) == per_locale * len(LOCALES)
    seen = {}
    for number in range(1, per_locale + 1):
        part = client.get(f"/sitemaps/fil-{number}.xml")
        urls = _urls(ElementTree.fromstring(part.data))
        assert 0 < len(urls) <= 40
        assert all(loc.startswith("http://localhost/fil/") for loc in urls)
        seen.update(urls)
    refs = _public_refs(app)
    assert {f"http://localhost/fil/products/{ref}" for ref in refs} <= set(seen)
    assert client.get(f"/sitemaps/fil-{per_locale + 1}.xml").status_code == 404
    assert client.get("/sitemaps/xx-1.xml").status_code == 404
    databases.drop(app)


def test_feed_lists_the_newest_products_in_the_locale(site, client):
    response = client.get("/vi/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 30
    with site.app_context():
        newest = db.session.scalars(select(Product).where(publicly_visible())
                                    .order_by(Product.published_at.desc(), Product.id.desc())
                                    .limit(len(entries))).all()
        expected = [product.ref for product in newest]
        assert all(product.status == ProductStatus.PUBLISHED for product in newest)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == [f"http://localhost/vi/products/{ref}" for ref in expected]
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}id")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    again = client.get("/vi/feed.atom", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_public_pages_name_their_canonical_url_alternates_and_feed(site, client):
    ref = sorted(_public_refs(site))[0]
    page = client.get(f"/th/products/{ref}").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://localhost/th/products/{ref}">' in page
    for locale in LOCALES:
        assert (f'<link rel="alternate" hreflang="{locale.html_lang}" '
                f'href="http://localhost/{locale.slug}/products/{ref}">') in page
    assert f'hreflang="x-default" href="http://localhost/products/{ref}"' in page
    assert 'type="application/atom+xml" href="http://localhost/th/feed.atom"' in page


def test_canonical_url_keeps_the_page_and_drops_the_sort(client):
    home = client.get("/en/").get_data(as_text=True)
    code = home.split('href="/en/categories/')[1].split('"')[0]
    page = client.get(f"/en/categories/{code}?sort=newest&page=1").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://localhost/en/categories/{code}">' in page


def test_pages_behind_accounts_and_error_pages_have_no_canonical_url(client):
    assert 'rel="canonical"' not in client.get("/en/account/sign-in").get_data(as_text=True)
    missing = client.get("/en/products/NO-SUCH-THING")
    assert missing.status_code == 404
    assert 'rel="canonical"' not in missing.get_data(as_text=True)
