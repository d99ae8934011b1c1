"""The search page, the search API and the search-box suggestions, over the demo catalog."""

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import select

from showcase import search
from showcase.extensions import db
from showcase.models import Product
from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
UNPUBLISHED = [r for r in demo_records() if r["status"] != "published"]


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.data.decode())


def _api(client, **args) -> dict:
    response = client.get("/api/v1/search", query_string=args)
    assert response.status_code == 200, response.data
    return response.json


def test_every_page_has_a_search_box_that_works_without_javascript(demo_client):
    for url in ("/en/", f"/en/products/{PUBLISHED[0]['ref']}", "/en/search"):
        html = _html(demo_client, url)
        assert re.search(r'<form class="search-form" role="search" action="/en/search" '
                         r'method="get">', html)
        assert 'name="q"' in html


def test_results_show_total_snippets_and_facets_that_combine_with_the_query(demo_client):
    record = PUBLISHED[0]
    word = record["texts"]["en"]["name"].split()[-1]
    everything = _api(demo_client, q=word)
    assert everything["total"] >= 1
    html = _html(demo_client, f"/en/search?q={word}")
    assert f"{everything['total']} product" in html
    assert "<mark" in demo_client.get(f"/en/search?q={word}").data.decode()

    category = everything["facets"]["category"][0]
    narrowed = _api(demo_client, q=word, category=category["value"])
    assert narrowed["total"] == category["count"]
    assert {r["category"] for r in narrowed["results"]} == {category["value"]}
    designation = narrowed["facets"]["designation"][0]
    both = _api(demo_client, q=word, category=category["value"], type=designation["value"])
    assert both["total"] == designation["count"]


def test_filters_alone_browse_everything_in_a_category(demo_client):
    code, count = Counter(r["category"]["code"] for r in PUBLISHED).most_common(1)[0]
    answer = _api(demo_client, category=code)
    assert answer["total"] == count
    assert len(answer["results"]) == min(count, 20)


def test_api_pages_hold_at_least_ten_results_in_relevance_order(demo_client):
    first = _api(demo_client, q="public")
    assert first["total"] > 10 and len(first["results"]) >= 10
    second = _api(demo_client, q="public", page=2)
    refs = [r["ref"] for r in first["results"]] + [r["ref"] for r in second["results"]]
    assert len(refs) == len(set(refs)) == min(first["total"], 40)
    for result in first["results"]:
        assert set(result) >= {"ref", "name", "summary", "url", "highlights"}


def test_sorting_by_name_lists_results_alphabetically(demo_client):
    by_name = [r["name"] for r in _api(demo_client, q="public", sort="name")["results"]]
    assert len(by_name) > 1
    assert [n.casefold() for n in by_name] == sorted(n.casefold() for n in by_name)
    by_relevance = [r["name"] for r in _api(demo_client, q="public")["results"]]
    assert by_relevance != by_name


def test_sorting_by_newest_lists_the_latest_published_first(demo_app, demo_client):
    refs = [r["ref"] for r in _api(demo_client, q="public")["results"]][:6]
    with demo_app.app_context():
        # Later than anything the import published, and in the reverse of relevance order.
        for days, product in enumerate(sorted(
                db.session.scalars(select(Product).where(Product.ref.in_(refs))),
                key=lambda product: refs.index(product.ref))):
            product.published_at = datetime(2030, 1, 1, tzinfo=UTC) + timedelta(days=days)
        db.session.commit()
        search.drain()
    newest = [r["ref"] for r in _api(demo_client, q="public", sort="newest")["results"]]
    assert newest[:len(refs)] == refs[::-1]


def test_unpublished_products_never_appear(demo_client):
    for record in UNPUBLISHED:
        name = record["texts"]["en"]["name"]
        refs = [r["ref"] for r in _api(demo_client, q=name)["results"]]
        assert record["ref"] not in refs


def test_expired_products_are_marked_and_can_be_hidden(demo_client):
    expired = next(r for r in PUBLISHED if r["designation"]["valid_until"] < "2026-11-25")
    name = expired["texts"]["en"]["name"]
    shown = _api(demo_client, q=name)
    hit = next(r for r in shown["results"] if r["ref"] == expired["ref"])
    assert hit["designation_expired"] is True
    hidden = _api(demo_client, q=name, expired="0")
    assert expired["ref"] not in [r["ref"] for r in hidden["results"]]
    assert "Designation expired" in _html(demo_client, f"/en/search?q={name}")


def test_typo_is_forgiven_and_a_correction_is_offered(demo_client):
    answer = _api(demo_client, q="survaillance")
    assert answer["total"] > 0
    assert answer["suggestion"] == "surveillance"
    html = _html(demo_client, "/en/search?q=survaillance")
    assert 'href="/en/search?q=surveillance"' in html


def test_fallback_language_text_is_marked_in_results(demo_client):
    record = next(r for r in PUBLISHED if "th" not in r["texts"])
    name = record["texts"]["en"]["name"]
    html = _html(demo_client, f"/th/search?q={name}")
    assert 'class="fallback-note"' in html


def test_visitor_text_is_escaped_and_bad_arguments_are_tolerated(demo_client):
    html = demo_client.get('/en/search?q=<script>alert(1)</script>&page=abc&sort=evil').data
    assert b"<script>alert(1)</script>" not in html
    assert demo_client.get("/en/search?q=drone&page=999").status_code == 404
    assert demo_client.get("/api/v1/search?q=drone&lang=xx").status_code == 400


def test_suggestions_complete_names_companies_and_categories(demo_client):
    record = PUBLISHED[0]
    name = record["texts"]["en"]["name"]
    found = demo_client.get("/api/v1/suggest", query_string={"q": name[:5], "lang": "en"}).json
    assert name in [s["label"] for s in found]
    company = record["company"]["name"]["ko"]
    typed = company.replace("(주)", "").replace("주식회사", "").strip()[:2]
    found = demo_client.get("/api/v1/suggest", query_string={"q": typed, "lang": "ko"}).json
    assert any(s["kind"] == "company" and s["label"] == company for s in found)
    category = record["category"]["name"]["en"]
    found = demo_client.get("/api/v1/suggest", query_string={"q": category[:3], "lang": "en"}).json
    assert any(s["kind"] == "category" for s in found)
    assert demo_client.get("/api/v1/suggest?q=&lang=en").json == []
