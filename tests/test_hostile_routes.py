"""Hostile input on every route: no 5xx, no forged host in any answer, security headers on
every answer. Routes are read from the URL map, so routes added later are walked too."""

import re
import shutil
from urllib.parse import quote

import pytest
from flask import url_for
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select, text

from showcase.extensions import db
from showcase.models import Category
from tests.conftest import demo_records, make_app

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
# Sent as typed into a URL: the first ones already percent-encoded, the rest quoted.
ENCODED_VALUES = ["%00", "%0d%0aX", "%2e%2e%2f", "..%2f..%2fetc%2fpasswd"]
RAW_VALUES = ["99999999999999999999", "-1", "0", "..", "a" * 5000, "<script>",
              "'; DROP TABLE product; --", "ไทย", "😀", "\u202e", "1e308", " "]
HOSTILE_QUERY = {"lang": "xx", "endpoint": "x", "_method": "POST", "_external": "1",
                 "page": "99999999999999999999", "sort": "<script>", "q": "[a TO z]",
                 "expired": "2", "company_id": "abc", "ref": "%00", "category": "\x00",
                 "type": "a" * 300, "hall": "😀"}
FORGED_HOST = "evil.example"
# A POST never succeeds without a CSRF token and a form: refused, redirected or not found.
POST_STATUSES = {301, 302, 303, 307, 308, 400, 403, 404, 405, 413, 429}


def _rules(app):
    return list(app.url_map.iter_rules())


def _url(rule, hostile_name: str | None, value: str) -> str:
    """The rule's path with ``value`` for argument ``hostile_name`` and a sensible value for
    every other argument (``en`` for the locale, a published product's ref, 1 for ids)."""

    def fill(match):
        name = match.group(2)
        if name == hostile_name:
            return value if value in ENCODED_VALUES else quote(value, safe="")
        if name == "lang":
            return "en"
        if name == "ref":
            return PUBLISHED[0]["ref"]
        return "1"

    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", fill, rule.rule)


def _hostile_urls(app):
    for rule in _rules(app):
        if not rule.arguments:
            yield rule, _url(rule, None, "")
        for name in sorted(rule.arguments):
            for value in ENCODED_VALUES + RAW_VALUES:
                yield rule, _url(rule, name, value)


def _check(response, url: str, failures: list, post: bool = False) -> None:
    if response.status_code >= 500 or (post and response.status_code not in POST_STATUSES):
        failures.append(f"{response.status_code} {url}")
    if FORGED_HOST.encode() in response.data or FORGED_HOST in response.headers.get(
            "Location", ""):
        failures.append(f"forged host echoed by {url}")
    if "Content-Security-Policy" not in response.headers:
        failures.append(f"no security headers on {url}")


def test_every_route_answers_hostile_path_values_without_a_server_error(demo_app):
    client = demo_app.test_client()
    failures = []
    for rule, url in _hostile_urls(demo_app):
        if "GET" in rule.methods:
            _check(client.get(url), url, failures)
        if "POST" in rule.methods:
            _check(client.post(url, data={"q": "<script>"}), url, failures, post=True)
    assert not failures, failures[:20]


@pytest.mark.parametrize("keep_lang", [False, True], ids=["bad-lang", "good-lang"])
def test_every_route_answers_hostile_query_arguments_without_a_server_error(demo_app,
                                                                            keep_lang):
    client = demo_app.test_client()
    query = dict(HOSTILE_QUERY, lang="en") if keep_lang else HOSTILE_QUERY
    failures = []
    for rule in _rules(demo_app):
        url = _url(rule, None, "")
        if "GET" in rule.methods:
            _check(client.get(url, query_string=query), url, failures)
        if "POST" in rule.methods:
            _check(client.post(url, query_string=query), url, failures, post=True)
    assert not failures, failures[:20]


def test_a_forged_host_header_gets_no_page_and_no_link_on_any_route(demo_app):
    client = demo_app.test_client()
    failures = []
    for rule in _rules(demo_app):
        url = _url(rule, None, "")
        for method in ("GET", "POST"):
            if method in rule.methods:
                response = client.open(url, method=method, base_url=f"http://{FORGED_HOST}",
                                       query_string=HOSTILE_QUERY)
                _check(response, url, failures)
                if response.status_code != 400:
                    failures.append(f"{response.status_code} for a forged host on {url}")
    assert not failures, failures[:20]


def test_trusted_host_names_come_from_the_environment(monkeypatch, tmp_path, empty_template):
    monkeypatch.setenv("SHOWCASE_TRUSTED_HOSTS", "showcase.example.org, .kotra.example")
    shutil.copytree(empty_template, tmp_path / "data")
    client = make_app(tmp_path / "data").test_client()
    assert client.get("/en/", base_url="http://showcase.example.org").status_code == 200
    assert client.get("/en/", base_url="https://fair.kotra.example").status_code == 200
    assert client.get("/en/", base_url="http://localhost").status_code == 400


def test_language_switcher_carries_the_query_but_never_as_url_for_arguments(demo_client):
    response = demo_client.get("/en/search", query_string={
        "q": "drone", "_external": "1", "endpoint": "x", "_method": "POST", "lang": "xx"})
    assert response.status_code == 200
    links = re.findall(r'<a href="([^"]*)" lang="th"', response.data.decode())
    assert links == ["/th/search?q=drone&amp;_external=1&amp;endpoint=x&amp;_method=POST&amp;"
                     "lang=xx"]
    product_page = demo_client.get(f"/en/products/{PUBLISHED[0]['ref']}").data.decode()
    company_id = re.search(r'href="/en/companies/(\d+)"', product_page).group(1)
    company = demo_client.get(f"/en/companies/{company_id}?company_id=abc")
    assert company.status_code == 200
    assert f'href="/ko/companies/{company_id}?company_id=abc"' in company.data.decode()


