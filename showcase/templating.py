"""Template helpers: product texts in the visitor's language, and locale-aware formatting."""

from babel import Locale
from flask import Flask, request, url_for
from flask_babel import format_currency, format_date, format_decimal, get_locale

from showcase.i18n import content_chain, current_locale
from showcase.models import DESIGNATION_TYPES


def localized_text(product):
    """The product's text in the visitor's language or the first fallback that exists."""
    return product.text_in(content_chain())


def is_fallback(language: str) -> bool:
    """True when ``language`` is not the visitor's own content language."""
    return bool(language) and language != current_locale().content_language


def designation_label(code: str) -> str:
    """The translated name of a designation type."""
    kind = DESIGNATION_TYPES.get(code)
    return str(kind.label) if kind else code


def language_name(code: str) -> str:
    """The name of language ``code`` in the visitor's language (``영어`` for en in Korean)."""
    try:
        return get_locale().languages.get(code) or Locale.parse(code).display_name or code
    except (ValueError, LookupError):
        return code


def price(product) -> str:
    """The product's price in the currency's local format, e.g. ``₩12,000,000``."""
    if product.price_amount is None:
        return ""
    return format_currency(product.price_amount, product.price_currency)


def switch_locale_url(slug: str) -> str:
    """This page's URL in the locale ``slug``; the home page when there is no such page."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        values = dict(request.view_args or {}, **request.args.to_dict(), lang=slug)
        return url_for(request.endpoint, **values)
    return url_for("catalog.home", lang=slug)


def image_url(image, size: str = "thumb") -> str:
    """URL of a stored product image in ``size``."""
    return url_for("media_image", key=image.key, size=size)


def init_app(app: Flask) -> None:
    """Register the helpers as template globals and filters."""
    app.jinja_env.globals.update(
        localized_text=localized_text,
        is_fallback=is_fallback,
        price=price,
        switch_locale_url=switch_locale_url,
        image_url=image_url,
        designation_label=designation_label,
        content_chain=content_chain,
    )
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["date"] = lambda day, style="medium": (
        format_date(day, style) if day else ""
    )
