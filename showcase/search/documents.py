"""Turning a product into its search document."""

import hashlib
import json
from datetime import UTC, date, datetime

from showcase.models import Product


def _local_text(text) -> str:
    parts = [text.name, text.summary, text.description, " ".join(text.keywords or [])]
    return "\n".join(part for part in parts if part)


def _naive_utc(moment: datetime | None) -> datetime | None:
    """Whoosh stores naive datetimes; SQLite returns naive UTC, PostgreSQL aware values."""
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def product_document(product: Product, today: date | None = None) -> dict:
    """The fields indexed for ``product``, with a digest that changes when any of them does."""
    texts = product.texts.values()
    english = product.text_in(["en", "ko"])
    document = {
        "product_id": str(product.id),
        "ref": product.ref,
        "names": "\n".join(text.name for text in texts),
        "company": "\n".join(product.company.names.values()),
        "category_text": "\n".join([product.category.code, *product.category.names.values()]),
        "body": "\n".join(
            part for text in texts
            for part in (text.summary, text.description, " ".join(text.keywords or []))
        ),
        "category": product.category.code,
        "designation": product.designation_type,
        "certification": ",".join(product.certifications or []),
        "hall": product.hall,
        "language": ",".join(sorted(product.texts)),
        "expired": product.designation_expired(today),
        "published": _naive_utc(product.published_at or product.created_at),
        "sort_name": (english.name if english else product.ref).casefold(),
    }
    for text in texts:
        document[f"name_{text.language}"] = text.name
        document[f"local_{text.language}"] = _local_text(text)
    canonical = json.dumps(document, sort_keys=True, default=str, ensure_ascii=False)
    document["digest"] = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return document
