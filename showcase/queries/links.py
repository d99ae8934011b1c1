"""URLs of catalog things, shared by the pages and the API."""

from flask import current_app, request, url_for


def absolute_url(path: str) -> str:
    """``path`` under the site's canonical base URL (BASE_URL), else under this request's
    host, which TRUSTED_HOSTS has already vetted."""
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + path


def _catalog_url(endpoint: str, external: bool, **values) -> str:
    path = url_for(endpoint, **values)
    return absolute_url(path) if external else path


def product_url(ref: str, external: bool = False) -> str:
    """Where a product's page is."""
    return _catalog_url("catalog.product", external, ref=ref)


def suggestion_url(suggestion, external: bool = False) -> str:
    """Where a search-box completion leads."""
    if suggestion.kind == "product":
        return product_url(suggestion.target, external)
    if suggestion.kind == "company":
        return _catalog_url("catalog.company", external, company_id=int(suggestion.target))
    return _catalog_url("catalog.category", external, code=suggestion.target)
