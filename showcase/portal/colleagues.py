"""Portal page: the people of the signed-in member's company; invite a colleague by e-mail,
send an invitation again, remove a colleague (their account is deactivated)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from showcase import auth
from showcase.account.forms import ActionForm, InviteForm, show_error
from showcase.extensions import db
from showcase.i18n import current_locale
from showcase.i18n import portal_gettext as _p
from showcase.models import Role, User
from showcase.portal import bp
from showcase.services import accounts


@bp.route("/colleagues", methods=["GET", "POST"])
def colleagues():
    """The company's active members, and the form that invites one more."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invited = accounts.invite(form.email.data, form.name.data, Role.COMPANY,
                                      current_user.company, current_user,
                                      current_locale().code)
        except accounts.AccountError as error:
            show_error(form, error)
        else:
            flash(_p("We sent an invitation to %(email)s.", email=invited.email))
            return redirect(url_for("portal.colleagues"))
    members = db.session.scalars(
        select(User).where(User.company_id == current_user.company_id, User.is_active)
        .order_by(User.name, User.email)).all()
    return render_template("portal/colleagues.html", form=form, members=members,
                           action_form=ActionForm(), is_invited=accounts.is_invited)


def _colleague(user_id: int) -> User:
    """An active member of the signed-in member's company; anyone else is a 404."""
    colleague = db.session.get(User, user_id)
    if colleague is None or not colleague.is_active:
        abort(404)
    auth.own_or_404(colleague.company_id)
    return colleague


@bp.post("/colleagues/<int:user_id>/invite-again")
def invite_colleague_again(user_id: int):
    """Mail a colleague who has not joined yet a fresh invitation link."""
    colleague = _colleague(user_id)
    try:
        accounts.send_invitation(colleague, current_user)
    except accounts.AccountError as error:
        flash(str(error.message), "error")
    else:
        flash(_p("We sent the invitation to %(email)s again.", email=colleague.email))
    return redirect(url_for("portal.colleagues"))


@bp.post("/colleagues/<int:user_id>/remove")
def remove_colleague(user_id: int):
    """Remove a colleague: their account is deactivated and their sessions end."""
    colleague = _colleague(user_id)
    try:
        accounts.deactivate(colleague, current_user)
    except accounts.AccountError as error:
        flash(str(error.message), "error")
    else:
        flash(_p("%(email)s has been removed and can no longer sign in.",
                 email=colleague.email))
    return redirect(url_for("portal.colleagues"))
