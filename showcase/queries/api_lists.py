"""Read queries behind the API: filtered pages of published products, the companies that have
them, and when the public catalog last changed. Nothing here writes."""

from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import cache

from sqlalchemy import column, exists, func, select

from showcase import clock
from showcase.extensions import db
from showcase.models import AuditEvent, Category, Company, Product, ProductText
from showcase.models.base import utcnow
from showcase.queries.catalog import Page, publicly_visible

# Audit subjects whose changes can change a public answer (a category renamed, a designation
# type explained anew, a text translated by staff...). Sign-ins, inquiries and the like are
# left out: they change nothing public, and their times are nobody's business.
PUBLIC_SUBJECTS = ("product", "product_revision", "category", "company", "setting")


@dataclass(frozen=True)
class ProductFilters:
    """The filters of a product list; None leaves a filter out."""

    category: str | None = None
    designation: str | None = None
    certification: str | None = None
    hall: str | None = None
    language: str | None = None
    include_expired: bool = True


def _visible_products():
    return select(Product.id).where(publicly_visible())


def _holds_certification(name: str):
    """SQL condition: ``name`` is one of the product's certifications (a JSON list)."""
    # Each database spells "the elements of a JSON array as rows" its own way.
    elements = ("json_array_elements_text" if db.session.get_bind().dialect.name == "postgresql"
                else "json_each")
    listed = getattr(func, elements)(Product.certifications).table_valued("value")
    return exists(select(1).select_from(listed).where(column("value") == name))


def _filtered(query, filters: ProductFilters):
    if filters.category is not None:
        query = query.where(Product.category.has(Category.code == filters.category))
    if filters.designation is not None:
        query = query.where(Product.designation_type == filters.designation)
    if filters.certification is not None:
        query = query.where(_holds_certification(filters.certification))
    if filters.hall is not None:
        query = query.where(Product.booth.like(f"{filters.hall}-%"))
    if filters.language is not None:
        query = query.where(exists().where(ProductText.product_id == Product.id,
                                           ProductText.language == filters.language))
    if not filters.include_expired:
        query = query.where(Product.valid_until.is_(None) | (Product.valid_until >= clock.today()))
    return query


def published_products(filters: ProductFilters, page: int, per_page: int) -> Page:
    """A page of the ids of the published products that pass ``filters``, in order of their
    refs (``public_records.public_products`` reads them)."""
    query = _filtered(_visible_products(), filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = list(db.session.scalars(
        query.order_by(Product.ref).offset((page - 1) * per_page).limit(per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


def published_product_id(ref: str) -> int | None:
    """The id of the published product ``ref``; None for unknown and unpublished ones."""
    return db.session.scalar(_visible_products().where(Product.ref == ref))


def _refs_by_company(company_ids: list[int]) -> dict[int, list[str]]:
    refs: dict[int, list[str]] = {company_id: [] for company_id in company_ids}
    rows = db.session.execute(
        select(Product.company_id, Product.ref)
        .where(publicly_visible(), Product.company_id.in_(company_ids))
        .order_by(Product.ref))
    for company_id, ref in rows:
        refs[company_id].append(ref)
    return refs


def companies_with_products(page: int, per_page: int) -> Page:
    """A page of ``(company, refs of its published products)`` for the companies that have
    published products, in order of their ids."""
    query = select(Company).where(Company.products.any(publicly_visible()))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    companies = list(db.session.scalars(
        query.order_by(Company.id).offset((page - 1) * per_page).limit(per_page)))
    refs = _refs_by_company([company.id for company in companies])
    return Page(items=[(company, refs[company.id]) for company in companies], page=page,
                per_page=per_page, total=total)


def company_with_refs(company_id: int) -> tuple[Company, list[str]] | None:
    """A company and the refs of its published products; None when it has none to show."""
    company = db.session.get(Company, company_id)
    if company is None:
        return None
    refs = _refs_by_company([company_id])[company_id]
    return (company, refs) if refs else None


def _as_utc(moment: datetime | None) -> datetime | None:
    # SQLite hands timezone-aware columns back without their zone; they were written in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def catalog_changed_at() -> datetime:
    """When anything a public answer shows may last have changed: the latest change to a
    product or company row, the latest audited change to a public subject, and the start of
    today (a designation expires at midnight without any row changing). Never in the future."""
    # On the request's connection, as the records are read (the session's execute took
    # 0.2 ms more).
    latest_changes = db.session.connection().execute(_latest_changes()).one()
    moments = [*latest_changes, datetime.combine(clock.today(), time.min, tzinfo=UTC)]
    latest = max(_as_utc(moment) for moment in moments if moment is not None)
    return min(latest, utcnow())


@cache
def _latest_changes():
    """The statement of the latest product, company and public audited change: one
    statement, built once (every API answer asks; three took 0.85 ms, most of it building
    and running each statement)."""
    return select(
        select(func.max(Product.updated_at)).scalar_subquery(),
        select(func.max(Company.updated_at)).scalar_subquery(),
        select(func.max(AuditEvent.created_at))
        .where(AuditEvent.subject_type.in_(PUBLIC_SUBJECTS)).scalar_subquery(),
    )
