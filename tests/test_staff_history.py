"""Staff read the history: every change with who, when, before and after, filterable, and a
product's timeline from sign-up to publication."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import AuditEvent, Company, Product, ProductStatus, Role, User
from showcase.services import audit, listings
from tests.factories import add_company, category

LONG_DESCRIPTION = ("A rescue drone that finds people lost in the mountains at night. " * 6
                    ).strip()
STORY = ["listing.create", "listing.save", "listing.submit", "product.status", "revision.save",
         "curation.approve"]


def _member(company: Company) -> User:
    user = User(email="writer@haneul.example", role=Role.COMPANY, company=company)
    db.session.add(user)
    db.session.flush()
    return user


def _complete(payload: dict) -> dict:
    category("drones")
    payload.update(category="drones", classification_code="25132001")
    payload["designation"].update(type="innovative-prototype", number="INP-2026-0001",
                                  valid_from="2026-01-01", valid_until="2028-12-31")
    payload["texts"] = {"en": {"name": "Rescue drone", "summary": "Finds people at night.",
                               "description": LONG_DESCRIPTION, "keywords": ["rescue"]}}
    return payload


@pytest.fixture
def story(app, client, login_as):
    """A listing written, submitted and published, then edited while live and approved: each
    step by the service that does it. ``(staff user, product ref)``."""
    staff = login_as("staff")
    with app.app_context():
        with unit_of_work.committed():
            member = _member(add_company(names={"en": "Haneul", "ko": "하늘"}))
            product = listings.create_draft(member.company, member)
        with unit_of_work.committed():
            payload = _complete(listings.editable_payload(product))
            listings.save(product, payload, product.edit_version, member)
        with unit_of_work.committed():
            listings.submit(product, member)
        with unit_of_work.committed():
            listings.change_status(product, ProductStatus.PUBLISHED, db.session.get(User,
                                                                                    staff.id))
        with unit_of_work.committed():
            edited = listings.editable_payload(product)
            edited["texts"]["en"]["name"] = "Rescue drone <b>Mk II</b>"
            listings.save(product, edited, product.edit_version, member)
        with unit_of_work.committed():
            # An action this page was written without knowing: it shows up all the same.
            revision = listings.open_revision(product)
            audit.record("curation.approve", revision, db.session.get(User, staff.id),
                         before={"state": "pending"}, after={"state": "approved"},
                         product_id=product.id, note="Looks good")
        return staff, product.ref


def _events(page: str) -> list[str]:
    """The HTML of each event on a history page, in page order."""
    return page.split('<li class="history-event"')[1:]


def _actions(page: str) -> list[str]:
    return re.findall(r'<code class="history-action">([^<]+)</code>', page)


def test_a_products_timeline_tells_its_story_from_draft_to_approved_edit(client, story):
    staff, ref = story
    page = client.get(f"/en/staff/products/{ref}/history").get_data(as_text=True)
    assert _actions(page) == STORY
    events = dict(zip(STORY, _events(page), strict=True))
    for action in STORY[:3] + ["revision.save"]:
        assert "writer@haneul.example" in events[action]
    for action in ("product.status", "curation.approve"):
        assert staff.email in events[action]
    assert re.search(r"<time datetime=\"2\d{3}-", events["listing.create"])


def _diff(event_html: str) -> dict[str, tuple[str, str]]:
    """``{field: (before, after)}`` of an event's before/after table, as shown."""
    rows = re.findall(r'<tr><th scope="row" dir="ltr">([^<]+)</th>'
                      r'<td class="history-before">(.*?)</td><td class="history-after">(.*?)</td>',
                      event_html, re.S)

    def shown(cell: str) -> str:
        return re.sub(r"<[^>]+>", "", cell.split("</summary>")[-1]).strip()

    return {field: (shown(before), shown(after)) for field, before, after in rows}


def test_each_step_shows_what_was_before_and_after(client, story):
    _staff, ref = story
    page = client.get(f"/en/staff/products/{ref}/history").get_data(as_text=True)
    events = dict(zip(STORY, _events(page), strict=True))
    assert _diff(events["listing.create"]) == {"ref": ("—", ref)}
    saved = _diff(events["listing.save"])
    assert saved["category"] == ("—", "drones")
    assert saved["texts.en.name"] == ("—", "Rescue drone")
    assert saved["designation.number"] == ("—", "INP-2026-0001")
    assert _diff(events["listing.submit"]) == {"status": ("draft", "submitted")}
    assert _diff(events["product.status"]) == {"status": ("submitted", "published")}
    # Only what the edit changed, not the whole listing again.
    assert _diff(events["revision.save"]) == {
        "texts.en.name": ("Rescue drone", "Rescue drone &lt;b&gt;Mk II&lt;/b&gt;")}
    assert _diff(events["curation.approve"]) == {"state": ("pending", "approved")}
    assert "Looks good" in events["curation.approve"]


