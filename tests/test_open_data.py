"""Visitors download the public catalog as CSV, XLSX and JSON Lines; each file, opened again,
holds exactly the public catalog in the visitor's language, and nothing private. Downloads
are built once per catalog version and answered with 304 while the catalog is unchanged."""

import csv
import io
import json
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Company, Product, ProductStatus
from showcase.opendata import files
from showcase.queries.catalog import publicly_visible
from showcase.services.accounts import create_user
from tests import databases, factories
from tests.conftest import copy_data_dir, make_app

COLUMNS = ["Reference", "Product name", "Summary", "Language of the texts", "Company", "Category",
           "Category code", "Designation type", "Designation number", "Valid from",
           "Valid until", "Classification code", "Price", "Currency", "Unit", "Booth",
           "Product page"]
PERSON_EMAIL = "jiwoo.private-person@example.test"
COMPANY_EMAIL = "sales-desk@hidden-company.example"
COMPANY_PHONE = "+82-2-5550-1234"


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory):
    """The demo catalog plus a draft, a withdrawn product, a listing hidden once expired, a
    product whose name a spreadsheet would run as a formula, and a company member whose
    e-mail must never leave the site."""
    data_dir = tmp_path_factory.mktemp("open-data") / "data"
    copy_data_dir(demo_template, data_dir)
    app = make_app(data_dir)
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company(names={"en": "Hidden Contacts Ltd", "ko": "숨은연락처"})
        company.email, company.phone = COMPANY_EMAIL, COMPANY_PHONE
        factories.add_product(company, ProductStatus.DRAFT, ref="OD-DRAFT")
        factories.add_product(company, ProductStatus.WITHDRAWN, ref="OD-WITHDRAWN")
        hidden = factories.add_product(company, ProductStatus.PUBLISHED, ref="OD-HIDDEN",
                                       visible_when_expired=False)
        hidden.valid_until = date(2025, 1, 1)
        factories.add_product(company, ProductStatus.PUBLISHED, ref="OD-FORMULA",
                              texts={"en": "=HYPERLINK(\"http://evil.example\")",
                                     "ko": "=1+2 수식"})
        create_user(PERSON_EMAIL, "company", "a long enough password", company.registration_number)
    yield app
    databases.drop(app)


@pytest.fixture(scope="module")
def client(site):
    return site.test_client()


def _public_catalog(app) -> dict[str, Product]:
    with app.app_context():
        products = db.session.scalars(select(Product).where(publicly_visible()).options(
            selectinload(Product.texts), selectinload(Product.category),
            selectinload(Product.company))).all()
        db.session.expunge_all()
    return {product.ref: product for product in products}


