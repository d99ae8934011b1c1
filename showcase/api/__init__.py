"""The JSON API under /api/v1: public, read-only, described by /api/v1/openapi.json.

It reads through the same queries as the pages and shows only public records
(``showcase.queries.public_records``). Every answer, errors included, carries read-only CORS
headers; every successful one an ETag, Last-Modified and Cache-Control. Every error, including
those raised before a route is known, answers ``{"error": ...}`` (``showcase.errors``).
"""

from flask import Blueprint, g, request

from showcase.api.params import LANG
from showcase.extensions import csrf
from showcase.i18n import LOCALES_BY_SLUG

API_PREFIX = "/api/"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.record_once
def _register_documentation_page(state):
    # The readable documentation is a page of the site, under a locale prefix of its own.
    state.app.register_blueprint(docs.bp)


@bp.record_once
def _write_json_as_utf8(state):
    # Texts as UTF-8, not \u escapes: a Thai or Khmer answer is half the size, and is
    # written faster.
    state.app.json.ensure_ascii = False


@bp.before_request
def _choose_language():
    """The ``lang`` argument picks the language of texts and URLs (default English)."""
    g.locale = LOCALES_BY_SLUG[LANG.read(request.args)]


@bp.after_app_request
def _allow_cross_origin_reads(response):
    # On the whole prefix, not only this blueprint's routes: a 404 for a path that names no
    # route must be readable by a page on another origin too.
    if request.path.startswith(API_PREFIX):
        http.add_cors_headers(response)
    return response


from showcase.api import docs, http, routes  # noqa: E402,F401  (registers the routes)
