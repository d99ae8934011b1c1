"""Staff pages: the audit log (every change: who, when, before and after), filterable, and a
product's timeline from its creation on."""

from flask import abort, render_template, request
from flask_babel import format_datetime
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, ValidationError
from wtforms.validators import Length, Optional

from showcase.i18n import content_chain
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.queries import history as queries
from showcase.queries.catalog import page_number
from showcase.staff import bp


class DayField(DateField):
    """A date written as YYYY-MM-DD (the browser's date picker sends that form)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_p("Enter a date as YYYY-MM-DD.")) from error


class HistoryFilterForm(FlaskForm):
    """Narrows the audit log; sent with GET, so the filtered page has its own address."""

    class Meta:
        csrf = False  # a GET that changes nothing: nothing to forge

    action = StringField(_lp("Action starts with"), validators=[Optional(), Length(max=64)],
                         render_kw={"placeholder": "listing.", "dir": "ltr"})
    actor = StringField(_lp("Done by (e-mail)"), validators=[Optional(), Length(max=254)],
                        render_kw={"dir": "ltr"})
    subject = SelectField(_lp("Record"), validators=[Optional()])
    since = DayField(_lp("From"), validators=[Optional()])
    until = DayField(_lp("Until"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_p("The end date must not come before the start date."))

    def filters(self) -> queries.AuditFilters:
        """The filters of the fields that were filled in correctly."""

        def good(field):
            return field.data if field.data and not field.errors else None

        return queries.AuditFilters(
            action=good(self.action) or "", actor=good(self.actor) or "",
            subject_type=good(self.subject) or "", since=good(self.since),
            until=good(self.until))


@bp.get("/history")
def history():
    """The audit log, newest first, 50 events a page."""
    number = page_number(request.args.get("page"))
    if number is None:
        abort(404)
    form = HistoryFilterForm(formdata=request.args)
    form.subject.choices = [("", _p("Any"))] + [(kind, kind) for kind in queries.subject_types()]
    form.validate()
    page = queries.audit_page(form.filters(), number)
    arguments = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("staff/history.html", form=form, page=page, arguments=arguments,
                           product_refs=queries.product_refs(page.items), **_helpers())


@bp.get("/products/<ref>/history")
def product_history(ref: str):
    """One product's timeline: every event about it, oldest first, with what changed."""
    product = queries.product_by_ref(ref)
    if product is None:
        abort(404)
    text = product.text_in(content_chain())
    return render_template("staff/product_history.html", product=product, text=text,
                           events=queries.product_timeline(product), **_helpers())


def _helpers() -> dict:
    return {"change_rows": queries.change_rows, "other_details": queries.other_details,
            "is_long": queries.is_long, "when": format_datetime}
