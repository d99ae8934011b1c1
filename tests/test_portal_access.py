"""Another company's listing, photo, brochure, inquiry or colleague does not exist for a
member: every portal route that names one answers 404 to GET and POST, and changes nothing.

The routes are read from the app's URL map, so a portal page added later is covered as soon
as it exists; an argument this file cannot fill in fails the test until it learns it.
"""

import pytest
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import (
    Company,
    Inquiry,
    Product,
    ProductDocument,
    ProductImage,
    ProductStatus,
    User,
)
from tests.conftest import _CSRF_FIELD, sign_in
from tests.editor_pages import approved_company
from tests.factories import add_product
from tests.test_portal_editor import database_rows


def portal_rules(app) -> list:
    """The portal's routes that name one object: a listing, an inquiry, a person, a file."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("portal.") and rule.arguments - {"lang"}),
                  key=lambda rule: rule.rule)


@pytest.fixture
def owned(app, login_as) -> dict:
    """Company A's objects (a live listing with a photo and a brochure, an inquiry about it,
    a member), by the URL argument that names them."""
    registration = approved_company(app)
    owner = login_as("company", company=registration, client=app.test_client())
    with app.app_context(), unit_of_work.committed():
        company = db.session.scalar(select(Company).where(
            Company.registration_number == registration))
        product = add_product(company, ProductStatus.PUBLISHED)
        product.images.append(ProductImage(key="a" * 32, width=800, height=600, alt={}))
        product.documents.append(ProductDocument(key="b" * 32, title="Data sheet",
                                                 language="en", size_bytes=1000))
        inquiry = Inquiry(product=product, name="Delegate", email="delegate@example.test",
                          message="When can we meet?")
        db.session.add(inquiry)
        db.session.flush()
        return {"ref": product.ref, "inquiry_id": inquiry.id, "user_id": owner.id,
                "image_key": "a" * 32, "document_key": "b" * 32,
                "owner_email": db.session.get(User, owner.id).email}


def arguments_for(rule, owned: dict) -> dict:
    """Values naming company A's objects for every argument of ``rule``."""
    values = {"lang": "en"}
    for name in rule.arguments - {"lang"}:
        if name == "key":
            brochure = "brochure" in rule.endpoint or "document" in rule.endpoint
            values[name] = owned["document_key" if brochure else "image_key"]
        else:
            assert name in owned, f"{rule.rule}: teach this test a value for <{name}>"
            values[name] = owned[name]
    return values


def test_every_portal_route_naming_an_object_is_covered(app):
    endpoints = {rule.endpoint for rule in portal_rules(app)}
    assert {"portal.edit", "portal.submit", "portal.withdraw", "portal.discard_revision",
            "portal.preview"} <= endpoints


def test_another_companys_objects_are_not_found_on_any_portal_route(
        app, client, owned, login_as):
    login_as("company", company=approved_company(app))
    token = _CSRF_FIELD.search(client.get("/en/portal/").get_data(as_text=True)).group(1)
    before = database_rows(app)
    for rule in portal_rules(app):
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **arguments_for(rule, owned))
        for method in sorted(rule.methods & {"GET", "POST"}):
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            assert response.status_code == 404, (method, url, response.status_code)
    assert database_rows(app) == before


def test_the_owner_reaches_each_of_those_pages(app, owned):
    owner = app.test_client()
    assert sign_in(owner, owned["owner_email"]).status_code == 302
    for rule in portal_rules(app):
        if "GET" in rule.methods:
            with app.test_request_context():
                url = app.url_for(rule.endpoint, **arguments_for(rule, owned))
            assert owner.get(url).status_code in (200, 302), url


def test_a_listing_that_does_not_exist_is_not_found(client, login_as):
    login_as("company")
    assert client.get("/en/portal/listings/NO-SUCH-REF").status_code == 404
    assert client.get("/en/portal/listings/NO-SUCH-REF/preview?as=th").status_code == 404


def test_a_visitor_is_asked_to_sign_in_and_staff_find_no_portal(app, client, owned, login_as):
    for path in ("/en/portal/", f"/en/portal/listings/{owned['ref']}"):
        response = client.get(path)
        assert response.status_code == 302 and "/en/account/sign-in" in response.location
    login_as("staff")
    assert client.get(f"/en/portal/listings/{owned['ref']}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Product).where(Product.ref == owned["ref"])) is not None
