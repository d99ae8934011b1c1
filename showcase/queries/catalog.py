"""Read-only queries behind the public pages: only published products are ever returned."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase.extensions import db
from showcase.models import Category, Company, Product, ProductStatus, ProductText

SORTS = ("name", "newest")
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


def _published():
    return (
        select(Product)
        .where(Product.status == ProductStatus.PUBLISHED)
        .options(
            selectinload(Product.texts),
            selectinload(Product.images),
            selectinload(Product.company),
            selectinload(Product.category),
        )
    )


def featured_products(limit: int = 8) -> list[Product]:
    """Products staff featured, newest first, topped up with the newest published ones."""
    query = _published().order_by(Product.featured.desc(), Product.published_at.desc(),
                                  Product.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def categories_with_counts() -> list[tuple[Category, int]]:
    """Every category that has published products, with how many."""
    count = func.count(Product.id)
    query = (
        select(Category, count)
        .join(Product, Product.category_id == Category.id)
        .where(Product.status == ProductStatus.PUBLISHED)
        .group_by(Category.id)
        .order_by(Category.code)
    )
    return [(category, total) for category, total in db.session.execute(query)]


def category_by_code(code: str) -> Category | None:
    """The category with ``code``, if any."""
    return db.session.scalar(select(Category).where(Category.code == code))


def _name_in(languages: list[str]):
    """SQL expression: the product's name in the first of ``languages`` it has."""
    names = [
        select(ProductText.name)
        .where(ProductText.product_id == Product.id, ProductText.language == language)
        .scalar_subquery()
        for language in languages
    ]
    return func.coalesce(*names, Product.ref)


def products_in_category(category: Category, page: int, per_page: int, sort: str,
                         languages: list[str]) -> Page:
    """A page of the category's published products, sorted by name or newest."""
    query = _published().where(Product.category_id == category.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if sort == "newest":
        query = query.order_by(Product.published_at.desc(), Product.id.desc())
    else:
        query = query.order_by(func.lower(_name_in(languages)), Product.id)
    items = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


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
