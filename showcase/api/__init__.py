"""The JSON API under /api/v1."""

from flask import Blueprint, abort, g, jsonify, request, url_for

from showcase.catalog import searching
from showcase.extensions import csrf
from showcase.i18n import LOCALES_BY_SLUG, content_chain
from showcase.templating import localized_text

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def _choose_language():
    """The ``lang`` argument picks the language of texts and URLs (default English)."""
    slug = request.args.get("lang", "en").lower().replace("_", "-")
    if slug not in LOCALES_BY_SLUG:
        abort(400, description="unknown lang")
    g.locale = LOCALES_BY_SLUG[slug]


@bp.get("/search")
def search():
    """Search published products: ``q``, ``lang``, ``category``, ``type``, ``page``, ..."""
    languages = content_chain()
    page = searching.run_search(searching.parse_arguments(request.args, languages), languages)
    return jsonify({
        "query": page.text,
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "results": [_result(product, hit) for product, hit in page.results],
        "facets": {name: [{"value": value, "count": count} for value, count in counts]
                   for name, counts in page.facets.items()},
        "suggestion": page.suggestion,
    })


def _result(product, hit) -> dict:
    text = localized_text(product)
    return {
        "ref": product.ref,
        "name": text.name,
        "summary": text.summary,
        "language": text.language,
        "url": url_for("catalog.product", ref=product.ref, _external=True),
        "highlights": str(hit.snippet),
        "company": product.company.name_in(content_chain())[0],
        "category": product.category.code,
        "designation": product.designation_type,
        "designation_expired": product.designation_expired(),
    }


@bp.get("/suggest")
def suggest():
    """Completions of ``q`` for a search box."""
    from showcase.catalog.links import suggestion_url

    found = searching.suggestions(request.args.get("q", ""), content_chain())
    return jsonify([{"label": s.label, "kind": s.kind, "language": s.language,
                     "url": suggestion_url(s, external=True)} for s in found])


@bp.errorhandler(400)
def bad_request(error):
    return jsonify({"error": error.description}), 400
