"""Recording audit events inside the caller's transaction."""

from sqlalchemy import inspect

from showcase.extensions import db
from showcase.models import AuditEvent


def record(action: str, subject, actor=None, before: dict | None = None,
           after: dict | None = None, **details) -> AuditEvent:
    """Add an audit event for ``subject`` (any model with an ``id``): who (``actor``), what
    (``action``), and the ``before`` and ``after`` values of what changed, so a history page can
    show a diff. Flushes to give a new subject its id; the caller's unit of work commits."""
    db.session.flush()
    event = AuditEvent(
        action=action,
        subject_type=type(subject).__tablename__,
        subject_id=subject.id,
        actor_id=actor.id if actor is not None else None,
        details={**details, "before": before or {}, "after": after or {}},
    )
    db.session.add(event)
    return event


def changes(obj) -> tuple[dict, dict]:
    """``(before, after)`` of the columns of ``obj`` changed since it was loaded or last
    flushed, as JSON-ready values; call it before flushing the change."""
    before, after = {}, {}
    state = inspect(obj)
    for attribute in state.mapper.column_attrs:
        history = state.attrs[attribute.key].history
        if history.has_changes():
            before[attribute.key] = _plain(history.deleted[0] if history.deleted else None)
            after[attribute.key] = _plain(history.added[0] if history.added else None)
    return before, after


def _plain(value):
    """A value as JSON can hold it (dates, decimals and enums as text)."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)
