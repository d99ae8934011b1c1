"""Creating and managing user accounts."""

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from showcase import rules
from showcase.extensions import db
from showcase.models import Company, Role, User
from showcase.services import audit


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def _follow(field_rule: rules.Rule, label: str, value) -> None:
    message = field_rule.check(value)
    if message is not None:
        raise AccountError(f"{label}: {message}")


def create_user(
    email: str, role: str, password: str, company_registration_number: str | None = None,
    actor=None,
) -> User:
    """Create a user with ``role``; company members are tied to an existing company. Flushes
    and audits; the caller's unit of work commits."""
    email = email.strip().lower()
    _follow(rules.ACCOUNT_EMAIL, _("e-mail"), email)
    _follow(rules.PASSWORD, _("password"), password)
    if db.session.scalar(select(User).where(User.email == email)):
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
    user = User(email=email, role=Role(role), company=company,
                password_hash=generate_password_hash(password))
    try:
        user.check_consistency()
    except ValueError as error:
        raise AccountError(str(error)) from error
    db.session.add(user)
    audit.record("user.create", user, actor,
                 after={"email": user.email, "role": user.role.value,
                        "company": company.registration_number if company else None})
    return user