def test_ids_and_pages_beyond_any_database_integer_are_not_found(demo_client):
    code = PUBLISHED[0]["category"]["code"]
    assert demo_client.get("/en/companies/99999999999999999999").status_code == 404
    # Beyond a 32-bit INTEGER column: PostgreSQL would refuse the lookup with an error.
    assert demo_client.get(f"/en/companies/{2**31}").status_code == 404
    assert demo_client.get(f"/en/categories/{code}?page=99999999999999999999").status_code \
        == 404
    assert demo_client.get(f"/en/categories/{code}?page=-1").status_code == 404
    assert demo_client.get(f"/en/categories/{code}?page=2").status_code in (200, 404)
    assert demo_client.get("/en/search?q=drone&page=99999999999999999999").status_code == 404


def test_a_path_without_locale_that_carries_control_characters_is_not_found(demo_client):
    response = demo_client.get("/products/%0d%0aX")
    assert response.status_code == 404 and "Location" not in response.headers
    assert demo_client.get("/products/%00").status_code == 404


def test_search_without_a_locale_goes_to_the_visitors_search_page(demo_client):
    response = demo_client.get("/search?q=drone", headers={"Accept-Language": "th"})
    assert response.status_code == 302
    assert response.location == "/th/search?q=drone"
    assert demo_client.get("/search/?q=drone").location == "/en/search?q=drone"
    ref = PUBLISHED[0]["ref"]
    assert demo_client.get(f"/products/{ref}?x=%3Cy%3E").location \
        == f"/en/products/{ref}?x=%3Cy%3E"


def test_an_unpriceable_price_stored_in_the_database_does_not_break_the_product_page(
        demo_app, demo_client):
    ref = PUBLISHED[0]["ref"]
    with demo_app.app_context():
        # SQLite stores 1e308 in a NUMERIC(16, 2) column; PostgreSQL refuses anything above
        # the column's largest value, which is what such a database can hold at worst.
        worst = "1e308" if db.engine.dialect.name == "sqlite" else "99999999999999.99"
        db.session.execute(text(f"UPDATE product SET price_amount = {worst}, "
                                "price_currency = 'KRW' WHERE ref = :ref"), {"ref": ref})
        db.session.commit()
    assert demo_client.get(f"/en/products/{ref}").status_code == 200
    assert demo_client.get(f"/th/products/{ref}").status_code == 200


@pytest.fixture
def crashing_app(tmp_path, empty_template):
    """A test-only app with a route that raises, whose error page template is broken."""
    shutil.copytree(empty_template, tmp_path / "data")
    app = make_app(tmp_path / "data", PROPAGATE_EXCEPTIONS=False)

    def crash():
        raise RuntimeError("a bug in a page")

    def duplicate_category():
        # Two rows with one unique code: the request's single commit, after the view, fails.
        db.session.add_all([Category(code="dup", names={"en": "A"}),
                            Category(code="dup", names={"en": "B"})])
        return "the view's own answer"

    app.add_url_rule("/en/test-crash", "test_crash", crash)
    app.add_url_rule("/en/test-failing-commit", "test_failing_commit", duplicate_category)
    return app


def test_a_crashing_page_answers_the_500_page_with_security_headers(crashing_app):
    response = crashing_app.test_client().get("/en/test-crash")
    assert response.status_code == 500
    assert "Something went wrong" in response.data.decode()
    assert b"a bug in a page" not in response.data
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_commit_failing_after_the_view_answers_500_with_security_headers(crashing_app):
    response = crashing_app.test_client().get("/en/test-failing-commit")
    assert response.status_code == 500 and b"the view's own answer" not in response.data
    assert "Something went wrong" in response.data.decode()
    assert response.headers["X-Frame-Options"] == "DENY"
    with crashing_app.app_context():
        assert db.session.scalar(select(Category).where(Category.code == "dup")) is None


def test_an_error_page_that_fails_to_render_falls_back_to_a_bare_page(crashing_app):
    crashing_app.jinja_env.loader = ChoiceLoader([
        DictLoader({"errors/error.html": "{{ url_for('no.such.endpoint') }}"}),
        crashing_app.jinja_env.loader,
    ])
    client = crashing_app.test_client()
    for url, status in (("/en/test-crash", 500), ("/en/products/NO-SUCH-REF", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert response.mimetype == "text/html" and f"<h1>{status}</h1>" in response.data.decode()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    with crashing_app.test_request_context():
        assert url_for("catalog.home", lang="en") == "/en/"


def test_a_nul_character_in_a_path_or_an_argument_is_refused_before_any_query(demo_client):
    """No text column can hold NUL (PostgreSQL refuses it): such a request never reaches one."""
    assert demo_client.get("/en/categories/drones%00").status_code == 404
    assert demo_client.get("/en/products/%00").status_code == 404
    assert demo_client.get("/en/search?q=drone%00").status_code == 400
    answer = demo_client.get("/api/v1/search?q=drone&category=%00")
    assert answer.status_code == 400 and "error" in answer.get_json()
