"""Links built once per request and completed per value give what ``url_for`` gives."""

from flask import url_for

from showcase.queries.links import route_url

CASES = [
    ("catalog.product", "ref", "PPS-2024.001_a", {}),
    ("catalog.product", "ref", "q9sample7z", {}),  # the value the route is built with
    ("catalog.product", "ref", "드론 1/2", {}),  # escaped by url_for: left to it
    ("catalog.company", "company_id", 7, {}),
    ("catalog.company", "company_id", 918273645, {}),
    ("catalog.category", "code", "drones", {}),
    ("media_image", "key", "4e1f6b4d8d44", {"size": "thumb", "ext": "webp"}),
    ("media_image", "key", "4e1f6b4d8d44", {"size": "large", "ext": "jpg"}),
    ("media_document", "key", "0a0b", {}),
    # In the query string, where the route is completed with the value encoded.
    ("catalog.search", "q", "โดรน ตรวจ & 100% + a/b?c=d", {}),
    ("catalog.search", "q", "", {"sort": "name"}),
    ("catalog.search", "certification", "KC mark #2", {"q": "드론", "sort": "relevance"}),
    ("catalog.search", "category", "drones", {"q": "drone", "sort": "relevance"}),
    ("catalog.search", "lang", "th", {"q": "drone"}),
    ("catalog.category", "page", 3, {"code": "drones", "type": "PPS-A"}),
]


def test_a_route_completed_per_value_is_the_url_url_for_builds(app):
    for path in ("/en/search", "/th/products/x", "/api/v1/search"):
        with app.test_request_context(path):
            for endpoint, argument, value, values in CASES * 2:  # built, then reused
                assert route_url(endpoint, argument, value, **values) == url_for(
                    endpoint, **values, **{argument: value}), (path, endpoint, value)


def test_a_template_link_is_the_url_url_for_builds(app):
    """Templates' url_for completes a route built once per request with its last value."""
    from showcase.templating import request_url_for

    cases = [("catalog.search", {"q": "drone", "sort": "name", "page": 2}),
             ("catalog.search", {"q": "โดรน", "sort": "relevance", "category": "drones"}),
             ("catalog.search", {"q": "โดรน", "sort": "relevance", "category": "a b&c"}),
             ("catalog.hall_map", {"hall": "A", "booth": "A-12"}),
             ("catalog.hall_map", {"hall": "A", "booth": "A-13"}),
             ("catalog.product", {"ref": "PPS-1"}),
             ("catalog.home", {}),
             ("static", {"filename": "css/site.css"})]
    for path in ("/en/search", "/ur/search"):
        with app.test_request_context(path):
            for endpoint, values in cases * 2:
                assert request_url_for(endpoint, **values) == url_for(endpoint, **values), \
                    (path, endpoint, values)
