"""Importing the official designation list: a preview of what a file would change, then
applying it.

PPS's list vouches for its companies and products, so applying it creates the companies it
names (approved) and their products (as drafts for the companies to complete) and keeps the
designation of every product it finds by designation number up to date: validity dates, type
and classification code, also on a live listing, audited as ``designations.update``. A row
that breaks a rule is reported with its row number and field and skipped; applying the same
file twice changes nothing the second time. Companies are matched by registration number and
products by designation number, both loaded in one query per few hundred rows. Reading the
file is :mod:`~showcase.services.designation_files`' part, checking each row on its own
:mod:`~showcase.services.designation_rows`'.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from showcase.extensions import db
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import (
    OPEN_REVISION_STATES,
    Company,
    CompanyState,
    Product,
    ProductRevision,
    ProductStatus,
    Setting,
)
from showcase.models.base import utcnow
from showcase.services import audit
from showcase.services.designation_files import (
    FIELDS,
    IGNORE,
    DesignationFileError,
    Table,
    normalise_header,
    read_table,
    recognise,
)
from showcase.services.designation_rows import Action, PlannedRow, mark_duplicates, read_row

BATCH_SIZE = 500
MAPPING_KEY = "designations.mapping"
# Without these columns no row can be checked.
REQUIRED_COLUMNS = ("name", "company", "registration_number", "designation_number")
# What a re-import keeps up to date on a product it finds.
UPDATED_FIELDS = ("valid_from", "valid_until", "designation_type", "classification_code")
FIELD_LABELS = {
    "name": _lp("Product name"),
    "company": _lp("Company name"),
    "registration_number": _lp("Business registration number"),
    "designation_number": _lp("Designation number"),
    "valid_from": _lp("Designated on"),
    "valid_until": _lp("Valid until"),
    "classification_code": _lp("Classification code"),
    "designation_type": _lp("Designation type"),
}


@dataclass
class Preview:
    """What a file holds and what applying it would change."""

    headers: list[str]
    header_row: int
    columns: dict[str, int]
    unknown_headers: list[str]
    mapping: dict[str, str]  # the caller's mapping (normalised header -> field)
    missing_columns: list[str]
    rows: list[PlannedRow]

    def count(self, action: Action) -> int:
        """How many rows would be handled with ``action``."""
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new_companies(self) -> int:
        """Companies that applying would create."""
        return sum(1 for row in self.rows if row.new_company)

    @property
    def applicable(self) -> bool:
        """True when applying would change something."""
        return any(row.action in (Action.CREATE, Action.UPDATE) for row in self.rows)

    @property
    def rejected(self) -> list[PlannedRow]:
        """The rows that would be skipped, with their problems."""
        return [row for row in self.rows if row.action == Action.REJECTED]


@dataclass
class ApplyReport:
    """What applying a file did, as JSON-ready data (dates as ISO text)."""

    created_companies: list[dict] = field(default_factory=list)
    created_products: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)

    @property
    def applied(self) -> int:
        """Rows that created or updated a product."""
        return len(self.created_products) + len(self.updated)

    def to_dict(self) -> dict:
        """The report as plain data (to keep it as JSON)."""
        return {"created_companies": self.created_companies,
                "created_products": self.created_products, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected}

    @classmethod
    def from_dict(cls, data: dict) -> "ApplyReport":
        """A report kept with :meth:`to_dict`."""
        return cls(**data)


def remembered_mapping() -> dict[str, str]:
    """The header mapping staff gave for earlier files (normalised header -> field)."""
    setting = db.session.get(Setting, MAPPING_KEY)
    return dict(setting.value) if setting is not None else {}


def remember_mapping(mapping: dict[str, str], actor=None) -> dict[str, str]:
    """Add ``mapping`` (header -> field, or ``""`` to leave a column out) to the remembered
    one and audit the change; returns the whole remembered mapping."""
    given = check_mapping(mapping)
    setting = db.session.get(Setting, MAPPING_KEY)
    before = dict(setting.value or {}) if setting is not None else {}
    merged = {**before, **given}
    if merged != before:
        if setting is None:
            setting = Setting(key=MAPPING_KEY)
            db.session.add(setting)
        setting.value = merged
        audit.record("designations.mapping", _SettingSubject(), actor,
                     before={key: before.get(key) for key in given},
                     after=given, key=MAPPING_KEY)
    return merged


def check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    """``mapping`` with normalised headers; raises DesignationFileError for a field that
    does not exist."""
    checked = {}
    for header, wanted in (mapping or {}).items():
        wanted = (wanted or "").strip()
        if wanted not in FIELDS and wanted != IGNORE:
            raise DesignationFileError(_p(
                "%(field)s is not a field of the designation list. Use one of: %(fields)s.",
                field=wanted, fields=", ".join(FIELDS)))
        if normalise_header(header):
            checked[normalise_header(header)] = wanted
    return checked


def preview(source: Path | str | Table, mapping: dict[str, str] | None = None) -> Preview:
    """Read the file at ``source`` (or a table already read) and tell, row by row, what
    applying it would do. ``mapping`` (header -> field) adds to the remembered mapping for
    headers not recognised. Raises DesignationFileError for a file that cannot be read."""
    table = source if isinstance(source, Table) else read_table(Path(source))
    given = check_mapping(mapping or {})
    columns, unknown = recognise(table.headers, {**remembered_mapping(), **given})
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    rows = [] if missing else [read_row(number, cells, columns)
                               for number, cells in table.rows]
    mark_duplicates(rows)
    _plan(rows)
    return Preview(table.headers, table.header_row, columns, unknown, given, missing, rows)


def apply(plan: Preview, actor=None, batch_size: int = BATCH_SIZE) -> ApplyReport:
    """Create and update what ``plan`` lists, checked again against the database as it is
    now; rejected rows are skipped. Remembers the caller's header mapping. Flushes once per
    ``batch_size`` rows; the caller's unit of work commits."""
    report = ApplyReport()
    if plan.missing_columns:
        return report
    if plan.mapping:
        remember_mapping(plan.mapping, actor)
    companies, products = _plan(plan.rows)
    for start in range(0, len(plan.rows), batch_size):
        _apply_batch(plan.rows[start:start + batch_size], companies, products, actor, report)
    return report


