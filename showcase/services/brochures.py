"""Brochures of a listing: PDF files added with a title and a language, and removed.

As with photos (:mod:`showcase.services.photos`), every change goes through the listing's
editable payload and :func:`showcase.services.listings.save`: a draft changes at once, a live
listing's new brochure waits for staff in its revision.
"""

from flask import current_app

from showcase import media, rules
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Product
from showcase.services import listings
from showcase.services.listings import ListingError
from showcase.services.photos import editable_copy

TITLE = rules.required_text("title", 300)
NO_SUCH_BROCHURE = _lp("This brochure is no longer part of the listing. Reload the page to "
                       "see its brochures as they are now.")
TOO_MANY_BROCHURES = _lp("A listing has at most %(count)s brochures.",
                         count=listings.MAX_BROCHURES)


def add_brochure(product: Product, data: bytes, title: str, language: str,
                 expected_version: int, actor) -> dict:
    """Store ``data`` (a PDF) as a new last brochure of ``product`` titled ``title`` in
    ``language`` and return its payload entry; raises ListingError (with per-field problems
    for the title and language, or the reason the file is refused)."""
    title = (title or "").strip()
    problems = []
    if (message := TITLE.check(title)) is not None:
        problems.append(("title", message))
    if language not in listings.TEXT_LANGUAGES:
        problems.append(("language", _lp("This language is not offered.")))
    if problems:
        raise ListingError(_lp("Some fields need attention."), problems)
    payload = editable_copy(product, expected_version)
    if len(payload["documents"]) >= listings.MAX_BROCHURES:
        raise ListingError(TOO_MANY_BROCHURES)
    try:
        stored = media.store_document(data, current_app.config["MAX_BROCHURE_BYTES"])
    except media.DocumentRejected as error:
        raise ListingError(error.reason, [("brochure", error.reason)]) from error
    entry = {"key": stored.key, "title": title, "language": language,
             "size_bytes": stored.size_bytes}
    payload["documents"].append(entry)
    listings.save(product, payload, expected_version, actor)
    return entry


def delete_brochure(product: Product, key: str, expected_version: int, actor) -> None:
    """Take brochure ``key`` out of the listing; its file is swept once nothing names it."""
    payload = editable_copy(product, expected_version)
    found = next((entry for entry in payload["documents"] if entry["key"] == key), None)
    if found is None:
        raise ListingError(NO_SUCH_BROCHURE)
    payload["documents"].remove(found)
    listings.save(product, payload, expected_version, actor)
