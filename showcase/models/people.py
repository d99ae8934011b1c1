"""People who sign in: company members, PPS staff and administrators."""

import enum
import hashlib
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from showcase.extensions import db
from showcase.models.base import Timestamped


class Role(enum.StrEnum):
    """What a user may do: company members edit their company's listings; staff curate."""

    COMPANY = "company"
    STAFF = "staff"
    ADMIN = "admin"


class User(Timestamped, db.Model):
    """A person with an account; company members belong to exactly one company."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    preferred_locale: Mapped[str] = mapped_column(String(16), default="en")
    # The person's name (a company's contact person, a staff member).
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Set when the person opened the link e-mailed at sign-up or invitation.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    company = relationship("Company", back_populates="members")

    @validates("email")
    def _normalize_email(self, _key, value: str) -> str:
        return value.strip().lower()

    def check_consistency(self) -> None:
        """Raise ValueError when the role and the company link disagree."""
        if self.role == Role.COMPANY and self.company_id is None and self.company is None:
            raise ValueError("a company member needs a company")
        if self.role != Role.COMPANY and (self.company_id or self.company):
            raise ValueError("only company members belong to a company")

    # Flask-Login's user interface; ``is_active`` is the column above, so a deactivated
    # account can neither sign in nor stay signed in.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and a fingerprint of the password, so
        that a new password ends every session signed in with the old one."""
        return f"{self.id}:{self.password_fingerprint()}"

    def password_fingerprint(self) -> str:
        """A short digest of the password hash (salted, so it tells nothing of the password)."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    @property
    def is_staff(self) -> bool:
        """Staff and administrators curate the catalog."""
        return self.role in (Role.STAFF, Role.ADMIN)
