"""What delegates do at the venue: shortlists of products and inquiries to companies."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.extensions import db
from showcase.models.base import utcnow


class InquiryKind(enum.StrEnum):
    """What the delegate asks for."""

    MEETING = "meeting"
    INFORMATION = "information"


class InquiryState(enum.StrEnum):
    """Where a delegate's inquiry stands in the company's inbox."""

    NEW = "new"
    ANSWERED = "answered"
    CLOSED = "closed"


class Inquiry(db.Model):
    """A delegate's request to meet or hear from the company behind a product."""

    __tablename__ = "inquiry"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(16), default="en")
    state: Mapped[InquiryState] = mapped_column(
        Enum(InquiryState, native_enum=False, length=16), default=InquiryState.NEW
    )
    kind: Mapped[InquiryKind] = mapped_column(
        Enum(InquiryKind, native_enum=False, length=16), default=InquiryKind.INFORMATION,
        server_default=InquiryKind.INFORMATION.name,
    )
    wants_interpreter: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=sa_false())
    # The language the delegate wants interpreted from Korean ("" when no interpreter).
    interpreter_language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # The slot the delegate would like to meet in (showcase.meeting_slots), "" for any time.
    time_slot: Mapped[str] = mapped_column(String(32), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    product = relationship("Product")


class ProductCounter(db.Model):
    """Per-listing figures the company sees: page views and shortlist adds. Kept apart from
    the product row so that counting never touches the listing's edit version."""

    __tablename__ = "product_counter"

    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shortlist_adds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Shortlist(db.Model):
    """A delegate's list of products, kept by an unguessable token (no account needed)."""

    __tablename__ = "shortlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When a product was last added or removed: ``showcase forget-shortlists`` deletes the
    # lists nobody changed for long (kiosk visitors leave one behind each).
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)

    items = relationship(
        "ShortlistItem", cascade="all, delete-orphan", order_by="ShortlistItem.position"
    )


class ShortlistItem(db.Model):
    """One product on a shortlist, with the delegate's own note."""

    __tablename__ = "shortlist_item"
    __table_args__ = (UniqueConstraint("shortlist_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shortlist_id: Mapped[int] = mapped_column(ForeignKey("shortlist.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    product = relationship("Product")
