"""Tables for spreadsheets: the catalog for staff, and CSV and XLSX files built from rows.

Cells that a spreadsheet program would run as a formula (text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) are neutralised: in CSV they get a leading
apostrophe, in XLSX they are stored as text cells, which are never evaluated.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase.extensions import db
from showcase.i18n import content_chain
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Product, ProductStatus
from showcase.queries.links import product_url
from showcase.templating import designation_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CATALOG_COLUMNS = (
    _lp("Reference"), _lp("Name (Korean)"), _lp("Name (English)"), _lp("Company"),
    _lp("Registration number"), _lp("Category"), _lp("Designation type"),
    _lp("Designation number"), _lp("Valid from"), _lp("Valid until"),
    _lp("Classification code"), _lp("Price"), _lp("Currency"), _lp("Unit"), _lp("Booth"),
    _lp("Status"), _lp("Product page"),
)
PRODUCTS_PER_READ = 500


def neutralised(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def catalog_rows(public: bool = True) -> Iterable[list]:
    """One row per product, by reference, in the order of :data:`CATALOG_COLUMNS`: published
    products only when ``public``, else every product whatever its status. Names are in the
    current interface language where they exist."""
    query = select(Product).options(
        selectinload(Product.texts), selectinload(Product.company),
        selectinload(Product.category),
    ).order_by(Product.ref).execution_options(yield_per=PRODUCTS_PER_READ)
    if public:
        query = query.where(Product.status == ProductStatus.PUBLISHED)
    languages = content_chain()
    for product in db.session.scalars(query):
        yield _catalog_row(product, languages)


def _catalog_row(product: Product, languages: list[str]) -> list:
    def name(language: str) -> str:
        text = product.texts.get(language)
        return text.name if text else ""

    return [
        product.ref, name("ko"), name("en"), product.company.name_in(languages)[0],
        product.company.registration_number,
        product.category.name_in(languages)[0] if product.category else "",
        designation_label(product.designation_type) if product.designation_type else "",
        product.designation_number, product.valid_from, product.valid_until,
        product.classification_code, product.price_amount,
        product.price_currency if product.price_amount is not None else "",
        product.price_unit, product.booth, product.status.value,
        product_url(product.ref, external=True) if product.is_published else "",
    ]


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A CSV file in UTF-8 with a byte-order mark (so Excel reads Korean right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, bool | int | float):
        return str(value)
    return neutralised(str(value))


def xlsx_bytes(title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """An XLSX workbook of one sheet named ``title``: a bold header row, then ``rows``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, str(column), font=bold) for column in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value, font: Font | None = None):
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if font is None and not value.startswith("=") and value not in ERROR_CODES:
        # openpyxl stores any other text as a text cell; a cell object for each one made a
        # 10,000-product workbook take 40% longer.
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # text, even when it starts with "=": never run as a formula
    if font is not None:
        cell.font = font
    return cell
