"""The staff's start page, and the navigation bar every staff page shows."""

from flask import current_app, render_template, request, url_for
from werkzeug.routing import BuildError

from showcase.i18n import portal_lazy_gettext as _lp
from showcase.queries import staff as staff_queries
from showcase.staff import bp

# Every staff page in the bar's order; a page shows once its module registers the endpoint.
STAFF_PAGES = (
    ("staff.dashboard", _lp("Overview")),
    ("staff.companies", _lp("Companies")),
    ("staff.review_queue", _lp("Review")),
    ("staff.designations", _lp("Designations")),
    ("staff.catalog", _lp("Catalog")),
    ("staff.categories", _lp("Categories")),
    ("staff.translations", _lp("Translations")),
    ("staff.history", _lp("History")),
    ("staff.exports", _lp("Exports")),
    ("staff.people", _lp("People")),
)
# Pages that belong under another page of the bar.
PARENT_PAGES = {"staff.review": "staff.review_queue"}


@bp.context_processor
def staff_navigation() -> dict:
    """``staff_pages``: ``(url, label, is current)`` of each staff page that exists."""
    here = PARENT_PAGES.get(request.endpoint, request.endpoint)
    pages = []
    for endpoint, label in STAFF_PAGES:
        if endpoint not in current_app.view_functions:
            continue
        try:
            pages.append((url_for(endpoint), label, endpoint == here))
        except BuildError:
            continue  # a page that needs more than the locale to be found is not a bar entry
    return {"staff_pages": pages}


@bp.get("/")
def dashboard():
    """What needs attention: sign-ups, the review queue, expiring designations, missing
    translations."""
    translations = ("staff.translations" in current_app.view_functions
                    and url_for("staff.translations"))
    return render_template("staff/dashboard.html", board=staff_queries.dashboard(),
                           event_language_count=len(staff_queries.EVENT_LANGUAGES),
                           translations_url=translations)
