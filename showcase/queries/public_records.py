"""The public projection of catalog things: what anyone may read about a published product,
a company, a category or a designation type, as plain JSON-ready values.

The API and the downloads read products, companies and categories through these functions
only, so both show the same public fields and neither can show a private one: no contact
person, no company e-mail or phone, no status, review notes or staff-only fields. Texts are
taken in the first language of ``languages`` that has them (the visitor's, then English,
then Korean); URLs are absolute.
"""

from datetime import UTC, datetime

from flask import url_for

from showcase import media
from showcase.models import DESIGNATION_TYPES, Category, Company, Product
from showcase.queries.catalog import designation_explanation
from showcase.queries.links import absolute_url, product_url


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _instant(moment: datetime | None) -> str | None:
    """RFC 3339 text of a stored time; SQLite hands them back without their zone (UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def company_url(company_id: int) -> str:
    """The absolute URL of a company's page."""
    return absolute_url(url_for("catalog.company", company_id=company_id))


def category_url(code: str) -> str:
    """The absolute URL of a category's page."""
    return absolute_url(url_for("catalog.category", code=code))


def designation_name(code: str) -> str:
    """The name of designation type ``code`` in the visitor's language (the code itself for
    a type the catalog does not know)."""
    kind = DESIGNATION_TYPES.get(code)
    return str(kind.label) if kind else code


def public_price(product: Product) -> dict | None:
    """``{amount, currency, unit}`` with the amount as exact decimal text, or None."""
    if product.price_amount is None:
        return None
    return {"amount": str(product.price_amount), "currency": product.price_currency,
            "unit": product.price_unit}


def public_images(product: Product, languages: list[str]) -> list[dict]:
    """The product's photos: large and thumbnail JPEG URLs, the large size, alternative text."""
    images = []
    for image in product.images:
        width, height = media.derived_size(image.width, image.height, "large")
        images.append({
            "url": absolute_url(url_for("media_image", key=image.key, size="large", ext="jpg")),
            "thumbnail_url": absolute_url(url_for("media_image", key=image.key, size="thumb",
                                                  ext="jpg")),
            "width": width,
            "height": height,
            "alt": image.alt_in(languages),
        })
    return images


def public_brochures(product: Product) -> list[dict]:
    """The product's brochures (PDF): URL, title, language and size."""
    return [{"url": absolute_url(url_for("media_document", key=document.key)),
             "title": document.title, "language": document.language,
             "size_bytes": document.size_bytes} for document in product.documents]


def public_product(product: Product, languages: list[str]) -> dict:
    """Everything public about a published product, flat, in the first of ``languages``."""
    text = product.text_in(languages)
    company_name, company_language = product.company.name_in(languages)
    category_name, _language = product.category.name_in(languages)
    return {
        "ref": product.ref,
        "url": product_url(product.ref, external=True),
        "name": text.name if text else product.ref,
        "summary": text.summary if text else "",
        "description": text.description if text else "",
        "keywords": list(text.keywords or []) if text else [],
        "language": text.language if text else "",
        "languages": product.languages,
        "company": company_name,
        "company_language": company_language,
        "company_id": product.company_id,
        "company_url": company_url(product.company_id),
        "category": product.category.code,
        "category_name": category_name,
        "designation": product.designation_type,
        "designation_name": designation_name(product.designation_type),
        "designation_number": product.designation_number,
        "valid_from": _iso(product.valid_from),
        "valid_until": _iso(product.valid_until),
        "designation_expired": product.designation_expired(),
        "classification_code": product.classification_code,
        "certifications": list(product.certifications or []),
        "price": public_price(product),
        "booth": product.booth,
        "hall": product.hall,
        "images": public_images(product, languages),
        "brochures": public_brochures(product),
        "published_at": _instant(product.published_at),
    }


def public_company(company: Company, refs: list[str], languages: list[str]) -> dict:
    """A company's public fields and the refs of its published products ``refs``; never its
    e-mail address, phone number or people."""
    name, language = company.name_in(languages)
    return {
        "id": company.id,
        "name": name,
        "name_language": language,
        "names": {code: text for code, text in sorted(company.names.items()) if text},
        "website": company.website,
        "url": company_url(company.id),
        "products": refs,
    }


def public_category(category: Category, count: int, languages: list[str]) -> dict:
    """A category's code, name and number of published products."""
    name, language = category.name_in(languages)
    return {"code": category.code, "name": name, "name_language": language,
            "products": count, "url": category_url(category.code)}


def public_designation_type(code: str) -> dict:
    """A designation type's code, name and explanation in the visitor's language."""
    return {"code": code, "name": designation_name(code),
            "explanation": designation_explanation(code)}
