"""Staff translations: a published product's texts in one language, written or corrected by
PPS staff straight on the live listing (staff are its reviewers).

The text is marked ``staff_written`` (the public page says so), the listing's edit version moves
on (an editor opened before sees the change instead of overwriting it), an open revision of
the company gets the same text (approving it later keeps the translation), and the search
index follows through the outbox, as for every product change.
"""

from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Product, ProductStatus
from showcase.services import audit, listings
from showcase.services.listing_payload import TEXT_FIELDS


class TranslationError(ValueError):
    """A translation refused; ``message`` says why, ``problems`` lists ``(field, message)``."""

    def __init__(self, message, problems: list[tuple[str, object]] | None = None):
        super().__init__(str(message))
        self.message = message
        self.problems = problems or []


def _text_values(text) -> dict:
    if text is None:
        return {}
    return {"name": text.name, "summary": text.summary, "description": text.description,
            "keywords": list(text.keywords or []), "staff_written": text.staff_written}


def _check(language: str, fields: dict) -> dict:
    """The four text fields of ``fields`` (missing ones empty), or TranslationError."""
    if language not in listings.TEXT_LANGUAGES:
        raise TranslationError(_lp("This language is not offered."))
    values = {"name": (fields.get("name") or "").strip(),
              "summary": fields.get("summary") or "",
              "description": fields.get("description") or "",
              "keywords": list(fields.get("keywords") or [])}
    problems = [(name, message) for name, field_rule in listings.TEXT_RULES.items()
                if (message := field_rule.check(values[name])) is not None]
    if problems:
        raise TranslationError(_lp("Some fields need attention."), problems)
    return values


def save_translation(product: Product, language: str, fields: dict, actor,
                     expected_version: int | None = None) -> bool:
    """Write ``fields`` (name, summary, description, keywords) as the text of ``product`` in
    ``language``, marked as written by staff; True when anything changed. A form passes the
    ``edit_version`` it was drawn at: a save since then raises ``listings.EditConflict``."""
    if product.status != ProductStatus.PUBLISHED:
        raise TranslationError(_lp("Only a published listing is translated here."))
    values = _check(language, fields)
    before = _text_values(product.texts.get(language))
    if before and all(before[name] == values[name] for name in TEXT_FIELDS) \
            and before["staff_written"]:
        return False
    listings.claim_version(product, expected_version)
    product.set_text(language, staff_written=True, **values)
    _follow_in_open_revision(product, language, values)
    audit.record("translation.save", product, actor, before=before,
                 after=_text_values(product.texts[language]), language=language)
    return True


def _follow_in_open_revision(product: Product, language: str, values: dict) -> None:
    """Put the text into the company's open revision too: it holds the whole listing, and
    approving it must not bring back the text staff just replaced."""
    revision = listings.open_revision(product)
    if revision is not None:
        payload = dict(revision.payload)
        payload["texts"] = {**payload.get("texts", {}), language: dict(values)}
        revision.payload = payload
