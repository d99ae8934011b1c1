"""Template helpers: product texts in the visitor's language, and locale-aware formatting."""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from babel import Locale
from babel.units import format_unit
from flask import Flask, g, request, url_for
from flask_babel import format_currency, format_date, format_decimal, get_locale
from werkzeug.routing import BuildError

from showcase import media
from showcase.i18n import content_chain, current_locale
from showcase.models import DESIGNATION_TYPES
from showcase.queries.catalog import designation_explanation
from showcase.queries.concepts import concept_tags
from showcase.queries.links import route_url
from showcase.units import price_per_unit
from showcase.venue import venue


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
    amount = product.price_amount
    if amount is None:
        return ""
    try:
        return format_currency(amount, product.price_currency)
    except (ArithmeticError, ValueError, TypeError, LookupError):
        # A value Babel cannot format (1e308, a garbled currency): the plain number, if any.
        return _plain_number(amount)


def _plain_number(amount) -> str:
    try:
        number = Decimal(amount)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    return f"{number:,f}" if number.is_finite() and number.adjusted() < 30 else ""


def switch_locale_url(slug: str) -> str:
    """This page's URL in the locale ``slug``; the home page when there is no such page."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        # Only the route's own values build the path: query arguments passed to url_for would
        # set _external, _method or the endpoint itself. They follow, encoded, after "?".
        try:
            # Built once per request for the 24 languages of the switcher.
            path = route_url(request.endpoint, "lang", slug, **(request.view_args or {}))
        except (BuildError, ValueError, TypeError):
            return url_for("catalog.home", lang=slug)
        query = urlencode(list(request.args.items(multi=True)))
        return f"{path}?{query}" if query else path
    return url_for("catalog.home", lang=slug)


def _image_fields(image) -> tuple[str, int, int]:
    """Key, width and height of a ProductImage or of an image entry of a listing payload."""
    if isinstance(image, dict):
        return image["key"], image["width"], image["height"]
    return image.key, image.width, image.height


def image_url(image, size: str = "thumb", ext: str = "jpg") -> str:
    """URL of a stored product image (a ProductImage or a payload entry) in ``size`` and
    format ``ext`` (``jpg`` or ``webp``)."""
    # A results page shows 20 images in 7 sizes and formats: each route is built once.
    return route_url("media_image", "key", _image_fields(image)[0], size=size, ext=ext)


def request_url_for(endpoint: str, **values) -> str:
    """``url_for``, each URL built once per request (a results page links the same shortlist,
    guide and topic pages from every card), and each route once per request for the values
    before the last: a results page links 20 products, their booths and 40 filters, each
    link differing from the others in its last value (``links.route_url``)."""
    try:
        key = (endpoint, frozenset(values.items()))
    except TypeError:  # an unhashable value
        return url_for(endpoint, **values)
    urls = g.setdefault("template_urls", {})
    if key not in urls:
        names = list(values)
        if names and not names[-1].startswith("_"):  # not one of url_for's own options
            *others, last = names
            urls[key] = route_url(endpoint, last, values[last],
                                  **{name: values[name] for name in others})
        else:
            urls[key] = url_for(endpoint, **values)
    return urls[key]


def image_dimensions(image, size: str = "thumb") -> tuple[int, int]:
    """Width and height of the stored ``size`` of ``image``, for ``<img width height>``."""
    _key, width, height = _image_fields(image)
    return media.derived_size(width, height, size)


def image_srcset(image, ext: str = "jpg") -> str:
    """``srcset`` of every stored width of ``image`` in format ``ext``; a size that would
    repeat a smaller one's width (a small original is never enlarged) is left out."""
    candidates, widths = [], set()
    for size in media.SIZES:
        width = image_dimensions(image, size)[0]
        if width not in widths:
            widths.add(width)
            candidates.append(f"{image_url(image, size, ext)} {width}w")
    return ", ".join(candidates)


def file_size(size_bytes: int) -> str:
    """A file size in the visitor's language: ``850 kB``, ``2.4 MB``."""
    if size_bytes < 1_000_000:
        amount, unit = size_bytes / 1000, "digital-kilobyte"
    else:
        amount, unit = size_bytes / 1_000_000, "digital-megabyte"
    return format_unit(amount, unit, length="short", format="#,##0.#", locale=get_locale())


def init_app(app: Flask) -> None:
    """Register the helpers as template globals and filters."""
    app.jinja_env.globals.update(
        url_for=request_url_for,
        localized_text=localized_text,
        is_fallback=is_fallback,
        price=price,
        price_per_unit=price_per_unit,
        switch_locale_url=switch_locale_url,
        image_url=image_url,
        image_srcset=image_srcset,
        image_dimensions=image_dimensions,
        designation_label=designation_label,
        designation_explanation=designation_explanation,
        content_chain=content_chain,
        concept_tags=lambda product: concept_tags(product, current_locale().content_language),
        booth_on_map=lambda code: venue().booth(code),
        venue_hall=lambda letter: venue().halls.get(letter),
    )
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["date"] = lambda day, style="medium": (
        format_date(day, style) if day else ""
    )
