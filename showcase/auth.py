"""Who is signed in, and what they may do.

Flask-Login keeps the signed-in user's id in the session cookie; the loader below turns it back
into an active user. Access checks come in two shapes: decorators for pages that need a role
(``staff_required``, ``admin_required``) and an explicit step a view calls once it knows which
company owns what it shows (``require_company_member``). A visitor who is not signed in is sent
to the sign-in page and back; a signed-in user without the right gets a 403 page in their
language. Staff and administrators pass every company check: they curate every listing.
"""

import hmac
import unicodedata
from functools import cache, wraps
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, has_request_context, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from showcase.extensions import db, limiter, login_manager
from showcase.models import Company, Role, User


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when the settings say so or the request came over HTTPS.

    Behind a proxy that ends TLS the app sees plain HTTP, so production also sets
    SHOWCASE_SECURE_COOKIES.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The active user of a session id (``User.get_id``): a deactivated account, or one whose
    password changed since (a reset from the mailed link), is signed out on its next request."""
    user_id, _colon, fingerprint = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(fingerprint, user.password_fingerprint()) else None


@login_manager.unauthorized_handler
def send_to_sign_in():
    """Redirect to the sign-in page, which brings the visitor back to this page afterwards."""
    here = request.full_path if request.query_string else request.path
    return redirect(url_for("account.sign_in", next=here))


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail address and password, else None.

    An unknown address costs one password check too, so the time taken does not tell
    whether an account exists.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None: no other host, no scheme.

    Browsers read a backslash as a slash and drop tabs and newlines, and a proxy may decode
    %2F, so any of those that could make ``//host`` out of the path is refused.
    """
    if not target or not target.startswith("/"):
        return None
    for candidate in (target, unquote(target)):
        if candidate.startswith("//") or "\\" in candidate:
            return None
        if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in candidate):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    return target


def _deny_unless(allowed) -> None:
    """Redirect an anonymous visitor to sign in; answer 403 to a user ``allowed`` rejects."""
    if request.method == "OPTIONS" or current_app.config.get("LOGIN_DISABLED"):
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not allowed(current_user):
        abort(403)


def _guarded(view, allowed):
    @wraps(view)
    def guarded(*args, **kwargs):
        _deny_unless(allowed)
        return view(*args, **kwargs)

    return guarded


def staff_required(view):
    """The view is for staff and administrators."""
    return _guarded(view, lambda user: user.is_staff)


def admin_required(view):
    """The view is for administrators only."""
    return _guarded(view, lambda user: user.role == Role.ADMIN)


def require_company_member(company: Company | int) -> None:
    """Stop the request unless the current user belongs to ``company`` or is staff or admin."""
    company_id = company.id if isinstance(company, Company) else company
    _deny_unless(lambda user: user.is_staff or user.company_id == company_id)


def _area_for(allowed) -> None:
    """Send an anonymous visitor to sign in; answer 404 to a signed-in user ``allowed``
    rejects, so that a company user learns nothing about the staff pages (and vice versa)."""
    if request.method == "OPTIONS":
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not allowed(current_user):
        abort(404)


def staff_area() -> None:
    """``before_request`` of the staff blueprint: staff and administrators only."""
    _area_for(lambda user: user.is_staff)


def company_area() -> None:
    """``before_request`` of the portal blueprint: members of a company only."""
    _area_for(lambda user: user.role == Role.COMPANY and user.company_id is not None)


def own_or_404(company_id: int | None) -> None:
    """Stop with a 404 unless the signed-in company member belongs to ``company_id``: another
    company's listing, photo or inquiry is answered as if it did not exist."""
    if company_id is None or current_user.company_id != company_id:
        abort(404)


def signin_rate_limit() -> str:
    """The number of failed sign-ins allowed per client address (SIGNIN_RATE_LIMIT)."""
    return current_app.config["SIGNIN_RATE_LIMIT"]


def failed_signin(response) -> bool:
    """A sign-in attempt counts against the limit unless it signed the user in (a redirect):
    many delegates share one address at the venue."""
    return response.status_code != 302


def init_app(app: Flask) -> None:
    """Bind Flask-Login and Flask-Limiter to ``app`` and make its session cookie HTTPS-aware."""
    login_manager.init_app(app)
    limiter.init_app(app)
    app.session_interface = HttpsAwareSessionInterface()
