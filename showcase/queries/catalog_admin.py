"""Read side of the staff's catalog pages: published products to feature or keep visible,
the featured order, categories with how many products use them, and the translation grid."""

from datetime import timedelta

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from showcase import clock
from showcase.extensions import db
from showcase.models import Category, Product, ProductStatus, ProductText
from showcase.queries.catalog import Page

PER_PAGE = 50
# Listings whose designation ends within this many days come first on the catalog page.
EXPIRY_WINDOW = timedelta(days=60)
TEXT_FIELDS = ("name", "summary", "description")
MAX_QUERY_LENGTH = 200  # as on the public search page


def _published():
    return (select(Product).where(Product.status == ProductStatus.PUBLISHED)
            .options(selectinload(Product.texts)))


def _page(query, page: int, per_page: int = PER_PAGE) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


def _matching(query, text: str):
    """``query`` narrowed to products whose reference or a name contains ``text``."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return query
    return query.where(or_(
        Product.ref.icontains(text, autoescape=True),
        exists().where(ProductText.product_id == Product.id,
                       ProductText.name.icontains(text, autoescape=True))))


def curation_products(text: str, page: int) -> Page:
    """Published products whose reference or name contains ``text``: those whose designation
    expired or ends within EXPIRY_WINDOW first (soonest first), then by reference."""
    ends_soon = Product.valid_until <= clock.today() + EXPIRY_WINDOW
    query = _matching(_published(), text).order_by(
        case((ends_soon, 0), else_=1), case((ends_soon, Product.valid_until)), Product.ref)
    return _page(query, page)


def featured_order() -> list[Product]:
    """The published featured products in their home-page order."""
    return list(db.session.scalars(
        _published().where(Product.featured.is_(True))
        .order_by(Product.featured_position.is_(None), Product.featured_position,
                  Product.published_at.desc(), Product.id.desc())))


def published_by_ref(ref: str) -> Product | None:
    """The published product ``ref``, whatever its expiry (staff see every live listing)."""
    return db.session.scalar(_published().where(Product.ref == ref))


def categories_with_usage() -> list[tuple[Category, int]]:
    """Every category, by code, with how many products (in any state) are in it."""
    count = func.count(Product.id)
    query = (select(Category, count).outerjoin(Product, Product.category_id == Category.id)
             .group_by(Category.id).order_by(Category.code))
    return [(category, total) for category, total in db.session.execute(query)]


def category_by_code(code: str) -> Category | None:
    """The category ``code``, if any."""
    return db.session.scalar(select(Category).where(Category.code == code))


def _complete_in(languages: list[str]):
    """SQL: how many of ``languages`` the product has a name, summary and description in."""
    return (select(func.count(ProductText.id))
            .where(ProductText.product_id == Product.id, ProductText.language.in_(languages),
                   *(getattr(ProductText, name) != "" for name in TEXT_FIELDS))
            .scalar_subquery())


def translation_rows(languages: list[str], missing_only: bool, category: Category | None,
                     text: str, page: int) -> Page:
    """A page of published products by reference for the translation grid; with
    ``missing_only``, those lacking a name, summary or description in one of ``languages``."""
    query = _matching(_published(), text).order_by(Product.ref)
    if category is not None:
        query = query.where(Product.category_id == category.id)
    if missing_only:
        query = query.where(_complete_in(languages) < len(languages))
    return _page(query, page)


def cell(product: Product, language: str) -> dict:
    """What the grid shows of ``product`` in ``language``: which texts exist, whether staff
    wrote them."""
    text = product.texts.get(language)
    present = {name: bool(text is not None and getattr(text, name)) for name in TEXT_FIELDS}
    return {"present": present, "complete": all(present.values()),
            "staff_written": bool(text is not None and text.staff_written)}
