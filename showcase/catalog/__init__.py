"""The public catalog: pages for delegates and visitors, under a locale prefix."""

from flask import Blueprint

bp = Blueprint("catalog", __name__, url_prefix="/<lang>")

# Meeting requests, QR codes at addresses without a language, link previews.
from showcase.catalog import asking, previews  # noqa: E402,F401,I001
from showcase.catalog.asking import codes  # noqa: E402,F401
from showcase.catalog import kiosk, offline, shortlist, venue, views  # noqa: E402,F401  (registers the routes)
