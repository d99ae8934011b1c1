"""The read API of the demo catalog: lists with filters and pagination links, one product or
company, categories and designation types in the requested language, answers that caches can
revalidate (ETag, Last-Modified, 304), read-only CORS, and its readable documentation page."""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from showcase.extensions import db
from showcase.models import Product
from showcase.queries.catalog import publicly_visible
from tests import databases
from tests.conftest import PINNED_TODAY, copy_data_dir, demo_records, make_app

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]


@pytest.fixture(scope="module")
def api_app(demo_template, tmp_path_factory):
    """One copy of the demo catalog for the tests that only read."""
    data_dir = tmp_path_factory.mktemp("api-read") / "data"
    copy_data_dir(demo_template, data_dir)
    app = make_app(data_dir)
    yield app
    databases.drop(app)


@pytest.fixture
def api(api_app):
    return api_app.test_client()


def _ok(response) -> dict:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/json"
    return response.json


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _walk(api, url: str) -> list[dict]:
    """Every item of a paginated list, following its next links from ``url``."""
    items, seen_pages = [], set()
    while url:
        assert url not in seen_pages, "a next link leads back to a page already read"
        seen_pages.add(url)
        answer = _ok(api.get(url))
        items += answer["items"]
        url = answer["links"]["next"] and _path(answer["links"]["next"])
    return items


def _visible_refs(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Product.ref).where(publicly_visible())
                                       .order_by(Product.ref)))


def test_following_next_links_reads_every_published_product_exactly_once(api, api_app):
    refs = [item["ref"] for item in _walk(api, "/api/v1/products?per_page=7")]
    assert refs == _visible_refs(api_app)
    assert len(refs) == len(set(refs)) == len(PUBLISHED)


def test_previous_links_walk_back_to_the_first_page_and_the_link_header_agrees(api):
    first = _ok(api.get("/api/v1/products?per_page=3&category=drones"))
    last = api.get(_path(first["links"]["last"]))
    answer = _ok(last)
    assert answer["links"]["next"] is None and answer["page"] == answer["pages"] > 1
    header = last.headers["Link"]
    for rel, url in answer["links"].items():
        assert (f'<{url}>; rel="{rel}"' in header) == (url is not None)
    pages = [answer["page"]]
    while answer["links"]["prev"]:
        answer = _ok(api.get(_path(answer["links"]["prev"])))
        assert "category=drones" in answer["links"]["self"]
        pages.append(answer["page"])
    assert pages == list(range(pages[0], 0, -1))
    assert first["links"]["prev"] is None


def test_a_page_past_the_last_is_404_json_and_a_bad_page_is_400(api):
    pages = _ok(api.get("/api/v1/products?per_page=50"))["pages"]
    assert api.get(f"/api/v1/products?per_page=50&page={pages + 1}").status_code == 404
    for bad in ("0", "-1", "x", "1.5", "٣", "99999999999"):
        response = api.get(f"/api/v1/products?page={bad}")
        assert response.status_code == 400 and response.json == {"error": "invalid page"}
    assert api.get("/api/v1/products?per_page=101").json == {"error": "invalid per_page"}


@pytest.mark.parametrize("arg, field", [("category", "category"), ("type", "designation"),
                                        ("hall", "hall")])
def test_each_filter_keeps_exactly_the_products_it_names(api, arg, field):
    everything = _walk(api, "/api/v1/products?per_page=100")
    counts = Counter(item[field] for item in everything if item[field])
    value, count = counts.most_common(1)[0]
    narrowed = _walk(api, f"/api/v1/products?per_page=100&{arg}={value}")
    assert len(narrowed) == count and {item[field] for item in narrowed} == {value}


def test_certification_and_language_filters_match_whole_values(api):
    everything = _walk(api, "/api/v1/products?per_page=100")
    held = Counter(name for item in everything for name in item["certifications"])
    name, count = held.most_common(1)[0]
    assert len(_walk(api, f"/api/v1/products?per_page=100&certification={name}")) == count
    assert _walk(api, f"/api/v1/products?certification={name[:-1]}") == []
    in_thai = [item["ref"] for item in everything if "th" in item["languages"]]
    assert [i["ref"] for i in _walk(api, "/api/v1/products?per_page=100&language=th")] \
        == in_thai
    assert 0 < len(in_thai) < len(everything)


