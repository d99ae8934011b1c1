"""Importing the catalog from the exchange format, one product per line, in batches.

``ref`` is the stable key, companies are matched by registration number and categories by
code, so importing the same file twice changes nothing the second time.

The file is read as bytes, line by line, and each line decoded and checked on its own: a bad
line (not UTF-8, too long, not JSON, nested too deeply, breaking a field rule) is reported
with its number and the import goes on. Good lines are saved in batches: each line inside a
SAVEPOINT, so a line that fails loses nothing of the others; after each batch ``on_batch`` is
called (the command line commits there) and the session is cleared to bound memory. The
service itself flushes and never commits.
"""

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import selectinload

from showcase import media
from showcase.extensions import db
from showcase.models import (
    Category,
    Company,
    CompanyState,
    LifecycleError,
    Product,
    ProductImage,
    ProductStatus,
)
from showcase.models.product import ALLOWED_TRANSITIONS
from showcase.rules import RuleViolation
from showcase.services import audit
from showcase.services.exchange import read_lines

log = logging.getLogger(__name__)
BATCH_SIZE = 500
# Rebuilding the index beats applying the outbox once an import changed this share of it.
REBUILD_SHARE = 0.5
REBUILD_FROM = 1000
WRITE_LOCK_WAIT = 300  # seconds an import waits for another one's batch on SQLite


@dataclass
class LineError:
    """A rejected line: its number, the field and what is wrong."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    """What an import did: counts of products created and updated, and the rejected lines."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every line was good."""
        return not self.errors

    def reject(self, line: int, field_name: str, message) -> None:
        self.errors.append(LineError(line, field_name, str(message)))


def import_catalog(path: Path, dry_run: bool = False, actor=None, batch_size: int = BATCH_SIZE,
                   on_batch: Callable[[], None] | None = None,
                   progress: Callable[[int], None] | None = None) -> ImportReport:
    """Check every line of ``path`` and, unless ``dry_run``, save each good product.

    ``on_batch()`` runs after each batch of ``batch_size`` products is flushed (a command
    commits there); ``progress(lines done)`` after each line. Never raises for bad input:
    every problem becomes a line of the report.
    """
    report = ImportReport()
    base_dir = path.parent
    batch: list[tuple[int, dict]] = []
    for number, record in _records(path, report):
        if dry_run:
            _check_images(number, record, base_dir, report)
            if progress:
                progress(number)
        elif record is not None:
            batch.append((number, record))
        if len(batch) >= batch_size:
            _save_batch(batch, base_dir, actor, report, progress)
            _end_batch(on_batch)
            batch = []
    if batch:
        _save_batch(batch, base_dir, actor, report, progress)
        _end_batch(on_batch)
    if progress:
        progress(report.lines)
    return report


def worth_rebuilding(report: ImportReport) -> bool:
    """Whether the import changed so much of the catalog that rebuilding the search index is
    quicker than applying its outbox rows one product at a time."""
    changed = report.created + report.updated
    total = db.session.scalar(select(func.count()).select_from(Product)) or 0
    return changed >= REBUILD_FROM and changed > REBUILD_SHARE * total


def _records(path: Path, report: ImportReport) -> Iterator[tuple[int, dict | None]]:
    """``(number, clean record)`` of each non-blank line; ``None`` for a rejected one, whose
    problems go to the report."""
    for line in read_lines(path):
        report.lines = line.number
        for problem in line.problems:
            report.reject(line.number, problem.field, problem.message)
        yield line.number, line.record


def _check_images(number: int, record: dict | None, base_dir: Path, report) -> None:
    """For a dry run: read and decode each image of ``record``; store nothing."""
    if record is None:
        return
    try:
        _prepared_images(record["images"], base_dir)
    except _ImageProblem as problem:
        report.reject(number, problem.field, problem.reason)


class _ImageProblem(Exception):
    def __init__(self, field_name: str, reason):
        super().__init__(str(reason))
        self.field = field_name
        self.reason = reason


