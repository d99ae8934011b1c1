"""The audit log: one row for every change a service makes."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.extensions import db
from showcase.models.base import utcnow


class AuditEvent(db.Model):
    """Who did what to which record, when, with the details that matter."""

    __tablename__ = "audit_event"
    # The latest change to a public subject is what public answers' Last-Modified reads.
    __table_args__ = (Index("ix_audit_event_subject_created", "subject_type", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")
