"""Companies writing their listings: drafts, saves guarded by the edit version, revisions of
live listings, submission for review and withdrawal.

A listing is edited as a payload (:mod:`showcase.services.listing_payload`). While it is a
draft (or rejected, or withdrawn) a save writes the product itself; once it is published a save
writes the one open revision instead and the live listing stays as it is until staff approve
(:mod:`showcase.services.curation`). A submitted listing waits for staff and is not edited;
the company withdraws it first. Every save names the ``edit_version`` its form was drawn with:
a later save by someone else has moved it on, and the older form is refused with
:class:`EditConflict` instead of overwriting their work.
"""

import secrets
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from showcase import rules
from showcase.extensions import db
from showcase.i18n import LOCALES
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import (
    DESIGNATION_TYPES,
    OPEN_REVISION_STATES,
    Category,
    Company,
    CompanyState,
    Product,
    ProductRevision,
    ProductStatus,
    RevisionState,
)
from showcase.models.base import utcnow
from showcase.services import audit
from showcase.services.listing_payload import apply_payload, snapshot

MAX_PHOTOS = 8
MAX_BROCHURES = 5
BOOTH_REQUEST_LENGTH = 200
# Texts may be written in any interface language, under its content-language code.
TEXT_LANGUAGES = tuple(dict.fromkeys(locale.content_language for locale in LOCALES))
REQUIRED_ONE_OF = ("ko", "en")
# Saved straight into the product: nobody but the company sees these listings yet.
WRITTEN_DIRECTLY = (ProductStatus.DRAFT, ProductStatus.REJECTED, ProductStatus.WITHDRAWN)
TEXT_RULES = {"name": rules.PRODUCT_NAME, "summary": rules.SUMMARY,
              "description": rules.DESCRIPTION, "keywords": rules.KEYWORDS}


class ListingError(ValueError):
    """The listing cannot be changed as asked; ``message`` says why (translatable)."""

    def __init__(self, message, problems: list[tuple[str, object]] | None = None):
        super().__init__(str(message))
        self.message = message
        self.problems = problems or []


class EditConflict(ListingError):
    """Someone saved the listing after this form was drawn; nothing was overwritten."""

    def __init__(self):
        super().__init__(_lp(
            "Someone else saved this listing after you opened it. Your changes were not saved: "
            "reload the listing, then make them again."))


def change_status(product: Product, wanted: ProductStatus, actor=None) -> Product:
    """Move ``product`` along its lifecycle and audit it; raises LifecycleError."""
    previous = product.status
    product.change_status(wanted)
    audit.record("product.status", product, actor,
                 before={"status": previous.value}, after={"status": product.status.value})
    return product


def create_draft(company: Company, actor) -> Product:
    """A new, empty draft listing of ``company`` with a fresh reference."""
    product = Product(ref=_new_ref(), company=company, status=ProductStatus.DRAFT,
                      designation_type="", designation_number="")
    db.session.add(product)
    audit.record("listing.create", product, actor, after={"ref": product.ref})
    return product


def open_revision(product: Product) -> ProductRevision | None:
    """The revision of ``product`` awaiting staff or sent back to the company, if any."""
    return next((revision for revision in product.revisions
                 if revision.state in OPEN_REVISION_STATES), None)


def editable_payload(product: Product) -> dict:
    """What the editor shows: the open revision of a live listing, else the listing itself."""
    revision = open_revision(product)
    return dict(revision.payload) if revision is not None else snapshot(product)


def save(product: Product, payload: dict, expected_version: int, actor) -> Product:
    """Save an edited ``payload`` of ``product`` drawn at ``expected_version``.

    Raises :class:`ListingError` (with per-field ``problems``) for values the rules refuse,
    :class:`EditConflict` when someone saved in between. Drafts are saved incomplete;
    completeness is checked on submission. A live listing saved as it is live has nothing
    for staff to review: no revision is opened, and an open one is withdrawn.
    """
    if product.status == ProductStatus.SUBMITTED:
        raise ListingError(_lp("This listing is waiting for review. Withdraw it to edit it."))
    problems = check_edit(product, payload)
    if problems:
        raise ListingError(_lp("Some fields need attention."), problems)
    unchanged_live = product.status == ProductStatus.PUBLISHED and payload == snapshot(product)
    if unchanged_live and open_revision(product) is None:
        return product
    claim_version(product, expected_version)
    if unchanged_live:
        revision = open_revision(product)
        revision.state = RevisionState.WITHDRAWN
        audit.record("revision.withdraw", revision, actor, product_id=product.id)
    elif product.status == ProductStatus.PUBLISHED:
        _save_revision(product, payload, expected_version, actor)
    else:
        before = snapshot(product)
        apply_payload(product, payload)
        if product.status == ProductStatus.REJECTED:
            product.change_status(ProductStatus.DRAFT)
        audit.record("listing.save", product, actor, **changed_fields(before, snapshot(product)))
    return product


