"""Creating and managing user accounts."""

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from showcase.extensions import db
from showcase.models import Company, Role, User
from showcase.models.company import normalize_registration_number
from showcase.services import audit


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def create_user(
    email: str, role: str, password: str, company_registration_number: str | None = None,
    actor=None,
) -> User:
    """Create a user with ``role``; company members are tied to an existing company."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address")
    if db.session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"a user with e-mail {email} already exists")
    if len(password) < 10:
        raise AccountError("the password needs at least 10 characters")
    company = None
    if company_registration_number:
        try:
            number = normalize_registration_number(company_registration_number)
        except ValueError as error:
            raise AccountError(f"registration number: {error}") from error
        company = db.session.scalar(select(Company).where(Company.registration_number == number))
        if company is None:
            raise AccountError(f"no company has registration number {number}")
    user = User(email=email, role=Role(role), company=company,
                password_hash=generate_password_hash(password))
    try:
        user.check_consistency()
    except ValueError as error:
        raise AccountError(str(error)) from error
    db.session.add(user)
    audit.record("user.create", user, actor, role=user.role.value)
    db.session.commit()
    return user
