"""Domain rules held by the models: lifecycle, registration numbers, roles."""

from datetime import date, timedelta

import pytest

from showcase.extensions import db
from showcase.models import (
    Category,
    Company,
    LifecycleError,
    Product,
    ProductStatus,
    Role,
    User,
    is_valid_registration_number,
)
from showcase.models.company import normalize_registration_number
from showcase.services import listings

pytestmark = pytest.mark.usefixtures("app_context")

# Registration numbers of well-known Korean companies, published on their own websites.
REAL_NUMBERS = ["220-81-62517", "120-81-47521", "124-81-00998"]


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_published_registration_numbers_are_valid(number):
    assert is_valid_registration_number(number)
    assert normalize_registration_number(number.replace("-", "")) == number


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_any_single_wrong_digit_is_caught(number):
    digits = number.replace("-", "")
    for position in range(10):
        wrong = (int(digits[position]) + 1) % 10
        changed = digits[:position] + str(wrong) + digits[position + 1:]
        assert not is_valid_registration_number(changed), changed


@pytest.mark.parametrize("text", ["", "123-45-678", "12345678901", "abc-de-fghij", "220 81 62517"])
def test_malformed_registration_numbers_are_rejected(text):
    assert not is_valid_registration_number(text)


def _product(status=ProductStatus.DRAFT) -> Product:
    company = Company(registration_number="220-81-62517", names={"en": "Example"})
    category = Category(code="drones", names={"en": "Drones"})
    product = Product(ref="T-1", company=company, category=category, status=status,
                      designation_type="innovative-prototype")
    product.set_text("en", name="Test drone")
    db.session.add(product)
    db.session.flush()
    return product


def test_listing_walks_the_whole_lifecycle(app):
    product = _product()
    for step in ("submitted", "published", "withdrawn", "submitted", "published"):
        listings.change_status(product, ProductStatus(step))
        assert product.status == step
    assert product.published_at is not None


@pytest.mark.parametrize("start, wanted", [
    ("draft", "published"), ("draft", "withdrawn"), ("published", "draft"),
    ("published", "submitted"), ("withdrawn", "published"), ("submitted", "withdrawn"),
])
def test_lifecycle_refuses_skipping_steps(app, start, wanted):
    product = _product(ProductStatus(start))
    with pytest.raises(LifecycleError):
        listings.change_status(product, ProductStatus(wanted))
    db.session.rollback()
    assert db.session.get(Product, product.id) is None or product.status == start


def test_status_changes_are_audited(app):
    from showcase.models import AuditEvent

    product = _product()
    listings.change_status(product, ProductStatus.SUBMITTED)
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert (event.action, event.subject_id) == ("product.status", product.id)
    assert event.details == {"before": {"status": "draft"}, "after": {"status": "submitted"}}


def test_designation_expires_after_its_last_day(app, clock):
    product = _product()
    product.valid_until = date(2027, 3, 31)
    clock.set(date(2027, 3, 31))
    assert not product.designation_expired()
    clock.set(date(2027, 3, 31) + timedelta(days=1))
    assert product.designation_expired()


@pytest.mark.parametrize("field, value", [("classification_code", "1234567"),
                                          ("classification_code", "ABCDEFGH"),
                                          ("booth", "12-A")])
def test_product_fields_are_validated(app, field, value):
    with pytest.raises(ValueError):
        setattr(_product(), field, value)


def test_text_falls_back_along_the_chain(app):
    product = _product()
    product.set_text("ko", name="시험 드론")
    assert product.text_in(["th", "en", "ko"]).language == "en"
    assert product.text_in(["ko", "en"]).name == "시험 드론"
    del product.texts["en"]
    assert product.text_in(["th", "en"]).language == "ko"


def test_company_members_need_a_company_and_staff_must_not_have_one(app):
    company = Company(registration_number="220-81-62517", names={"en": "Example"})
    with pytest.raises(ValueError):
        User(email="a@example.org", role=Role.COMPANY).check_consistency()
    with pytest.raises(ValueError):
        User(email="b@example.org", role=Role.STAFF, company=company).check_consistency()
    User(email="c@example.org", role=Role.COMPANY, company=company).check_consistency()
