"""Staff download the catalog as CSV, XLSX and in the exchange format; each file, opened
again, holds what the database holds."""

import csv
import io
import json
import re
import tempfile
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Company, Product, ProductStatus
from showcase.services import listings
from tests.mailbox import portal_text

COLUMNS = ["Reference", "Name (Korean)", "Name (English)", "Company", "Registration number",
           "Category", "Designation type", "Designation number", "Valid from", "Valid until",
           "Classification code", "Price", "Currency", "Unit", "Booth", "Status",
           "Product page"]


def _catalog(app, public: bool) -> dict[str, Product]:
    """The products an export in this scope must hold, by reference (detached)."""
    with app.app_context():
        query = select(Product).options(selectinload(Product.texts),
                                        selectinload(Product.company),
                                        selectinload(Product.category))
        if public:
            query = query.where(Product.status == ProductStatus.PUBLISHED)
        products = list(db.session.scalars(query))
        db.session.expunge_all()
    return {product.ref: product for product in products}


def _name(product: Product, language: str) -> str:
    text = product.texts.get(language)
    return text.name if text else ""


def _contacts(app) -> list[str]:
    with app.app_context():
        rows = db.session.execute(select(Company.email, Company.phone)).all()
    return [value for row in rows for value in row if value]


def _csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def _xlsx_rows(response, code: str = "en") -> list[dict]:
    """The workbook's rows keyed by the English column names; its header row is in the
    language of the staff page (``code``)."""
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == [portal_text(code, column) for column in COLUMNS]
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


@pytest.fixture
def staff(demo_client, login_as):
    return login_as("staff")


