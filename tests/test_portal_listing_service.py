"""The listings service on its own: what a save, a submission, a withdrawal and a preview do
to the stored listing."""

import copy

import pytest
from sqlalchemy import func, select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import (
    AuditEvent,
    CompanyState,
    Product,
    ProductRevision,
    ProductStatus,
    RevisionState,
)
from showcase.services import listings
from showcase.services.listing_payload import detached_product, snapshot
from tests.factories import add_company, add_product, category


@pytest.fixture
def company(app_context):
    with unit_of_work.committed():
        category()
        return add_company(CompanyState.APPROVED)


def _draft(company) -> Product:
    with unit_of_work.committed():
        return listings.create_draft(company, None)


def _complete(payload: dict) -> dict:
    payload = copy.deepcopy(payload)
    payload.update(category="drones", classification_code="43211503")
    payload["designation"].update(type="excellent-rnd", number="R-2026-1",
                                  valid_from="2026-01-01", valid_until="2027-12-31")
    payload["texts"] = {"ko": {"name": "측량 드론", "summary": "요약", "description": "",
                               "keywords": ["드론"]}}
    return payload


def _problem_paths(payload: dict) -> list[str]:
    return [path for path, _message in listings.check_payload(payload)]


BAD_VALUES = [
    ("classification_code", lambda p: p.update(classification_code="1234567")),
    ("classification_code", lambda p: p.update(classification_code="4321150a")),
    ("designation.valid_until", lambda p: p["designation"].update(
        valid_from="2027-01-02", valid_until="2027-01-01")),
    ("designation.valid_from", lambda p: p["designation"].update(valid_from="2027-02-30")),
    ("designation.type", lambda p: p["designation"].update(type="gold-medal")),
    ("designation.number", lambda p: p["designation"].update(number="N" * 65)),
    ("price.amount", lambda p: p["price"].update(amount="-1")),
    ("price.amount", lambda p: p["price"].update(amount="NaN")),
    ("price.currency", lambda p: p["price"].update(currency="won")),
    ("category", lambda p: p.update(category="no-such-category")),
    ("certifications", lambda p: p.update(certifications=["C" * 101])),
    ("booth_request", lambda p: p.update(booth_request="B" * 201)),
    ("texts.xx", lambda p: p["texts"].update(xx={"name": "", "summary": "", "description": "",
                                                  "keywords": []})),
    ("texts.ko.name", lambda p: p["texts"]["ko"].update(name="N" * 301)),
    ("texts.ko.keywords", lambda p: p["texts"]["ko"].update(keywords=["k"] * 31)),
]


@pytest.mark.parametrize(("path", "spoil"), BAD_VALUES,
                         ids=[f"{path}-{n}" for n, (path, _) in enumerate(BAD_VALUES)])
def test_each_refused_value_is_reported_at_its_field_and_nothing_is_saved(company, path, spoil):
    product = _draft(company)
    payload = _complete(snapshot(product))
    assert listings.check_payload(payload) == []
    spoil(payload)
    assert _problem_paths(payload) == [path]
    with pytest.raises(listings.ListingError) as refused:
        listings.save(product, payload, product.edit_version, None)
    assert [problem_path for problem_path, _ in refused.value.problems] == [path]
    db.session.rollback()
    assert db.session.get(Product, product.id).texts == {}


def test_a_draft_save_writes_the_listing_and_audits_what_changed(company):
    product = _draft(company)
    with unit_of_work.committed():
        listings.save(product, _complete(snapshot(product)), 1, None)
    assert product.edit_version == 2
    assert product.texts["ko"].name == "측량 드론"
    assert product.category.code == "drones"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "listing.save")).one()
    assert event.details["after"]["classification_code"] == "43211503"
    assert event.details["before"]["classification_code"] == ""


def test_a_save_drawn_at_an_older_version_is_refused_and_overwrites_nothing(company):
    product = _draft(company)
    first = _complete(snapshot(product))
    with unit_of_work.committed():
        listings.save(product, first, 1, None)
    later = copy.deepcopy(first)
    later["texts"]["ko"]["name"] = "늦은 저장"
    with pytest.raises(listings.EditConflict):
        listings.save(product, later, 1, None)
    db.session.rollback()
    assert db.session.get(Product, product.id).texts["ko"].name == "측량 드론"


def test_saving_a_live_listing_opens_one_revision_and_leaves_the_listing_as_it_is(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.PUBLISHED, texts={"en": "Old name"})
    payload = listings.editable_payload(product)
    payload["texts"]["en"]["name"] = "New name"
    with unit_of_work.committed():
        listings.save(product, payload, 1, None)
    payload["texts"]["en"]["summary"] = "A second edit of the same revision"
    with unit_of_work.committed():
        listings.save(product, payload, 2, None)
    revisions = db.session.scalars(select(ProductRevision)).all()
    assert len(revisions) == 1
    assert revisions[0].state == RevisionState.PENDING
    assert revisions[0].base_version == 2
    assert revisions[0].payload["texts"]["en"]["name"] == "New name"
    assert product.texts["en"].name == "Old name"
    assert listings.editable_payload(product)["texts"]["en"]["summary"] == (
        "A second edit of the same revision")


def test_saving_a_live_listing_unchanged_sends_nothing_to_staff(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.PUBLISHED)
    with unit_of_work.committed():
        listings.save(product, listings.editable_payload(product), 1, None)
    assert listings.open_revision(product) is None
    assert product.edit_version == 1


def test_a_rejected_listing_becomes_a_draft_again_when_saved(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.REJECTED)
    with unit_of_work.committed():
        listings.save(product, listings.editable_payload(product), 1, None)
    assert product.status == ProductStatus.DRAFT


