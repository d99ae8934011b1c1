"""Staff at work in the browser's place: the dashboard, the sign-ups, the review queue and
the review page with its diff, and what each decision leaves behind."""

import copy
import re
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Company, CompanyState, Product, ProductStatus
from showcase.services import listings
from showcase.services.accounts import create_user
from tests import factories
from tests.conftest import PINNED_TODAY, TEST_PASSWORD

_TOKEN = re.compile(r'name="[\w-]*csrf_token" type="hidden" value="([^"]+)"')


def _token(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    return _TOKEN.search(page.get_data(as_text=True)).group(1)


def _days_ago(days: int) -> datetime:
    return datetime(PINNED_TODAY.year, PINNED_TODAY.month, PINNED_TODAY.day, 9,
                    tzinfo=UTC) - timedelta(days=days)


def _load(app, model, **where):
    with app.app_context():
        found = db.session.scalar(select(model).filter_by(**where))
        db.session.expunge(found)
        return found


@pytest.fixture
def site(app, client, login_as):
    """Signed in as staff, with a sign-up waiting, two submissions (9 and 2 days old), a
    live listing with pending changes, and a live listing whose designation ends soon."""
    login_as("staff")
    with app.app_context(), unit_of_work.committed():
        pending = factories.add_company(CompanyState.PENDING,
                                        names={"ko": "바다로봇", "en": "Sea Robots"})
        member = create_user("founder@example.test", "company", TEST_PASSWORD,
                             pending.registration_number)
        member.name = "Kim Bada"
        company = factories.add_company()
        create_user("author@example.test", "company", TEST_PASSWORD,
                    company.registration_number)
        older = factories.add_product(company, "submitted", ref="OLD-1",
                                      texts={"en": "Quoll tide gauge"})
        older.submitted_at = _days_ago(9)
        newer = factories.add_product(company, "submitted", ref="NEW-1",
                                      texts={"en": "Dingo buoy"})
        newer.submitted_at = _days_ago(2)
        factories.add_product(company, "published", ref="LIVE-1",
                                     texts={"en": "Wombat harbour sonar"})
        soon = factories.add_product(company, "published", ref="SOON-1",
                                     texts={"en": "Bilby drill"})
        soon.valid_until = PINNED_TODAY + timedelta(days=20)
    _propose(app, "LIVE-1", name="Platypus harbour sonar")
    return {"client": client}


def _propose(app, ref: str, **text):
    """The company saves changes to its live listing ``ref``."""
    with app.app_context(), unit_of_work.committed():
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        payload = copy.deepcopy(listings.editable_payload(product))
        payload["texts"]["en"].update(text)
        payload["images"] = [{"key": "ab12cd34", "width": 800, "height": 600,
                              "alt": {"en": "On a buoy"}, "source_digest": ""}]
        listings.save(product, payload, product.edit_version, None)


def test_the_dashboard_shows_what_needs_attention(site):
    page = site["client"].get("/en/staff/").get_data(as_text=True)
    assert "Sea Robots" in page
    for listing in ("Quoll tide gauge", "Dingo buoy", "Wombat harbour sonar"):
        assert listing in page
    assert page.index("Quoll tide gauge") < page.index("Dingo buoy")
    assert "9 days" in page and "2 days" in page
    assert "Bilby drill" in page and "<td>20</td>" in page
    assert "Missing translations" in page
    assert "Thai" in page  # no live listing has a Thai name
    for link in ('href="/en/staff/companies"', 'href="/en/staff/review"'):
        assert link in page


def test_the_staff_pages_speak_korean_and_send_other_languages_to_english(site):
    client = site["client"]
    page = client.get("/ko/staff/review")
    assert page.status_code == 200
    assert 'href="/ko/staff/companies"' in page.get_data(as_text=True)
    moved = client.get("/th/staff/review")
    assert moved.status_code == 302 and moved.location.endswith("/en/staff/review")


def test_a_sign_up_shows_who_asked_and_staff_approve_it(app, site):
    client = site["client"]
    page = client.get("/en/staff/companies").get_data(as_text=True)
    company = _load(app, Company, state=CompanyState.PENDING)
    for fact in ("바다로봇", "Sea Robots", company.registration_number, "Kim Bada",
                 "founder@example.test", "e-mail not confirmed"):
        assert fact in page
    prefix = f"company-{company.id}"
    response = client.post(f"/en/staff/companies/{company.id}/decision", data={
        f"{prefix}-csrf_token": _token(client, "/en/staff/companies"),
        f"{prefix}-note": "Welcome aboard.", f"{prefix}-approve": "Approve"})
    assert response.status_code == 302 and response.location == "/en/staff/companies"
    page = client.get("/en/staff/companies").get_data(as_text=True)
    assert "Approved: Sea Robots" in page
    assert "Welcome aboard." in page  # among the recent decisions
    assert _load(app, Company, id=company.id).state == CompanyState.APPROVED


def test_rejecting_a_sign_up_asks_for_a_reason_and_keeps_what_was_typed(app, site):
    client = site["client"]
    company = _load(app, Company, state=CompanyState.PENDING)
    prefix = f"company-{company.id}"
    token = _token(client, "/en/staff/companies")
    empty = client.post(f"/en/staff/companies/{company.id}/decision", data={
        f"{prefix}-csrf_token": token, f"{prefix}-note": "", f"{prefix}-reject": "Reject"})
    assert empty.status_code == 200
    assert "Write a comment for the company" in empty.get_data(as_text=True)
    too_long = "Not on the list. " + "x" * 5000
    long = client.post(f"/en/staff/companies/{company.id}/decision", data={
        f"{prefix}-csrf_token": token, f"{prefix}-note": too_long,
        f"{prefix}-reject": "Reject"})
    assert "Not on the list. xxx" in long.get_data(as_text=True)
    assert 'aria-invalid="true"' in long.get_data(as_text=True)
    assert _load(app, Company, id=company.id).state == CompanyState.PENDING
    client.post(f"/en/staff/companies/{company.id}/decision", data={
        f"{prefix}-csrf_token": token, f"{prefix}-note": "Not on the designation list.",
        f"{prefix}-reject": "Reject"})
    rejected = _load(app, Company, id=company.id)
    assert rejected.state == CompanyState.REJECTED
    assert rejected.review_note == "Not on the designation list."


def test_the_queue_lists_the_oldest_first_with_its_age(site):
    page = site["client"].get("/en/staff/review").get_data(as_text=True)
    assert page.index("OLD-1") < page.index("NEW-1")
    assert "(9 days)" in page and "(2 days)" in page
    assert "Changes to a live listing" in page and "New listing" in page
    assert 'value="LIVE-1:' in page


def test_the_review_page_shows_the_changes_beside_the_live_listing(site):
    page = site["client"].get("/en/staff/review/LIVE-1").get_data(as_text=True)
    assert "<del>Wombat</del>" in page and "<ins>Platypus</ins>" in page
    assert "/media/images/ab12cd34-thumb.jpg" in page
    assert "added" in page and "On a buoy" in page
    assert "Approve and publish" in page and "Send back for changes" in page


def test_a_new_submission_is_reviewed_against_nothing_live(site):
    page = site["client"].get("/en/staff/review/OLD-1").get_data(as_text=True)
    assert "A new listing: nothing of it is live yet." in page
    assert "Quoll tide gauge" in page


def test_approving_on_the_review_page_publishes_and_returns_to_the_queue(app, site):
    client = site["client"]
    token = _token(client, "/en/staff/review/OLD-1")
    page = client.get("/en/staff/review/OLD-1").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post("/en/staff/review/OLD-1", data={
        "csrf_token": token, "version": version, "note": "", "approve": "Approve and publish"})
    assert response.status_code == 302 and response.location == "/en/staff/review"
    queue = client.get("/en/staff/review").get_data(as_text=True)
    assert "Published: Quoll tide gauge" in queue
    assert "OLD-1" not in queue.split("Published: Quoll tide gauge", 1)[1]
    assert _load(app, Product, ref="OLD-1").status == ProductStatus.PUBLISHED
    assert "OLD-1" in client.get("/en/search?q=quoll").get_data(as_text=True)
    [mail] = (Path(app.config["DATA_DIR"]) / "outbox-mail").glob("*.eml")
    message = BytesParser(policy=policy.default).parse(mail.open("rb"))
    assert message["To"] == "author@example.test"
    assert "http://localhost/en/portal/listings/OLD-1" in message.get_body().get_content()


def test_sending_back_without_a_comment_keeps_the_listing_waiting(app, site):
    client = site["client"]
    token = _token(client, "/en/staff/review/NEW-1")
    response = client.post("/en/staff/review/NEW-1", data={
        "csrf_token": token, "note": "  ", "send_back": "Send back for changes"})
    assert response.status_code == 200
    assert "Write a comment for the company" in response.get_data(as_text=True)
    assert _load(app, Product, ref="NEW-1").status == ProductStatus.SUBMITTED
    client.post("/en/staff/review/NEW-1", data={
        "csrf_token": token, "note": "Add the Korean name.", "send_back": "Send back"})
    sent_back = _load(app, Product, ref="NEW-1")
    assert sent_back.status == ProductStatus.DRAFT
    assert sent_back.review_note == "Add the Korean name."


def test_changes_saved_after_the_page_was_drawn_are_shown_before_any_decision(app, site):
    client = site["client"]
    page = client.get("/en/staff/review/LIVE-1").get_data(as_text=True)
    token = _TOKEN.search(page).group(1)
    shown = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    _propose(app, "LIVE-1", name="Echidna harbour sonar")
    refused = client.post("/en/staff/review/LIVE-1", data={
        "csrf_token": token, "version": shown, "approve": "Approve and publish"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "The company changed this listing after you opened it." in page
    assert "<ins>Echidna</ins>" in page
    with app.app_context():
        live = db.session.scalar(select(Product).where(Product.ref == "LIVE-1"))
        assert live.texts["en"].name == "Wombat harbour sonar"
    current = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    client.post("/en/staff/review/LIVE-1", data={
        "csrf_token": token, "version": current, "approve": "Approve and publish"})
    with app.app_context():
        live = db.session.scalar(select(Product).where(Product.ref == "LIVE-1"))
        assert live.texts["en"].name == "Echidna harbour sonar"


def test_several_listings_are_approved_at_once_from_the_queue(app, site):
    client = site["client"]
    page = client.get("/en/staff/review").get_data(as_text=True)
    token = _TOKEN.search(page).group(1)
    ticked = re.findall(r'value="((?:OLD|LIVE)-1:\d+)"', page)
    response = client.post("/en/staff/review", data={
        "csrf_token": token, "items": ticked, "approve": "Approve and publish"})
    assert response.status_code == 302
    queue = client.get("/en/staff/review").get_data(as_text=True)
    assert "2 listings approved." in queue
    assert _load(app, Product, ref="OLD-1").status == ProductStatus.PUBLISHED
    with app.app_context():
        live = db.session.scalar(select(Product).where(Product.ref == "LIVE-1"))
        assert live.texts["en"].name == "Platypus harbour sonar"
    assert "NEW-1" in queue


def test_a_bulk_decision_without_its_comment_keeps_the_ticks(app, site):
    client = site["client"]
    page = client.get("/en/staff/review").get_data(as_text=True)
    token = _TOKEN.search(page).group(1)
    ticked = re.findall(r'value="((?:OLD|NEW)-1:\d+)"', page)
    response = client.post("/en/staff/review", data={
        "csrf_token": token, "items": ticked, "note": "", "reject": "Reject"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write a comment for the company" in page
    for token_value in ticked:
        assert f'value="{token_value}" checked' in page
    nothing = client.post("/en/staff/review", data={"csrf_token": token, "note": "No.",
                                                    "reject": "Reject"})
    assert "Tick at least one listing." in nothing.get_data(as_text=True)
    assert _load(app, Product, ref="OLD-1").status == ProductStatus.SUBMITTED


def test_a_bulk_decision_reports_listings_that_no_longer_wait(app, site):
    client = site["client"]
    page = client.get("/en/staff/review").get_data(as_text=True)
    token = _TOKEN.search(page).group(1)
    ticked = re.findall(r'value="((?:OLD|NEW)-1:\d+)"', page)
    with app.app_context(), unit_of_work.committed():
        listings.withdraw(db.session.scalar(select(Product).where(Product.ref == "NEW-1")),
                          None)
    client.post("/en/staff/review", data={"csrf_token": token, "items": ticked,
                                          "note": "Out of scope.", "reject": "Reject"})
    queue = client.get("/en/staff/review").get_data(as_text=True)
    assert "1 listing rejected." in queue
    assert "1 listing is no longer waiting for review." in queue
    assert _load(app, Product, ref="OLD-1").status == ProductStatus.REJECTED


def test_a_listing_not_waiting_for_review_sends_staff_back_to_the_queue(site):
    response = site["client"].get("/en/staff/review/SOON-1")
    assert response.status_code == 302 and response.location == "/en/staff/review"
    assert site["client"].get("/en/staff/review/NOSUCH-1").status_code == 302
