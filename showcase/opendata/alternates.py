"""Canonical and alternate-language URLs of public pages, for the head of every page and for
the sitemaps.

A public page exists once per locale under the locale prefix (``/th/products/A-1``); the same
path without a prefix redirects each visitor to their own language, which makes it the
``x-default`` alternate.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import request, url_for

from showcase.i18n import DEFAULT_LOCALE, LOCALES, InterfaceLocale, current_locale
from showcase.queries.links import absolute_url

# Blueprints whose pages search engines may index; portal, staff and account pages are not.
PUBLIC_BLUEPRINTS = ("catalog", "guide", "opendata", "api_docs")
# Query arguments that make a different page (the rest only sort or filter the same one).
KEPT_ARGUMENTS = {"catalog.search": ("q", "page")}
DEFAULT_KEPT_ARGUMENTS = ("page",)


@dataclass(frozen=True)
class HeadLinks:
    """The ``<link>`` targets of a page: canonical URL, ``(hreflang, URL)`` alternates ending
    with x-default, and the locale's Atom feed."""

    canonical: str
    alternates: list[tuple[str, str]]
    feed: str


def locale_free_path(endpoint: str, **values) -> str:
    """The path of a localized page without its locale prefix (``/products/A-1``)."""
    path = url_for(endpoint, lang=DEFAULT_LOCALE.slug, **values)
    return path[len(DEFAULT_LOCALE.slug) + 1:]


def locale_url(locale: InterfaceLocale, path: str) -> str:
    """The absolute URL of ``path`` (a locale-free path) in ``locale``."""
    return absolute_url(f"/{locale.slug}{path}")


def alternates(path: str) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of ``path`` in every locale, then x-default."""
    return [(locale.html_lang, locale_url(locale, path)) for locale in LOCALES] + [
        ("x-default", absolute_url(path))]


def head_links() -> HeadLinks | None:
    """The links of the page being rendered; None for pages that are not public (portal,
    staff, account) or that no locale prefix addresses."""
    rule = request.url_rule
    if request.blueprint not in PUBLIC_BLUEPRINTS or rule is None or "lang" not in rule.arguments:
        return None
    kept = KEPT_ARGUMENTS.get(request.endpoint, DEFAULT_KEPT_ARGUMENTS)
    query = urlencode([(name, value) for name in kept for value in request.args.getlist(name)
                       if value and not (name == "page" and value == "1")])
    path = locale_free_path(request.endpoint, **(request.view_args or {}))
    path = f"{path}?{query}" if query else path
    return HeadLinks(canonical=locale_url(current_locale(), path), alternates=alternates(path),
                     feed=absolute_url(url_for("opendata.feed")))
