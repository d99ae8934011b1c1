"""Portal pages: the inbox of delegates' inquiries (read, reply, mark handled, export) and
the figures of each listing (views, shortlist adds, inquiries)."""

from babel import Locale, UnknownLocaleError
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from showcase import auth, clock
from showcase.extensions import db
from showcase.i18n import content_chain
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Inquiry, InquiryKind, InquiryState
from showcase.portal import bp
from showcase.queries import inbox as queries
from showcase.queries.catalog import page_number
from showcase.queries.meeting_slots import slot_by_code
from showcase.queries.spreadsheets import csv_bytes
from showcase.services import inquiries
from showcase.services.inquiries import REPLY_LENGTH

PER_PAGE = 50
KIND_NAMES = {InquiryKind.MEETING: _lp("Meeting"), InquiryKind.INFORMATION: _lp("Information")}
STATE_NAMES = {InquiryState.NEW: _lp("New"), InquiryState.ANSWERED: _lp("Answered"),
               InquiryState.CLOSED: _lp("Closed")}
CSV_COLUMNS = (
    _lp("Received"), _lp("State"), _lp("Kind"), _lp("Product reference"), _lp("Product"),
    _lp("Name"), _lp("Organisation"), _lp("Country"), _lp("E-mail"), _lp("Language"),
    _lp("Interpreter wanted"), _lp("Interpreter language"), _lp("Preferred time"),
    _lp("Message"), _lp("Handled"),
)


class HandledForm(FlaskForm):
    """Marks one inquiry handled; ``show`` keeps the inbox filter for the way back."""

    show = HiddenField()
    submit = SubmitField(_lp("Mark handled"))


class ReplyForm(FlaskForm):
    """The company's answer, e-mailed to the delegate."""

    body = TextAreaField(_lp("Your reply"), validators=[
        DataRequired(_lp("Write your reply first.")),
        Length(max=REPLY_LENGTH, message=_lp("Keep your reply under %(limit)s characters.",
                                             limit=REPLY_LENGTH)),
    ])
    submit = SubmitField(_lp("Send reply"))


def _show() -> str:
    show = request.values.get("show", "all")
    return show if show in queries.SHOWS else "all"


def _own_inquiry(inquiry_id: int) -> Inquiry:
    """The inquiry if it concerns a product of the signed-in member's company, else a 404."""
    inquiry = db.session.get(Inquiry, inquiry_id)
    auth.own_or_404(inquiry.product.company_id if inquiry is not None else None)
    return inquiry


@bp.get("/inbox")
def inbox():
    """The company's inquiries, newest first, filtered to new, handled or all."""
    show = _show()
    number = page_number(request.args.get("page"))
    if number is None:
        abort(404)
    page = queries.inquiries_page(current_user.company_id, show, number, PER_PAGE)
    return render_template("portal/inbox.html", page=page, show=show,
                           new_count=queries.count_new(current_user.company_id),
                           handled_form=HandledForm(show=show), **_helpers())


@bp.get("/inbox.csv")
def inbox_csv():
    """The inbox (as filtered) as a CSV file that Excel opens with Korean intact."""
    show = _show()
    rows = (_csv_row(inquiry) for inquiry in queries.all_inquiries(current_user.company_id, show))
    name = f"inquiries-{clock.today().isoformat()}.csv"
    return Response(csv_bytes(CSV_COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/inbox/<int:inquiry_id>", methods=["GET", "POST"])
def inquiry(inquiry_id: int):
    """One inquiry with the replies sent so far and a form to reply by e-mail."""
    found = _own_inquiry(inquiry_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            inquiries.reply(found, current_user, form.body.data)
        except inquiries.InquiryError as error:
            form.body.errors.append(str(error.message))
        else:
            flash(_p("Your reply was sent to %(email)s.", email=found.email))
            return redirect(url_for("portal.inbox"))
    return render_template("portal/inquiry.html", inquiry=found, form=form,
                           handled_form=HandledForm(show="all"),
                           replies=queries.replies_to(found), **_helpers())


@bp.post("/inbox/<int:inquiry_id>/handled")
def mark_handled(inquiry_id: int):
    """Mark one inquiry handled, then back to the inbox as it was filtered."""
    found = _own_inquiry(inquiry_id)
    if HandledForm().validate_on_submit():
        inquiries.mark_handled(found, current_user)
        flash(_p("The inquiry from %(name)s is marked handled.", name=found.name))
    return redirect(url_for("portal.inbox", show=_show()))


@bp.get("/figures")
def figures():
    """Per listing: page views, shortlist adds and inquiries (listing states are named by the
    portal's context processor, ``status_names``)."""
    return render_template("portal/figures.html",
                           figures=queries.listing_figures(current_user.company_id),
                           languages=content_chain())


def locale_name(code: str) -> str:
    """The name of the delegate's language in the page's language (``태국어`` for th)."""
    try:
        return Locale.parse((code or "").replace("-", "_")).get_display_name(get_locale())
    except (ValueError, UnknownLocaleError):
        return code


def country_name(code: str) -> str:
    """The name of a two-letter country code in the page's language."""
    return get_locale().territories.get((code or "").upper(), code)


def preferred_time(inquiry: Inquiry) -> str:
    """The meeting slot the delegate chose, in the page's language; "" when they chose none
    (or the event's days have changed since)."""
    slot = slot_by_code(inquiry.time_slot)
    return _p("%(day)s, %(hours)s", day=slot.day_text(), hours=slot.hours_text()) if slot else ""


def _short_time(moment) -> str:
    """Date and time without seconds, in the page's language."""
    return format_datetime(moment, "short")


def _sortable_time(moment) -> str:
    """Date and time as a spreadsheet sorts them (2026-11-20 09:30), where the pages show
    their times."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm")


def _helpers() -> dict:
    return {"locale_name": locale_name, "country_name": country_name, "when": _short_time,
            "kind_names": KIND_NAMES, "state_names": STATE_NAMES, "languages": content_chain(),
            "preferred_time": preferred_time}


def _csv_row(inquiry: Inquiry) -> list:
    text = inquiry.product.text_in(content_chain())
    return [
        _sortable_time(inquiry.created_at), STATE_NAMES[inquiry.state],
        KIND_NAMES[inquiry.kind], inquiry.product.ref, text.name if text else "",
        inquiry.name, inquiry.organisation, country_name(inquiry.country), inquiry.email,
        locale_name(inquiry.locale), _p("yes") if inquiry.wants_interpreter else _p("no"),
        locale_name(inquiry.interpreter_language) if inquiry.interpreter_language else "",
        preferred_time(inquiry), inquiry.message,
        _sortable_time(inquiry.handled_at) if inquiry.handled_at else "",
    ]