def submit(product: Product, actor, expected_version: int | None = None) -> Product:
    """Send a draft (or withdrawn listing) to staff for review; it must be complete and its
    company approved. With ``expected_version`` (the version the company looked at), a
    listing someone saved since is refused with :class:`EditConflict`."""
    if product.company.state != CompanyState.APPROVED:
        raise ListingError(_lp("Your company's sign-up is still waiting for approval by "
                               "PPS staff. You can submit listings once it is approved."))
    if product.status not in (ProductStatus.DRAFT, ProductStatus.WITHDRAWN):
        raise ListingError(_lp("Only a draft can be submitted for review."))
    problems = missing_for_submission(snapshot(product))
    if problems:
        raise ListingError(_lp("The listing is not complete yet."), problems)
    previous = product.status
    claim_version(product, expected_version)
    product.change_status(ProductStatus.SUBMITTED)
    product.submitted_at = utcnow()
    product.review_note = ""
    audit.record("listing.submit", product, actor, before={"status": previous.value},
                 after={"status": product.status.value})
    return product


def withdraw(product: Product, actor, expected_version: int | None = None) -> Product:
    """Take back a submission (it becomes a draft again) or take a live listing offline;
    ``expected_version`` as for :func:`submit`.

    Changes of a live listing still waiting for staff become the offline listing's content:
    the company edits it directly from now on, and staff review all of it when it is
    submitted again.
    """
    target = {ProductStatus.SUBMITTED: ProductStatus.DRAFT,
              ProductStatus.PUBLISHED: ProductStatus.WITHDRAWN}.get(product.status)
    if target is None:
        raise ListingError(_lp("This listing is neither waiting for review nor live."))
    previous = product.status
    claim_version(product, expected_version)
    product.change_status(target)
    audit.record("listing.withdraw", product, actor, before={"status": previous.value},
                 after={"status": product.status.value})
    revision = open_revision(product)
    if revision is not None:
        before = snapshot(product)
        apply_payload(product, revision.payload)
        revision.state = RevisionState.WITHDRAWN
        audit.record("revision.fold", revision, actor, product_id=product.id,
                     **changed_fields(before, snapshot(product)))
    return product


def discard_revision(product: Product, actor, expected_version: int | None = None) -> None:
    """Withdraw the open revision of a live listing; the live listing stays as it is.
    ``expected_version`` as for :func:`submit`."""
    revision = open_revision(product)
    if revision is None:
        raise ListingError(_lp("There are no pending changes to withdraw."))
    claim_version(product, expected_version)
    revision.state = RevisionState.WITHDRAWN
    audit.record("revision.withdraw", revision, actor, product_id=product.id)


def check_edit(product: Product, payload: dict) -> list[tuple[str, object]]:
    """What :func:`save` would refuse in ``payload`` as an edit of ``product``: the values
    :func:`check_payload` refuses, and texts in a language the site does not offer unless the
    listing already had them (an import may bring any language; an edit keeps it)."""
    kept = set(editable_payload(product)["texts"])
    return check_payload(payload) + [
        (f"texts.{language}", _lp("This language is not offered."))
        for language in payload["texts"]
        if language not in TEXT_LANGUAGES and language not in kept
        and rules.STORED_LANGUAGE.check(language) is None]


