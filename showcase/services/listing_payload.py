"""A whole listing as plain data: what an editor fills in, what a revision proposes, what a
diff compares.

``snapshot(product)`` reads a product into a payload; ``apply_payload(product, payload)``
writes one back; ``detached_product(product, payload)`` shows a payload as a product that is
never saved (a preview). The editor keeps an unsaved or pending version of a listing in this shape,
staff diff a revision's payload against ``snapshot`` of the live product, and approving the
revision applies it. Images and brochures are named by the keys of their stored files.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from showcase.extensions import db
from showcase.models import Category, Product, ProductDocument, ProductImage, ProductText

TEXT_FIELDS = ("name", "summary", "description", "keywords")


def snapshot(product: Product) -> dict:
    """The listing's editable content as JSON-ready data."""
    return {
        "category": product.category.code if product.category else "",
        "designation": {
            "type": product.designation_type or "",
            "number": product.designation_number or "",
            "valid_from": _iso(product.valid_from),
            "valid_until": _iso(product.valid_until),
        },
        "classification_code": product.classification_code or "",
        "certifications": list(product.certifications or []),
        "price": {
            "amount": None if product.price_amount is None else str(product.price_amount),
            "currency": product.price_currency or "KRW",
            "unit": product.price_unit or "",
        },
        "booth_request": product.booth_request or "",
        "texts": {
            language: {
                "name": text.name, "summary": text.summary, "description": text.description,
                "keywords": list(text.keywords or []),
            }
            for language, text in sorted(product.texts.items())
        },
        "images": [
            {"key": image.key, "width": image.width, "height": image.height,
             "alt": dict(image.alt or {}), "source_digest": image.source_digest}
            for image in product.images
        ],
        "documents": [
            {"key": document.key, "title": document.title, "language": document.language,
             "size_bytes": document.size_bytes}
            for document in product.documents
        ],
    }


def apply_payload(product: Product, payload: dict) -> None:
    """Write ``payload`` into ``product`` (fields, texts, images, brochures), keeping the
    rows of images and brochures whose files stay. Model validators check every value."""
    designation = payload["designation"]
    price = payload["price"]
    product.category = _category(payload["category"])
    product.designation_type = designation["type"]
    product.designation_number = designation["number"]
    product.valid_from = _day(designation["valid_from"])
    product.valid_until = _day(designation["valid_until"])
    product.classification_code = payload["classification_code"]
    product.certifications = list(payload["certifications"])
    product.price_amount = None if price["amount"] in (None, "") else Decimal(price["amount"])
    product.price_currency = price["currency"]
    product.price_unit = price["unit"]
    product.booth_request = payload["booth_request"]
    _apply_texts(product, payload["texts"])
    _apply_images(product, payload["images"])
    _apply_documents(product, payload["documents"])


def detached_product(product: Product, payload: dict,
                     missing_category: Category | None = None) -> Product:
    """``product`` as it would look with ``payload`` applied, for a page to show: a new object
    that stays out of the database session, however long it is used.

    Its relationships are set as if loaded (no backrefs fire), so neither the company nor the
    category gains it as a product and no save-update cascade can carry it, or its texts, into
    the session to be flushed. ``missing_category`` stands in while no category is chosen.
    """
    designation, price = payload["designation"], payload["price"]
    shown = Product(
        ref=product.ref, status=product.status, booth=product.booth,
        designation_type=designation["type"], designation_number=designation["number"],
        valid_from=_day(designation["valid_from"]), valid_until=_day(designation["valid_until"]),
        classification_code=payload["classification_code"],
        certifications=list(payload["certifications"]),
        price_amount=None if price["amount"] in (None, "") else Decimal(price["amount"]),
        price_currency=price["currency"], price_unit=price["unit"],
        booth_request=payload["booth_request"], published_at=product.published_at,
        visible_when_expired=product.visible_when_expired,
    )
    shown.id, shown.company_id = product.id, product.company_id
    staff_written = {code: text.staff_written for code, text in product.texts.items()}
    related = {
        "company": product.company,
        "category": _category(payload["category"]) or missing_category,
        "texts": [ProductText(language=language, staff_written=staff_written.get(language, False),
                              **{name: fields[name] for name in TEXT_FIELDS})
                  for language, fields in payload["texts"].items()],
        "images": [ProductImage(key=data["key"], width=data["width"], height=data["height"],
                                alt=dict(data.get("alt") or {}), position=position,
                                source_digest=data.get("source_digest", ""))
                   for position, data in enumerate(payload["images"])],
        "documents": [ProductDocument(key=data["key"], title=data["title"],
                                      language=data["language"], size_bytes=data["size_bytes"],
                                      position=position)
                      for position, data in enumerate(payload["documents"])],
        "revisions": [],
    }
    for name, value in related.items():
        set_committed_value(shown, name, value)
    return shown


def _apply_texts(product: Product, texts: dict) -> None:
    for language in list(product.texts):
        if language not in texts:
            del product.texts[language]
    for language, fields in texts.items():
        current = product.texts.get(language)
        changed = current is not None and any(
            getattr(current, name) != fields[name] for name in TEXT_FIELDS)
        text = product.set_text(language, **{name: fields[name] for name in TEXT_FIELDS})
        if changed:
            # The company rewrote a text staff had written: the public note would be wrong.
            text.staff_written = False


def _apply_images(product: Product, images: list[dict]) -> None:
    existing = {image.key: image for image in product.images}
    ordered = []
    for position, data in enumerate(images):
        image = existing.get(data["key"]) or ProductImage(
            key=data["key"], width=data["width"], height=data["height"],
            source_digest=data.get("source_digest", ""))
        image.position = position
        image.alt = dict(data.get("alt") or {})
        ordered.append(image)
    product.images[:] = ordered


def _apply_documents(product: Product, documents: list[dict]) -> None:
    existing = {document.key: document for document in product.documents}
    ordered = []
    for position, data in enumerate(documents):
        document = existing.get(data["key"]) or ProductDocument(
            key=data["key"], size_bytes=data["size_bytes"])
        document.position = position
        document.title = data["title"]
        document.language = data["language"]
        ordered.append(document)
    product.documents[:] = ordered


def _category(code: str) -> Category | None:
    if not code:
        return None
    return db.session.scalar(select(Category).where(Category.code == code))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
