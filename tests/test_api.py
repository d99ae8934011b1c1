"""The JSON API: products and searches read through the pages' own queries, and every error,
whether raised in a route or before any route is known, answers ``{"error": ...}``."""

import ast
from pathlib import Path

import pytest
from flask import abort, request
from werkzeug.exceptions import TooManyRequests

from showcase.extensions import csrf
from tests.conftest import demo_records, make_app

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
UNPUBLISHED = [r for r in demo_records() if r["status"] != "published"]
API_DIR = Path(__file__).resolve().parent.parent / "showcase" / "api"


def _error(response, status: int) -> str:
    assert response.status_code == status, response.data
    assert response.mimetype == "application/json"
    assert set(response.json) == {"error"} and response.json["error"]
    return response.json["error"]


def _damage_search_index(app) -> None:
    """Delete the table of contents of every generation of the live index, as a disk fault
    or an interrupted copy would."""
    live = Path(app.config["SEARCH_INDEX_DIR"]).resolve()
    tocs = list(live.glob("*.toc"))
    assert tocs, "the live index should have a table of contents"
    for toc in tocs:
        toc.unlink()


def test_a_published_product_reads_in_the_requested_language(demo_client):
    record = next(r for r in PUBLISHED if "th" in r["texts"])
    answer = demo_client.get(f"/api/v1/products/{record['ref']}?lang=th").json
    assert answer["ref"] == record["ref"]
    assert answer["name"] == record["texts"]["th"]["name"] and answer["language"] == "th"
    assert answer["url"] == f"http://localhost/th/products/{record['ref']}"


def test_unknown_and_unpublished_products_are_404_json(demo_client):
    assert _error(demo_client.get("/api/v1/products/NO-SUCH-REF"), 404) == "no such product"
    for record in UNPUBLISHED:
        _error(demo_client.get(f"/api/v1/products/{record['ref']}"), 404)


def test_an_unknown_language_is_400_json(demo_client):
    assert _error(demo_client.get("/api/v1/search?q=drone&lang=xx"), 400) == "invalid lang"
    _error(demo_client.get("/api/v1/suggest?q=dr&lang=<script>"), 400)


def test_a_path_under_the_api_that_names_nothing_is_404_json(demo_client):
    assert _error(demo_client.get("/api/v1/nothing-here"), 404) == "not found"
    _error(demo_client.get("/api/v2/search?q=drone"), 404)
    _error(demo_client.get("/api/"), 404)


def test_a_method_the_api_does_not_offer_is_405_json(demo_client):
    assert _error(demo_client.post("/api/v1/search", data={"q": "drone"}), 405) \
        == "method not allowed"
    _error(demo_client.delete(f"/api/v1/products/{PUBLISHED[0]['ref']}"), 405)


def test_pages_outside_the_api_keep_their_html_error_pages(demo_client):
    response = demo_client.get("/en/products/NO-SUCH-REF")
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.fixture
def api_with_failing_routes(tmp_path, empty_template):
    """An app with extra routes under /api/ that fail the ways a real one can."""
    import shutil

    shutil.copytree(empty_template, tmp_path / "data")
    app = make_app(tmp_path / "data", MAX_CONTENT_LENGTH=1024, PROPAGATE_EXCEPTIONS=False)

    def upload():
        return {"size": len(request.get_data())}

    def crash():
        raise RuntimeError("a bug in a route")

    def busy():
        raise TooManyRequests()

    app.add_url_rule("/api/v1/test-upload", "test_upload", csrf.exempt(upload),
                     methods=["POST"])
    app.add_url_rule("/api/v1/test-crash", "test_crash", crash)
    app.add_url_rule("/api/v1/test-busy", "test_busy", busy)
    app.add_url_rule("/api/v1/test-abort", "test_abort", lambda: abort(404))
    return app


def test_a_body_over_the_size_limit_is_413_json(api_with_failing_routes):
    client = api_with_failing_routes.test_client()
    assert client.post("/api/v1/test-upload", data=b"x" * 100).json == {"size": 100}
    _error(client.post("/api/v1/test-upload", data=b"x" * 5000), 413)


def test_too_many_requests_is_429_json(api_with_failing_routes):
    _error(api_with_failing_routes.test_client().get("/api/v1/test-busy"), 429)


def test_a_crash_is_500_json_without_the_exception_text(api_with_failing_routes):
    response = api_with_failing_routes.test_client().get("/api/v1/test-crash")
    assert _error(response, 500) == "internal server error"
    assert b"a bug in a route" not in response.data
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_damaged_search_index_is_503_json_for_search_and_suggest(demo_app, demo_client):
    _damage_search_index(demo_app)
    _error(demo_client.get("/api/v1/search?q=drone"), 503)
    _error(demo_client.get("/api/v1/suggest?q=dr"), 503)
    ref = PUBLISHED[0]["ref"]
    assert demo_client.get(f"/api/v1/products/{ref}").status_code == 200


def test_a_damaged_search_index_leaves_the_rest_of_the_site_working(demo_app, demo_client):
    _damage_search_index(demo_app)
    page = demo_client.get("/en/search?q=drone")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "Search is unavailable right now" in page.data.decode()
    assert 'href="/en/"' in page.data.decode()
    thai = demo_client.get("/th/search?q=drone")
    assert thai.status_code == 503 and 'lang="th"' in thai.data.decode()
    assert demo_client.get("/en/").status_code == 200
    assert demo_client.get(f"/en/products/{PUBLISHED[0]['ref']}").status_code == 200


def test_absolute_urls_use_the_configured_base_url(demo_app, demo_client):
    demo_app.config["BASE_URL"] = "https://showcase.example.org/"
    ref = PUBLISHED[0]["ref"]
    assert demo_client.get(f"/api/v1/products/{ref}").json["url"] \
        == f"https://showcase.example.org/en/products/{ref}"
    name = PUBLISHED[0]["texts"]["en"]["name"]
    found = demo_client.get("/api/v1/suggest", query_string={"q": name[:5]}).json
    assert found and all(s["url"].startswith("https://showcase.example.org/en/") for s in found)


def test_the_api_reads_through_the_shared_queries_not_the_html_blueprint():
    for module in API_DIR.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names]
        assert not [name for name in imported if name.startswith("showcase.catalog")], module
        # The database is read through showcase.queries only.
        assert not [name for name in imported if name.startswith("sqlalchemy")], module
        assert "db" not in _names_from(tree, "showcase.extensions"), module


def _names_from(tree, module: str) -> set[str]:
    return {alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == module
            for alias in node.names}
