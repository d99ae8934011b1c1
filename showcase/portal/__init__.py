"""The company portal under ``/<lang>/portal/``: listings, photos and brochures, inquiries and
colleagues. Korean and English only; members of a company only (others get a 404)."""

from flask import Blueprint

from showcase import auth, i18n

bp = Blueprint("portal", __name__, url_prefix="/<lang>/portal")
bp.before_request(i18n.portal_locale_only)
bp.before_request(auth.company_area)

from showcase.portal import colleagues, editor, inbox, photos  # noqa: E402,F401
