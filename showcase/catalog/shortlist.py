"""The delegate's shortlist: save products from any card, result or product page, see them in
walking order, and take the list along (QR code and short link, e-mail, print, CSV).

The list's token lives in the visitor's signed session cookie, so the list survives reloads
without an account. The short link ``/s/<token>`` carries the same token to another device:
the device that opens it adopts the list, and from then on both hold one list (the page says
so). Adds and removals are plain POST forms; ``static/js/shortlist.js`` sends the same forms
in the background and asks for JSON instead of a redirect.
"""

from urllib.parse import quote

import segno
from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired

from showcase import auth, clock, rules
from showcase.catalog import bp
from showcase.extensions import limiter
from showcase.i18n import content_chain, current_locale, negotiate_locale
from showcase.models import Product, Shortlist
from showcase.queries import catalog as catalog_queries
from showcase.queries import shortlists as queries
from showcase.queries.links import absolute_url, product_url
from showcase.queries.spreadsheets import csv_bytes
from showcase.services import shortlists

SESSION_KEY = "shortlist"


class MailForm(FlaskForm):
    """The address to e-mail the shortlist to (it is used once, never stored)."""

    email = EmailField(
        _l("Your e-mail address"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[DataRequired(_l("Enter your e-mail address.")),
                    rules.wtforms_validator(rules.ACCOUNT_EMAIL)],
        render_kw={"autocomplete": "email", "spellcheck": "false", "dir": "ltr"},
    )
    submit = SubmitField(_l("E-mail me this list"))


def change_rate_limit() -> str:
    """Shortlist adds and removals allowed per client address (SHORTLIST_RATE_LIMIT)."""
    return current_app.config["SHORTLIST_RATE_LIMIT"]


def mail_rate_limit() -> str:
    """Shortlists mailed per client address (SHORTLIST_MAIL_RATE_LIMIT)."""
    return current_app.config["SHORTLIST_MAIL_RATE_LIMIT"]


# Adding, removing and clearing draw on one count, so they cannot be taken in turns.
change_limit = limiter.shared_limit(change_rate_limit, scope="shortlist-change")


def current_shortlist() -> Shortlist | None:
    """The visitor's shortlist, if their session holds one (looked up once per request)."""
    if "shortlist" not in g:
        g.shortlist = queries.find(session.get(SESSION_KEY))
    return g.shortlist


def _shortlist_for_change() -> Shortlist:
    """The visitor's shortlist, created (and remembered in the session) on the first add."""
    found = current_shortlist()
    if found is None:
        found = g.shortlist = shortlists.create()
        session[SESSION_KEY] = found.token
    return found


def _saved_ids() -> set[int]:
    if "shortlist_ids" not in g:
        g.shortlist_ids = queries.visible_product_ids(current_shortlist())
    return g.shortlist_ids


@bp.app_template_global()
def on_shortlist(product: Product) -> bool:
    """True when ``product`` is on the visitor's shortlist."""
    return product.id in _saved_ids()


@bp.app_template_global()
def shortlist_count() -> int:
    """How many visible products the visitor's shortlist holds."""
    return len(_saved_ids()) if session.get(SESSION_KEY) else 0


def qr_svg(url: str) -> Markup:
    """A QR code of ``url`` as inline SVG, sized by the stylesheet."""
    return Markup(segno.make(url, error="m").svg_inline(omitsize=True, svgclass="qr-code",
                                                         lineclass="qr-modules"))


def short_link(shortlist: Shortlist) -> str:
    """The locale-free address that opens ``shortlist`` on any device."""
    return absolute_url(url_for("shortlist_link", token=shortlist.token))


def _product_qr_url(product: Product) -> str:
    """The locale-free address of ``product``: like every public path without a language, it
    redirects to the page in the scanner's language (``showcase.errors``)."""
    return absolute_url(f"/products/{quote(product.ref, safe='')}")


@bp.get("/shortlist")
def shortlist():
    """The saved products grouped by hall in walking order, and the ways to take them along."""
    return _shortlist_page(MailForm())


def _shortlist_page(form: MailForm):
    found = current_shortlist()
    products = queries.walking_order(found)
    link = short_link(found) if products else None
    return render_template(
        "catalog/shortlist.html", groups=queries.by_hall(products), total=len(products),
        link=link, link_qr=qr_svg(link) if link else None, form=form,
        product_qrs={product.ref: qr_svg(_product_qr_url(product)) for product in products},
    )


@bp.post("/shortlist/add")
@change_limit
def shortlist_add():
    """Save a published product to the visitor's shortlist (made on the first add)."""
    product = catalog_queries.published_product(request.form.get("ref", ""))
    if product is None:
        abort(404)
    try:
        shortlists.add(_shortlist_for_change(), product)
    except shortlists.ShortlistError as error:
        return _answer(product, str(error.message), failed=True)
    return _answer(product, _("Saved to your shortlist."))


@bp.post("/shortlist/remove")
@change_limit
def shortlist_remove():
    """Take a product off the visitor's shortlist."""
    product = catalog_queries.published_product(request.form.get("ref", ""))
    if product is None:
        abort(404)
    found = current_shortlist()
    if found is not None:
        shortlists.remove(found, product)
    return _answer(product, _("Removed from your shortlist."))


def _answer(product: Product, message: str, failed: bool = False):
    """JSON for the page's script (the button's new state and the count), else a flash
    message and the way back to the page the form was on."""
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        saved = queries.visible_product_ids(current_shortlist())
        answer = jsonify(ref=product.ref, saved=product.id in saved, count=len(saved),
                         count_text=format_decimal(len(saved)), message=message)
        return answer, 409 if failed else 200
    flash(message, "error" if failed else "message")
    return redirect(auth.safe_next(request.form.get("next")) or url_for("catalog.shortlist"))


@bp.post("/shortlist/clear")
@change_limit
def shortlist_clear():
    """Take every product off the visitor's shortlist."""
    found = current_shortlist()
    if found is not None:
        shortlists.clear(found)
    flash(_("Your shortlist is empty now."))
    return redirect(url_for("catalog.shortlist"))


@bp.post("/shortlist/email")
@limiter.limit(mail_rate_limit)
def shortlist_email():
    """E-mail the shortlist to the address given, in the visitor's language."""
    form = MailForm()
    if not form.validate_on_submit():
        return _shortlist_page(form)
    found = current_shortlist()
    products = queries.walking_order(found)
    if not products:
        flash(_("Your shortlist is empty: save some products first."), "error")
        return redirect(url_for("catalog.shortlist"))
    shortlists.mail_list(form.email.data, products, short_link(found),
                         lambda product: product_url(product.ref, external=True),
                         current_locale())
    flash(_("We sent your shortlist to %(email)s.", email=form.email.data))
    return redirect(url_for("catalog.shortlist"))


@bp.get("/shortlist.csv")
def shortlist_csv():
    """The shortlist as a CSV file (UTF-8 with a byte-order mark, so Excel reads every
    script), in walking order."""
    products = queries.walking_order(current_shortlist())
    rows = queries.csv_rows(products, content_chain())
    name = f"shortlist-{clock.today().isoformat()}.csv"
    return Response(csv_bytes(queries.CSV_COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def open_short_link(token: str):
    """``/s/<token>``: this device adopts the shortlist and shows it in the visitor's
    language (their remembered choice, else the browser's)."""
    found = queries.find(token)
    if found is None:
        abort(404)
    session[SESSION_KEY] = found.token
    return redirect(url_for("catalog.shortlist", lang=negotiate_locale().slug))


@bp.record_once
def _register_short_link(state) -> None:
    # The short link has no locale prefix (it is typed from a printout or scanned), so it is
    # a route of the app itself rather than of the prefixed catalog blueprint.
    state.app.add_url_rule("/s/<token>", "shortlist_link", open_short_link)
