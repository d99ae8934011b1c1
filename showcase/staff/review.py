"""The review queue: staff read what a company proposes beside what is live, then publish it,
send it back with a comment, or reject it; one listing at a time or several at once."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from showcase.i18n import content_chain
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.i18n import portal_ngettext as _np
from showcase.queries import staff as staff_queries
from showcase.queries.diffs import listing_diff
from showcase.services import curation
from showcase.staff import bp


class DecisionForm(FlaskForm):
    """One of the three decisions, with a comment the company reads."""

    note = TextAreaField(_lp("Comment to the company"),
                         validators=[Length(max=curation.NOTE_LENGTH)],
                         description=_lp("Needed to send back or reject, optional to approve. "
                                         "The company reads it in the portal and by e-mail."))
    approve = SubmitField(_lp("Approve and publish"))
    send_back = SubmitField(_lp("Send back for changes"))
    reject = SubmitField(_lp("Reject"))

    def decision(self) -> str:
        """The button that was pressed."""
        if self.reject.data:
            return "reject"
        return "send_back" if self.send_back.data else "approve"


class ListingDecisionForm(DecisionForm):
    """A decision on the listing as it was shown (its edit version)."""

    version = HiddenField()


class QueueDecisionForm(DecisionForm):
    """A decision on the listings ticked in the queue."""

    # Each value is a queue item's token ("ref:version"); the checkboxes are in the table rows.
    items = SelectMultipleField(validate_choice=False, validators=[
        DataRequired(_lp("Tick at least one listing."))])


@bp.get("/review")
def review_queue():
    """Submissions and pending revisions, oldest first, with their age."""
    return _queue_page(QueueDecisionForm())


@bp.post("/review")
def decide_queue():
    """Take one decision on every ticked listing and report on each."""
    form = QueueDecisionForm()
    if not form.validate_on_submit():
        return _queue_page(form)
    waiting = {}  # queue item's subject -> its listing's ref, for the report
    items, gone = [], 0
    for token in form.items.data:
        ref, _, version = token.rpartition(":")
        item = staff_queries.queue_item(ref)
        if item is None or not version.isdigit():
            gone += 1
            continue
        waiting[item.subject] = ref
        items.append((item.subject, int(version)))
    try:
        outcomes = curation.decide_many(items, form.decision(), current_user, form.note.data)
    except curation.CurationError as refused:
        form.note.errors = [*form.note.errors, refused.message]
        return _queue_page(form)
    done = sum(1 for outcome in outcomes if outcome.ok)
    if done:
        flash(_decided_many(form.decision(), done))
    for outcome in outcomes:
        if not outcome.ok:
            flash(f"{waiting[outcome.subject]}: {outcome.message}", "error")
    if gone:
        flash(_np("%(num)s listing is no longer waiting for review.",
                  "%(num)s listings are no longer waiting for review.", gone), "error")
    return redirect(url_for("staff.review_queue"))


@bp.get("/review/<ref>")
def review(ref: str):
    """What the company proposes beside what is live, field by field, with the decisions."""
    return _review_page(ref, None)


@bp.post("/review/<ref>")
def decide(ref: str):
    """Take the decision on one listing; a problem re-shows the page with the comment."""
    item = staff_queries.queue_item(ref)
    form = ListingDecisionForm()
    if item is None or not form.validate_on_submit():
        return _review_page(ref, form)
    version = form.version.data or ""
    try:
        curation.decide(item.subject, form.decision(), current_user, form.note.data,
                        int(version) if version.isdigit() else None)
    except curation.CurationError as refused:
        form.note.errors = [*form.note.errors, refused.message]
        return _review_page(ref, form)
    flash(_decided_one(form.decision(), item))
    return redirect(url_for("staff.review_queue"))


def _queue_page(form: QueueDecisionForm):
    return render_template("staff/review_queue.html", queue=staff_queries.review_queue(),
                           form=form, ticked=set(form.items.data or ()))


def _review_page(ref: str, form: ListingDecisionForm | None):
    item = staff_queries.queue_item(ref)
    if item is None:
        flash(_p("This listing is not waiting for review."), "error")
        return redirect(url_for("staff.review_queue"))
    form = form or ListingDecisionForm()
    # The form decides on the version whose diff the page shows, also when it is shown again.
    form.version.data = str(item.product.edit_version)
    diff = listing_diff(item.live_payload(), item.proposed_payload())
    return render_template("staff/review.html", item=item, diff=diff, form=form)


def _decided_one(decision: str, item) -> str:
    text = item.product.text_in(content_chain())
    name = text.name if text is not None else item.product.ref
    if decision == "approve":
        return (_p("Published: %(name)s", name=name) if item.revision is None
                else _p("The changes to %(name)s are live.", name=name))
    if decision == "send_back":
        return _p("Sent back to the company: %(name)s", name=name)
    return _p("Rejected: %(name)s", name=name)


def _decided_many(decision: str, count: int) -> str:
    if decision == "approve":
        return _np("%(num)s listing approved.", "%(num)s listings approved.", count)
    if decision == "send_back":
        return _np("%(num)s listing sent back to its company.",
                   "%(num)s listings sent back to their companies.", count)
    return _np("%(num)s listing rejected.", "%(num)s listings rejected.", count)
