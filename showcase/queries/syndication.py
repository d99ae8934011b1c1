"""The public catalog for other systems: download rows in the visitor's language, the pages a
sitemap lists, the newest products for a feed, and a version tag of the catalog.

Like every public query, this returns only what the public pages show: published products
that staff have not hidden once their designation expired, with the fields the public
projection (:mod:`showcase.queries.public_records`) shows.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import raiseload, selectinload

from showcase.extensions import db
from showcase.i18n import content_chain
from showcase.models import Category, Company, IndexOutbox, Product, ProductText
from showcase.queries import public_records
from showcase.queries.api_lists import catalog_changed_at
from showcase.queries.catalog import publicly_visible
from showcase.queries.links import product_url

DOWNLOAD_COLUMNS = (
    _l("Reference"), _l("Product name"), _l("Summary"), _l("Language of the texts"),
    _l("Company"), _l("Category"), _l("Category code"), _l("Designation type"),
    _l("Designation number"), _l("Valid from"), _l("Valid until"), _l("Classification code"),
    _l("Price"), _l("Currency"), _l("Unit"), _l("Booth"), _l("Product page"),
)
PRODUCTS_PER_READ = 500


@dataclass(frozen=True)
class CatalogVersion:
    """A tag that changes whenever the public catalog does (for ETags and cached files), and
    when it last changed."""

    tag: str
    changed_at: datetime


def catalog_version() -> CatalogVersion:
    """The catalog's version: its last change (rows, audited changes, midnight), how many
    public products it holds, and the last search-outbox row (every change to a product's
    texts, images, company or category names leaves one)."""
    changed_at = catalog_changed_at()
    parts = (changed_at.isoformat(), public_product_count(),
             db.session.scalar(select(func.max(IndexOutbox.id))))
    return CatalogVersion(hashlib.sha256(repr(parts).encode()).hexdigest()[:20], changed_at)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes for timezone-aware columns; they are UTC."""
    return moment.replace(tzinfo=UTC) if moment and not moment.tzinfo else moment


def public_product_count() -> int:
    """How many products the public catalog holds."""
    return db.session.scalar(select(func.count(Product.id)).where(publicly_visible()))


def _visible_products():
    return (select(Product).where(publicly_visible())
            .options(selectinload(Product.texts), selectinload(Product.company),
                     selectinload(Product.category), selectinload(Product.images))
            .order_by(Product.ref).execution_options(yield_per=PRODUCTS_PER_READ))


def download_rows() -> Iterator[list]:
    """One row per public product, by reference, in the order of :data:`DOWNLOAD_COLUMNS`:
    texts in the visitor's content language or its fallback, names of companies, categories
    and designations in the visitor's language.

    The fields are those the public projection shows (:mod:`public_records`), read with its
    helpers; only the texts of the languages the row can show are loaded, so that a file of
    10,000 products builds in seconds.
    """
    languages = content_chain()
    shown_texts = selectinload(Product.texts.and_(ProductText.language.in_(languages)))
    query = (select(Product).where(publicly_visible())
             .options(shown_texts.load_only(ProductText.language, ProductText.name,
                                            ProductText.summary),
                      selectinload(Product.company), selectinload(Product.category),
                      raiseload("*"))
             .order_by(Product.ref).execution_options(yield_per=PRODUCTS_PER_READ))
    for product in db.session.scalars(query):
        yield _download_row(product, languages)


def _download_row(product: Product, languages: list[str]) -> list:
    text = product.text_in(languages)
    category = product.category
    price = public_records.public_price(product) or {}
    return [
        product.ref, text.name if text else product.ref, text.summary if text else "",
        text.language if text else "", product.company.name_in(languages)[0],
        category.name_in(languages)[0], category.code,
        public_records.designation_name(product.designation_type), product.designation_number,
        product.valid_from, product.valid_until, product.classification_code,
        Decimal(price["amount"]) if price else None, price.get("currency", ""),
        price.get("unit", ""), product.booth, product_url(product.ref, external=True),
    ]


def exchange_products() -> Iterator[Product]:
    """The public products with everything an exchange-format record holds, by reference."""
    return db.session.scalars(_visible_products())


@dataclass(frozen=True)
class SitemapTarget:
    """A public page every locale has: its endpoint, URL values and last change, if known."""

    endpoint: str
    values: dict
    changed_at: datetime | None = None


def sitemap_target_count() -> int:
    """How many targets :func:`sitemap_targets` lists, counted without building them."""
    visible = select(Product.category_id, Product.company_id).where(publicly_visible()).subquery()
    categories, companies, products = db.session.execute(select(
        func.count(visible.c.category_id.distinct()), func.count(visible.c.company_id.distinct()),
        func.count())).one()
    return categories + companies + products


def sitemap_targets() -> list[SitemapTarget]:
    """The categories, companies and products that have public products, in a stable order."""
    category_codes = db.session.scalars(
        select(Category.code).join(Product, Product.category_id == Category.id)
        .where(publicly_visible()).group_by(Category.code).order_by(Category.code))
    targets = [SitemapTarget("catalog.category", {"code": code}) for code in category_codes]
    companies = db.session.execute(
        select(Company.id, Company.updated_at).join(Product, Product.company_id == Company.id)
        .where(publicly_visible()).group_by(Company.id, Company.updated_at)
        .order_by(Company.id))
    targets += [SitemapTarget("catalog.company", {"company_id": company_id}, aware(changed))
                for company_id, changed in companies]
    products = db.session.execute(
        select(Product.ref, Product.updated_at).where(publicly_visible()).order_by(Product.ref))
    targets += [SitemapTarget("catalog.product", {"ref": ref}, aware(changed))
                for ref, changed in products]
    return targets


def newest_products(limit: int) -> list[Product]:
    """The ``limit`` most recently published public products, newest first."""
    query = (select(Product).where(publicly_visible(), Product.published_at.is_not(None))
             .options(selectinload(Product.texts), selectinload(Product.company),
                      selectinload(Product.category))
             .order_by(Product.published_at.desc(), Product.id.desc()).limit(limit))
    return list(db.session.scalars(query))
