"""Rows for tests that need a company, a category or a product in a given state.

Call inside an app context and a unit of work (``unit_of_work.committed()``); each function
flushes, so the returned object has its id.
"""

import itertools
from datetime import date

from sqlalchemy import select

from showcase.extensions import db
from showcase.models import Category, Company, CompanyState, Product, ProductStatus
from tests.conftest import _registration_number

_serials = itertools.count(500)


def add_company(state: CompanyState = CompanyState.APPROVED, names: dict | None = None,
                registration_number: str | None = None) -> Company:
    """A company (approved unless told otherwise) with a valid registration number."""
    serial = next(_serials)
    company = Company(
        registration_number=registration_number or _registration_number(serial),
        names=names or {"en": f"Factory Company {serial}", "ko": f"공장 회사 {serial}"},
        state=state,
    )
    db.session.add(company)
    db.session.flush()
    return company


def category(code: str = "drones", names: dict | None = None) -> Category:
    """The category with ``code``, created when it does not exist yet."""
    found = db.session.scalar(select(Category).where(Category.code == code))
    if found is None:
        found = Category(code=code, names=names or {"en": code.title(), "ko": code})
        db.session.add(found)
        db.session.flush()
    return found


def add_product(company: Company, status: ProductStatus = ProductStatus.DRAFT,
                texts: dict | None = None, ref: str | None = None, **fields) -> Product:
    """A complete listing of ``company`` in ``status`` (walked there through the lifecycle),
    with English and Korean texts unless ``texts`` are given."""
    serial = next(_serials)
    product = Product(
        ref=ref or f"TEST-{serial}", company=company, category=fields.pop("category", None)
        or category(), designation_type="innovative-prototype",
        designation_number=f"2026-{serial:05d}", valid_from=date(2026, 1, 1),
        valid_until=date(2028, 12, 31), classification_code="43211503", **fields,
    )
    for language, name in (texts or {"en": f"Test drone {serial}",
                                     "ko": f"시험 드론 {serial}"}).items():
        product.set_text(language, name=name, summary=f"{name} summary")
    db.session.add(product)
    path = {
        ProductStatus.DRAFT: [],
        ProductStatus.SUBMITTED: [ProductStatus.SUBMITTED],
        ProductStatus.PUBLISHED: [ProductStatus.SUBMITTED, ProductStatus.PUBLISHED],
        ProductStatus.REJECTED: [ProductStatus.SUBMITTED, ProductStatus.REJECTED],
        ProductStatus.WITHDRAWN: [ProductStatus.SUBMITTED, ProductStatus.PUBLISHED,
                                  ProductStatus.WITHDRAWN],
    }[ProductStatus(status)]
    for step in path:
        product.change_status(step)
    db.session.flush()
    return product
