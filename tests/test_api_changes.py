"""The API after the catalog changes: a cached answer is revalidated (304 while nothing changed,
200 with new validators after a change), and nothing unpublished or personal ever appears in
any answer, whichever list, filter, search or language is asked for."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import AuditEvent, Company, Product, ProductStatus
from showcase.services.accounts import create_user
from tests.conftest import TEST_PASSWORD
from tests.factories import add_company, add_product, category

LONG_AGO = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
SECRET_NAMES = {
    ProductStatus.DRAFT: "Hushdraft kettle",
    ProductStatus.SUBMITTED: "Hushsubmitted kettle",
    ProductStatus.REJECTED: "Hushrejected kettle",
    ProductStatus.WITHDRAWN: "Hushwithdrawn kettle",
}
PERSON = {"name": "Jiwoo Contactperson", "email": "jiwoo.private@kettle.example",
          "company_email": "sales.private@kettle.example", "phone": "+82 2 555 0199"}


@pytest.fixture
def quiet_catalog(demo_app, clock):
    """The demo catalog as if nothing had changed since 1 November; today is 2 November."""
    with demo_app.app_context():
        for model in (Product, Company):
            db.session.execute(update(model).values(updated_at=LONG_AGO))
        db.session.execute(update(AuditEvent).values(created_at=LONG_AGO))
        db.session.commit()
    clock.set(date(2026, 11, 2))
    return demo_app


def _rename_first_product(app) -> str:
    with app.app_context(), unit_of_work.committed():
        product = db.session.scalar(select(Product).where(
            Product.status == ProductStatus.PUBLISHED).order_by(Product.ref))
        product.set_text("en", name="Renamed for the revalidation test")
        product.edit_version += 1
        return product.ref


def test_an_etag_is_answered_304_until_the_product_changes(quiet_catalog):
    client = quiet_catalog.test_client()
    first = client.get("/api/v1/products?per_page=5")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/products?per_page=5", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and "Cache-Control" in again.headers
    assert again.headers["Access-Control-Allow-Origin"] == "*"

    changed_ref = _rename_first_product(quiet_catalog)
    after = client.get("/api/v1/products?per_page=5", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.json["items"][0]["ref"] == changed_ref
    assert after.json["items"][0]["name"] == "Renamed for the revalidation test"


def test_last_modified_is_answered_304_until_the_catalog_changes(quiet_catalog):
    client = quiet_catalog.test_client()
    first = client.get("/api/v1/categories")
    assert first.headers["Last-Modified"] == "Mon, 02 Nov 2026 00:00:00 GMT"
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.get("/api/v1/categories", headers=since).status_code == 304
    assert client.get("/api/v1/categories",
                      headers={"If-Modified-Since": "Sun, 01 Nov 2026 00:00:00 GMT"}
                      ).status_code == 200

    _rename_first_product(quiet_catalog)
    after = client.get("/api/v1/categories", headers=since)
    assert after.status_code == 200
    assert after.last_modified > first.last_modified


def test_a_new_day_is_a_change_since_designations_expire_at_midnight(quiet_catalog, clock):
    client = quiet_catalog.test_client()
    first = client.get("/api/v1/designation-types")
    clock.set(date(2026, 11, 3))
    after = client.get("/api/v1/designation-types",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert after.status_code == 200
    assert after.headers["Last-Modified"] == "Tue, 03 Nov 2026 00:00:00 GMT"


@pytest.fixture
def private_things(app):
    """A company with a contact person, e-mail and phone, one published product, and one
    product in every state that is not public."""
    with app.app_context(), unit_of_work.committed():
        company = add_company(names={"en": "Quietkettle Works", "ko": "조용한 주전자"})
        company.email, company.phone = PERSON["company_email"], PERSON["phone"]
        user = create_user(PERSON["email"], "company", TEST_PASSWORD,
                           company.registration_number)
        user.name = PERSON["name"]
        kettles = category("kettles", {"en": "Kettles", "ko": "주전자"})
        add_product(company, ProductStatus.PUBLISHED, ref="QK-PUBLIC", category=kettles,
                    booth="A-7", certifications=["KC"],
                    texts={"en": "Quietkettle public kettle", "ko": "공개 주전자"})
        for status, name in SECRET_NAMES.items():
            add_product(company, status, ref=f"QK-{status.value.upper()}", category=kettles,
                        booth="A-8", certifications=["KC"], texts={"en": name, "ko": name})
    return app


def _every_answer(client) -> list[str]:
    """The text of every answer a reader can get about the catalog, in two languages."""
    company_id = client.get("/api/v1/products/QK-PUBLIC").json["company_id"]
    urls = []
    for lang in ("en", "ko"):
        urls += [f"/api/v1/products?lang={lang}",
                 f"/api/v1/products?category=kettles&lang={lang}",
                 f"/api/v1/products?hall=A&certification=KC&language=en&lang={lang}",
                 f"/api/v1/products/QK-PUBLIC?lang={lang}",
                 f"/api/v1/companies?lang={lang}", f"/api/v1/companies/{company_id}",
                 f"/api/v1/categories?lang={lang}", f"/api/v1/designation-types?lang={lang}",
                 f"/api/v1/search?q=kettle&lang={lang}",
                 f"/api/v1/search?category=kettles&lang={lang}",
                 f"/api/v1/suggest?q=Hush&lang={lang}", f"/api/v1/suggest?q=Quiet&lang={lang}",
                 f"/api/v1/openapi.json?lang={lang}"]
    urls += [f"/api/v1/products/QK-{status.value.upper()}" for status in SECRET_NAMES]
    answers = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.data[:200])
        answers.append(response.get_data(as_text=True))
    return answers


def test_no_answer_holds_an_unpublished_product_or_anyones_contact_details(private_things):
    client = private_things.test_client()
    answers = _every_answer(client)
    everything = "\n".join(answers)
    assert "Quietkettle public kettle" in everything and "QK-PUBLIC" in everything
    for name in SECRET_NAMES.values():
        assert name not in everything
    for status in SECRET_NAMES:
        assert f"QK-{status.value.upper()}" not in everything
    for private in PERSON.values():
        assert private not in everything
    assert "registration_number" not in everything


def test_the_company_of_a_published_product_lists_only_that_product(private_things):
    client = private_things.test_client()
    company_id = client.get("/api/v1/products/QK-PUBLIC").json["company_id"]
    company = client.get(f"/api/v1/companies/{company_id}").json
    assert company["products"] == ["QK-PUBLIC"]
    assert company["names"] == {"en": "Quietkettle Works", "ko": "조용한 주전자"}
    kettles = client.get("/api/v1/categories").json["items"]
    assert [c["products"] for c in kettles if c["code"] == "kettles"] == [1]
