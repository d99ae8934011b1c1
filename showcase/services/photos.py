"""Photos of a listing: added, described, reordered and removed.

Every change edits the listing's editable payload and saves it through
:func:`showcase.services.listings.save`, which holds the rules of every listing change: a draft
changes at once, a live listing gets (or updates) a revision that waits for staff while
visitors keep seeing the live photos, a listing waiting for review is not changed, and a form
drawn before someone else's save is refused. A photo is stored re-encoded by
:mod:`showcase.media` before the payload names it; if the save then fails, the request rolls
back and the stored files go with it.
"""

import copy

from flask import current_app

from showcase import media, rules
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Product, ProductStatus
from showcase.services import listings
from showcase.services.listings import EditConflict, ListingError

ALT_TEXT = rules.optional_text("alt", 300)
WAITING_FOR_REVIEW = _lp("This listing is waiting for review. Withdraw it to edit it.")
NO_SUCH_PHOTO = _lp("This photo is no longer part of the listing. Reload the page to see "
                    "its photos as they are now.")
TOO_MANY_PHOTOS = _lp("A listing has at most %(count)s photos.", count=listings.MAX_PHOTOS)


def add_photo(product: Product, data: bytes, expected_version: int, actor) -> dict:
    """Store ``data`` as a new last photo of ``product`` (sanitised, in every size) and
    return its payload entry; raises ListingError, with the problem ``photo`` when the file
    itself is refused."""
    payload = editable_copy(product, expected_version)
    if len(payload["images"]) >= listings.MAX_PHOTOS:
        raise ListingError(TOO_MANY_PHOTOS)
    limit = current_app.config["MAX_PHOTO_BYTES"]
    if len(data) > limit:
        message = media.too_large_message(limit)
        raise ListingError(message, [("photo", message)])
    try:
        prepared = media.prepare_image(data)
        stored = media.store_image(prepared)
    except media.ImageRejected as error:
        raise ListingError(error.reason, [("photo", error.reason)]) from error
    entry = {"key": stored.key, "width": stored.width, "height": stored.height, "alt": {},
             "source_digest": prepared.digest}
    payload["images"].append(entry)
    listings.save(product, payload, expected_version, actor)
    return entry


def set_alt_texts(product: Product, key: str, alt_texts: dict[str, str],
                  expected_version: int, actor) -> None:
    """Describe photo ``key`` of ``product`` for people who cannot see it: ``alt_texts``
    maps a language code to its text; an empty text removes that language's, and languages
    not named keep theirs."""
    problems = [(f"alt.{language}", message) for language, text in alt_texts.items()
                if (message := ALT_TEXT.check(text)) is not None]
    problems += [(f"alt.{language}", _lp("This language is not offered."))
                 for language in alt_texts if language not in listings.TEXT_LANGUAGES]
    if problems:
        raise ListingError(_lp("Some fields need attention."), problems)
    payload = editable_copy(product, expected_version)
    photo = _photo(payload, key)
    alt = dict(photo["alt"])
    for language, text in alt_texts.items():
        if text.strip():
            alt[language] = text.strip()
        else:
            alt.pop(language, None)
    photo["alt"] = alt
    listings.save(product, payload, expected_version, actor)


def move_photo(product: Product, key: str, offset: int, expected_version: int, actor) -> None:
    """Move photo ``key`` ``offset`` places towards the end (negative: towards the start);
    the first photo is the one cards and search results show."""
    payload = editable_copy(product, expected_version)
    images = payload["images"]
    photo = _photo(payload, key)
    position = images.index(photo)
    target = min(max(position + offset, 0), len(images) - 1)
    images.insert(target, images.pop(position))
    listings.save(product, payload, expected_version, actor)


def delete_photo(product: Product, key: str, expected_version: int, actor) -> None:
    """Take photo ``key`` out of the listing. Its files stay while a live listing or an
    open revision shows them; ``showcase media sweep`` removes them after that."""
    payload = editable_copy(product, expected_version)
    payload["images"].remove(_photo(payload, key))
    listings.save(product, payload, expected_version, actor)


def editable_copy(product: Product, expected_version: int) -> dict:
    """A copy of the listing's editable payload to change, once the listing is known to be
    open to changes and the form's version current: what ``listings.save`` would refuse
    anyway is refused before any file is decoded or stored."""
    if product.status == ProductStatus.SUBMITTED:
        raise ListingError(WAITING_FOR_REVIEW)
    if product.edit_version != expected_version:
        raise EditConflict()
    # A deep copy: the revision's stored payload must not change under the save's diff.
    return copy.deepcopy(listings.editable_payload(product))


def _photo(payload: dict, key: str) -> dict:
    found = next((image for image in payload["images"] if image["key"] == key), None)
    if found is None:
        raise ListingError(NO_SUCH_PHOTO)
    return found
