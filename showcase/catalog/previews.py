"""What a product page tells link previewers and search engines: OpenGraph tags in the
visitor's language, a meta description and schema.org ``Product`` data (JSON-LD)."""

from dataclasses import dataclass, field

from babel.core import get_global
from flask import url_for

from showcase.catalog import bp
from showcase.i18n import LOCALES, InterfaceLocale, content_chain, current_locale
from showcase.queries.links import absolute_url
from showcase.templating import image_url

DESCRIPTION_LENGTH = 160  # what previewers and result pages show of a description


@dataclass(frozen=True)
class ProductPreview:
    """The texts, image and addresses of one product page's link preview."""

    title: str
    description: str
    url: str
    image: str | None
    og_locale: str
    og_alternates: list[str]
    json_ld: dict = field(repr=False)


def og_locale(locale: InterfaceLocale) -> str:
    """OpenGraph's ``language_TERRITORY`` for an interface locale (``th_TH``, ``zh_CN``)."""
    likely = get_global("likely_subtags")
    full = likely.get(locale.code) or likely.get(locale.content_language) or locale.code
    parts = full.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]


def short_description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at a space before ``limit`` characters where there is one
    (scripts written without spaces are cut at the limit), with an ellipsis when cut."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"


@bp.app_template_global()
def product_preview(product) -> ProductPreview:
    """The link preview of ``product``'s page in this request's language."""
    chain = content_chain()
    text = product.text_in(chain)
    name = text.name if text else product.ref
    description = short_description((text.summary or text.description) if text else "")
    company = product.company.name_in(chain)[0]
    url = absolute_url(url_for("catalog.product", ref=product.ref))
    images = [absolute_url(image_url(image, "large")) for image in product.images]
    here = current_locale()
    return ProductPreview(
        title=name, description=description, url=url, image=images[0] if images else None,
        og_locale=og_locale(here),
        og_alternates=[og_locale(locale) for locale in LOCALES if locale != here],
        json_ld=_product_data(product, name, description, url, images, company),
    )


def _product_data(product, name, description, url, images, company) -> dict:
    """schema.org ``Product``: a plain dict, serialised by ``tojson`` (which escapes ``<``,
    ``>`` and ``&``, so no text can close the script element)."""
    organisation = {"@type": "Organization", "name": company}
    data = {
        "@context": "https://schema.org", "@type": "Product", "name": name,
        "description": description, "image": images, "url": url,
        "sku": product.ref, "productID": product.ref,
        "brand": {"@type": "Brand", "name": company}, "manufacturer": organisation,
    }
    if product.category is not None:
        data["category"] = product.category.name_in(content_chain())[0]
    if product.price_amount is not None:
        data["offers"] = {"@type": "Offer", "price": str(product.price_amount),
                          "priceCurrency": product.price_currency, "url": url}
    return data
