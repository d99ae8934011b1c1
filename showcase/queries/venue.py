"""Read-only queries behind the venue map: who exhibits in which booth, and what is nearby."""

from dataclasses import dataclass

from sqlalchemy import func, select

from showcase.extensions import db
from showcase.models import Company, Product
from showcase.queries.catalog import _published, publicly_visible
from showcase.venue import Booth, nearest_booths, venue

# How many products the map lists around a booth.
NEARBY_LIMIT = 6


@dataclass(frozen=True)
class Exhibitor:
    """A company at a booth, with how many of its published products are shown there."""

    booth: Booth
    company: Company
    product_count: int


def _booth_order(exhibitor: Exhibitor) -> tuple:
    return exhibitor.booth.hall, exhibitor.booth.number, exhibitor.company.id


def exhibitors_by_hall(languages: list[str]) -> dict[str, list[Exhibitor]]:
    """Every hall's exhibitors sorted by booth (then company), halls in plan order; a booth
    no plan draws is left out (it could not be shown on a map)."""
    count = func.count(Product.id)
    rows = db.session.execute(
        select(Product.booth, Company, count)
        .join(Company, Product.company_id == Company.id)
        .where(publicly_visible(), Product.booth != "")
        .group_by(Product.booth, Company.id)
    )
    halls = {letter: [] for letter in venue().halls}
    for code, company, products in rows:
        booth = venue().booth(code)
        if booth is not None:
            halls[booth.hall].append(Exhibitor(booth, company, products))
    for exhibitors in halls.values():
        exhibitors.sort(key=lambda exhibitor: (
            exhibitor.booth.number, exhibitor.company.name_in(languages)[0].lower()))
    return halls


def occupied_booths(hall: str) -> frozenset[str]:
    """Codes of the booths in ``hall`` where a published product is shown."""
    codes = db.session.scalars(
        select(Product.booth).where(publicly_visible(), Product.booth.like(f"{hall}-%")).distinct()
    )
    return frozenset(codes)


def products_at(booth: Booth) -> list[Product]:
    """The published products shown at ``booth``, by reference."""
    return list(db.session.scalars(
        _published().where(Product.booth == booth.code).order_by(Product.ref)))


def nearby_products(booth: Booth, occupied: frozenset[str],
                    limit: int = NEARBY_LIMIT) -> list[Product]:
    """Up to ``limit`` published products from the booths nearest to ``booth`` (its own
    products excluded), nearest booth first; ``occupied`` holds the hall's booths in use."""
    nearest = [other.code for other in nearest_booths(booth) if other.code in occupied][:limit]
    distance = {code: rank for rank, code in enumerate(nearest)}
    products = db.session.scalars(_published().where(Product.booth.in_(nearest)))
    return sorted(products, key=lambda product: (distance[product.booth], product.ref))[:limit]
