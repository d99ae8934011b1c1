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
]


def test_a_route_completed_per_value_is_the_url_url_for_builds(app):
    for path in ("/en/search", "/th/products/x", "/api/v1/search"):
        with app.test_request_context(path):
            for endpoint, argument, value, values in CASES * 2:  # built, then reused
                assert route_url(endpoint, argument, value, **values) == url_for(
                    endpoint, **{argument: value}, **values), (path, endpoint, value)
