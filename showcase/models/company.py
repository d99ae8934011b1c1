"""Companies that hold designated products, and the Korean business registration number."""

import enum
import re

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.extensions import db
from showcase.models.base import Timestamped, localized_column, pick_localized

_REGISTRATION_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_REGISTRATION_FORMAT = re.compile(r"^\d{3}-?\d{2}-?\d{5}$")


def normalize_registration_number(value: str) -> str:
    """Return the number as ``123-45-67890``; raise ValueError when it is malformed or its
    check digit is wrong."""
    value = (value or "").strip()
    if not _REGISTRATION_FORMAT.match(value):
        raise ValueError("expected ten digits as 123-45-67890")
    digits = [int(char) for char in value if char.isdigit()]
    total = sum(d * w for d, w in zip(digits[:9], _REGISTRATION_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    if (10 - total % 10) % 10 != digits[9]:
        raise ValueError("check digit does not match")
    plain = "".join(map(str, digits))
    return f"{plain[:3]}-{plain[3:5]}-{plain[5:]}"


def is_valid_registration_number(value: str) -> bool:
    """True when ``value`` is a well-formed registration number with a correct check digit."""
    try:
        normalize_registration_number(value)
    except ValueError:
        return False
    return True


class CompanyState(enum.StrEnum):
    """Whether a company may publish: new sign-ups wait for staff approval."""

    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"


class Company(Timestamped, db.Model):
    """A company, named per language, identified by its registration number."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(12), unique=True)
    names: Mapped[dict] = localized_column()
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[CompanyState] = mapped_column(
        Enum(CompanyState, native_enum=False, length=16), default=CompanyState.PENDING
    )

    products = relationship("Product", back_populates="company")
    members = relationship("User", back_populates="company")

    def name_in(self, languages: list[str]) -> tuple[str, str]:
        """``(name, language)`` in the first available language of ``languages``."""
        return pick_localized(self.names, languages)
