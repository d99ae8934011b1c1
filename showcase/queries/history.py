"""Read side of the history pages: the audit log with its filters, a product's timeline, and
the before/after rows of an event's details.

Nothing here knows particular actions: any event a service records (``listing.save``,
``curation.approve``, ``user.sign_up``...) is listed and diffed the same way, from the
``before`` and ``after`` it carries.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import get_timezone
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from showcase.extensions import db
from showcase.models import AuditEvent, Product, User
from showcase.queries.catalog import Page

PER_PAGE = 50
# Texts longer than this (or of several lines) are folded away on the history pages.
LONG_TEXT = 120
PRODUCT_SUBJECT = Product.__tablename__
DIFFED_KEYS = ("before", "after")


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed to; empty values narrow nothing."""

    action: str = ""
    actor: str = ""
    subject_type: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class ChangeRow:
    """One changed value: its path in the details (``texts.en.name``), before and after, as
    display text."""

    field: str
    before: str
    after: str


def is_long(text: str) -> bool:
    """True for a value to show folded: long, or of several lines."""
    return len(text) > LONG_TEXT or "\n" in text


def audit_page(filters: AuditFilters, page: int, per_page: int = PER_PAGE) -> Page:
    """One page of the audit events ``filters`` let through, newest first."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    )
    return Page(list(events), page, per_page, total)


def _filtered(filters: AuditFilters):
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action.strip(),
                                                         autoescape=True))
    if filters.actor:
        query = query.join(AuditEvent.actor).where(
            User.email.contains(filters.actor.strip().lower(), autoescape=True))
    if filters.subject_type:
        query = query.where(AuditEvent.subject_type == filters.subject_type)
    if filters.since:
        query = query.where(AuditEvent.created_at >= _start_of(filters.since))
    if filters.until:
        query = query.where(AuditEvent.created_at < _start_of(filters.until + timedelta(days=1)))
    return query


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` where the pages show their times, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=get_timezone())


def subject_types() -> list[str]:
    """The kinds of record the log holds events about, for the filter's choices."""
    return list(db.session.scalars(
        select(AuditEvent.subject_type).distinct().order_by(AuditEvent.subject_type)))


def product_refs(events: list[AuditEvent]) -> dict[int, str]:
    """``{event id: product ref}`` for the events that concern a product (their subject is
    one, or their details name one), so the log can link to its timeline."""
    product_ids = {event.id: _product_id(event) for event in events}
    wanted = {pid for pid in product_ids.values() if pid is not None}
    if not wanted:
        return {}
    refs = dict(db.session.execute(select(Product.id, Product.ref)
                                   .where(Product.id.in_(wanted))).all())
    return {event_id: refs[pid] for event_id, pid in product_ids.items() if pid in refs}


def _product_id(event: AuditEvent) -> int | None:
    if event.subject_type == PRODUCT_SUBJECT:
        return event.subject_id
    product_id = (event.details or {}).get("product_id")
    return product_id if isinstance(product_id, int) else None


def product_by_ref(ref: str) -> Product | None:
    """The product with ``ref``, whatever its status."""
    return db.session.scalar(select(Product).where(Product.ref == ref)
                             .options(selectinload(Product.texts)))


def product_timeline(product: Product) -> list[AuditEvent]:
    """Every event about ``product``, oldest first: those whose subject it is, and those
    whose details carry its ``product_id`` (revisions, inquiries, reviews)."""
    return list(db.session.scalars(
        select(AuditEvent)
        .where(or_(
            (AuditEvent.subject_type == PRODUCT_SUBJECT) & (AuditEvent.subject_id == product.id),
            AuditEvent.details["product_id"].as_integer() == product.id,
        ))
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ))


def change_rows(details: dict) -> list[ChangeRow]:
    """The values that differ between ``details["before"]`` and ``details["after"]``, nested
    objects followed down to their leaves (``texts.ko.summary``), in a stable order."""
    before = _flatten((details or {}).get("before") or {})
    after = _flatten((details or {}).get("after") or {})
    fields = list(dict.fromkeys([*before, *after]))
    return [ChangeRow(field, display(before.get(field)), display(after.get(field)))
            for field in fields if before.get(field) != after.get(field)]


def other_details(details: dict) -> list[tuple[str, str]]:
    """The details besides before and after (``product_id``, a reason...), as display text."""
    return [(key, display(value)) for key, value in sorted((details or {}).items())
            if key not in DIFFED_KEYS]


def _flatten(values: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


def display(value) -> str:
    """A stored value as text: lists of plain values joined by commas, other structures as
    JSON, nothing as an empty text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