def test_expired_0_leaves_out_the_products_whose_designation_ended(api):
    everything = _walk(api, "/api/v1/products?per_page=100")
    current = _walk(api, "/api/v1/products?per_page=100&expired=0")
    expired = {item["ref"] for item in everything if item["designation_expired"]}
    assert expired, "the demo catalog should hold an expired designation"
    assert {item["ref"] for item in current} == {item["ref"] for item in everything} - expired
    assert all(item["valid_until"] >= PINNED_TODAY.isoformat() for item in current
               if item["valid_until"])


def test_filter_values_the_api_does_not_allow_are_400_json(api):
    for query in ("type=prototype", "hall=a", "hall=AB", "language=english", "expired=no",
                  "category=Drones", "lang=EN", "certification="):
        response = api.get(f"/api/v1/products?{query}")
        assert response.status_code == 400, query
        assert set(response.json) == {"error"}


def test_one_product_has_its_public_fields_in_the_requested_language(api):
    record = next(r for r in PUBLISHED if "th" in r["texts"] and r.get("images"))
    answer = _ok(api.get(f"/api/v1/products/{record['ref']}?lang=th"))
    assert answer["name"] == record["texts"]["th"]["name"] and answer["language"] == "th"
    assert answer["designation_number"] == record["designation"]["number"]
    assert answer["valid_until"] == record["designation"]["valid_until"]
    assert answer["classification_code"] == record["classification_code"]
    assert answer["category"] == record["category"]["code"]
    assert answer["company_url"] == f"http://localhost/th/companies/{answer['company_id']}"
    assert len(answer["images"]) == len(record["images"])
    assert api.get(urlsplit(answer["images"][0]["url"]).path).status_code == 200


def test_texts_are_written_as_utf8_not_escaped(api):
    """A Thai answer carries its texts as UTF-8 (half the bytes of \\u escapes)."""
    record = next(r for r in PUBLISHED if "th" in r["texts"])
    response = api.get(f"/api/v1/products/{record['ref']}?lang=th")
    name = record["texts"]["th"]["name"]
    assert response.mimetype == "application/json"
    assert name.encode("utf-8") in response.data and b"\\u0e" not in response.data
    assert response.get_json()["name"] == name


def test_the_lang_parameter_changes_names_and_links(api):
    english = _ok(api.get("/api/v1/categories"))["items"]
    korean = _ok(api.get("/api/v1/categories?lang=ko"))["items"]
    assert [c["code"] for c in english] == [c["code"] for c in korean]
    assert all(c["name_language"] == "en" for c in english)
    assert all(c["name_language"] == "ko" and c["url"].startswith("http://localhost/ko/")
               for c in korean)
    assert {c["name"] for c in english}.isdisjoint({c["name"] for c in korean})
    types_en = _ok(api.get("/api/v1/designation-types"))["items"]
    types_th = _ok(api.get("/api/v1/designation-types?lang=th"))["items"]
    assert [t["code"] for t in types_en] == [t["code"] for t in types_th]
    assert all(en["name"] != th["name"] and en["explanation"] != th["explanation"]
               for en, th in zip(types_en, types_th, strict=True))
    assert types_en[0]["name"] == "Innovative prototype"


def test_categories_count_the_published_products(api):
    counts = Counter(r["category"]["code"] for r in PUBLISHED)
    answer = _ok(api.get("/api/v1/categories"))["items"]
    assert {c["code"]: c["products"] for c in answer} == dict(counts)


def test_companies_list_their_published_products_and_nothing_private(api):
    companies = _walk(api, "/api/v1/companies?per_page=5")
    refs = [ref for company in companies for ref in company["products"]]
    assert sorted(refs) == sorted(r["ref"] for r in PUBLISHED)
    assert all(set(c) == {"id", "name", "name_language", "names", "website", "url",
                          "products"} for c in companies)
    one = _ok(api.get(f"/api/v1/companies/{companies[0]['id']}?lang=ko"))
    assert one["products"] == companies[0]["products"] and one["name_language"] == "ko"
    assert api.get("/api/v1/companies/999999").json == {"error": "no such company"}
    # Beyond any id a database integer holds (PostgreSQL's is 32 bits): no company, not a crash.
    assert api.get("/api/v1/companies/2147483648").json == {"error": "not found"}


