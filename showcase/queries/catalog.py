"""Read-only queries behind the public pages: only published products are ever returned."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from showcase import clock
from showcase.extensions import db
from showcase.i18n import current_locale
from showcase.models import (
    DESIGNATION_TYPES,
    Category,
    Company,
    Product,
    ProductStatus,
    Setting,
)

# The setting holding staff-written explanations of a designation type, {language: text}.
EXPLANATION_KEY = "designation-type:{code}"
# Page numbers beyond this are no page at all (and would overflow the database's integers).
MAX_PAGE = 100_000


@dataclass
class Page:
    """One page of a list, with what the pagination links need."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))


def page_number(value: str | None) -> int | None:
    """The page number a visitor asked for (1 when none); None when it names no page."""
    if not value:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_PAGE else None


def publicly_visible(today=None):
    """SQL condition: the product is published, and not a listing staff hide once its
    designation expired (decided against ``today``: today's date unless a bound parameter
    is given, for a statement built once)."""
    return (Product.status == ProductStatus.PUBLISHED) & or_(
        Product.visible_when_expired.is_(True), Product.valid_until.is_(None),
        Product.valid_until >= (clock.today() if today is None else today))


def _published():
    return (
        select(Product)
        .where(publicly_visible())
        .options(
            selectinload(Product.texts),
            selectinload(Product.images),
            selectinload(Product.company),
            selectinload(Product.category),
        )
    )


def featured_products(limit: int = 8) -> list[Product]:
    """Products staff featured, in the order staff gave them, topped up with the newest
    published ones."""
    query = _published().order_by(Product.featured.desc(), Product.featured_position.is_(None),
                                  Product.featured_position, Product.published_at.desc(),
                                  Product.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def designation_explanation(code: str) -> str:
    """The explanation of designation type ``code`` in the visitor's language: the one staff
    wrote for it when there is one, else the built-in translation."""
    setting = db.session.get(Setting, EXPLANATION_KEY.format(code=code))
    written = (setting.value or {}) if setting is not None else {}
    language = current_locale().content_language
    if written.get(language):
        return written[language]
    kind = DESIGNATION_TYPES.get(code)
    return str(kind.explanation) if kind else ""


def categories_with_counts() -> list[tuple[Category, int]]:
    """Every category that has published products, with how many."""
    count = func.count(Product.id)
    query = (
        select(Category, count)
        .join(Product, Product.category_id == Category.id)
        .where(publicly_visible())
        .group_by(Category.id)
        .order_by(Category.code)
    )
    return [(category, total) for category, total in db.session.execute(query)]


def category_by_code(code: str) -> Category | None:
    """The category with ``code``, if any."""
    return db.session.scalar(select(Category).where(Category.code == code))


def published_product(ref: str) -> Product | None:
    """The published product with ``ref``; None for unknown and unpublished ones."""
    return db.session.scalar(_published().where(Product.ref == ref))


def company_with_products(company_id: int) -> tuple[Company | None, list[Product]]:
    """The company and its published products; (None, []) when it has none to show."""
    company = db.session.get(Company, company_id)
    if company is None:
        return None, []
    products = list(db.session.scalars(
        _published().where(Product.company_id == company_id).order_by(Product.ref)
    ))
    return (company, products) if products else (None, [])
