"""The public catalog: pages for delegates and visitors, under a locale prefix."""

from flask import Blueprint

bp = Blueprint("catalog", __name__, url_prefix="/<lang>")

from showcase.catalog import kiosk, shortlist, views  # noqa: E402,F401  (registers the routes)
