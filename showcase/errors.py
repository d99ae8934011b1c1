"""Error pages in the visitor's language, and redirects for links without a locale."""

from flask import Flask, current_app, redirect, render_template, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import RequestRedirect

from showcase.i18n import LOCALES_BY_SLUG, negotiate_locale


def _localized_target(path: str) -> str | None:
    """The same path under the visitor's locale, when that names a real page."""
    first_segment = path.strip("/").split("/")[0]
    if first_segment in LOCALES_BY_SLUG or path.startswith(("/static/", "/media/")):
        return None
    candidate = f"/{negotiate_locale().slug}{path}"
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(candidate, method="GET")
    except RequestRedirect:
        return candidate
    except HTTPException:
        return None
    return candidate


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(NotFound)
    def not_found(error):
        target = _localized_target(request.path)
        if target:
            query = request.query_string.decode()
            return redirect(f"{target}?{query}" if query else target)
        return render_template("errors/error.html", code=404), 404

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_template("errors/error.html", code=error.code), error.code