def _prepared_images(relative_paths: list[str], base_dir: Path) -> list:
    prepared = []
    for position, relative in enumerate(relative_paths):
        try:
            prepared.append(media.prepare_image(media.read_image_file(base_dir, relative)))
        except media.ImageRejected as error:
            raise _ImageProblem(f"images.{position}", error.reason) from error
    return prepared


class _Batch:
    """Companies, categories and products of one batch by key, each kind read in one query;
    a key forgotten after a rolled-back line is read again on its own."""

    def __init__(self, records: list[dict]):
        self.products = _by(Product.ref, {r["ref"] for r in records})
        self.companies = _by(Company.registration_number,
                             {r["company"]["registration_number"] for r in records})
        self.categories = _by(Category.code, {r["category"]["code"] for r in records})

    def product(self, ref: str) -> Product | None:
        return self._get(self.products, Product.ref, ref)

    def company(self, number: str) -> Company | None:
        return self._get(self.companies, Company.registration_number, number)

    def category(self, code: str) -> Category | None:
        return self._get(self.categories, Category.code, code)

    @staticmethod
    def _get(found: dict, column, key: str):
        if key not in found:
            found.update(_by(column, {key}))
        return found.get(key)

    def forget(self, record: dict) -> None:
        """Drop what a rolled-back line may have created or changed."""
        self.products.pop(record["ref"], None)
        self.companies.pop(record["company"]["registration_number"], None)
        self.categories.pop(record["category"]["code"], None)


def _by(column, keys: set[str]) -> dict:
    """The rows whose ``column`` is one of ``keys``, by key; None for a key not found."""
    query = select(column.class_).where(column.in_(sorted(keys)))
    if column.class_ is Product:
        query = query.options(selectinload(Product.texts), selectinload(Product.images))
    found = dict.fromkeys(keys)
    found.update({getattr(row, column.key): row for row in db.session.scalars(query)})
    return found


def _save_batch(batch: list[tuple[int, dict]], base_dir: Path, actor, report: ImportReport,
                progress) -> None:
    _begin_writing()
    known = _Batch([record for _, record in batch])
    for number, record in batch:
        _save_line(number, record, known, base_dir, actor, report)
        if progress:
            progress(number)


def _save_line(number: int, record: dict, known: _Batch, base_dir: Path, actor,
               report: ImportReport) -> None:
    try:
        images = _prepared_images(record["images"], base_dir)
    except _ImageProblem as problem:
        report.reject(number, problem.field, problem.reason)
        return
    # A second try reads again what a concurrent import committed in the meantime.
    for attempt in (1, 2):
        try:
            with db.session.begin_nested():
                outcome = _save_product(record, images, known, actor)
        except IntegrityError:
            known.forget(record)
            if attempt == 2:
                report.reject(number, "line", _l("conflicts with a concurrent change"))
            continue
        except (ValueError, SQLAlchemyError) as error:
            known.forget(record)
            _reject_saving(number, error, report)
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
        break


def _reject_saving(number: int, error: Exception, report: ImportReport) -> None:
    if isinstance(error, LifecycleError):
        report.reject(number, "status", error)
    elif isinstance(error, RuleViolation):
        report.reject(number, error.field, error.message)
    else:
        log.exception("line %s of an import could not be saved", number)
        report.reject(number, "line", error)


def _save_product(record: dict, images: list, known: _Batch, actor) -> str:
    """Create or update the product of ``record``; return created, updated or unchanged."""
    # No autoflush: pending changes must stay visible to the "anything changed?" check.
    with db.session.no_autoflush:
        company = _company(record["company"], known)
        category = _category(record["category"], known)
        product = known.product(record["ref"])
        if product is None:
            product = Product(ref=record["ref"], status=ProductStatus.DRAFT)
            db.session.add(product)
            known.products[product.ref] = product
            _apply(product, record, company, category, images)
            _walk_to(product, ProductStatus(record["status"]))
            audit.record("product.import.created", product, actor, ref=product.ref,
                         after=_key_fields(product))
            return "created"
        if product.status != record["status"]:
            product.change_status(ProductStatus(record["status"]))
        _apply(product, record, company, category, images)
        if not _has_changes():
            return "unchanged"
        before, after = _changes(product)
    audit.record("product.import.updated", product, actor, ref=product.ref,
                 before=before, after=after)
    return "updated"


