"""Exporting the catalog in the exchange format, images copied beside the file.

Two modes: the full backup (every product, whatever its status, with the companies' contact
details) and the public export (published products only, without anyone's e-mail or phone).
The file is written under a temporary name and renamed when complete, so an export that
fails leaves no partial file behind.
"""

import json
import os
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase import media
from showcase.extensions import db
from showcase.models import Product, ProductStatus

PRODUCTS_PER_READ = 500


def _products_query(public: bool):
    query = select(Product)
    if public:
        query = query.where(Product.status == ProductStatus.PUBLISHED)
    return query


def count_products(public: bool = False) -> int:
    """How many products an export in this mode writes."""
    return db.session.scalar(
        select(func.count()).select_from(_products_query(public).subquery()))


def export_catalog(path: Path, public: bool = False,
                   progress: Callable[[int], None] | None = None) -> int:
    """Write the products to ``path`` (JSON Lines) and their images to ``images/`` beside it;
    return the number of products written. ``public`` keeps published products only and
    leaves out e-mail addresses and phone numbers."""
    images_dir = path.parent / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    products = db.session.scalars(
        _products_query(public)
        .options(selectinload(Product.texts), selectinload(Product.images),
                 selectinload(Product.company), selectinload(Product.category))
        .order_by(Product.ref)
        .execution_options(yield_per=PRODUCTS_PER_READ)
    )
    partial = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        with partial.open("w", encoding="utf-8") as out:
            for product in products:
                record = product_record(product, images_dir, public=public)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
                if progress:
                    progress(count)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def product_record(product: Product, images_dir: Path | None, public: bool = False) -> dict:
    """The exchange-format record of ``product``; copies its images into ``images_dir``
    (None: names them without copying). ``public`` leaves out the company's e-mail address
    and phone number."""
    company = product.company
    texts = {code: {"name": t.name, "summary": t.summary, "description": t.description}
             for code, t in sorted(product.texts.items())}
    keywords = {code: t.keywords for code, t in sorted(product.texts.items()) if t.keywords}
    company_record = {
        "name": company.names,
        "registration_number": company.registration_number,
        "website": company.website,
    }
    if not public:
        company_record.update(email=company.email, phone=company.phone)
    return {
        "ref": product.ref,
        "company": company_record,
        "designation": {
            "type": product.designation_type,
            "number": product.designation_number,
            "valid_from": _iso(product.valid_from),
            "valid_until": _iso(product.valid_until),
        },
        # A draft may not have a category yet.
        "category": ({"code": product.category.code, "name": product.category.names}
                     if product.category is not None else None),
        "classification_code": product.classification_code,
        "texts": texts,
        "keywords": keywords,
        "price": _price(product),
        "certifications": product.certifications,
        "booth": product.booth,
        "images": _copy_images(product, images_dir),
        "status": product.status.value,
        "featured": product.featured,
        # Only when staff hid a tag: records of the other products stay as they were.
        **({"hidden_concepts": list(product.hidden_concepts)}
           if product.hidden_concepts else {}),
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _price(product: Product) -> dict | None:
    if product.price_amount is None:
        return None
    return {"amount": _number(product.price_amount), "currency": product.price_currency,
            "unit": product.price_unit}


def _number(amount: Decimal) -> int | float | str:
    """The amount as a JSON number when one holds it exactly, else as its decimal text."""
    if amount == amount.to_integral_value():
        return int(amount)
    as_float = float(amount)
    return as_float if Decimal(repr(as_float)) == amount else str(amount)


def _copy_images(product: Product, images_dir: Path | None) -> list[str]:
    paths = []
    for position, image in enumerate(product.images, start=1):
        name = f"{product.ref}-{position}.jpg"
        if images_dir is not None:
            shutil.copyfile(media.image_file(image.key, "large"), images_dir / name)
        paths.append(f"images/{name}")
    return paths
