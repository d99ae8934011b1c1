"""Staff curation under ``/<lang>/staff/``: the dashboard, company sign-ups, the review queue,
the designation list, the catalog's featured products, categories and translations, history
and exports. Korean and English only; staff and administrators only (company users get a 404,
visitors are sent to sign in)."""

from flask import Blueprint

from showcase import auth, i18n

bp = Blueprint("staff", __name__, url_prefix="/<lang>/staff")
bp.before_request(i18n.portal_locale_only)
bp.before_request(auth.staff_area)

from showcase.staff import (  # noqa: E402,F401
    catalog,
    companies,
    dashboard,
    designations,
    exports,
    history,
    people,
    posters,
    review,
    translations,
)