def check_payload(payload: dict) -> list[tuple[str, object]]:
    """Problems with the values of ``payload`` as ``(field path, message)``; empty values are
    fine here (a draft may be incomplete). Texts may be in any language, under its stored
    code (:func:`check_edit` limits what an edit may add)."""
    problems = []

    def follow(field_rule: rules.Rule, path: str, value) -> None:
        if value not in (None, "", []):
            message = field_rule.check(value)
            if message is not None:
                problems.append((path, message))

    designation = payload["designation"]
    if designation["type"] and designation["type"] not in DESIGNATION_TYPES:
        problems.append(("designation.type", _lp("Choose a designation type from the list.")))
    follow(rules.DESIGNATION_NUMBER, "designation.number", designation["number"])
    days = {}
    for name in ("valid_from", "valid_until"):
        days[name] = _day_or_none(designation[name])
        if designation[name] and days[name] is None:
            problems.append((f"designation.{name}",
                             _lp("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")))
    if days["valid_from"] and days["valid_until"] and days["valid_from"] > days["valid_until"]:
        problems.append(("designation.valid_until",
                         _lp("The end of validity must not come before its start.")))
    follow(rules.CLASSIFICATION, "classification_code", payload["classification_code"])
    follow(rules.CERTIFICATIONS, "certifications", payload["certifications"])
    follow(rules.PRICE_AMOUNT, "price.amount", payload["price"]["amount"])
    follow(rules.PRICE_CURRENCY, "price.currency", payload["price"]["currency"])
    follow(rules.PRICE_UNIT, "price.unit", payload["price"]["unit"])
    if len(payload["booth_request"]) > BOOTH_REQUEST_LENGTH:
        problems.append(("booth_request", _lp("Keep the booth request under %(limit)s "
                                              "characters.", limit=BOOTH_REQUEST_LENGTH)))
    if payload["category"] and not _category_exists(payload["category"]):
        problems.append(("category", _lp("Choose a category from the list.")))
    for language, text in payload["texts"].items():
        if rules.STORED_LANGUAGE.check(language) is not None:
            problems.append((f"texts.{language}", _lp("This language is not offered.")))
            continue
        for name, field_rule in TEXT_RULES.items():
            follow(field_rule, f"texts.{language}.{name}", text[name])
    if len(payload["images"]) > MAX_PHOTOS:
        problems.append(("images", _lp("A listing has at most %(count)s photos.",
                                       count=MAX_PHOTOS)))
    if len(payload["documents"]) > MAX_BROCHURES:
        problems.append(("documents", _lp("A listing has at most %(count)s brochures.",
                                          count=MAX_BROCHURES)))
    return problems


def missing_for_submission(payload: dict) -> list[tuple[str, object]]:
    """What a listing still needs before staff can review it, as ``(field path, message)``."""
    missing = []
    texts = payload["texts"]
    if not any(texts.get(code, {}).get("name") for code in REQUIRED_ONE_OF):
        missing.append(("texts", _lp("Give the product a name in Korean or English.")))
    for path, value in (("designation.type", payload["designation"]["type"]),
                        ("designation.number", payload["designation"]["number"]),
                        ("designation.valid_from", payload["designation"]["valid_from"]),
                        ("designation.valid_until", payload["designation"]["valid_until"]),
                        ("classification_code", payload["classification_code"]),
                        ("category", payload["category"])):
        if not value:
            missing.append((path, _lp("This is needed before the listing can be submitted.")))
    return missing + check_payload(payload)


def _save_revision(product: Product, payload: dict, base_version: int, actor) -> None:
    revision = open_revision(product)
    if revision is None:
        revision = ProductRevision(product_id=product.id, author_id=getattr(actor, "id", None))
        product.revisions.append(revision)
    before = revision.payload or snapshot(product)
    revision.payload = payload
    revision.base_version = base_version
    revision.state = RevisionState.PENDING
    revision.author_id = getattr(actor, "id", None)
    audit.record("revision.save", revision, actor, product_id=product.id,
                 **changed_fields(before, payload))


def claim_version(product: Product, expected_version: int | None = None) -> None:
    """Move the edit version on from ``expected_version`` in one conditional UPDATE, so that of
    two saves drawn at the same version only the first succeeds (also across processes). A
    status change also outdates any form drawn before it: without ``expected_version`` the
    version ``product`` was read at is claimed."""
    if expected_version is None:
        expected_version = product.edit_version
    moved = db.session.execute(
        update(Product)
        .where(Product.id == product.id, Product.edit_version == expected_version)
        .values(edit_version=Product.edit_version + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise EditConflict()
    set_committed_value(product, "edit_version", expected_version + 1)


def changed_fields(before: dict, after: dict) -> dict:
    """The top-level fields that differ, as ``before`` and ``after`` for the audit event."""
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {"before": {key: before.get(key) for key in changed},
            "after": {key: after[key] for key in changed}}


def _day_or_none(text) -> date | None:
    """The day an ISO date names, or None for anything else."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _category_exists(code: str) -> bool:
    return db.session.scalar(select(Category.id).where(Category.code == code)) is not None


def _new_ref() -> str:
    """A reference no listing has: short, unguessable, safe in a URL."""
    while True:
        ref = f"SC-{secrets.token_hex(4).upper()}"
        if db.session.scalar(select(Product.id).where(Product.ref == ref)) is None:
            return ref
