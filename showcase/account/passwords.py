"""Choosing a password from a mailed link: a forgotten password, or an invitation (Korean and
English pages)."""

from flask import flash, redirect, render_template, url_for

from showcase.account import bp
from showcase.account.forms import ForgotPasswordForm, NewPasswordForm, WelcomeForm, show_error
from showcase.account.routes import landing_page, portal_languages, start_session
from showcase.account.signup import mail_limit
from showcase.i18n import portal_gettext as _p
from showcase.services import accounts, tokens


@bp.route("/reset", methods=["GET", "POST"])
@mail_limit
@portal_languages
def forgot_password():
    """Ask for the address to mail a link to; the answer never tells whether it has an
    account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        return redirect(url_for("account.reset_sent"))
    return render_template("account/forgot_password.html", form=form)


@bp.get("/reset/sent")
@portal_languages
def reset_sent():
    """The one answer to every request for a new password."""
    return render_template("account/reset_sent.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@portal_languages
def reset_password(token: str):
    """Choose a new password from the mailed link, then carry on signed in."""
    user = tokens.read(token, tokens.RESET)
    if user is None:
        return render_template("account/link_refused.html", purpose=tokens.RESET)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(user, form.password.data)
        except accounts.AccountError as error:
            show_error(form, error)
        else:
            start_session(user)
            flash(_p("Your new password is saved, and you are signed in."))
            return redirect(landing_page(user))
    return render_template("account/reset_password.html", form=form, user=user)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@portal_languages
def welcome(token: str):
    """An invited person gives their name and chooses a password, then carries on signed in."""
    user = tokens.read(token, tokens.INVITE)
    if user is None:
        return render_template("account/link_refused.html", purpose=tokens.INVITE)
    form = WelcomeForm(data={"name": user.name})
    if form.validate_on_submit():
        try:
            accounts.accept_invitation(user, form.password.data, form.name.data)
        except accounts.AccountError as error:
            show_error(form, error)
        else:
            start_session(user)
            flash(_p("Welcome! Your password is saved, and you are signed in."))
            return redirect(landing_page(user))
    return render_template("account/welcome.html", form=form, user=user)
