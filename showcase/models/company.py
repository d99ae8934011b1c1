"""Companies that hold designated products, and the Korean business registration number."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from showcase import rules
from showcase.extensions import db
from showcase.models.base import Timestamped, localized_column, pick_localized
from showcase.rules import normalize_registration_number

__all__ = ["Company", "CompanyState", "is_valid_registration_number",
           "normalize_registration_number"]
CONTACT_RULES = {"website": rules.WEBSITE, "email": rules.EMAIL, "phone": rules.PHONE}


def is_valid_registration_number(value: str) -> bool:
    """True when ``value`` is a well-formed registration number with a correct check digit."""
    try:
        normalize_registration_number(value)
    except ValueError:
        return False
    return True


class CompanyState(enum.StrEnum):
    """Whether a company may submit listings: new sign-ups wait for staff approval."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Company(Timestamped, db.Model):
    """A company, named per language, identified by its registration number."""

    __tablename__ = "company"
    # The latest change is what public answers' Last-Modified reads (api_lists).
    __table_args__ = (Index("ix_company_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(12), unique=True)
    names: Mapped[dict] = localized_column()
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[CompanyState] = mapped_column(
        Enum(CompanyState, native_enum=False, length=16), default=CompanyState.PENDING
    )
    # The staff's reason for a decision on the sign-up, shown to the company.
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    products = relationship("Product", back_populates="company")
    members = relationship("User", back_populates="company")

    @validates("website", "email", "phone")
    def _check_contact(self, key, value: str) -> str:
        return CONTACT_RULES[key].enforce((value or "").strip(), allow_empty=True)

    def name_in(self, languages: list[str]) -> tuple[str, str]:
        """``(name, language)`` in the first available language of ``languages``."""
        return pick_localized(self.names, languages)
