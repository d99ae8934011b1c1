"""Staff page for administrators: the staff accounts; invite a staff member by e-mail, send an
invitation again, deactivate and reactivate an account."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from showcase import auth
from showcase.account.forms import ActionForm, InviteForm, show_error
from showcase.extensions import db
from showcase.i18n import current_locale
from showcase.i18n import portal_gettext as _p
from showcase.models import Role, User
from showcase.services import accounts
from showcase.staff import bp

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


@bp.route("/people", methods=["GET", "POST"])
@auth.admin_required
def people():
    """Staff and administrators, active ones first, and the form that invites a staff member."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invited = accounts.invite(form.email.data, form.name.data, Role.STAFF, None,
                                      current_user, current_locale().code)
        except accounts.AccountError as error:
            show_error(form, error)
        else:
            flash(_p("We sent an invitation to %(email)s.", email=invited.email))
            return redirect(url_for("staff.people"))
    members = db.session.scalars(
        select(User).where(User.role.in_(STAFF_ROLES))
        .order_by(User.is_active.desc(), User.name, User.email)).all()
    return render_template("staff/people.html", form=form, members=members,
                           action_form=ActionForm(), is_invited=accounts.is_invited)


def _staff_member(user_id: int) -> User:
    """A staff or administrator account; any other id is a 404."""
    member = db.session.get(User, user_id)
    if member is None or member.role not in STAFF_ROLES:
        abort(404)
    return member


def _change(user_id: int, change, done):
    """Apply ``change`` to a staff account, then flash ``done(member)`` or the refusal."""
    member = _staff_member(user_id)
    try:
        change(member, current_user)
    except accounts.AccountError as error:
        flash(str(error.message), "error")
    else:
        flash(done(member))
    return redirect(url_for("staff.people"))


@bp.post("/people/<int:user_id>/invite-again")
@auth.admin_required
def invite_staff_again(user_id: int):
    """Mail a staff member who has not joined yet a fresh invitation link."""
    return _change(user_id, accounts.send_invitation, lambda member: _p(
        "We sent the invitation to %(email)s again.", email=member.email))


@bp.post("/people/<int:user_id>/deactivate")
@auth.admin_required
def deactivate_staff(user_id: int):
    """Stop a staff member from signing in; their open sessions end."""
    return _change(user_id, accounts.deactivate, lambda member: _p(
        "%(email)s is deactivated and can no longer sign in.", email=member.email))


@bp.post("/people/<int:user_id>/reactivate")
@auth.admin_required
def reactivate_staff(user_id: int):
    """Let a deactivated staff member sign in again."""
    return _change(user_id, accounts.reactivate, lambda member: _p(
        "%(email)s can sign in again.", email=member.email))
