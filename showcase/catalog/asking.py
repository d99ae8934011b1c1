"""Delegates act on a product: ask the company for a meeting or for information, and take
the product's QR code along."""

import io
from urllib.parse import quote

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from showcase.catalog import bp
from showcase.catalog.inquiry_forms import InquiryForm
from showcase.extensions import limiter
from showcase.i18n import content_chain, current_locale
from showcase.models import InquiryKind
from showcase.queries import catalog as queries
from showcase.queries.links import absolute_url
from showcase.services import inquiries

# Locale-free addresses that outlive a visit: the QR codes printed on posters and brochures.
codes = Blueprint("codes", __name__)
QR_CACHE_SECONDS = 365 * 24 * 3600  # a product's address never changes
QR_PNG_SCALE = 10


def inquiry_rate_limit() -> str:
    """Requests allowed per client address (INQUIRY_RATE_LIMIT)."""
    return current_app.config["INQUIRY_RATE_LIMIT"]


@bp.route("/products/<ref>/ask", methods=["GET", "POST"])
@limiter.limit(inquiry_rate_limit, methods=["POST"])
def ask(ref: str):
    """The meeting and information request form; a sent request leads back to the product."""
    found = queries.published_product(ref) or abort(404)
    kind = request.args.get("kind")
    code = current_locale().code
    form = InquiryForm(kind=kind if kind in set(InquiryKind) else InquiryKind.MEETING.value,
                       language=code, interpreter_language=code)
    if form.validate_on_submit():
        if not form.is_robot():  # a robot is thanked like anyone, and nothing is kept
            inquiries.submit(found, form.inquiry_request())
        flash(_("Your request was sent to %(company)s. We e-mailed you a confirmation.",
                company=found.company.name_in(content_chain())[0]))
        return redirect(url_for("catalog.product", ref=found.ref))
    return render_template("catalog/ask.html", product=found, form=form)


@bp.app_template_global()
def public_product_url(ref: str) -> str:
    """The product's address without a language: like every public path without one, it
    redirects to the page in the visitor's remembered or browser language
    (``showcase.errors``), so a scan opens it in the scanner's own language."""
    return absolute_url(f"/products/{quote(ref, safe='')}")


def _qr(ref: str) -> segno.QRCode:
    if queries.published_product(ref) is None:
        abort(404)
    return segno.make(public_product_url(ref), error="m", micro=False)


def _cached(body: bytes, mimetype: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = QR_CACHE_SECONDS
    return response


@codes.get("/products/<ref>/qr.svg")
def qr_svg(ref: str):
    """The product's QR code as SVG (scales to any print size)."""
    out = io.BytesIO()
    _qr(ref).save(out, kind="svg", scale=1, border=4, xmldecl=False, svgclass=None,
                  lineclass=None, title=public_product_url(ref))
    return _cached(out.getvalue(), "image/svg+xml")


@codes.get("/products/<ref>/qr.png")
def qr_png(ref: str):
    """The product's QR code as PNG, ten pixels a module."""
    out = io.BytesIO()
    _qr(ref).save(out, kind="png", scale=QR_PNG_SCALE, border=4)
    return _cached(out.getvalue(), "image/png")