def _csv(response) -> list[dict]:
    """The rows of a CSV download, keyed by the English column names (the file's own header
    is in the visitor's language)."""
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(header) == len(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def test_csv_holds_every_public_product_once_in_the_visitors_language(site, client):
    catalog = _public_catalog(site)
    rows = _csv(client.get("/ko/open-data/catalog.csv"))
    refs = [row["Reference"] for row in rows]
    assert sorted(refs) == sorted(catalog) and len(refs) == len(set(refs))
    assert not {"OD-DRAFT", "OD-WITHDRAWN", "OD-HIDDEN"} & set(refs)
    for row in rows:
        product = catalog[row["Reference"]]
        wanted = product.texts.get("ko") or product.texts.get("en")
        assert row["Product name"].lstrip("'") == wanted.name
        assert row["Language of the texts"] == wanted.language
        assert row["Category"] == product.category.name_in(["ko", "en"])[0]
        assert row["Designation number"] == product.designation_number
        assert row["Valid until"] == (product.valid_until.isoformat()
                                      if product.valid_until else "")
        assert row["Classification code"] == product.classification_code
        assert row["Booth"] == product.booth
        assert row["Product page"] == f"http://localhost/ko/products/{product.ref}"


def test_csv_neutralises_cells_a_spreadsheet_would_run(client):
    response = client.get("/en/open-data/catalog.csv")
    header = next(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert header == COLUMNS
    rows = {row["Reference"]: row for row in _csv(client.get("/en/open-data/catalog.csv"))}
    assert rows["OD-FORMULA"]["Product name"] == "'=HYPERLINK(\"http://evil.example\")"


def test_xlsx_holds_the_same_table_with_dates_and_text_cells(site, client):
    response = client.get("/th/open-data/catalog.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    _header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    records = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows}
    catalog = _public_catalog(site)
    assert sorted(records) == sorted(catalog) and len(rows) == len(catalog)
    for ref, record in records.items():
        product = catalog[ref]
        assert record["Designation number"] == product.designation_number
        if product.valid_from:
            assert record["Valid from"].date() == product.valid_from
        assert record["Product page"] == f"http://localhost/th/products/{ref}"
    # Stored as a text cell, so never evaluated as a formula.
    formula_row = next(row for row in sheet.iter_rows() if row[0].value == "OD-FORMULA")
    assert formula_row[1].value.startswith("=HYPERLINK") and formula_row[1].data_type == "s"


def test_exchange_lines_hold_the_public_records_with_image_urls(site, client):
    response = client.get("/open-data/catalog.jsonl")
    assert response.status_code == 200
    records = [json.loads(line) for line in response.data.decode("utf-8").splitlines()]
    catalog = _public_catalog(site)
    assert sorted(record["ref"] for record in records) == sorted(catalog)
    for record in records:
        assert record["status"] == "published"
        assert "email" not in record["company"] and "phone" not in record["company"]
        assert all(url.startswith("http://localhost/media/images/") for url in record["images"])
    with_images = next(record for record in records if record["images"])
    assert client.get(with_images["images"][0]).status_code == 200


@pytest.mark.parametrize("url", ["/en/open-data/catalog.csv", "/ko/open-data/catalog.xlsx",
                                 "/open-data/catalog.jsonl"])
def test_no_download_holds_anything_private(client, url):
    body = client.get(url).data
    if url.endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        body = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True)
                         for cell in row).encode()
    for private in (PERSON_EMAIL, COMPANY_EMAIL, COMPANY_PHONE, b"OD-DRAFT", b"OD-WITHDRAWN",
                    b"OD-HIDDEN"):
        assert (private if isinstance(private, bytes) else private.encode()) not in body


def test_a_download_is_built_once_and_answered_304_until_the_catalog_changes(site, client):
    first = client.get("/en/open-data/catalog.csv")
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"] and first.headers["Last-Modified"]
    again = client.get("/en/open-data/catalog.csv", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    folder = Path(site.config["DATA_DIR"]) / "open-data"
    assert len(list(folder.glob("catalog-en.*.csv"))) == 1

    with site.app_context(), unit_of_work.committed():
        company = db.session.scalar(select(Company).where(Company.email == COMPANY_EMAIL))
        factories.add_product(company, ProductStatus.PUBLISHED, ref="OD-NEW")
    changed = client.get("/en/open-data/catalog.csv", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "OD-NEW" in [row["Reference"] for row in _csv(changed)]
    assert len(list(folder.glob("catalog-en.*.csv"))) == 1  # the older version is gone


def test_two_requests_for_a_file_not_built_yet_build_it_once(site):
    built, answers = [], []
    both_asking = threading.Barrier(2)

    def write(out):
        built.append(threading.get_ident())
        time.sleep(0.3)  # a large catalog's file takes a while: the other request comes in
        out.write(b"the file")

    def ask():
        with site.app_context():
            both_asking.wait()
            with files.cached_file("both-asking", "txt", "v1", write) as found:
                answers.append(found.read())

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert answers == [b"the file", b"the file"]


def test_the_open_data_page_links_downloads_api_and_feed_and_the_footer_links_it(client):
    page = client.get("/ja/open-data").get_data(as_text=True)
    for href in ("/ja/open-data/catalog.csv", "/ja/open-data/catalog.xlsx",
                 "/open-data/catalog.jsonl", "/api/v1/openapi.json", "/ja/api", "/ja/feed.atom"):
        assert f'href="{href}"' in page
    home = client.get("/ja/").get_data(as_text=True)
    assert 'href="/ja/open-data"' in home and 'href="/ja/guide/"' in home
