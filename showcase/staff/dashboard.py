"""The staff's start page, and the navigation bar every staff page shows."""

from flask import render_template, request, url_for
from flask_login import current_user

from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Role
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
PARENT_PAGES = {"staff.review": "staff.review_queue",
                "staff.designations_preview": "staff.designations",
                "staff.designations_report": "staff.designations",
                "staff.product_history": "staff.history"}
# Pages of the bar only administrators may open.
ADMIN_PAGES = {"staff.people"}


@bp.context_processor
def staff_navigation() -> dict:
    """``staff_pages``: ``(url, label, is current)`` of each page of the staff bar."""
    here = PARENT_PAGES.get(request.endpoint, request.endpoint)
    is_admin = current_user.is_authenticated and current_user.role == Role.ADMIN
    return {"staff_pages": [(url_for(endpoint), label, endpoint == here)
                            for endpoint, label in STAFF_PAGES
                            if is_admin or endpoint not in ADMIN_PAGES]}


@bp.get("/")
def dashboard():
    """What needs attention: sign-ups, the review queue, expiring designations, missing
    translations."""
    return render_template("staff/dashboard.html", board=staff_queries.dashboard(),
                           event_language_count=len(staff_queries.EVENT_LANGUAGES))
