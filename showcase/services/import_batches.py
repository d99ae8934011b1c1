"""Saving one batch of checked import records, for the importer.

A batch is first saved all at once inside one SAVEPOINT: one flush writes every product, and
the audit events follow. A line refused for a reason known before anything changes (an image
that is not one, a step the lifecycle does not allow) is reported and skipped. Should anything
else go wrong (a concurrent import created the same company, a value the database refuses),
that SAVEPOINT is rolled back and the batch saved again line by line, each line in a SAVEPOINT
of its own: only the failing line is lost. Nothing here commits.
"""

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
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

log = logging.getLogger(__name__)
WRITE_LOCK_WAIT = 300  # seconds an import waits for another one's batch on SQLite


@dataclass
class Outcome:
    """What became of one line: created, updated or unchanged, or the field and message of
    its problem."""

    line: int
    result: str = ""
    field: str = ""
    message: str = ""


class LineRefused(Exception):
    """A line refused before it changed anything."""

    def __init__(self, field_name: str, message):
        super().__init__(str(message))
        self.field = field_name
        self.message = str(message)


@dataclass
class _Saved:
    product: Product
    result: str
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)


def save_batch(batch: list[tuple[int, dict]], base_dir: Path, actor) -> list[Outcome]:
    """Save the records of ``batch`` (``(line number, record)``); flush, never commit."""
    _begin_writing()
    try:
        with db.session.begin_nested():
            return _save_at_once(batch, base_dir, actor)
    except (SQLAlchemyError, ValueError, OSError) as error:
        log.info("a batch is saved again line by line: %s", error)
    known = _Known([record for _, record in batch])
    return [_save_alone(number, record, known, base_dir, actor) for number, record in batch]


def prepared_images(relative_paths: list[str], base_dir: Path) -> list:
    """Each image read and decoded once; LineRefused names the first one that is not good."""
    prepared = []
    for position, relative in enumerate(relative_paths):
        try:
            prepared.append(media.prepare_image(media.read_image_file(base_dir, relative)))
        except media.ImageRejected as error:
            raise LineRefused(f"images.{position}", error.reason) from error
    return prepared


def _save_at_once(batch, base_dir: Path, actor) -> list[Outcome]:
    known = _Known([record for _, record in batch])
    outcomes, saved = [], []
    # No autoflush: each line's pending changes stay visible to its "anything changed?" check.
    with db.session.no_autoflush:
        for number, record in batch:
            try:
                saved.append(_apply_line(record, known, base_dir))
            except LineRefused as refused:
                outcomes.append(Outcome(number, field=refused.field, message=refused.message))
                continue
            outcomes.append(Outcome(number, saved[-1].result))
    db.session.flush()
    for line in saved:
        _audit(line, actor)
    return outcomes


def _save_alone(number: int, record: dict, known: "_Known", base_dir: Path,
                actor) -> Outcome:
    # A second try reads again what a concurrent import committed in the meantime.
    for _attempt in (1, 2):
        try:
            with db.session.begin_nested(), db.session.no_autoflush:
                saved = _apply_line(record, known, base_dir)
                db.session.flush()
                _audit(saved, actor)
            return Outcome(number, saved.result)
        except LineRefused as refused:
            return Outcome(number, field=refused.field, message=refused.message)
        except IntegrityError:
            known.forget(record)
        except RuleViolation as error:
            known.forget(record)
            return Outcome(number, field=error.field, message=error.message)
        except (ValueError, SQLAlchemyError, OSError) as error:
            known.forget(record)
            log.exception("line %s of an import could not be saved", number)
            return Outcome(number, field="line", message=str(error))
    return Outcome(number, field="line", message=str(_l("conflicts with a concurrent change")))


def _apply_line(record: dict, known: "_Known", base_dir: Path) -> _Saved:
    """Create or update the product of ``record`` in the session, without flushing."""
    product = known.product(record["ref"])
    wanted = ProductStatus(record["status"])
    if product is not None and product.status != wanted \
            and wanted not in ALLOWED_TRANSITIONS[product.status]:
        raise LineRefused("status", LifecycleError(product.status, wanted))
    images = prepared_images(record["images"], base_dir)
    company = _company(record["company"], known)
    category = _category(record["category"], known)
    if product is None:
        product = Product(ref=record["ref"], status=ProductStatus.DRAFT)
        db.session.add(product)
        known.products[product.ref] = product
        _apply(product, record, company, category, images)
        _walk_to(product, wanted)
        return _Saved(product, "created", after=_key_fields(product))
    if product.status != wanted:
        product.change_status(wanted)
    _apply(product, record, company, category, images)
    if not known.changed(product, company, category):
        return _Saved(product, "unchanged")
    before, after = _changes(product)
    return _Saved(product, "updated", before, after)


def _audit(saved: _Saved, actor) -> None:
    if saved.result != "unchanged":
        audit.record(f"product.import.{saved.result}", saved.product, actor,
                     ref=saved.product.ref, before=saved.before, after=saved.after)


class _Known:
    """Companies, categories and products of one batch by key, each kind read in one query;
    a key forgotten after a rolled-back line is read again on its own."""

    def __init__(self, records: list[dict]):
        self.products = _by(Product.ref, {r["ref"] for r in records})
        self.companies = _by(Company.registration_number,
                             {r["company"]["registration_number"] for r in records})
        self.categories = _by(Category.code, {r["category"]["code"] for r in records})
        self.claimed: set[int] = set()

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

    def changed(self, product: Product, *shared) -> bool:
        """Whether this line changed ``product`` (its texts and images included), or changed
        a company or category first in this batch (a later line sharing it did not)."""
        session = db.session
        if session.is_modified(product) or any(
                text in session.new or session.is_modified(text)
                for text in product.texts.values()):
            return True
        fresh = [obj for obj in shared if id(obj) not in self.claimed
                 and (obj in session.new or session.is_modified(obj))]
        self.claimed.update(id(obj) for obj in fresh)
        return bool(fresh)


def _by(column, keys: set[str]) -> dict:
    """The rows whose ``column`` is one of ``keys``, by key; None for a key not found."""
    query = select(column.class_).where(column.in_(sorted(keys)))
    if column.class_ is Product:
        query = query.options(selectinload(Product.texts), selectinload(Product.images))
    found = dict.fromkeys(keys)
    found.update({getattr(row, column.key): row for row in db.session.scalars(query)})
    return found


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
            "languages": sorted(product.texts)}


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


def _company(data: dict, known: _Known) -> Company:
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


def _category(data: dict, known: _Known) -> Category:
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
    product.hidden_concepts = record["hidden_concepts"]
    for language in list(product.texts):
        if language not in record["texts"]:
            del product.texts[language]
    for language, text in record["texts"].items():
        product.set_text(language, keywords=record["keywords"].get(language, []), **text)
    _apply_images(product, images)


def _apply_images(product: Product, images: list) -> None:
    """Store and attach ``images`` unless the product already shows the same pictures, known
    by the digests of the files they were made from."""
    if [image.source_digest for image in product.images] == [image.digest for image in images]:
        return
    product.images.clear()
    for position, prepared in enumerate(images):
        stored = media.store_image(prepared)
        product.images.append(ProductImage(
            position=position, key=stored.key, source_digest=prepared.digest,
            width=stored.width, height=stored.height,
        ))
