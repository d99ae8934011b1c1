"""The audit trail of a product from its company's sign-up to its publication: every step is
recorded with who did it, and staff read it in the history pages."""

from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import AuditEvent, Company, Product, User
from showcase.services import accounts, curation, listings
from tests import factories
from tests.conftest import TEST_PASSWORD, _registration_number


def _events(subject) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == type(subject).__tablename__,
        AuditEvent.subject_id == subject.id).order_by(AuditEvent.id)))


def test_every_step_from_sign_up_to_publication_is_recorded_and_shown(app, client, login_as):
    staff = login_as("staff", client=client)
    # A request context, as the sign-up and staff pages have: the mails carry links.
    with app.test_request_context("/en/"):
        with unit_of_work.committed():
            member = accounts.sign_up(
                name_ko="(주)기록센서", name_en="Kirok Sensors", contact_name="이기록",
                registration_number=_registration_number(8181), email="kirok@example.test",
                password=TEST_PASSWORD, locale="ko")
        with unit_of_work.committed():
            reviewer = db.session.get(User, staff.id)
            member = db.session.scalar(select(User).where(User.email == "kirok@example.test"))
            accounts.confirm_email(member)
            curation.approve_company(member.company, reviewer, "Welcome.")
        with unit_of_work.committed():
            member = db.session.scalar(select(User).where(User.email == "kirok@example.test"))
            product = listings.create_draft(member.company, member)
            payload = listings.editable_payload(product)
            payload["texts"]["ko"] = {"name": "기록 센서", "summary": "요약", "description": "",
                                      "keywords": []}
            payload["designation"] = {"type": "innovative-prototype", "number": "AUD-1",
                                      "valid_from": "2026-01-01", "valid_until": "2028-01-01"}
            payload["classification_code"] = "41111501"
            payload["category"] = factories.category("drones").code
            listings.save(product, payload, product.edit_version, member)
            listings.submit(product, member)
            ref = product.ref
        with unit_of_work.committed():
            product = db.session.scalar(select(Product).where(Product.ref == ref))
            curation.approve_submission(product, db.session.get(User, staff.id))

        company = db.session.scalar(select(Company).where(Company.names["en"].as_string()
                                                          == "Kirok Sensors"))
        company_actions = [(e.action, e.actor_id) for e in _events(company)]
        member_id = company.members[0].id
        assert company_actions[0] == ("company.sign_up", member_id)
        assert ("curation.approve_company", staff.id) in company_actions
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        product_actions = [(e.action, e.actor_id) for e in _events(product)]
        assert [action for action, _actor in product_actions] == [
            "listing.create", "listing.save", "listing.submit", "curation.approve"]
        assert product_actions[-1][1] == staff.id
        assert all(actor == member_id for _action, actor in product_actions[:3])
        saved = _events(product)[1].details
        assert saved["after"]["texts"]["ko"]["name"] == "기록 센서"
        assert saved["before"]["texts"] == {}
        approved = _events(product)[-1].details
        assert approved["before"]["status"] == "submitted"
        assert approved["after"]["status"] == "published"

    timeline = client.get(f"/en/staff/products/{ref}/history").get_data(as_text=True)
    positions = [timeline.find(action) for action in
                 ("listing.create", "listing.save", "listing.submit", "curation.approve")]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "kirok@example.test" in timeline and staff.email in timeline
    log = client.get("/en/staff/history", query_string={"action": "company."}).get_data(
        as_text=True)
    assert "company.sign_up" in log and "Kirok" in log
