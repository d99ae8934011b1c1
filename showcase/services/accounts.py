"""Creating and managing user accounts: companies signing up, e-mail confirmation, password
resets, invitations of colleagues and staff, deactivation.

Every function flushes and audits; the caller's unit of work commits, and the mails queued
here go out only then. Mails are written in the recipient's language (Korean or English) with
links under the site's base URL. No password or token is ever written to the audit log.
"""

from functools import cache
from pathlib import Path

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from showcase import mail, rules
from showcase.extensions import db
from showcase.i18n import DEFAULT_LOCALE, PORTAL_LOCALES
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Company, CompanyState, Role, User
from showcase.models.base import utcnow
from showcase.queries.links import absolute_url
from showcase.services import audit, tokens

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"
# A person's name, as long as the column that holds it.
PERSON_NAME = rules.optional_text("name", 200)
COMPANY_NAME = rules.required_text("name", 300)


class AccountError(ValueError):
    """An account cannot be created or changed as asked; ``message`` says why and ``field``
    names the form field it concerns, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


@cache
def common_passwords() -> frozenset[str]:
    """The common passwords refused for an account, lower case."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password) -> object | None:
    """Why ``password`` may not be used (too short, or among the common passwords), or None."""
    message = rules.PASSWORD.check(password)
    if message is None and password.lower() in common_passwords():
        message = _lp("is one of the most common passwords: choose one that is harder to guess")
    return message


def is_invited(user: User) -> bool:
    """True while an invited person has not chosen a password yet."""
    return not user.password_hash


def _follow(field_rule: rules.Rule, label: str, value) -> None:
    message = field_rule.check(value)
    if message is not None:
        raise AccountError(f"{label}: {message}")


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(
    email: str, role: str, password: str, company_registration_number: str | None = None,
    actor=None,
) -> User:
    """Create a user with ``role``; company members are tied to an existing company. Flushes
    and audits; the caller's unit of work commits."""
    email = email.strip().lower()
    _follow(rules.ACCOUNT_EMAIL, _("e-mail"), email)
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(f"{_('password')}: {problem}")
    if _user_by_email(email):
        raise AccountError(_("a user with e-mail %(email)s already exists", email=email))
    company = None
    if company_registration_number:
        _follow(rules.REGISTRATION_NUMBER, _("registration number"),
                company_registration_number)
        number = rules.normalize_registration_number(company_registration_number)
        company = db.session.scalar(select(Company).where(Company.registration_number == number))
        if company is None:
            raise AccountError(_("no company has registration number %(number)s",
                                 number=number))
    user = User(email=email, role=Role(role), company=company, password_hash=_hash(password))
    try:
        user.check_consistency()
    except ValueError as error:
        raise AccountError(str(error)) from error
    db.session.add(user)
    audit.record("user.create", user, actor,
                 after={"email": user.email, "role": user.role.value,
                        "company": company.registration_number if company else None})
    return user


# --- Companies signing up ---

def _check(field: str, message) -> None:
    if message is not None:
        raise AccountError(message, field)


def _check_new_email(email: str, taken_message) -> None:
    _check("email", rules.ACCOUNT_EMAIL.check(email))
    if _user_by_email(email) is not None:
        raise AccountError(taken_message, "email")


def sign_up(*, name_ko: str, name_en: str, registration_number: str, contact_name: str,
            email: str, password: str, locale: str) -> User:
    """Create a company waiting for staff approval and its first member, who may sign in at
    once; mail the member the link that confirms their address.

    A registration number that already has a company is refused: a second person of that
    company is invited by a colleague, and the answer does not say who holds the account.
    """
    name_ko, name_en, contact_name = name_ko.strip(), name_en.strip(), contact_name.strip()
    email = email.strip().lower()
    _check("name_ko", COMPANY_NAME.check(name_ko))
    _check("name_en", COMPANY_NAME.check(name_en))
    _check("registration_number", rules.REGISTRATION_NUMBER.check(registration_number))
    _check("contact_name", rules.required(contact_name) or PERSON_NAME.check(contact_name))
    _check("password", password_problem(password))
    number = rules.normalize_registration_number(registration_number)
    if db.session.scalar(select(Company.id).where(Company.registration_number == number)):
        raise AccountError(_lp(
            "A company with this registration number already has an account. Ask the person "
            "who holds it to invite you: they can do so on the Colleagues page of the portal."),
            "registration_number")
    _check_new_email(email, _lp("An account with this e-mail address already exists. Sign in "
                                "with it, or ask for a new password if you forgot it."))
    company = Company(registration_number=number, names={"ko": name_ko, "en": name_en},
                      state=CompanyState.PENDING)
    user = User(email=email, role=Role.COMPANY, company=company, name=contact_name,
                password_hash=_hash(password), preferred_locale=_mail_locale(locale))
    db.session.add_all([company, user])
    audit.record("company.sign_up", company, user,
                 after={"names": company.names, "registration_number": number,
                        "state": company.state.value})
    audit.record("user.sign_up", user, user,
                 after={"email": email, "role": user.role.value, "name": contact_name,
                        "company": number})
    send_confirmation(user)
    return user


# --- E-mail confirmation ---

