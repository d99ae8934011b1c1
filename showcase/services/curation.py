"""Staff decisions: the only code that lets a company's work reach the public.

Staff approve or reject company sign-ups, and decide on the review queue: a submitted listing
is published, sent back to the company as a draft with a comment, or rejected; a revision of a
live listing (the company's pending edit) is applied to the listing, sent back or rejected.
Every decision is audited and e-mailed to the company's members in their language, with the
staff's note and a link to the listing in the portal. Publishing and applying a revision
change what the search index holds; the outbox updates it after the commit.

Each listing decision claims the product's edit version (the conditional UPDATE of
:mod:`showcase.services.listings`), so a decision and a company save that happen at the same
moment cannot both succeed: the second one is refused instead of one silently overwriting the
other. A caller that showed staff a particular version passes it as ``expected_version``; a
listing the company changed after that is refused too, so staff never approve what they did
not see.
"""

from dataclasses import dataclass

from flask import current_app, has_request_context, request
from flask_babel import force_locale

from showcase import mail
from showcase.extensions import db
from showcase.i18n import PORTAL_LOCALES
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import (
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
from showcase.services.listings import EditConflict, changed_fields, check_payload, claim_version

DECISIONS = ("approve", "send_back", "reject")
NOTE_LENGTH = 4000


class CurationError(ValueError):
    """A decision that cannot be taken as asked; ``message`` says why (translatable)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Outcome:
    """What became of one item of a bulk decision: ``message`` is None when it was taken."""

    subject: Product | ProductRevision
    message: object = None

    @property
    def ok(self) -> bool:
        """The decision was taken."""
        return self.message is None


# --- Company sign-ups -------------------------------------------------------------------

def approve_company(company: Company, actor, note: str = "") -> Company:
    """Let ``company`` submit listings; ``note`` is shown to it (optional)."""
    if company.state == CompanyState.APPROVED:
        raise CurationError(_lp("This company is already approved."))
    _decide_company(company, CompanyState.APPROVED, actor, _note(note),
                    "curation.approve_company")
    _tell_members(company, "company_approved", company.review_note)
    return company


def reject_company(company: Company, actor, note: str) -> Company:
    """Turn down the sign-up of ``company`` with a reason it is shown (required)."""
    if company.state != CompanyState.PENDING:
        raise CurationError(_lp("Only a sign-up that waits for approval can be rejected."))
    _decide_company(company, CompanyState.REJECTED, actor, _required(note),
                    "curation.reject_company")
    _tell_members(company, "company_rejected", company.review_note)
    return company


def _decide_company(company: Company, state: CompanyState, actor, note: str,
                    action: str) -> None:
    before = {"state": company.state.value, "review_note": company.review_note}
    company.state = state
    company.review_note = note
    company.reviewed_at = utcnow()
    audit.record(action, company, actor, before=before,
                 after={"state": state.value, "review_note": company.review_note})


# --- Submitted listings -----------------------------------------------------------------

def approve_submission(product: Product, actor, note: str = "",
                       expected_version: int | None = None) -> Product:
    """Publish a submitted listing, with an optional comment to the company; the search index
    picks it up after the commit."""
    note = _note(note)
    _expect_submitted(product)
    _expect_company_approved(product)
    _claim(product, expected_version)
    _move_submission(product, ProductStatus.PUBLISHED, actor, note, "curation.approve")
    _tell_members(product.company, "approve", note, product)
    return product


def send_back(product: Product, actor, note: str, expected_version: int | None = None
              ) -> Product:
    """Return a submitted listing to the company as a draft, with what to change."""
    return _turn_down_submission(product, ProductStatus.DRAFT, "send_back", actor, note,
                                 expected_version)


def reject_submission(product: Product, actor, note: str, expected_version: int | None = None
                      ) -> Product:
    """Turn down a submitted listing, with the reason."""
    return _turn_down_submission(product, ProductStatus.REJECTED, "reject", actor, note,
                                 expected_version)


def _turn_down_submission(product: Product, status: ProductStatus, kind: str, actor,
                          note: str, expected_version: int | None) -> Product:
    """Move a submitted listing to ``status`` with the comment it needs; the audit action is
    ``curation.<kind>`` and the mail to the company the one of ``kind``."""
    note = _required(note)
    _expect_submitted(product)
    _claim(product, expected_version)
    _move_submission(product, status, actor, note, f"curation.{kind}")
    _tell_members(product.company, kind, note, product)
    return product


def _move_submission(product: Product, status: ProductStatus, actor, note: str,
                     action: str) -> None:
    before = {"status": product.status.value, "review_note": product.review_note}
    product.change_status(status)
    product.review_note = note
    audit.record(action, product, actor, before=before,
                 after={"status": status.value, "review_note": note})


# --- Revisions of live listings ---------------------------------------------------------

def approve_revision(revision: ProductRevision, actor, note: str = "",
                     expected_version: int | None = None) -> ProductRevision:
    """Apply a pending revision to its live listing (texts, fields, photos and brochures),
    with an optional comment to the company."""
    note = _note(note)
    product = _expect_pending(revision)
    _expect_company_approved(product)
    if check_payload(revision.payload):
        raise CurationError(_lp("These changes hold values that are no longer allowed "
                                "(a category removed since?). Send them back instead."))
    # A revision saved on an older edit version is fine: the company saved it after reading
    # that version, and the claim below shuts out a save still in flight.
    _claim(product, expected_version)
    before = snapshot(product)
    apply_payload(product, revision.payload)
    _close_revision(revision, RevisionState.APPROVED, actor, note)
    audit.record("curation.approve_revision", revision, actor, product_id=product.id,
                 note=note, **changed_fields(before, snapshot(product)))
    _tell_members(product.company, "approve_revision", note, product)
    return revision


def send_back_revision(revision: ProductRevision, actor, note: str,
                       expected_version: int | None = None) -> ProductRevision:
    """Return a pending revision to the company with what to change; the live listing stays."""
    return _turn_down_revision(revision, RevisionState.SENT_BACK, "send_back_revision", actor,
                               note, expected_version)


def reject_revision(revision: ProductRevision, actor, note: str,
                    expected_version: int | None = None) -> ProductRevision:
    """Turn down a pending revision, with the reason; the live listing stays as it is."""
    return _turn_down_revision(revision, RevisionState.REJECTED, "reject_revision", actor,
                               note, expected_version)


def _turn_down_revision(revision: ProductRevision, state: RevisionState, kind: str, actor,
                        note: str, expected_version: int | None) -> ProductRevision:
    """Close a pending revision as ``state`` with the comment it needs; the audit action is
    ``curation.<kind>`` and the mail to the company the one of ``kind``."""
    note = _required(note)
    product = _expect_pending(revision)
    _claim(product, expected_version)
    before = {"state": revision.state.value, "note": revision.note}
    _close_revision(revision, state, actor, note)
    audit.record(f"curation.{kind}", revision, actor, product_id=revision.product_id,
                 before=before, after={"state": state.value, "note": note})
    _tell_members(product.company, kind, note, product)
    return revision


def _close_revision(revision: ProductRevision, state: RevisionState, actor, note: str) -> None:
    revision.state = state
    revision.note = note
    revision.reviewer_id = actor.id if actor is not None else None
    revision.reviewed_at = utcnow()


# --- Several at once --------------------------------------------------------------------

def decide_many(items, decision: str, actor, note: str = "") -> list[Outcome]:
    """Apply ``decision`` ("approve", "send_back" or "reject") to each queue item, given as
    ``(submitted product or pending revision, expected edit version or None)``. An item that
    cannot be decided is reported with the reason and the others go ahead."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    note = _note(note) if decision == "approve" else _required(note)
    outcomes = []
    for subject, expected_version in items:
        try:
            decide(subject, decision, actor, note, expected_version)
        except CurationError as refused:
            outcomes.append(Outcome(subject, refused.message))
        else:
            outcomes.append(Outcome(subject))
    return outcomes


def decide(subject: Product | ProductRevision, decision: str, actor, note: str = "",
           expected_version: int | None = None):
    """Take ``decision`` on one queue item: a submitted product or a pending revision."""
    by_kind = {
        Product: {"approve": approve_submission, "send_back": send_back,
                  "reject": reject_submission},
        ProductRevision: {"approve": approve_revision, "send_back": send_back_revision,
                          "reject": reject_revision},
    }
    return by_kind[type(subject)][decision](subject, actor, note,
                                            expected_version=expected_version)


# --- Checks -----------------------------------------------------------------------------

def _required(note: str) -> str:
    note = _note(note)
    if not note:
        raise CurationError(_lp("Write a comment for the company: it says what to change or "
                                "why the decision was taken."))
    return note


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise CurationError(_lp("Keep the comment under %(limit)s characters.",
                                limit=NOTE_LENGTH))
    return note


def _expect_submitted(product: Product) -> None:
    if product.status != ProductStatus.SUBMITTED:
        raise CurationError(_lp("This listing is no longer waiting for review."))


def _expect_pending(revision: ProductRevision) -> Product:
    product = db.session.get(Product, revision.product_id)
    if revision.state != RevisionState.PENDING or product.status != ProductStatus.PUBLISHED:
        raise CurationError(_lp("These changes are no longer waiting for review."))
    return product


def _expect_company_approved(product: Product) -> None:
    if product.company.state != CompanyState.APPROVED:
        raise CurationError(_lp("The company's sign-up is not approved: approve the company "
                                "before publishing its listings."))


def _claim(product: Product, expected_version: int | None) -> None:
    try:
        claim_version(product, expected_version)
    except EditConflict as conflict:
        raise CurationError(_lp("The company changed this listing after you opened it. "
                                "Nothing was decided: review the latest version.")) from conflict


# --- Telling the company ----------------------------------------------------------------

# Subject and first paragraph of each decision's mail; "%(name)s" is the listing's name.
MAILS = {
    "company_approved": (
        _lp("Your company can now list products"),
        _lp("PPS staff approved your company's sign-up. You can now submit listings for "
            "review.")),
    "company_rejected": (
        _lp("Your company's sign-up was not approved"),
        _lp("PPS staff did not approve your company's sign-up.")),
    "approve": (
        _lp("Published: %(name)s"),
        _lp("PPS staff approved your listing \"%(name)s\". It is now in the public catalog.")),
    "send_back": (
        _lp("Changes requested: %(name)s"),
        _lp("PPS staff sent your listing \"%(name)s\" back to you. Make the changes below "
            "and submit it again.")),
    "reject": (
        _lp("Not accepted: %(name)s"),
        _lp("PPS staff did not accept your listing \"%(name)s\" for the catalog.")),
    "approve_revision": (
        _lp("Your changes are live: %(name)s"),
        _lp("PPS staff approved your changes to \"%(name)s\". The catalog shows them now.")),
    "send_back_revision": (
        _lp("Changes requested: %(name)s"),
        _lp("PPS staff sent your changes to \"%(name)s\" back to you. The catalog still "
            "shows the listing as it was. Make the changes below and save again.")),
    "reject_revision": (
        _lp("Changes not accepted: %(name)s"),
        _lp("PPS staff did not accept your changes to \"%(name)s\". The catalog still shows "
            "the listing as it was.")),
}


def _tell_members(company: Company, kind: str, note: str, product: Product | None = None
                  ) -> None:
    """Mail each active member of ``company`` about a decision, in their own language."""
    subject, opening = MAILS[kind]
    for member in company.members:
        if not member.is_active:
            continue
        locale = member.preferred_locale if member.preferred_locale in PORTAL_LOCALES else "en"
        with force_locale(locale):
            values = {"name": _listing_name(product, locale) if product else ""}
            paragraphs = [str(opening) % values]
            if note:
                paragraphs.append(_p("Comment from PPS staff:") + "\n" + note)
            paragraphs.append(_p("Open it in the company portal:") + "\n"
                              + _portal_url(product, locale))
            mail.send(member.email, str(subject) % values, "\n\n".join(paragraphs) + "\n")


def _listing_name(product: Product, locale: str) -> str:
    text = product.text_in([locale, "en", "ko"])
    return text.name if text is not None else product.ref


def _portal_url(product: Product | None, locale: str) -> str:
    """The listing's page in the portal (the portal's list of listings for a decision on the
    company's sign-up), under the site's base URL."""
    # Built from the URL map, so a decision taken outside a request has a link too.
    urls = current_app.url_map.bind("localhost")
    if product is None:
        path = urls.build("portal.listings", {"lang": locale})
    else:
        path = urls.build("portal.edit", {"ref": product.ref, "lang": locale})
    base = current_app.config.get("BASE_URL") or (
        request.host_url if has_request_context() else "")
    return base.rstrip("/") + path
