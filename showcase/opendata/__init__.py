"""Open data: downloads of the public catalog, and what search engines and feed readers read
(robots.txt, sitemaps, Atom feeds, canonical and alternate links in every public page)."""

from flask import Blueprint, Flask

bp = Blueprint("opendata", __name__)


def init_app(app: Flask) -> None:
    """Register the routes and the template helper for the head's links."""
    from showcase.opendata import alternates, crawlers, downloads  # noqa: F401  (routes)

    app.register_blueprint(bp)
    app.jinja_env.globals.update(head_links=alternates.head_links)
