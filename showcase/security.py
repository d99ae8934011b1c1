"""What the site refuses: hosts it does not serve, integers no database column holds, NUL
characters (no text column holds one, and PostgreSQL refuses them), and, through response
headers, what a browser never needs to allow on its pages."""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, UnicodeConverter

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# The largest signed 32-bit integer: id columns are INTEGER, which PostgreSQL holds in 32 bits
# (a larger value is an error there, not a miss); SQLite would overflow only above 2**63 - 1.
MAX_ROUTE_INTEGER = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only integers a database column can hold: a longer number
    in a URL is a 404, not an OverflowError."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min,
                         max=MAX_ROUTE_INTEGER if max is None else max, signed=signed)


class NulFreeStringConverter(UnicodeConverter):
    """``<name>`` that never matches a NUL character: such a URL is a 404, not a database
    error."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):  # noqa: A002
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]")


def bound_route_values(app: Flask) -> None:
    """Make ``<int:...>`` bounded and ``<name>`` free of NUL; call before any route is added
    (rules keep the converters they were built with)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_map.converters["default"] = NulFreeStringConverter
    app.url_map.converters["string"] = NulFreeStringConverter


def init_app(app: Flask) -> None:
    """Refuse NUL characters in query and form values; add the security headers to every
    response, error pages included."""

    @app.before_request
    def refuse_nul_characters():
        values = (*request.args.items(multi=True), *request.form.items(multi=True))
        if any("\x00" in name or "\x00" in value for name, value in values):
            abort(400)

    @app.after_request
    def add_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
