"""URLs of catalog things, shared by the pages and the API."""

import re

from flask import current_app, g, request, url_for

# Refs, ids and storage keys: a URL holds them as they are.
_VERBATIM = re.compile(r"[A-Za-z0-9._-]+")
# What a route is built with once per request, to be replaced by each value.
_SAMPLES = {int: 918273645, str: "q9sample7z"}


def absolute_url(path: str) -> str:
    """``path`` under the site's canonical base URL (BASE_URL), else under this request's
    host, which TRUSTED_HOSTS has already vetted."""
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + path


def route_url(endpoint: str, argument: str, value, **values) -> str:
    """``url_for(endpoint, **{argument: value}, **values)``, the route built once per request
    and completed with ``value``: a results page links 20 products, their companies, photos
    and brochures, and ``url_for`` costs more than all the rest of a link."""
    sample = _SAMPLES.get(type(value))
    if sample is None or not _VERBATIM.fullmatch(str(value)):
        return url_for(endpoint, **{argument: value}, **values)
    key = (endpoint, argument, type(value), tuple(sorted(values.items())))
    routes = g.setdefault("routes_by_argument", {})
    parts = routes.get(key)
    if parts is None:
        parts = routes[key] = url_for(endpoint, **{argument: sample}, **values).split(
            str(sample))
    if len(parts) != 2:  # the sample is not where the value goes, or not only there
        return url_for(endpoint, **{argument: value}, **values)
    return f"{parts[0]}{value}{parts[1]}"


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