# Deciding what each row does.

def _plan(rows: list[PlannedRow]) -> tuple[dict[str, Company], dict[str, Product]]:
    """Decide each row's action against the database; returns the companies (by
    registration number) and products (by designation number) it found."""
    for row in rows:
        row.problems = list(row.read_problems)
    good = [row for row in rows if not row.problems]
    companies = _companies_by_number({row.values["registration_number"] for row in good})
    products = _products_by_designation({row.values["designation_number"] for row in good})
    created_companies: set[str] = set()
    for row in rows:
        row.action, row.new_company, row.changes, row.ref = Action.REJECTED, False, {}, ""
        if row.problems:
            continue
        company = companies.get(row.values["registration_number"])
        product = products.get(row.values["designation_number"])
        if product is not None:
            _plan_update(row, product, company)
        else:
            _plan_creation(row, company, created_companies)
        if row.problems:
            row.action, row.new_company, row.changes = Action.REJECTED, False, {}
    return companies, products


def _plan_update(row: PlannedRow, product: Product, company: Company | None) -> None:
    if company is None or product.company_id != company.id:
        row.problems.append(("registration_number", _p(
            "Designation number %(number)s belongs to a product of another company "
            "(%(ref)s).", number=row.values["designation_number"], ref=product.ref)))
        return
    row.ref = product.ref
    row.changes = _changes(product, row.values)
    row.action = Action.UPDATE if row.changes else Action.UNCHANGED


def _plan_creation(row: PlannedRow, company: Company | None, created: set[str]) -> None:
    if not row.values["name"]:
        row.problems.append(("name", _lp("A new product needs its name.")))
    number = row.values["registration_number"]
    if company is None and number not in created:
        if not row.values["company"]:
            row.problems.append(("company", _lp("A new company needs its name.")))
        elif not row.problems:
            row.new_company = True
            created.add(number)
    row.action = Action.CREATE


def _changes(product: Product, values: dict) -> dict[str, tuple]:
    """The designation fields the row gives and the product holds differently; an empty
    cell changes nothing."""
    return {name: (getattr(product, name) or None, values[name]) for name in UPDATED_FIELDS
            if values[name] not in (None, "") and getattr(product, name) != values[name]}


def _companies_by_number(numbers: set[str]) -> dict[str, Company]:
    found = {}
    for chunk in _chunks(sorted(numbers)):
        for company in db.session.scalars(
                select(Company).where(Company.registration_number.in_(chunk))):
            found[company.registration_number] = company
    return found


def _products_by_designation(numbers: set[str]) -> dict[str, Product]:
    """The product holding each designation number; of two, the older one."""
    found: dict[str, Product] = {}
    for chunk in _chunks(sorted(numbers)):
        for product in db.session.scalars(select(Product).where(
                Product.designation_number.in_(chunk)).order_by(Product.id)):
            found.setdefault(product.designation_number, product)
    return found


def _chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start:start + size]


# Applying.

