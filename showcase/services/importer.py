"""Importing the catalog from the exchange format, one product per line, one commit each.

``ref`` is the stable key, companies are matched by registration number and categories by
code, so importing the same file twice changes nothing the second time.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

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
from showcase.models.base import utcnow
from showcase.search import sync
from showcase.services import audit
from showcase.services.exchange import FieldProblem, validate_record


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
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every line was good."""
        return not self.errors


def import_catalog(path: Path, dry_run: bool = False, actor=None) -> ImportReport:
    """Validate every line of ``path`` and, unless ``dry_run``, save each good product."""
    report = ImportReport()
    base_dir = path.parent
    with sync.deferred(), path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record, problems = _read_line(line, base_dir)
            if problems:
                report.errors += [LineError(number, p.field, p.message) for p in problems]
                continue
            if dry_run:
                continue
            try:
                outcome = _save_product(record, base_dir, actor)
            except (LifecycleError, ValueError, media.ImageRejected) as error:
                db.session.rollback()
                report.errors.append(LineError(number, _error_field(error), str(error)))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _read_line(line: str, base_dir: Path) -> tuple[dict, list[FieldProblem]]:
    """Decode and validate one line, images included (decoded, not stored)."""
    try:
        decoded = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, [FieldProblem("line", str(_l("is not valid JSON: %(reason)s",
                                                  reason=error.msg)))]
    record, problems = validate_record(decoded)
    if problems:
        return record, problems
    for position, relative in enumerate(record.get("images", [])):
        image_path = base_dir / relative
        if not image_path.is_file():
            problems.append(FieldProblem(f"images.{position}", str(_l("file not found"))))
            continue
        try:
            media.check_image(image_path.read_bytes())
        except media.ImageRejected as error:
            problems.append(FieldProblem(f"images.{position}", str(error.reason)))
    return record, problems


def _error_field(error: Exception) -> str:
    return "status" if isinstance(error, LifecycleError) else "line"


def _save_product(record: dict, base_dir: Path, actor) -> str:
    """Create or update the product of ``record``; return created, updated or unchanged."""
    # No autoflush: pending changes must stay visible to the "anything changed?" check.
    with db.session.no_autoflush:
        product, outcome = _apply_record(record, base_dir)
    if outcome == "updated" and not _has_changes():
        db.session.rollback()
        return "unchanged"
    db.session.flush()
    audit.record(f"product.import.{outcome}", product, actor, ref=product.ref)
    db.session.commit()
    return outcome


def _apply_record(record: dict, base_dir: Path) -> tuple[Product, str]:
    company = _upsert_company(record["company"])
    category = _upsert_category(record["category"])
    product = db.session.scalar(select(Product).where(Product.ref == record["ref"]))
    outcome = "updated"
    if product is None:
        product = Product(ref=record["ref"], status=ProductStatus(record["status"]))
        db.session.add(product)
        outcome = "created"
        if product.status == ProductStatus.PUBLISHED:
            product.published_at = utcnow()
    elif product.status != record["status"]:
        product.change_status(ProductStatus(record["status"]))
    _apply_fields(product, record, company, category)
    _apply_images(product, record["images"], base_dir)
    return product, outcome


def _has_changes() -> bool:
    return any(db.session.is_modified(obj) for obj in db.session.dirty) or bool(
        db.session.new or db.session.deleted
    )


def _upsert_company(data: dict) -> Company:
    number = data["registration_number"]
    company = db.session.scalar(select(Company).where(Company.registration_number == number))
    if company is None:
        company = Company(registration_number=number, state=CompanyState.APPROVED)
        db.session.add(company)
    company.names = data["name"]
    company.website = data["website"]
    company.email = data["email"]
    return company


def _upsert_category(data: dict) -> Category:
    category = db.session.scalar(select(Category).where(Category.code == data["code"]))
    if category is None:
        category = Category(code=data["code"])
        db.session.add(category)
    if data["name"]:
        category.names = data["name"]
    return category


def _apply_fields(product: Product, record: dict, company: Company, category: Category) -> None:
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


def _apply_images(product: Product, relative_paths: list[str], base_dir: Path) -> None:
    stored = [media.store_image((base_dir / path).read_bytes()) for path in relative_paths]
    if [image.key for image in product.images] == [image.key for image in stored]:
        return
    product.images.clear()
    for position, image in enumerate(stored):
        product.images.append(ProductImage(
            position=position, key=image.key, width=image.width, height=image.height,
        ))
