"""URLs of catalog things, shared by the pages and the API."""

from flask import current_app, request, url_for


def absolute_url(path: str) -> str:
    """``path`` under the site's canonical base URL (BASE_URL), else under this request's
    host, which TRUSTED_HOSTS has already vetted."""
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + path


def product_url(ref: str, external: bool = False) -> str:
    """Where a product's page is."""
    path = url_for("catalog.product", ref=ref)
    return absolute_url(path) if external else path


def suggestion_url(suggestion, external: bool = False) -> str:
    """Where a search-box completion leads."""
    if suggestion.kind == "product":
        path = url_for("catalog.product", ref=suggestion.target)
    elif suggestion.kind == "company":
        path = url_for("catalog.company", company_id=int(suggestion.target))
    else:
        path = url_for("catalog.category", code=suggestion.target)
    return absolute_url(path) if external else path