def test_the_public_csv_holds_every_published_product_as_the_database_has_it(
        demo_app, demo_client, staff):
    catalog = _catalog(demo_app, public=True)
    assert len(catalog) >= 100
    response = demo_client.get("/en/staff/exports/catalog.csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv_rows(response)
    assert [row["Reference"] for row in rows] == sorted(catalog)
    for row in rows:
        product = catalog[row["Reference"]]
        assert row["Name (Korean)"] == _name(product, "ko")
        assert row["Name (English)"] == _name(product, "en")
        assert row["Company"] == product.company.names.get("en")
        assert row["Registration number"] == product.company.registration_number
        assert row["Category"] == product.category.names.get("en", product.category.code)
        assert row["Designation number"] == product.designation_number
        assert row["Valid until"] == (product.valid_until.isoformat()
                                      if product.valid_until else "")
        assert row["Classification code"] == product.classification_code
        assert (Decimal(row["Price"]) if row["Price"] else None) == product.price_amount
        assert row["Unit"] == product.price_unit
        assert row["Booth"] == product.booth
        assert row["Status"] == "published"
        assert row["Product page"] == f"http://localhost/en/products/{product.ref}"
    assert demo_client.get(rows[0]["Product page"].removeprefix("http://localhost")
                           ).status_code == 200


def test_the_xlsx_workbook_matches_the_catalog_with_numbers_and_dates_as_such(
        demo_app, demo_client, staff):
    catalog = _catalog(demo_app, public=True)
    rows = _xlsx_rows(demo_client.get("/ko/staff/exports/catalog.xlsx?scope=public"), "ko")
    assert [row["Reference"] for row in rows] == sorted(catalog)
    for row in rows:
        product = catalog[row["Reference"]]
        assert row["Name (Korean)"] == (_name(product, "ko") or None)
        assert row["Company"] == product.company.names.get("ko")  # the staff page's language
        assert row["Registration number"] == product.company.registration_number
        if product.valid_from:
            assert row["Valid from"].date() == product.valid_from
        if product.price_amount is not None:
            assert Decimal(str(row["Price"])) == product.price_amount
        assert row["Product page"] == f"http://localhost/ko/products/{product.ref}"


def test_the_public_exports_carry_no_email_address_or_phone_number(
        demo_app, demo_client, staff):
    contacts = _contacts(demo_app)
    assert contacts
    csv_text = demo_client.get("/en/staff/exports/catalog.csv").data.decode("utf-8-sig")
    xlsx_values = " ".join(str(value) for row in _xlsx_rows(
        demo_client.get("/en/staff/exports/catalog.xlsx")) for value in row.values())
    archive = zipfile.ZipFile(io.BytesIO(
        demo_client.get("/en/staff/exports/catalog-exchange.zip").data))
    records = [json.loads(line) for line in archive.read("catalog.jsonl").decode().splitlines()]
    for record in records:
        assert "email" not in record["company"] and "phone" not in record["company"]
    exchange_text = archive.read("catalog.jsonl").decode()
    for contact in contacts:
        assert contact not in csv_text
        assert contact not in xlsx_values
        assert contact not in exchange_text


def test_the_exchange_archive_holds_the_catalog_and_the_images_it_names(
        demo_app, demo_client, staff):
    catalog = _catalog(demo_app, public=True)
    response = demo_client.get("/en/staff/exports/catalog-exchange.zip?scope=public")
    assert response.mimetype == "application/zip"
    assert re.search(r'filename="?showcase-catalog-public-2026-12-01\.zip',
                     response.headers["Content-Disposition"])
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    records = [json.loads(line) for line in archive.read("catalog.jsonl").decode().splitlines()]
    assert [record["ref"] for record in records] == sorted(catalog)
    names = set(archive.namelist())
    for record in records:
        product = catalog[record["ref"]]
        assert record["texts"]["en"]["name"] == _name(product, "en")
        assert record["company"]["registration_number"] == \
            product.company.registration_number
        assert record["category"]["code"] == product.category.code
        for image in record["images"]:
            assert image in names
    assert any(record["images"] for record in records)
    assert not list(Path(tempfile.gettempdir()).glob("showcase-export-*"))  # nothing left over


def test_the_full_exports_add_drafts_even_without_a_category_and_the_contacts(
        demo_app, demo_client, staff):
    with demo_app.app_context(), unit_of_work.committed():
        company = db.session.scalar(select(Company).order_by(Company.id))
        draft = listings.create_draft(company, None)
        draft.set_text("en", name="Half-written draft")
        draft_ref = draft.ref
    public = _catalog(demo_app, public=True)
    full = _catalog(demo_app, public=False)
    assert draft_ref in full and len(full) > len(public)
    rows = _csv_rows(demo_client.get("/en/staff/exports/catalog.csv?scope=full"))
    assert [row["Reference"] for row in rows] == sorted(full)
    draft_row = next(row for row in rows if row["Reference"] == draft_ref)
    assert (draft_row["Status"], draft_row["Category"], draft_row["Product page"]) == \
        ("draft", "", "")
    assert draft_row["Name (English)"] == "Half-written draft"
    statuses = {row["Status"] for row in _xlsx_rows(
        demo_client.get("/en/staff/exports/catalog.xlsx?scope=full"))}
    assert {"published", "draft"} <= statuses
    archive = zipfile.ZipFile(io.BytesIO(
        demo_client.get("/en/staff/exports/catalog-exchange.zip?scope=full").data))
    records = {record["ref"]: record for record in map(
        json.loads, archive.read("catalog.jsonl").decode().splitlines())}
    assert set(records) == set(full)
    assert records[draft_ref]["category"] is None
    exchange_text = archive.read("catalog.jsonl").decode()
    assert any(contact in exchange_text for contact in _contacts(demo_app))


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(demo_app, demo_client, staff):
    with demo_app.app_context(), unit_of_work.committed():
        product = db.session.scalar(select(Product).where(
            Product.status == ProductStatus.PUBLISHED).order_by(Product.ref))
        product.set_text("ko", name='=HYPERLINK("http://evil.example","열기")')
        product.set_text("en", name="@SUM(A1:A2)")
        ref = product.ref
    row = next(row for row in _csv_rows(demo_client.get("/en/staff/exports/catalog.csv"))
               if row["Reference"] == ref)
    assert row["Name (Korean)"] == '\'=HYPERLINK("http://evil.example","열기")'
    assert row["Name (English)"] == "'@SUM(A1:A2)"
    response = demo_client.get("/en/staff/exports/catalog.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == ref)
    assert cells[1].value == '=HYPERLINK("http://evil.example","열기")'
    assert cells[1].data_type == "s"


def test_the_exports_page_offers_each_format_in_both_scopes(demo_app, demo_client, staff):
    page = demo_client.get("/en/staff/exports").get_data(as_text=True)
    published = len(_catalog(demo_app, public=True))
    everything = len(_catalog(demo_app, public=False))
    assert f"{published} published products" in page
    assert f"{everything} products in every status" in page
    for scope in ("public", "full"):
        for path in ("catalog.csv", "catalog.xlsx", "catalog-exchange.zip"):
            assert f'href="/en/staff/exports/{path}?scope={scope}"' in page
    assert demo_client.get("/en/staff/exports/catalog.csv?scope=secret").status_code == 404


def test_company_members_get_404_and_visitors_are_sent_to_sign_in(demo_app, demo_client,
                                                                   login_as):
    login_as("company")
    visitor = demo_app.test_client()
    for path in ("/en/staff/exports", "/en/staff/exports/catalog.csv",
                 "/en/staff/exports/catalog.xlsx?scope=full",
                 "/en/staff/exports/catalog-exchange.zip?scope=full"):
        assert demo_client.get(path).status_code == 404
        response = visitor.get(path)
        assert response.status_code == 302 and "/en/account/sign-in" in response.location


def test_valid_dates_survive_the_round_trip_through_the_csv(demo_app, demo_client, staff):
    catalog = _catalog(demo_app, public=True)
    for row in _csv_rows(demo_client.get("/en/staff/exports/catalog.csv")):
        product = catalog[row["Reference"]]
        assert (date.fromisoformat(row["Valid from"]) if row["Valid from"] else None) == \
            product.valid_from
