"""A listing whose designation expired: marked wherever it shows, and gone from the public
site when staff decided it should not stay visible (decided by date, without a reindex)."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from showcase import search, unit_of_work
from showcase.extensions import db
from showcase.models import Product, ProductStatus
from showcase.search import index
from showcase.search.schema import analyses_as_built, build_schema
from showcase.services import catalog_admin
from tests.conftest import PINNED_TODAY
from tests.factories import add_company, add_product, category

LAST_DAY = PINNED_TODAY - timedelta(days=1)  # the designation ended yesterday
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


@pytest.fixture
def listings(app):
    """Two published products of one company and category, named "Harbour ..."; the first
    ended its designation yesterday and is not kept visible once expired."""
    with app.app_context(), unit_of_work.committed():
        company = add_company(names={"en": "Quayside Works", "ko": "부두 공업"})
        kind = category("harbour-tech", {"en": "Harbour technology", "ko": "항만 기술"})
        hidden = add_product(company, ProductStatus.PUBLISHED, ref="HB-HIDDEN", category=kind,
                             texts={"en": "Harbour tidewatch buoy", "ko": "항만 조류 부표"})
        hidden.valid_until = LAST_DAY
        hidden.visible_when_expired = False
        add_product(company, ProductStatus.PUBLISHED, ref="HB-SHOWN", category=kind,
                    texts={"en": "Harbour crane monitor", "ko": "항만 크레인 감시기"})
    return app


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def _public_traces(client) -> dict:
    """Where the hidden listing could appear on the public site, and whether it does."""
    search_api = client.get("/api/v1/search?q=tidewatch").get_json()
    category_api = client.get("/api/v1/search?category=harbour-tech").get_json()
    return {
        "product page": client.get("/en/products/HB-HIDDEN").status_code == 200,
        "api product": client.get("/api/v1/products/HB-HIDDEN").status_code == 200,
        "home": "Harbour tidewatch buoy" in _text(client, "/en/"),
        "category page": "Harbour tidewatch buoy" in _text(client, "/en/categories/harbour-tech"),
        "company page": "Harbour tidewatch buoy" in _text(
            client, f"/en/companies/{_company_id(client.application)}"),
        "search": "Harbour tidewatch buoy" in _text(client, "/en/search?q=tidewatch"),
        "korean search": "HB-HIDDEN" in _text(client, "/ko/search?q=조류+부표"),
        "api search": [r["ref"] for r in search_api["results"]] == ["HB-HIDDEN"],
        "facet count": {"value": "harbour-tech", "count": 2} in category_api["facets"]["category"],
        "suggestion": any(s["label"] == "Harbour tidewatch buoy" for s in client.get(
            "/api/v1/suggest?q=harbour+tide").get_json()),
    }


def _company_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Product.company_id).where(Product.ref == "HB-SHOWN"))


def test_an_expired_listing_staff_do_not_keep_is_gone_from_the_public_site(listings, client):
    traces = _public_traces(client)
    assert not any(traces.values()), traces
    assert "Harbour crane monitor" in _text(client, "/en/categories/harbour-tech")
    assert "1 product" in _text(client, "/en/")  # the category counts only what is shown


def test_staff_switching_it_back_on_brings_it_back_everywhere(listings, client, login_as):
    login_as("staff")
    page = _text(client, "/en/staff/catalog?q=HB-HIDDEN")
    assert "Hidden from the public site." in page
    response = client.post("/en/staff/catalog/visibility", data={
        "csrf_token": TOKEN.search(page).group(1), "ref": "HB-HIDDEN", "visible": "1"})
    assert response.status_code == 302
    assert "stays visible" in _text(client, response.location)
    traces = _public_traces(client)
    assert all(traces.values()), traces
    # Kept visible, it is marked as expired wherever it shows.
    assert "This product's designation expired on" in _text(client, "/en/products/HB-HIDDEN")
    card = _text(client, "/en/categories/harbour-tech").split("Harbour tidewatch buoy</h3>")[1]
    assert "Designation expired" in card.split("</li>")[0]
    result = _text(client, "/en/search?q=tidewatch").split('class="result-list"')[1]
    assert "Designation expired" in result
    assert client.get("/api/v1/products/HB-HIDDEN").get_json()["designation_expired"] is True


def test_before_its_last_day_has_passed_the_listing_is_still_shown(listings, client, clock):
    clock.set(LAST_DAY)
    traces = _public_traces(client)
    assert all(traces.values()), traces
    clock.set(LAST_DAY + timedelta(days=1))
    assert not any(_public_traces(client).values())


def test_hiding_reaches_the_index_through_the_outbox_and_both_search_paths_agree(
        listings, app):
    with app.app_context():
        assert search.check(repair=False).clean
        with unit_of_work.committed():
            shown = db.session.scalar(select(Product).where(Product.ref == "HB-SHOWN"))
            shown.valid_until = LAST_DAY
            catalog_admin.set_visible_when_expired(shown, False, None)
        assert search.check(repair=False).clean  # the outbox carried the change
        answers = []
        for plain in (False, True):
            app.config["SEARCH_PLAIN_WHOOSH"] = plain
            for text, include_expired in (("harbour", True), ("harbour", False), ("", True)):
                filters = () if text else (("category", "harbour-tech"),)
                response = search.search(search.SearchRequest(
                    text=text, filters=filters, include_expired=include_expired))
                answers.append((response.total, [hit.ref for hit in response.hits],
                                response.facets))
        assert answers[:3] == answers[3:]
        assert all(total == 0 for total, _refs, _facets in answers)


def test_an_index_without_the_hiding_flag_is_outdated(app_context):
    older = build_schema()
    older.remove("hidden_when_expired")
    older.version = 2
    assert not analyses_as_built(older)
    assert analyses_as_built(index.open_live().schema)


def test_a_listing_without_an_end_date_never_expires_whatever_the_switch(app, client, clock):
    with app.app_context(), unit_of_work.committed():
        product = add_product(add_company(), ProductStatus.PUBLISHED, ref="NO-END",
                              texts={"en": "Endless lantern"})
        product.valid_until = None
        product.visible_when_expired = False
    clock.set(date(2099, 1, 1))
    assert client.get("/en/products/NO-END").status_code == 200
    assert "Endless lantern" in _text(client, "/en/search?q=lantern")


def test_a_company_and_category_left_with_only_a_hidden_listing_are_not_suggested(
        app, client, clock):
    with app.app_context(), unit_of_work.committed():
        company = add_company(names={"en": "Lonely Lighthouse Works", "ko": "외딴 등대 공업"})
        product = add_product(company, ProductStatus.PUBLISHED, ref="LL-1",
                              category=category("lighthouses", {"en": "Lighthouse optics"}),
                              texts={"en": "Fresnel lantern"})
        product.valid_until = LAST_DAY
        product.visible_when_expired = False
        company_id = company.id

    def suggested(prefix: str) -> set[str]:
        return {s["kind"] for s in client.get(f"/api/v1/suggest?q={prefix}").get_json()}

    assert suggested("lonely") == suggested("lighthouse o") == suggested("fresnel") == set()
    assert client.get(f"/en/companies/{company_id}").status_code == 404
    clock.set(LAST_DAY)
    assert suggested("lonely") == {"company"}
    assert suggested("lighthouse o") == {"category"}
    assert suggested("fresnel") == {"product"}
    assert client.get(f"/en/companies/{company_id}").status_code == 200
