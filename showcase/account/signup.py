"""A company signs up, and its contact person confirms their e-mail address (Korean and
English pages)."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from showcase.account import bp
from showcase.account.forms import ActionForm, SignUpForm, show_error
from showcase.account.routes import landing_page, portal_languages, start_session
from showcase.extensions import limiter
from showcase.i18n import current_locale
from showcase.i18n import portal_gettext as _p
from showcase.services import accounts, tokens


def signup_rate_limit() -> str:
    """Sign-ups allowed per client address (SIGNUP_RATE_LIMIT)."""
    return current_app.config["SIGNUP_RATE_LIMIT"]


def mail_rate_limit() -> str:
    """Requests that mail a link (a new password, a new confirmation) allowed per client
    address (RESET_RATE_LIMIT)."""
    return current_app.config["RESET_RATE_LIMIT"]


# One count for every page that mails a link on request, so that they cannot be taken in turns.
mail_limit = limiter.shared_limit(mail_rate_limit, scope="account-mail", methods=["POST"])


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(signup_rate_limit, methods=["POST"])
@portal_languages
def sign_up():
    """The sign-up form; on success the new member is signed in and told what comes next."""
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = accounts.sign_up(
                name_ko=form.name_ko.data, name_en=form.name_en.data,
                registration_number=form.registration_number.data,
                contact_name=form.contact_name.data, email=form.email.data,
                password=form.password.data, locale=current_locale().code)
        except accounts.AccountError as error:
            show_error(form, error)
        else:
            start_session(user)
            flash(_p("Welcome! We sent a link to %(email)s: open it to confirm your address. "
                     "PPS staff will review your company's sign-up; meanwhile you can prepare "
                     "your listings.", email=user.email))
            return redirect(landing_page(user))
    return render_template("account/sign_up.html", form=form)


@bp.get("/confirm/<token>")
@portal_languages
def confirm(token: str):
    """The link mailed at sign-up: it confirms the address, however often it is opened."""
    user = tokens.read(token, tokens.CONFIRM)
    if user is None:
        return render_template("account/link_refused.html", purpose=tokens.CONFIRM)
    accounts.confirm_email(user)
    return render_template("account/confirmed.html", user=user)


@bp.route("/confirm", methods=["GET", "POST"])
@login_required
@mail_limit
@portal_languages
def resend_confirmation():
    """Mail the signed-in user a new confirmation link."""
    form = ActionForm()
    if current_user.email_confirmed_at is None and form.validate_on_submit():
        accounts.send_confirmation(current_user)
        flash(_p("We sent a new link to %(email)s. It works for 7 days.",
                 email=current_user.email))
        return redirect(url_for("account.resend_confirmation"))
    return render_template("account/resend_confirmation.html", form=form, user=current_user)