def test_submission_needs_a_complete_listing(company):
    product = _draft(company)
    with pytest.raises(listings.ListingError) as refused:
        listings.submit(product, None)
    paths = {path for path, _message in refused.value.problems}
    assert paths == {"texts", "designation.type", "designation.number", "designation.valid_from",
                     "designation.valid_until", "classification_code", "category"}
    assert product.status == ProductStatus.DRAFT


def test_a_complete_draft_is_submitted_and_the_old_feedback_cleared(company):
    product = _draft(company)
    with unit_of_work.committed():
        listings.save(product, _complete(snapshot(product)), 1, None)
        product.review_note = "Add a Korean summary."
    with unit_of_work.committed():
        listings.submit(product, None, expected_version=2)
    assert product.status == ProductStatus.SUBMITTED
    assert product.submitted_at is not None
    assert product.review_note == ""
    assert product.edit_version == 3


def test_a_submission_from_a_page_someone_has_changed_since_is_refused(company):
    product = _draft(company)
    with unit_of_work.committed():
        listings.save(product, _complete(snapshot(product)), 1, None)
    with pytest.raises(listings.EditConflict):
        listings.submit(product, None, expected_version=1)
    assert product.status == ProductStatus.DRAFT


def test_a_company_waiting_for_approval_cannot_submit(app_context):
    with unit_of_work.committed():
        product = add_product(add_company(CompanyState.PENDING))
    with pytest.raises(listings.ListingError, match="waiting for approval"):
        listings.submit(product, None)
    assert product.status == ProductStatus.DRAFT


def test_withdrawing_takes_back_a_submission_or_takes_a_live_listing_offline(company):
    with unit_of_work.committed():
        submitted = add_product(company, ProductStatus.SUBMITTED)
        live = add_product(company, ProductStatus.PUBLISHED)
        draft = add_product(company)
    with unit_of_work.committed():
        listings.withdraw(submitted, None)
        listings.withdraw(live, None, expected_version=1)
    assert submitted.status == ProductStatus.DRAFT
    assert live.status == ProductStatus.WITHDRAWN
    with pytest.raises(listings.ListingError):
        listings.withdraw(draft, None)


def test_withdrawing_pending_changes_keeps_the_live_listing(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.PUBLISHED, texts={"en": "Live name"})
    payload = listings.editable_payload(product)
    payload["texts"]["en"]["name"] = "Proposed name"
    with unit_of_work.committed():
        listings.save(product, payload, 1, None)
    with unit_of_work.committed():
        listings.discard_revision(product, None, expected_version=2)
    assert listings.open_revision(product) is None
    assert listings.editable_payload(product)["texts"]["en"]["name"] == "Live name"
    with pytest.raises(listings.ListingError):
        listings.discard_revision(product, None)


def test_a_detached_product_shows_the_payload_and_is_never_saved(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.PUBLISHED, texts={"en": "Live name"})
        robots = category("robots")
    payload = listings.editable_payload(product)
    payload["texts"]["th"] = {"name": "ชื่อใหม่", "summary": "", "description": "",
                              "keywords": []}
    payload["category"] = "robots"
    shown = detached_product(product, payload)
    assert shown.text_in(["th"]).name == "ชื่อใหม่"
    assert shown.category is robots and shown.company is product.company
    assert shown not in db.session
    assert all(text not in db.session for text in shown.texts.values())
    db.session.flush()
    assert shown not in robots.products and shown not in product.company.products
    assert db.session.scalar(select(func.count()).select_from(Product)) == 1
    assert product.texts.keys() == {"en"}
    assert not db.session.dirty and not db.session.new


def test_an_edit_keeps_a_text_in_a_language_the_site_does_not_offer_but_adds_none(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.DRAFT,
                              texts={"en": "Drone", "de": "Drohne"})
    payload = listings.editable_payload(product)
    assert listings.check_edit(product, payload) == []
    payload["texts"]["fr"] = dict(payload["texts"]["de"], name="Drone volant")
    assert [path for path, _message in listings.check_edit(product, payload)] == ["texts.fr"]
    del payload["texts"]["fr"]
    with unit_of_work.committed():
        listings.save(product, payload, 1, None)
    assert product.texts["de"].name == "Drohne"


def test_taking_a_live_listing_offline_keeps_its_pending_changes_as_its_content(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.PUBLISHED, texts={"en": "Live name"})
    payload = listings.editable_payload(product)
    payload["texts"]["en"]["name"] = "Proposed name"
    with unit_of_work.committed():
        listings.save(product, payload, 1, None)
    with unit_of_work.committed():
        listings.withdraw(product, None, expected_version=2)
    assert product.status == ProductStatus.WITHDRAWN
    assert product.texts["en"].name == "Proposed name"
    assert listings.open_revision(product) is None
    assert product.revisions[0].state == RevisionState.WITHDRAWN


def test_changes_undone_back_to_the_live_listing_leave_nothing_to_review(company):
    with unit_of_work.committed():
        product = add_product(company, ProductStatus.PUBLISHED, texts={"en": "Live name"})
    live = listings.editable_payload(product)
    proposed = copy.deepcopy(live)
    proposed["texts"]["en"]["name"] = "Proposed name"
    with unit_of_work.committed():
        listings.save(product, proposed, 1, None)
    with unit_of_work.committed():
        listings.save(product, live, 2, None)
    assert listings.open_revision(product) is None
    assert product.revisions[0].state == RevisionState.WITHDRAWN
    assert product.edit_version == 3
