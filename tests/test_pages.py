"""Every public page a visitor opens, rendered from the demo catalog."""

import re
from collections import Counter
from datetime import date
from html import unescape

import pytest

from tests.conftest import PINNED_TODAY, demo_records

RECORDS = demo_records()
PUBLISHED = [r for r in RECORDS if r["status"] == "published"]


def _text(html: bytes) -> str:
    return unescape(html.decode())


def test_root_redirects_to_the_browsers_language(demo_client):
    response = demo_client.get("/", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert response.status_code == 302 and response.location.endswith("/th/")
    response = demo_client.get("/", headers={"Accept-Language": "de-DE"})
    assert response.location.endswith("/en/")


def test_unknown_locale_is_not_found(demo_client):
    assert demo_client.get("/xx/").status_code == 404
    assert demo_client.get("/zz/products/anything").status_code == 404


def test_home_shows_featured_products_categories_with_counts_and_designations(demo_client):
    page = _text(demo_client.get("/en/").data)
    counts = Counter(r["category"]["code"] for r in PUBLISHED)
    for code, count in counts.items():
        link = re.search(rf'href="/en/categories/{code}">(.*?)</a>', page, re.S)
        assert link, code
        assert f"{count} product" in link.group(1)
    assert page.count('class="card"') >= 4
    for label in ("Innovative prototype", "Excellent R&D product",
                  "Excellent procurement product", "Other innovative product"):
        assert label in page


def test_category_pages_are_paginated_and_sorted(demo_app, demo_client):
    demo_app.config["PAGE_SIZE"] = 4
    code, count = Counter(r["category"]["code"] for r in PUBLISHED).most_common(1)[0]
    names = sorted((r["texts"]["en"]["name"] for r in PUBLISHED if r["category"]["code"] == code),
                   key=str.lower)
    seen = []
    pages = -(-count // 4)
    for number in range(1, pages + 1):
        page = _text(demo_client.get(f"/en/categories/{code}?page={number}").data)
        seen += re.findall(r'<h3 lang="en" dir="auto">(.*?)</h3>', page)
        assert f"Page {number} of {pages}" in page
    assert seen == names
    assert demo_client.get(f"/en/categories/{code}?page={pages + 1}").status_code == 404
    newest = _text(demo_client.get(f"/en/categories/{code}?sort=newest").data)
    assert len(re.findall(r'<h3 lang="en" dir="auto">', newest)) == 4


def test_product_page_shows_everything_a_buyer_needs(demo_client):
    record = next(r for r in PUBLISHED if r.get("booth") and r.get("certifications"))
    page = _text(demo_client.get(f"/en/products/{record['ref']}").data)
    assert record["texts"]["en"]["name"] in page
    assert record["texts"]["en"]["summary"] in page
    assert record["texts"]["en"]["description"] in page
    assert record["company"]["name"]["en"] in page
    assert record["designation"]["number"] in page
    assert record["classification_code"] in page
    assert f"Booth {record['booth']}" in page
    for certification in record["certifications"]:
        assert certification in page
    assert f"₩{record['price']['amount']:,}" in page
    assert page.count('<a class="gallery-link"') == len(record["images"])
    assert page.count("<img ") == len(record["images"]) + 1  # the photos and the QR code


def test_product_page_in_korean_uses_korean_text(demo_client):
    record = PUBLISHED[0]
    page = _text(demo_client.get(f"/ko/products/{record['ref']}").data)
    assert record["texts"]["ko"]["name"] in page
    assert '<html lang="ko"' in page


def test_missing_language_falls_back_to_english_with_a_note(demo_client):
    record = next(r for r in PUBLISHED if "th" not in r["texts"])
    page = _text(demo_client.get(f"/th/products/{record['ref']}").data)
    assert f'<h1 lang="en" dir="auto">{record["texts"]["en"]["name"]}</h1>' in page
    assert 'class="fallback-note"' in page


def test_expired_designation_is_marked(demo_client):
    expired = [r for r in PUBLISHED if date.fromisoformat(r["designation"]["valid_until"])
               < PINNED_TODAY]
    current = next(r for r in PUBLISHED if r not in expired)
    assert expired
    assert "designation expired" in _text(
        demo_client.get(f"/en/products/{expired[0]['ref']}").data)
    assert "designation expired" not in _text(
        demo_client.get(f"/en/products/{current['ref']}").data)


@pytest.mark.parametrize("status", ["draft", "submitted", "withdrawn"])
def test_unpublished_products_are_not_found(demo_client, status):
    record = next(r for r in RECORDS if r["status"] == status)
    assert demo_client.get(f"/en/products/{record['ref']}").status_code == 404


def test_unknown_product_and_category_are_not_found(demo_client):
    assert demo_client.get("/en/products/NO-SUCH-REF").status_code == 404
    page = demo_client.get("/en/categories/no-such-category")
    assert page.status_code == 404 and "Page not found" in _text(page.data)


def test_company_page_lists_only_its_published_products(demo_context, demo_client):
    from showcase.extensions import db
    from showcase.models import Company

    number = PUBLISHED[0]["company"]["registration_number"]
    company = db.session.scalar(db.select(Company).filter_by(registration_number=number))
    page = _text(demo_client.get(f"/en/companies/{company.id}").data)
    for record in RECORDS:
        if record["company"]["registration_number"] != number:
            continue
        shown = f'>{record["texts"]["en"]["name"]}</h3>' in page
        assert shown == (record["status"] == "published"), record["ref"]
    assert demo_client.get("/en/companies/999999").status_code == 404


def test_link_without_locale_redirects_to_the_localized_page(demo_client):
    ref = PUBLISHED[0]["ref"]
    response = demo_client.get(f"/products/{ref}", headers={"Accept-Language": "vi"})
    assert response.status_code == 302
    assert response.location.endswith(f"/vi/products/{ref}")


def test_pages_forbid_foreign_scripts_and_framing(demo_client):
    response = demo_client.get("/en/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