def test_answers_carry_validators_and_a_short_public_cache_lifetime(api):
    for url in ("/api/v1/products", "/api/v1/products/" + PUBLISHED[0]["ref"],
                "/api/v1/categories", "/api/v1/companies", "/api/v1/designation-types",
                "/api/v1/search?q=drone", "/api/v1/suggest?q=dr"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response.headers["ETag"].startswith('"'), url
        assert response.headers["Last-Modified"].endswith(" GMT"), url
        assert response.headers["Cache-Control"] == "public, max-age=60", url
        assert "Set-Cookie" not in response.headers, url


def test_head_answers_the_headers_of_get_without_a_body(api):
    got, head = api.get("/api/v1/categories"), api.head("/api/v1/categories")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == got.headers["ETag"]


def test_any_origin_may_read_and_a_preflight_is_answered(api):
    preflight = api.options("/api/v1/products", headers={
        "Origin": "https://buyer.example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert set(preflight.headers["Access-Control-Allow-Methods"].split(", ")) \
        == {"GET", "HEAD", "OPTIONS"}
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers
    read = api.get("/api/v1/products", headers={"Origin": "https://buyer.example.org"})
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    assert {"ETag", "Link"} <= set(read.headers["Access-Control-Expose-Headers"].split(", "))
    missing = api.get("/api/v1/nothing-here", headers={"Origin": "https://buyer.example.org"})
    assert missing.status_code == 404 and missing.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in api.get("/en/").headers


def test_a_method_the_api_does_not_offer_is_405_with_allow(api):
    response = api.post("/api/v1/products")
    assert response.status_code == 405 and response.json == {"error": "method not allowed"}
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_openapi_document_names_every_api_route(api, api_app):
    document = _ok(api.get("/api/v1/openapi.json"))
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]
    routes = {rule.rule.removeprefix("/api/v1").replace("<ref>", "{ref}")
              .replace("<int(max=2147483647):company_id>", "{company_id}")
              for rule in api_app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert routes == set(document["paths"])
    korean = _ok(api.get("/api/v1/openapi.json?lang=ko"))
    assert korean["paths"].keys() == document["paths"].keys()


@pytest.mark.parametrize("slug", ["en", "th", "ur", "ko"])
def test_the_documentation_page_lists_every_operation_and_schema(api, slug):
    response = api.get(f"/{slug}/api")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.data.decode()
    document = _ok(api.get(f"/api/v1/openapi.json?lang={slug}"))
    for path, item in document["paths"].items():
        assert f"GET {path}" in html
        assert item["get"]["summary"].replace("&", "&amp;") in html
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert 'href="http://localhost/api/v1/openapi.json"' in html
    assert f'<html lang="{"zh-Hans" if slug == "zh-hans" else slug}"' in html


@pytest.mark.parametrize("chain", [["th", "en", "ko"], ["ko", "en"], ["uz", "en", "ko"]])
def test_each_public_record_says_what_the_products_model_says(api_app, chain):
    """The records the API reads as plain rows agree with the ORM model of every product:
    texts, company and category names, photos and brochures in order, expiry and hall; a
    product that is not public has none."""
    from showcase.queries.public_records import public_products

    with api_app.test_request_context():
        products = db.session.scalars(select(Product)).all()
        records = public_products([product.id for product in products], chain)
        visible = set(db.session.scalars(select(Product.id).where(publicly_visible())))
        assert set(records) == visible and visible != {product.id for product in products}
        for product in (product for product in products if product.id in visible):
            record, text = records[product.id], product.text_in(chain)
            assert (record["name"], record["language"]) == (text.name, text.language)
            assert record["description"] == text.description
            assert record["languages"] == product.languages
            assert record["company"] == product.company.name_in(chain)[0]
            assert record["category_name"] == product.category.name_in(chain)[0]
            assert record["designation_expired"] == product.designation_expired()
            assert record["hall"] == product.hall
            assert [image["alt"] for image in record["images"]] == [
                image.alt_in(chain) for image in product.images]
            assert all(image.key in shown["url"] for shown, image
                       in zip(record["images"], product.images, strict=True))
            assert [brochure["title"] for brochure in record["brochures"]] == [
                document.title for document in product.documents]
