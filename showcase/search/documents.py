"""Turning a product into its search document."""

import hashlib
import json
from datetime import UTC, date, datetime

from showcase.models import Product
from showcase.search.marking import stored_text
from showcase.search.tagging import document_concepts


def _local_text(text) -> str:
    return stored_text(text.name, text.summary, text.description, " ".join(text.keywords or []))


def _naive_utc(moment: datetime | None) -> datetime | None:
    """Whoosh stores naive datetimes; SQLite returns naive UTC, PostgreSQL aware values."""
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def day_number(day: date) -> int:
    """A date as the number the index holds: YYYYMMDD."""
    return day.year * 10000 + day.month * 100 + day.day


def product_document(product: Product) -> dict:
    """The fields indexed for ``product``, with a digest that changes when any of them does.
    Nothing in it depends on today's date: expiry is decided when a search runs."""
    texts = product.texts.values()
    english = product.text_in(["en", "ko"])
    bodies = [part for text in texts
              for part in (text.summary, text.description, " ".join(text.keywords or []))]
    concepts_names, concepts_body = document_concepts(
        [*(text.name for text in texts), *product.category.names.values()], bodies,
        set(product.hidden_concepts or ()))
    document = {
        "product_id": str(product.id),
        "ref": product.ref,
        "names": "\n".join(text.name for text in texts),
        "company": "\n".join(product.company.names.values()),
        "category_text": "\n".join([product.category.code, *product.category.names.values()]),
        "body": "\n".join(bodies),
        "category": product.category.code,
        "designation": product.designation_type,
        "certification": ",".join(product.certifications or []),
        "hall": product.hall,
        "language": ",".join(sorted(product.texts)),
        "published": _naive_utc(product.published_at or product.created_at),
        "sort_name": (english.name if english else product.ref).casefold(),
        "concepts_names": concepts_names,
        "concepts_body": concepts_body,
    }
    if product.valid_until is not None:
        document["valid_until"] = day_number(product.valid_until)
    if not product.visible_when_expired:
        document["hidden_when_expired"] = True
    for text in texts:
        document[f"name_{text.language}"] = text.name
        if text.name:
            document[f"sort_name_{text.language}"] = text.name.casefold()
        document[f"local_{text.language}"] = _local_text(text)
    canonical = json.dumps(document, sort_keys=True, default=str, ensure_ascii=False)
    document["digest"] = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return document
