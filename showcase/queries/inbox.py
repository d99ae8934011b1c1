"""Read side of the portal inbox: a company's inquiries and the figures of its listings.

Every query takes the company's id, so a company only ever sees what concerns its products.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase.extensions import db
from showcase.models import AuditEvent, Inquiry, InquiryState, Product, ProductCounter
from showcase.queries.catalog import Page

# What the inbox filter offers: new inquiries, handled ones (answered or closed), or all.
SHOWS = {
    "new": (InquiryState.NEW,),
    "handled": (InquiryState.ANSWERED, InquiryState.CLOSED),
    "all": tuple(InquiryState),
}


@dataclass(frozen=True)
class ListingFigures:
    """How delegates took to one listing."""

    product: Product
    views: int
    shortlist_adds: int
    inquiries: int
    new_inquiries: int


def _company_inquiries(company_id: int, show: str):
    return (
        select(Inquiry)
        .join(Inquiry.product)
        .where(Product.company_id == company_id, Inquiry.state.in_(SHOWS[show]))
    )


def inquiries_page(company_id: int, show: str, page: int, per_page: int) -> Page:
    """One page of the company's inquiries in ``show``, newest first."""
    query = _company_inquiries(company_id, show)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.options(selectinload(Inquiry.product).selectinload(Product.texts))
        .order_by(Inquiry.created_at.desc(), Inquiry.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    )
    return Page(list(items), page, per_page, total)


def all_inquiries(company_id: int, show: str) -> list[Inquiry]:
    """Every inquiry of the company in ``show``, newest first (for the export)."""
    return list(db.session.scalars(
        _company_inquiries(company_id, show)
        .options(selectinload(Inquiry.product).selectinload(Product.texts))
        .order_by(Inquiry.created_at.desc(), Inquiry.id.desc())
    ))


def count_new(company_id: int) -> int:
    """How many of the company's inquiries nobody has handled yet."""
    query = _company_inquiries(company_id, "new")
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def listing_figures(company_id: int) -> list[ListingFigures]:
    """Views, shortlist adds and inquiries of each of the company's listings, by reference."""
    inquiry_counts = (
        select(Inquiry.product_id,
               func.count().label("total"),
               func.count().filter(Inquiry.state == InquiryState.NEW).label("new"))
        .group_by(Inquiry.product_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Product,
               func.coalesce(ProductCounter.views, 0),
               func.coalesce(ProductCounter.shortlist_adds, 0),
               func.coalesce(inquiry_counts.c.total, 0),
               func.coalesce(inquiry_counts.c.new, 0))
        .outerjoin(ProductCounter, ProductCounter.product_id == Product.id)
        .outerjoin(inquiry_counts, inquiry_counts.c.product_id == Product.id)
        .where(Product.company_id == company_id)
        .options(selectinload(Product.texts))
        .order_by(Product.ref)
    )
    return [ListingFigures(*row) for row in rows]


def replies_to(inquiry: Inquiry) -> list[AuditEvent]:
    """The replies sent to ``inquiry`` (who, when, what), oldest first."""
    return list(db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == Inquiry.__tablename__,
               AuditEvent.subject_id == inquiry.id, AuditEvent.action == "inquiry.reply")
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.created_at, AuditEvent.id)))
