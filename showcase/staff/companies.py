"""Company sign-ups: staff approve them, or reject them with a reason the company sees."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from showcase.extensions import db
from showcase.i18n import content_chain
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Company, CompanyState
from showcase.queries import staff as staff_queries
from showcase.services import curation
from showcase.staff import bp

COMPANY_STATES = {
    CompanyState.PENDING: _lp("Waiting for approval"),
    CompanyState.APPROVED: _lp("Approved"),
    CompanyState.REJECTED: _lp("Rejected"),
    CompanyState.SUSPENDED: _lp("Suspended"),
}


class CompanyDecisionForm(FlaskForm):
    """Approve or reject one sign-up; a reason is needed to reject."""

    note = TextAreaField(_lp("Message to the company"),
                         validators=[Length(max=curation.NOTE_LENGTH)],
                         description=_lp("Needed to reject: the company reads it."))
    approve = SubmitField(_lp("Approve"))
    reject = SubmitField(_lp("Reject"))


def _form_for(company: Company) -> CompanyDecisionForm:
    # One form per company on the page: the prefix keeps their field ids apart.
    return CompanyDecisionForm(prefix=f"company-{company.id}")


def _render(failed: tuple[Company, CompanyDecisionForm] | None = None):
    pending = staff_queries.pending_companies()
    forms = {company.id: _form_for(company) for company in pending}
    if failed is not None:
        forms[failed[0].id] = failed[1]
    return render_template("staff/companies.html", pending=pending, forms=forms,
                           decided=staff_queries.recently_decided_companies(),
                           company_states=COMPANY_STATES)


@bp.get("/companies")
def companies():
    """Sign-ups waiting for approval (oldest first), then the latest decisions."""
    return _render()


@bp.post("/companies/<int:company_id>/decision")
def decide_company(company_id: int):
    """Approve or reject one sign-up; a problem re-shows the page with the typed reason."""
    company = db.session.get(Company, company_id) or abort(404)
    form = _form_for(company)
    if not form.validate_on_submit():
        return _render((company, form))
    name = company.name_in(content_chain())[0]
    try:
        if form.reject.data:
            curation.reject_company(company, current_user, form.note.data)
            flash(_p("Sign-up rejected: %(name)s. The company has been told why.", name=name))
        else:
            curation.approve_company(company, current_user, form.note.data)
            flash(_p("Approved: %(name)s. Its members can now submit listings.", name=name))
    except curation.CurationError as refused:
        if company.state != CompanyState.PENDING:
            flash(refused.message, "error")  # decided meanwhile: there is no form to re-show
            return redirect(url_for("staff.companies"))
        form.note.errors = [*form.note.errors, refused.message]
        return _render((company, form))
    return redirect(url_for("staff.companies"))
