"""Exporting the whole catalog in the exchange format, images copied beside the file."""

import json
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase import media
from showcase.extensions import db
from showcase.models import Product


def export_catalog(path: Path) -> int:
    """Write every product to ``path`` (JSON Lines) and its images to ``images/`` beside it;
    return the number of products written."""
    images_dir = path.parent / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    products = db.session.scalars(
        select(Product)
        .options(selectinload(Product.texts), selectinload(Product.images))
        .order_by(Product.ref)
    )
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for product in products:
            out.write(json.dumps(product_record(product, images_dir), ensure_ascii=False) + "\n")
            count += 1
    return count


def product_record(product: Product, images_dir: Path) -> dict:
    """The exchange-format record of ``product``; copies its images into ``images_dir``."""
    company = product.company
    texts = {code: {"name": t.name, "summary": t.summary, "description": t.description}
             for code, t in sorted(product.texts.items())}
    keywords = {code: t.keywords for code, t in sorted(product.texts.items()) if t.keywords}
    return {
        "ref": product.ref,
        "company": {
            "name": company.names,
            "registration_number": company.registration_number,
            "website": company.website,
            "email": company.email,
        },
        "designation": {
            "type": product.designation_type,
            "number": product.designation_number,
            "valid_from": _iso(product.valid_from),
            "valid_until": _iso(product.valid_until),
        },
        "category": {"code": product.category.code, "name": product.category.names},
        "classification_code": product.classification_code,
        "texts": texts,
        "keywords": keywords,
        "price": _price(product),
        "certifications": product.certifications,
        "booth": product.booth,
        "images": _copy_images(product, images_dir),
        "status": product.status.value,
        "featured": product.featured,
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _price(product: Product) -> dict | None:
    if product.price_amount is None:
        return None
    amount = product.price_amount
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": product.price_currency, "unit": product.price_unit}


def _copy_images(product: Product, images_dir: Path) -> list[str]:
    paths = []
    for position, image in enumerate(product.images, start=1):
        name = f"{product.ref}-{position}.jpg"
        shutil.copyfile(media.image_file(image.key, "large"), images_dir / name)
        paths.append(f"images/{name}")
    return paths
