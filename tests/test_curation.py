"""Staff decisions on sign-ups, submissions and revisions: each one changes what the company
and the public see, is audited, and is mailed to the company's members in their language."""

import copy
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import select

from showcase import media, unit_of_work
from showcase.extensions import db
from showcase.models import (
    AuditEvent,
    CompanyState,
    Product,
    ProductRevision,
    ProductStatus,
    RevisionState,
    User,
)
from showcase.queries import staff as staff_queries
from showcase.services import curation, listings
from showcase.services.accounts import create_user
from showcase.services.listing_payload import snapshot
from tests import factories
from tests.conftest import DEMO_CATALOG, TEST_PASSWORD

PHOTO = DEMO_CATALOG.parent / "images"


def _mails(app, to: str) -> list:
    folder = Path(app.config["DATA_DIR"]) / "outbox-mail"
    files = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    parsed = [BytesParser(policy=policy.default).parse(path.open("rb")) for path in files]
    return [mail for mail in parsed if mail["To"] == to]


def _text(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _found_by_search(client, words: str) -> str:
    return client.get("/en/search", query_string={"q": words}).get_data(as_text=True)


@pytest.fixture
def world(app_context):
    """A staff member and an approved company with a Korean- and an English-speaking member."""
    with unit_of_work.committed():
        company = factories.add_company()
        staff = create_user("curator@example.test", "staff", TEST_PASSWORD)
        korean = create_user("minji@example.test", "company", TEST_PASSWORD,
                             company.registration_number)
        korean.preferred_locale = "ko"
        english = create_user("sam@example.test", "company", TEST_PASSWORD,
                              company.registration_number)
    return {"company": company, "staff": staff, "korean": korean, "english": english}


def _submitted(world, name="Kookaburra tide gauge") -> Product:
    with unit_of_work.committed():
        return factories.add_product(world["company"], "submitted",
                                     texts={"en": name, "ko": "쿠카부라 조위계"})


def _published(world, name="Wombat harbour sonar") -> Product:
    with unit_of_work.committed():
        return factories.add_product(world["company"], "published",
                                     texts={"en": name, "ko": "웜뱃 항만 소나"})


def _propose(world, product: Product, change) -> ProductRevision:
    """The company saves an edit of its live listing; ``change`` edits the payload."""
    payload = copy.deepcopy(listings.editable_payload(product))
    change(payload)
    with unit_of_work.committed():
        listings.save(product, payload, product.edit_version, world["english"])
    return listings.open_revision(product)


# --- Submissions ---------------------------------------------------------------------------

def test_approving_a_submission_publishes_it_and_search_finds_it(app, world):
    product = _submitted(world)
    client = app.test_client()
    assert "Kookaburra" not in _found_by_search(client, "kookaburra")
    version = product.edit_version
    with unit_of_work.committed():
        curation.approve_submission(product, world["staff"])
    assert product.status == ProductStatus.PUBLISHED
    assert product.published_at is not None
    assert product.edit_version == version + 1
    assert product.ref in _found_by_search(client, "kookaburra")
    assert client.get(f"/en/products/{product.ref}").status_code == 200
    event = _events("curation.approve")[0]
    assert event.actor_id == world["staff"].id and event.subject_id == product.id
    assert event.details["before"]["status"] == "submitted"
    assert event.details["after"]["status"] == "published"
    assert staff_queries.queue_item(product.ref) is None


def test_each_member_is_told_of_a_decision_in_their_own_language(app, world):
    product = _submitted(world)
    with unit_of_work.committed():
        curation.approve_submission(product, world["staff"])
    [english] = _mails(app, "sam@example.test")
    assert english["Subject"] == "Published: Kookaburra tide gauge"
    assert "now in the public catalog" in _text(english)
    assert f"/en/portal/listings/{product.ref}" in _text(english)
    [korean] = _mails(app, "minji@example.test")
    assert "쿠카부라 조위계" in korean["Subject"]
    assert f"/ko/portal/listings/{product.ref}" in _text(korean)


def test_an_approval_may_carry_a_comment_the_company_reads(app, world):
    product = _submitted(world)
    with unit_of_work.committed():
        curation.approve_submission(product, world["staff"], "Add a Thai summary soon.")
    assert product.review_note == "Add a Thai summary soon."
    assert "Add a Thai summary soon." in _text(_mails(app, "sam@example.test")[0])
    live = _published(world)
    revision = _propose(world, live, lambda payload: payload["texts"]["en"].update(
        summary="Sharper sonar."))
    with unit_of_work.committed():
        curation.approve_revision(revision, world["staff"], "Thank you.")
    assert revision.note == "Thank you."
    assert "Thank you." in _text(_mails(app, "sam@example.test")[-1])


def test_sending_a_submission_back_makes_it_a_draft_with_the_comment(app, world):
    product = _submitted(world)
    with unit_of_work.committed():
        curation.send_back(product, world["staff"], "  Add a photo of the gauge on a pier.  ")
    assert product.status == ProductStatus.DRAFT
    assert product.review_note == "Add a photo of the gauge on a pier."
    [mail] = _mails(app, "sam@example.test")
    assert mail["Subject"] == "Changes requested: Kookaburra tide gauge"
    assert "Add a photo of the gauge on a pier." in _text(mail)
    event = _events("curation.send_back")[0]
    assert event.details["after"] == {"status": "draft",
                                      "review_note": "Add a photo of the gauge on a pier."}
    # The company can submit it again; then it is back in the queue, its comment cleared.
    with unit_of_work.committed():
        listings.submit(product, world["english"])
    assert staff_queries.queue_item(product.ref) is not None
    assert product.review_note == ""


def test_rejecting_a_submission_keeps_it_off_the_catalog_with_the_reason(app, world):
    product = _submitted(world)
    with unit_of_work.committed():
        curation.reject_submission(product, world["staff"], "Not a designated product.")
    assert product.status == ProductStatus.REJECTED
    assert product.review_note == "Not a designated product."
    assert app.test_client().get(f"/en/products/{product.ref}").status_code == 404
    assert "Not a designated product." in _text(_mails(app, "sam@example.test")[0])
    assert _events("curation.reject")[0].details["after"]["status"] == "rejected"


@pytest.mark.parametrize("decide", [curation.send_back, curation.reject_submission])
def test_sending_back_or_rejecting_needs_a_comment(app, world, decide):
    product = _submitted(world)
    with pytest.raises(curation.CurationError, match="Write a comment"):
        decide(product, world["staff"], "   ")
    with pytest.raises(curation.CurationError, match="under 4000 characters"):
        decide(product, world["staff"], "x" * 4001)
    assert product.status == ProductStatus.SUBMITTED


def test_a_submission_of_a_company_not_approved_is_not_published(app, world):
    product = _submitted(world)
    with unit_of_work.committed():
        world["company"].state = CompanyState.SUSPENDED
    refused = pytest.raises(curation.CurationError, match="approve the company")
    with refused, unit_of_work.committed():
        curation.approve_submission(product, world["staff"])
    db.session.refresh(product)
    assert product.status == ProductStatus.SUBMITTED
    assert _mails(app, "sam@example.test") == []


def test_a_listing_withdrawn_or_changed_since_staff_opened_it_is_not_decided(app, world):
    product = _submitted(world)
    shown_version = product.edit_version
    with unit_of_work.committed():
        listings.withdraw(product, world["english"])
        listings.submit(product, world["english"])
    refused = pytest.raises(curation.CurationError, match="changed this listing")
    with refused, unit_of_work.committed():
        curation.approve_submission(product, world["staff"], expected_version=shown_version)
    db.session.refresh(product)
    assert product.status == ProductStatus.SUBMITTED
    with unit_of_work.committed():
        listings.withdraw(product, world["english"])
    with pytest.raises(curation.CurationError, match="no longer waiting"):
        curation.approve_submission(product, world["staff"])


# --- Revisions of live listings ------------------------------------------------------------

def _new_photo() -> dict:
    stored = media.store_image(next(PHOTO.glob("*.jpg")).read_bytes())
    return {"key": stored.key, "width": stored.width, "height": stored.height,
            "alt": {"en": "The sonar on a buoy"}, "source_digest": ""}


def _rewrite(payload: dict, photo: dict) -> None:
    payload["texts"]["en"]["name"] = "Platypus harbour sonar"
    payload["texts"]["en"]["summary"] = "Maps the harbour floor."
    payload["images"] = [photo]


def test_an_approved_revision_replaces_texts_and_photos_live_and_in_search(app, world):
    product = _published(world)
    client = app.test_client()
    with unit_of_work.committed():
        photo = _new_photo()
    revision = _propose(world, product, lambda payload: _rewrite(payload, photo))
    # Before approval the public sees the live listing only.
    assert "Wombat harbour sonar" in client.get(f"/en/products/{product.ref}").get_data(
        as_text=True)
    assert product.ref in _found_by_search(client, "wombat")
    assert product.ref not in _found_by_search(client, "platypus")
    version = product.edit_version
    with unit_of_work.committed():
        curation.approve_revision(revision, world["staff"])
    assert revision.state == RevisionState.APPROVED
    assert revision.reviewer_id == world["staff"].id and revision.reviewed_at is not None
    assert product.edit_version == version + 1
    assert [image.key for image in product.images] == [photo["key"]]
    page = client.get(f"/en/products/{product.ref}").get_data(as_text=True)
    assert "Platypus harbour sonar" in page and "Wombat harbour sonar" not in page
    assert product.ref in _found_by_search(client, "platypus")
    assert product.ref not in _found_by_search(client, "wombat")
    event = _events("curation.approve_revision")[0]
    assert event.details["after"]["texts"]["en"]["name"] == "Platypus harbour sonar"
    assert event.details["before"]["texts"]["en"]["name"] == "Wombat harbour sonar"
    assert _mails(app, "sam@example.test")[-1]["Subject"] == (
        "Your changes are live: Platypus harbour sonar")


def test_approving_a_revision_outdates_an_editor_form_opened_before(app, world):
    product = _published(world)
    revision = _propose(world, product, lambda payload: payload["texts"]["en"].update(
        summary="A new summary."))
    drawn_at = product.edit_version
    with unit_of_work.committed():
        curation.approve_revision(revision, world["staff"])
    payload = snapshot(product)
    payload["texts"]["en"]["summary"] = "Typed into the old form."
    with pytest.raises(listings.EditConflict):
        listings.save(product, payload, drawn_at, world["english"])


def test_a_revision_saved_on_an_older_version_is_still_approved(app, world):
    product = _published(world)
    revision = _propose(world, product, lambda payload: payload["texts"]["en"].update(
        summary="First try."))
    revision = _propose(world, product, lambda payload: payload["texts"]["en"].update(
        summary="Second try."))
    assert revision.base_version < product.edit_version
    with unit_of_work.committed():
        curation.approve_revision(revision, world["staff"])
    assert product.texts["en"].summary == "Second try."


def test_a_revision_the_company_saved_again_after_staff_opened_it_is_not_approved(app, world):
    product = _published(world)
    revision = _propose(world, product, lambda payload: payload["texts"]["en"].update(
        summary="What staff read."))
    shown_version = product.edit_version
    _propose(world, product, lambda payload: payload["texts"]["en"].update(
        summary="What staff never saw."))
    refused = pytest.raises(curation.CurationError, match="changed this listing")
    with refused, unit_of_work.committed():
        curation.approve_revision(revision, world["staff"], expected_version=shown_version)
    db.session.refresh(product)
    assert product.texts["en"].summary != "What staff never saw."
    assert db.session.get(ProductRevision, revision.id).state == RevisionState.PENDING


def test_a_revision_sent_back_leaves_the_queue_and_the_live_listing(app, world):
    product = _published(world)
    revision = _propose(world, product, lambda payload: payload["texts"]["en"].update(
        name="Echidna sonar"))
    assert staff_queries.queue_item(product.ref).revision is revision
    with unit_of_work.committed():
        curation.send_back_revision(revision, world["staff"], "Keep the model number.")
    assert revision.state == RevisionState.SENT_BACK
    assert revision.note == "Keep the model number."
    assert product.texts["en"].name == "Wombat harbour sonar"
    assert staff_queries.queue_item(product.ref) is None
    assert product.ref not in [item.product.ref for item in staff_queries.review_queue()]
    assert "Keep the model number." in _text(_mails(app, "sam@example.test")[-1])
    assert _events("curation.send_back_revision")[0].details["after"]["state"] == "sent_back"
    # The company's next save makes it pending again: it is back in the queue.
    _propose(world, product, lambda payload: payload["texts"]["en"].update(
        name="Echidna sonar HS-2"))
    assert staff_queries.queue_item(product.ref).revision.state == RevisionState.PENDING


def test_a_rejected_revision_is_closed_and_the_live_listing_stays(app, world):
    product = _published(world)
    revision = _propose(world, product, lambda payload: payload["texts"]["en"].update(
        name="Echidna sonar"))
    with unit_of_work.committed():
        curation.reject_revision(revision, world["staff"], "The name is misleading.")
    assert revision.state == RevisionState.REJECTED
    assert listings.open_revision(product) is None
    assert product.texts["en"].name == "Wombat harbour sonar"
    assert product.is_published
    assert _events("curation.reject_revision")[0].details["after"]["note"] == (
        "The name is misleading.")
    with pytest.raises(curation.CurationError, match="no longer waiting"):
        curation.approve_revision(revision, world["staff"])


# --- Several at once -----------------------------------------------------------------------

def test_one_decision_on_several_items_reports_on_each(app, world):
    first, second = _submitted(world, "Quoll buoy"), _submitted(world, "Dingo buoy")
    live = _published(world)
    revision = _propose(world, live, lambda payload: payload["texts"]["en"].update(
        summary="New summary."))
    with unit_of_work.committed():
        listings.withdraw(second, world["english"])
    with unit_of_work.committed():
        outcomes = curation.decide_many(
            [(first, first.edit_version), (second, second.edit_version),
             (revision, live.edit_version)], "approve", world["staff"])
    assert [outcome.ok for outcome in outcomes] == [True, False, True]
    assert "no longer waiting" in str(outcomes[1].message)
    assert first.is_published and live.texts["en"].summary == "New summary."
    assert second.status == ProductStatus.DRAFT


def test_sending_several_back_needs_one_comment_for_all(app, world):
    first, second = _submitted(world, "Quoll buoy"), _submitted(world, "Dingo buoy")
    with pytest.raises(curation.CurationError):
        curation.decide_many([(first, None), (second, None)], "send_back", world["staff"])
    with unit_of_work.committed():
        outcomes = curation.decide_many([(first, None), (second, None)], "send_back",
                                        world["staff"], "Translate the summary.")
    assert all(outcome.ok for outcome in outcomes)
    assert {first.review_note, second.review_note} == {"Translate the summary."}
    assert len(_events("curation.send_back")) == 2


# --- Company sign-ups ----------------------------------------------------------------------

def _signed_up() -> tuple:
    with unit_of_work.committed():
        company = factories.add_company(CompanyState.PENDING)
        member = create_user("new@example.test", "company", TEST_PASSWORD,
                             company.registration_number)
        member.preferred_locale = "ko"
    return company, member


def test_an_approved_company_can_submit_and_is_told_so(app, world):
    company, member = _signed_up()
    with unit_of_work.committed():
        draft = factories.add_product(company)
    with pytest.raises(listings.ListingError):
        listings.submit(draft, member)
    with unit_of_work.committed():
        curation.approve_company(company, world["staff"])
    assert company.state == CompanyState.APPROVED and company.reviewed_at is not None
    with unit_of_work.committed():
        listings.submit(draft, member)
    [mail] = _mails(app, "new@example.test")
    assert "/ko/portal/" in _text(mail)
    event = _events("curation.approve_company")[0]
    assert event.details["before"]["state"] == "pending"
    assert event.details["after"]["state"] == "approved"
    with pytest.raises(curation.CurationError, match="already approved"):
        curation.approve_company(company, world["staff"])


def test_a_rejected_sign_up_needs_a_reason_and_the_company_reads_it(app, world):
    company, _member = _signed_up()
    with pytest.raises(curation.CurationError):
        curation.reject_company(company, world["staff"], "")
    with unit_of_work.committed():
        curation.reject_company(company, world["staff"], "The registration number is not "
                                                         "on the designation list.")
    assert company.state == CompanyState.REJECTED
    assert company.review_note.startswith("The registration number")
    [mail] = _mails(app, "new@example.test")
    assert "designation list" in _text(mail)
    assert _events("curation.reject_company")[0].details["after"]["state"] == "rejected"
    assert db.session.scalar(select(User).where(User.email == "new@example.test")).is_active