def _begin_writing() -> None:
    """Open the batch's transaction for writing. On SQLite, BEGIN IMMEDIATE takes the write
    lock before the batch reads, so two imports at once take turns instead of failing on a
    lock they could not upgrade; and SAVEPOINTs then nest inside a real transaction."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite" or connection.connection.dbapi_connection \
            .in_transaction:
        return
    deadline = time.monotonic() + WRITE_LOCK_WAIT
    while True:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # another import holds the lock for the rest of its batch


def _end_batch(on_batch) -> None:
    if on_batch is not None:
        on_batch()
    db.session.expunge_all()  # the next batch reads its own rows; memory stays bounded


def _walk_to(product: Product, wanted: ProductStatus) -> None:
    """Move a new product along the lifecycle's shortest path to ``wanted``, so that each
    step sets what the model sets (``published_at``)."""
    paths = {ProductStatus.DRAFT: []}
    queue = [ProductStatus.DRAFT]
    while queue and wanted not in paths:
        current = queue.pop(0)
        for following in sorted(ALLOWED_TRANSITIONS[current]):
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    for step in paths[wanted]:
        product.change_status(step)


def _key_fields(product: Product) -> dict:
    return {"ref": product.ref, "status": product.status.value,
            "company": product.company.registration_number, "category": product.category.code,
            "languages": product.languages}


def _has_changes() -> bool:
    return any(db.session.is_modified(obj) for obj in db.session.dirty) or bool(
        db.session.new or db.session.deleted
    )


def _changes(product: Product) -> tuple[dict, dict]:
    """Changed columns of the product and of its texts (``texts.en.name``)."""
    before, after = audit.changes(product)
    for language, text in product.texts.items():
        text_before, text_after = audit.changes(text)
        for name in text_after:
            if name not in ("id", "product_id", "language"):
                before[f"texts.{language}.{name}"] = text_before.get(name)
                after[f"texts.{language}.{name}"] = text_after[name]
    return before, after


def _company(data: dict, known: _Batch) -> Company:
    number = data["registration_number"]
    company = known.company(number)
    if company is None:
        company = Company(registration_number=number, state=CompanyState.APPROVED)
        db.session.add(company)
        known.companies[number] = company
    company.names = data["name"]
    company.website = data["website"]
    company.email = data["email"]
    company.phone = data["phone"]
    return company


def _category(data: dict, known: _Batch) -> Category:
    category = known.category(data["code"])
    if category is None:
        category = Category(code=data["code"])
        db.session.add(category)
        known.categories[category.code] = category
    if data["name"]:
        category.names = data["name"]
    return category


def _apply(product: Product, record: dict, company: Company, category: Category,
           images: list) -> None:
    designation = record["designation"]
    price = record["price"]
    product.company = company
    product.category = category
    product.designation_type = designation["type"]
    product.designation_number = designation["number"]
    product.valid_from = designation["valid_from"]
    product.valid_until = designation["valid_until"]
    product.classification_code = record["classification_code"]
    product.certifications = record["certifications"]
    product.price_amount = price.get("amount")
    product.price_currency = price.get("currency") or "KRW"
    product.price_unit = price.get("unit", "")
    product.booth = record["booth"]
    product.featured = record["featured"]
    for language in list(product.texts):
        if language not in record["texts"]:
            del product.texts[language]
    for language, text in record["texts"].items():
        product.set_text(language, keywords=record["keywords"].get(language, []), **text)
    _apply_images(product, images)


def _apply_images(product: Product, images: list) -> None:
    """Store and attach ``images`` unless the product already shows the same pictures.

    Stored images get random keys, so a picture imported again cannot be recognised by its
    key: the same number of images with the same sizes, in order, counts as unchanged.
    """
    if [(i.width, i.height) for i in product.images] == [(i.width, i.height) for i in images]:
        return
    product.images.clear()
    for position, prepared in enumerate(images):
        stored = media.store_image(prepared)
        product.images.append(ProductImage(
            position=position, key=stored.key, width=stored.width, height=stored.height,
        ))
