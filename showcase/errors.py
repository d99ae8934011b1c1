"""Error answers: pages in the visitor's language, JSON under /api/, redirects for links
without a locale. An error page never fails in turn: if rendering it raises, a minimal page
goes out instead, still through the after-request hooks that add the security headers."""

from urllib.parse import quote, urlencode

from flask import Flask, current_app, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import (
    HTTPException,
    NotFound,
    SecurityError,
    ServiceUnavailable,
)
from werkzeug.routing import RequestRedirect

from showcase.i18n import LOCALES_BY_SLUG, negotiate_locale
from showcase.search import SearchUnavailable

API_PREFIX = "/api/"
# Bytes a path may not carry into a Location header or a page: C0 controls and DEL.
_CONTROL = {chr(code) for code in range(32)} | {"\x7f"}
_FALLBACK_PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{code}"
                  "</title></head><body><h1>{code}</h1><p><a href=\"/\">Home</a></p></body></html>")


def _is_api() -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(error: HTTPException, message: str | None = None):
    """``{"error": message}`` with the error's status; werkzeug's stock descriptions are
    shortened to the status name, and a refused Host is never echoed back."""
    if message is None:
        if isinstance(error, SecurityError):
            message = "untrusted host"
        elif error.description and error.description != type(error).description:
            message = error.description
        else:
            message = (error.name or "error").lower()
    response = jsonify({"error": message})
    response.status_code = error.code or 500
    # The error's own headers still apply: Allow on a 405 (RFC 9110), Retry-After on a 429.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _choose_locale() -> None:
    """A path that matched no route never had its locale prefix read: read it here, else take
    the visitor's remembered or browser language, so that the error speaks it."""
    if "locale" not in g:
        first_segment = request.path.strip("/").split("/")[0]
        g.locale = LOCALES_BY_SLUG.get(first_segment) or negotiate_locale()


def error_page(code: int, **context):
    """The error page for ``code``; a bare page when the template itself cannot be rendered
    (a broken template, or a request whose URLs cannot be built)."""
    try:
        _choose_locale()
        return render_template("errors/error.html", code=code, **context), code
    except Exception:
        current_app.logger.exception("the error page for %s failed to render", code)
        return _FALLBACK_PAGE.format(code=int(code)), code, {"Content-Type": "text/html"}


def _localized_target(path: str) -> str | None:
    """The same path under the visitor's locale, when that names a real page."""
    first_segment = path.strip("/").split("/")[0]
    if (first_segment in LOCALES_BY_SLUG or path.startswith(("/static/", "/media/", API_PREFIX))
            or _CONTROL.intersection(path)):
        return None
    adapter = current_app.url_map.bind("localhost")
    candidates = [f"/{negotiate_locale().slug}{path}"]
    if path.endswith("/") and path != "/":
        candidates.append(candidates[0].rstrip("/"))
    for candidate in candidates:
        try:
            adapter.match(candidate, method="GET")
        except RequestRedirect:
            return candidate
        except HTTPException:
            continue
        return candidate
    return None


def _redirect_localized(target: str):
    location = quote(target, safe="/:@!$&'()*+,;=-._~")
    query = urlencode(list(request.args.items(multi=True)))
    return redirect(f"{location}?{query}" if query else location)


def init_app(app: Flask) -> None:
    """Register the error handlers and the redirect of links without a locale."""

    @app.before_request
    def localize_before_slash_redirect():
        # /search matches /<lang>/ as lang="search" and would be redirected to /search/ (a
        # 404) before any error handler runs: send it to /en/search instead.
        if isinstance(request.routing_exception, RequestRedirect):
            target = _localized_target(request.path)
            if target:
                return _redirect_localized(target)
        return None

    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        if _is_api():
            return json_error(error)
        target = _localized_target(request.path)
        if target:
            return _redirect_localized(target)
        return error_page(404)

    @app.errorhandler(SearchUnavailable)
    def search_unavailable(error: SearchUnavailable):
        current_app.logger.error("search unavailable: %s", error)
        if _is_api():
            return json_error(ServiceUnavailable(), _("Search is unavailable right now."))
        return error_page(503)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _is_api():
            return json_error(error)
        if isinstance(error, SecurityError):
            # No URL can be built for an untrusted host, and its name must not be echoed.
            return _("This site does not answer to that host name."), 400, {
                "Content-Type": "text/plain; charset=utf-8"}
        return error_page(error.code or 500)
