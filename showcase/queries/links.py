"""URLs of catalog things, shared by the pages and the API."""

from flask import url_for


def suggestion_url(suggestion, external: bool = False) -> str:
    """Where a search-box completion leads."""
    if suggestion.kind == "product":
        return url_for("catalog.product", ref=suggestion.target, _external=external)
    if suggestion.kind == "company":
        return url_for("catalog.company", company_id=int(suggestion.target), _external=external)
    return url_for("catalog.category", code=suggestion.target, _external=external)
