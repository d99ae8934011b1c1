"""The read side of delegates' shortlists: which products a list holds, in walking order.

Only products visitors may see are ever returned: a listing withdrawn (or hidden once its
designation expired) after a delegate saved it drops out of their list's pages, counts and
files, and comes back if it is published again.
"""

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.extensions import db
from showcase.models import Product, Shortlist, ShortlistItem
from showcase.queries.catalog import publicly_visible
from showcase.queries.links import product_url
from showcase.rules import BOOTH_CODE
from showcase.templating import designation_label


def find(token: str | None) -> Shortlist | None:
    """The shortlist kept under ``token``; None for a missing or unknown token."""
    if not token or not isinstance(token, str) or len(token) > 64:
        return None
    return db.session.scalar(select(Shortlist).where(Shortlist.token == token))


def visible_product_ids(shortlist: Shortlist | None) -> set[int]:
    """Ids of the visible products on ``shortlist`` (empty without a list)."""
    if shortlist is None:
        return set()
    query = (select(ShortlistItem.product_id)
             .join(Product, Product.id == ShortlistItem.product_id)
             .where(ShortlistItem.shortlist_id == shortlist.id, publicly_visible()))
    return set(db.session.scalars(query))


def walking_order(shortlist: Shortlist | None) -> list[Product]:
    """The visible products on ``shortlist`` sorted by hall, then booth number, so that the
    list leads through the halls in order; products without a booth come last."""
    if shortlist is None:
        return []
    query = (select(Product)
             .join(ShortlistItem, ShortlistItem.product_id == Product.id)
             .where(ShortlistItem.shortlist_id == shortlist.id, publicly_visible())
             .options(selectinload(Product.texts), selectinload(Product.images),
                      selectinload(Product.company), selectinload(Product.category)))
    return sorted(db.session.scalars(query), key=booth_order)


def booth_order(product: Product) -> tuple:
    """Sort key: (no booth, hall letter, booth number, reference); ``A-9`` before ``A-10``."""
    found = BOOTH_CODE.match(product.booth or "")
    if found is None:
        return (True, "", 0, product.ref)
    return (False, found.group(1), int(found.group(2)), product.ref)


def by_hall(products: list[Product]) -> list[tuple[str, list[Product]]]:
    """``products`` (in walking order) grouped as ``[(hall, products), ...]``; the group of
    products without a booth has the hall ``""``."""
    groups: list[tuple[str, list[Product]]] = []
    for product in products:
        if not groups or groups[-1][0] != product.hall:
            groups.append((product.hall, []))
        groups[-1][1].append(product)
    return groups


CSV_COLUMNS = (
    _l("Hall"), _l("Booth"), _l("Product"), _l("Company"), _l("Designation"),
    _l("Designation number"), _l("Classification code"), _l("Valid until"), _l("Reference"),
    _l("Product page"),
)


def csv_rows(products: list[Product], languages: list[str]) -> Iterator[list]:
    """One row per product in the order of :data:`CSV_COLUMNS`, names in ``languages``."""
    for product in products:
        text = product.text_in(languages)
        yield [
            product.hall, product.booth, text.name if text else product.ref,
            product.company.name_in(languages)[0], designation_label(product.designation_type),
            product.designation_number, product.classification_code, product.valid_until,
            product.ref, product_url(product.ref, external=True),
        ]
