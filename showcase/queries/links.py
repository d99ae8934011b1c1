"""URLs of catalog things, shared by the pages and the API."""

import re
from urllib.parse import quote_plus

from flask import current_app, g, request, url_for

# Refs, ids and storage keys: a URL holds them as they are.
_VERBATIM = re.compile(r"[A-Za-z0-9._-]+")
# What a route is built with once per request, to be replaced by each value.
_SAMPLES = {int: 918273645, str: "q9sample7z"}
# The characters Werkzeug leaves as they are in a query argument (werkzeug.urls._urlencode).
_QUERY_SAFE = "!$'()*,/:;?@"


def absolute_url(path: str) -> str:
    """``path`` under the site's canonical base URL (BASE_URL), else under this request's
    host, which TRUSTED_HOSTS has already vetted."""
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + path


def route_url(endpoint: str, argument: str, value, **values) -> str:
    """``url_for(endpoint, **values, **{argument: value})`` (``argument`` last, as in the
    query string), the route built once per request and completed with ``value``: a results
    page links 20 products, their booths, photos and brochures, 24 languages and dozens of
    filters, and ``url_for`` costs more than all the rest of a link. A value a path would
    escape is left to ``url_for``; one in the query string is encoded as Werkzeug encodes
    query arguments."""
    sample = _SAMPLES.get(type(value))
    if sample is None:
        return url_for(endpoint, **values, **{argument: value})
    key = (endpoint, argument, type(value), tuple(values.items()))
    routes = g.setdefault("routes_by_argument", {})
    parts = routes.get(key)
    if parts is None:
        parts = routes[key] = url_for(endpoint, **values, **{argument: sample}).split(
            str(sample))
    text = str(value)
    if len(parts) == 2:  # else the sample is not where the value goes, or not only there
        if _VERBATIM.fullmatch(text):
            return f"{parts[0]}{text}{parts[1]}"
        if isinstance(value, str) and "?" in parts[0]:
            return f"{parts[0]}{quote_plus(text, safe=_QUERY_SAFE)}{parts[1]}"
    return url_for(endpoint, **values, **{argument: value})


def _catalog_url(endpoint: str, external: bool, argument: str, value) -> str:
    path = route_url(endpoint, argument, value)
    return absolute_url(path) if external else path


def product_url(ref: str, external: bool = False) -> str:
    """Where a product's page is."""
    return _catalog_url("catalog.product", external, "ref", ref)


def company_url(company_id: int, external: bool = False) -> str:
    """Where a company's page is."""
    return _catalog_url("catalog.company", external, "company_id", company_id)


def suggestion_url(suggestion, external: bool = False) -> str:
    """Where a search-box completion leads."""
    if suggestion.kind == "product":
        return product_url(suggestion.target, external)
    if suggestion.kind == "company":
        return company_url(int(suggestion.target), external)
    return _catalog_url("catalog.category", external, "code", suggestion.target)
