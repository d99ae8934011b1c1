"""How the API answers over HTTP: JSON that caches can validate (ETag, Last-Modified, 304),
pagination links in the body and in a Link header, and read-only CORS for every origin."""

import hashlib
from urllib.parse import urlencode

from flask import Response, jsonify, request, url_for

from showcase.queries.api_lists import catalog_changed_at
from showcase.queries.catalog import Page
from showcase.queries.links import absolute_url

# Short: a published change should reach every reader within a minute; revalidating after
# that costs a 304 when nothing changed.
CACHE_CONTROL = "public, max-age=60"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-Modified-Since, If-None-Match"
EXPOSED_HEADERS = "ETag, Link"
PREFLIGHT_SECONDS = "86400"


def cacheable(body, last_modified: bool = True) -> Response:
    """``body`` as JSON with an ETag of its bytes, the catalog's Last-Modified and
    Cache-Control; 304 without a body when the request's validators still match."""
    response = jsonify(body)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    if last_modified:
        response.last_modified = catalog_changed_at()
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response.make_conditional(request)


def page_links(page: Page) -> dict:
    """Absolute URLs of this page's list at the first, last, previous and next page (None
    where there is none), keeping every other argument of the request."""

    # Query arguments are encoded after the path, never passed to url_for: there a name such
    # as _external or _method would change what is built.
    path = absolute_url(url_for(request.endpoint, **(request.view_args or {})))
    others = [(name, value) for name, value in request.args.items(multi=True) if name != "page"]

    def at(number: int) -> str:
        return f"{path}?{urlencode([*others, ('page', str(number))])}"

    return {
        "self": at(page.page),
        "first": at(1),
        "last": at(page.pages),
        "prev": at(page.page - 1) if page.page > 1 else None,
        "next": at(page.page + 1) if page.page < page.pages else None,
    }


def paged(items: list, page: Page) -> Response:
    """A cacheable answer holding one page of a list, with its links in the body and in a
    Link header (RFC 8288)."""
    links = page_links(page)
    response = cacheable({"items": items, "total": page.total, "page": page.page,
                          "per_page": page.per_page, "pages": page.pages, "links": links})
    response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"'
                                         for rel, url in links.items() if url)
    return response


def add_cors_headers(response: Response) -> Response:
    """Let pages on any origin read the API (no credentials: nothing here needs them), and
    answer a preflight with the methods and headers a reader may use."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_SECONDS
    return response
