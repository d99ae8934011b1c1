"""Guide pages: the contents, and one page by its slug."""

from flask import abort, render_template

from showcase.guide import bp
from showcase.guide.content import guide_for, sources
from showcase.i18n import current_locale
from showcase.models import DESIGNATION_TYPES


@bp.get("/")
def index():
    """The guide's pages with their summaries."""
    return render_template("guide/index.html", guide=guide_for(current_locale()))


@bp.get("/<slug>")
def page(slug: str):
    """One page of the guide, with links to the others and to its designation's products."""
    guide = guide_for(current_locale())
    found = guide.page(slug)
    if found is None:
        abort(404)
    return render_template("guide/page.html", guide=guide, page=found, sources=sources(),
                           designation=DESIGNATION_TYPES.get(slug))