def _apply_batch(rows: list[PlannedRow], companies: dict[str, Company],
                 products: dict[str, Product], actor, report: ApplyReport) -> None:
    """Create and update the rows of one batch, flush once, then audit each change."""
    created_companies, created_products, updated = [], [], []
    refs = iter(_new_refs(sum(1 for row in rows if row.action == Action.CREATE)))
    for row in rows:
        if row.action == Action.REJECTED:
            report.rejected.append({"row": row.number, "problems": [
                [name, str(message)] for name, message in row.problems]})
        elif row.action == Action.UNCHANGED:
            report.unchanged += 1
        elif row.action == Action.CREATE:
            number = row.values["registration_number"]
            if number not in companies:
                companies[number] = _new_company(row)
                created_companies.append(companies[number])
            product = _new_product(row, companies[number], next(refs))
            created_products.append((row, product))
        else:
            updated.append((row, products[row.values["designation_number"]]))
    _update_products(updated)
    db.session.flush()
    for company in created_companies:
        audit.record("designations.create_company", company, actor,
                     after={"registration_number": company.registration_number,
                            "names": company.names, "state": company.state.value})
        report.created_companies.append({"registration_number": company.registration_number,
                                         "name": company.names.get("ko", "")})
    for row, product in created_products:
        after = {"ref": product.ref, **_plain(row.values, ("designation_number",
                                                            *UPDATED_FIELDS))}
        audit.record("designations.create_product", product, actor, after=after,
                     row=row.number)
        report.created_products.append({"row": row.number, "name": row.values["name"],
                                        **after})
    for row, product in updated:
        before = {name: _iso(old) for name, (old, _new) in row.changes.items()}
        after = {name: _iso(new) for name, (_old, new) in row.changes.items()}
        audit.record("designations.update", product, actor, before=before, after=after,
                     designation_number=product.designation_number, row=row.number)
        report.updated.append({"row": row.number, "ref": product.ref,
                               "designation_number": product.designation_number,
                               "changes": {name: [before[name], after[name]]
                                           for name in row.changes}})


def _new_company(row: PlannedRow) -> Company:
    """A company PPS's list names: approved, as the list vouches for it."""
    company = Company(registration_number=row.values["registration_number"],
                      names={"ko": row.values["company"]}, state=CompanyState.APPROVED,
                      reviewed_at=utcnow())
    db.session.add(company)
    return company


def _new_product(row: PlannedRow, company: Company, ref: str) -> Product:
    """A draft listing with the designation and the Korean name, for the company to
    complete."""
    values = row.values
    product = Product(ref=ref, company=company, status=ProductStatus.DRAFT,
                      designation_type=values["designation_type"] or "",
                      designation_number=values["designation_number"],
                      valid_from=values["valid_from"], valid_until=values["valid_until"],
                      classification_code=values["classification_code"] or "")
    product.set_text("ko", name=values["name"])
    db.session.add(product)
    return product


def _update_products(updated: list[tuple[PlannedRow, Product]]) -> None:
    """Write the new designation values into each product (whatever its status: they come
    from PPS itself) and into its open revision, whose approval would otherwise bring the
    old ones back; forms drawn before are outdated."""
    revisions = _open_revisions([product.id for _row, product in updated])
    for row, product in updated:
        for name, (_old, new) in row.changes.items():
            setattr(product, name, new)
        product.edit_version = (product.edit_version or 1) + 1
        for revision in revisions.get(product.id, []):
            revision.payload = _revised_payload(revision.payload, product)


def _open_revisions(product_ids: list[int]) -> dict[int, list[ProductRevision]]:
    found: dict[int, list[ProductRevision]] = {}
    for chunk in _chunks(product_ids):
        for revision in db.session.scalars(select(ProductRevision).where(
                ProductRevision.product_id.in_(chunk),
                ProductRevision.state.in_(OPEN_REVISION_STATES))):
            found.setdefault(revision.product_id, []).append(revision)
    return found


def _revised_payload(payload: dict, product: Product) -> dict:
    designation = {**payload.get("designation", {}),
                   "type": product.designation_type or "",
                   "valid_from": _iso(product.valid_from),
                   "valid_until": _iso(product.valid_until)}
    return {**payload, "designation": designation,
            "classification_code": product.classification_code or ""}


def _new_refs(count: int) -> list[str]:
    """``count`` references no listing has, in the form listings get (``SC-1A2B3C4D``),
    checked in one query per round."""
    refs: set[str] = set()
    while len(refs) < count:
        candidates = {f"SC-{secrets.token_hex(4).upper()}" for _ in range(count - len(refs))}
        taken = set(db.session.scalars(select(Product.ref).where(Product.ref.in_(candidates))))
        refs |= candidates - taken
    return sorted(refs)


def _plain(values: dict, names: tuple[str, ...]) -> dict:
    return {name: _iso(values[name]) for name in names}


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


class _SettingSubject:
    """A setting as the subject of an audit event (settings are keyed by name, not id)."""

    __tablename__ = "setting"
    id = None
