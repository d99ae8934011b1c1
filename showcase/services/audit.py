"""Recording audit events inside the caller's transaction."""

from showcase.extensions import db
from showcase.models import AuditEvent


def record(action: str, subject, actor=None, **details) -> AuditEvent:
    """Add an audit event for ``subject`` (any model with an ``id``); the caller commits."""
    db.session.flush()
    event = AuditEvent(
        action=action,
        subject_type=type(subject).__tablename__,
        subject_id=subject.id,
        actor_id=actor.id if actor is not None else None,
        details=details,
    )
    db.session.add(event)
    return event