def test_long_texts_are_folded_and_nothing_typed_is_rendered_as_html(client, story):
    _staff, ref = story
    page = client.get(f"/en/staff/products/{ref}/history").get_data(as_text=True)
    saved = _events(page)[1]
    assert re.search(r'<details class="history-long"><summary dir="auto">A rescue drone that '
                     r"finds people lost[^<]*…</summary>", saved)
    assert LONG_DESCRIPTION in saved
    assert "<b>Mk II</b>" not in page


def test_an_unknown_product_has_no_history_page(client, story):
    assert client.get("/en/staff/products/NO-SUCH-REF/history").status_code == 404


def test_the_audit_log_lists_every_change_newest_first_with_links_to_timelines(client, story):
    _staff, ref = story
    page = client.get("/en/staff/history").get_data(as_text=True)
    actions = _actions(page)
    assert actions[:len(STORY)] == list(reversed(STORY))
    assert "user.create" in actions  # the sign-in helper created the staff account
    assert page.count(f'href="/en/staff/products/{ref}/history"') == len(STORY)


def test_the_audit_log_filters_by_action_actor_record_and_date(app, client, story):
    staff, _ref = story
    assert _actions(client.get("/en/staff/history?action=listing.").get_data(as_text=True)) \
        == ["listing.submit", "listing.save", "listing.create"]
    by_staff = _actions(client.get(f"/en/staff/history?actor={staff.email.upper()}")
                        .get_data(as_text=True))
    assert by_staff == ["curation.approve", "product.status"]
    assert _actions(client.get("/en/staff/history?actor=haneul&subject=product_revision")
                    .get_data(as_text=True)) == ["revision.save"]
    with app.app_context(), unit_of_work.committed():
        db.session.execute(update(AuditEvent).where(AuditEvent.action == "listing.submit")
                           .values(created_at=datetime(2026, 3, 15, 23, 59, tzinfo=UTC)))
    march = client.get("/en/staff/history?since=2026-03-15&until=2026-03-15")
    assert _actions(march.get_data(as_text=True)) == ["listing.submit"]
    assert _actions(client.get("/en/staff/history?until=2026-03-14").get_data(as_text=True)) \
        == []


def test_a_bad_date_is_explained_and_the_other_filters_still_apply(client, story):
    page = client.get("/en/staff/history?action=product.&since=yesterday").get_data(
        as_text=True)
    assert "Enter a date as YYYY-MM-DD." in page
    assert 'value="yesterday"' in page
    assert _actions(page) == ["product.status"]
    backwards = client.get("/en/staff/history?since=2026-05-02&until=2026-05-01")
    assert "The end date must not come before the start date." in backwards.get_data(
        as_text=True)


def test_the_audit_log_shows_fifty_events_a_page_and_keeps_the_filter_when_paging(
        app, client, login_as):
    login_as("staff")
    with app.app_context(), unit_of_work.committed():
        company = add_company()
        for number in range(60):
            audit.record("test.step", company, None, before={"step": number},
                         after={"step": number + 1})
    first = client.get("/en/staff/history?action=test.").get_data(as_text=True)
    assert len(_actions(first)) == 50
    assert "Page 1 of 2" in first
    assert 'href="/en/staff/history?page=2&amp;action=test."' in first
    second = client.get("/en/staff/history?page=2&action=test.").get_data(as_text=True)
    assert _actions(second) == ["test.step"] * 10
    assert "the system" in second
    assert client.get("/en/staff/history?page=0").status_code == 404


def test_company_members_get_404_and_visitors_are_sent_to_sign_in(app, client, login_as):
    with app.app_context(), unit_of_work.committed():
        ref = db.session.scalar(select(Product.ref)) or "ANY-REF"
    login_as("company")
    visitor = app.test_client()
    for path in ("/en/staff/history", f"/en/staff/products/{ref}/history"):
        assert client.get(path).status_code == 404
        response = visitor.get(path)
        assert response.status_code == 302 and "/en/account/sign-in" in response.location