def send_confirmation(user: User) -> None:
    """Mail ``user`` the link that confirms their address."""
    link = _link("account.confirm", user, token=tokens.make(user, tokens.CONFIRM))
    with force_locale(_mail_locale(user.preferred_locale)):
        _mail(user, _p("Confirm your e-mail address"), [
            _p("Hello %(name)s,", name=user.name or user.email),
            _p("please confirm that this is your e-mail address for the Korea Innovation "
               "Showcase by opening this link (it works for 7 days):"),
            link,
            _p("If you did not sign up, you can ignore this message."),
        ])


def confirm_email(user: User) -> None:
    """Record that ``user`` opened their confirmation link; opening it again changes nothing."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record("user.confirm_email", user, user, after={"email": user.email})


# --- Forgotten passwords ---

def request_password_reset(email: str) -> None:
    """Mail a link for choosing a new password to the active account with ``email``; an
    unknown address gets nothing, and the caller answers the same either way."""
    user = _user_by_email(email)
    if user is None or not user.is_active:
        return
    link = _link("account.reset_password", user, token=tokens.make(user, tokens.RESET))
    with force_locale(_mail_locale(user.preferred_locale)):
        _mail(user, _p("Choose a new password"), [
            _p("Hello %(name)s,", name=user.name or user.email),
            _p("someone (we hope you) asked for a new password for your account. Choose it "
               "by opening this link; it works once, within one hour:"),
            link,
            _p("If you did not ask, ignore this message: your password stays as it is."),
        ])
    audit.record("user.request_password_reset", user, None)


def reset_password(user: User, password: str) -> None:
    """Give ``user`` a new password; it also confirms the address the link was sent to."""
    _check("password", password_problem(password))
    user.password_hash = _hash(password)
    audit.record("user.reset_password", user, user)
    confirm_email(user)


# --- Invitations ---

def invite(email: str, name: str, role: Role, company: Company | None, actor: User,
           locale: str) -> User:
    """Create an account without a password for a colleague of ``actor`` (or a staff member)
    and mail them the link where they choose one."""
    email, name = email.strip().lower(), (name or "").strip()
    _check_new_email(email, _lp("An account with this e-mail address already exists, so it "
                                "cannot be invited."))
    _check("name", PERSON_NAME.check(name))
    user = User(email=email, role=role, company=company, name=name, password_hash="",
                preferred_locale=_mail_locale(locale))
    user.check_consistency()
    db.session.add(user)
    audit.record("user.invite", user, actor,
                 after={"email": email, "role": role.value, "name": name,
                        "company": company.registration_number if company else None})
    send_invitation(user, actor)
    return user


def send_invitation(user: User, actor: User) -> None:
    """Mail the invitation link to ``user``, who has not chosen a password yet."""
    if not user.is_active:
        raise AccountError(_lp("This account is deactivated: reactivate it first."))
    if not is_invited(user):
        raise AccountError(_lp("This person has already joined."))
    link = _link("account.welcome", user, token=tokens.make(user, tokens.INVITE))
    with force_locale(_mail_locale(user.preferred_locale)):
        if user.company is not None:
            company_name = user.company.name_in([user.preferred_locale, "en", "ko"])[0]
            invitation = _p("%(inviter)s invites you to manage the listings of %(company)s in "
                            "the Korea Innovation Showcase.",
                            inviter=actor.name or actor.email, company=company_name)
        else:
            invitation = _p("%(inviter)s invites you to the staff pages of the Korea "
                            "Innovation Showcase.", inviter=actor.name or actor.email)
        _mail(user, _p("Your invitation to the Korea Innovation Showcase"), [
            invitation,
            _p("Choose your password by opening this link (it works once, within 7 days):"),
            link,
        ])


def accept_invitation(user: User, password: str, name: str) -> None:
    """Set the password an invited person chose (and their name); this confirms their
    address, which the invitation was sent to."""
    name = name.strip()
    _check("name", rules.required(name) or PERSON_NAME.check(name))
    _check("password", password_problem(password))
    user.password_hash = _hash(password)
    user.name = name
    audit.record("user.accept_invitation", user, user, after={"name": name})
    confirm_email(user)


# --- Deactivation ---

def deactivate(user: User, actor: User) -> None:
    """Stop ``user`` from signing in; their open sessions end on their next request."""
    if user.id == actor.id:
        raise AccountError(_lp("You cannot deactivate your own account."))
    if user.is_active:
        user.is_active = False
        audit.record("user.deactivate", user, actor, before={"is_active": True},
                     after={"is_active": False})


def reactivate(user: User, actor: User) -> None:
    """Let a deactivated ``user`` sign in again."""
    if user.id == actor.id:
        raise AccountError(_lp("You cannot reactivate your own account."))
    if not user.is_active:
        user.is_active = True
        audit.record("user.reactivate", user, actor, before={"is_active": False},
                     after={"is_active": True})


# --- Mails ---

def _mail_locale(locale: str) -> str:
    """The portal language closest to ``locale``: mails and links speak Korean or English."""
    return locale if locale in PORTAL_LOCALES else DEFAULT_LOCALE.code


def _link(endpoint: str, user: User, **values) -> str:
    """The absolute address of ``endpoint`` in ``user``'s language."""
    return absolute_url(url_for(endpoint, lang=_mail_locale(user.preferred_locale), **values))


def _mail(user: User, subject: str, paragraphs: list[str]) -> None:
    mail.send(user.email, subject, "\n\n".join(paragraphs) + "\n")
