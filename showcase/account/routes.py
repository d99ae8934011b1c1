"""Sign-in, sign-out and the account page, and what the other account pages share: starting
a session, the page a user lands on, and the Korean-and-English-only check."""

from functools import wraps

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from showcase import auth, i18n
from showcase.account import bp
from showcase.account.forms import SignInForm
from showcase.extensions import limiter
from showcase.models import Role

ROLE_NAMES = {
    Role.COMPANY: _l("Company member"),
    Role.STAFF: _l("Staff"),
    Role.ADMIN: _l("Administrator"),
}


def _fresh_session() -> None:
    """Drop everything the session held except the chosen language, so that a session
    planted before sign-in is not the one that ends up signed in."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def start_session(user) -> None:
    """Sign ``user`` in on a fresh session (after sign-up, a new password, an invitation)."""
    _fresh_session()
    login_user(user)


def landing_page(user) -> str:
    """Where ``user`` goes after signing up or choosing a password: the staff pages or the
    portal."""
    return url_for("staff.dashboard" if user.is_staff else "portal.listings")


def portal_languages(view):
    """The view speaks Korean and English only: other locales are sent to its English page."""

    @wraps(view)
    def in_portal_language(*args, **kwargs):
        return i18n.portal_locale_only() or view(*args, **kwargs)

    return in_portal_language


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(auth.signin_rate_limit, methods=["POST"], deduct_when=auth.failed_signin)
def sign_in():
    """The sign-in form; on success, back to the page that asked for it or the home page."""
    next_path = auth.safe_next(request.args.get("next"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        user = auth.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(next_path or url_for("catalog.home"))
        # One message for an unknown address and a wrong password: no account is revealed.
        error = _("The e-mail address or password is not right.")
    # Sign-up is in Korean and English only, so only those pages offer it.
    offers_sign_up = i18n.current_locale().slug in i18n.PORTAL_LOCALES
    return render_template("account/sign_in.html", form=form, next_path=next_path, error=error,
                           offers_sign_up=offers_sign_up)


@bp.post("/sign-out")
def sign_out():
    """Sign out and forget the session; the language stays.

    A POST with the CSRF token (checked by CSRFProtect for every POST), so that no link, image
    or other site can sign a user out.
    """
    logout_user()
    _fresh_session()
    return redirect(url_for("catalog.home"))


@bp.get("/")
@login_required
def overview():
    """Who is signed in, with which role and for which company."""
    return render_template("account/overview.html", user=current_user,
                           role_name=ROLE_NAMES[current_user.role])

