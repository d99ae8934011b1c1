"""Administrators invite staff members, deactivate and reactivate their accounts; a
deactivated account's open sessions end. Nobody else reaches the page."""

import html

import pytest
from sqlalchemy import select

from showcase.extensions import db
from showcase.models import AuditEvent, Role, User
from tests.conftest import TEST_PASSWORD, sign_in
from tests.mailbox import link_path, mails, post_form

NEWCOMER = "haeun@pps.example"
NEWCOMER_PASSWORD = "maple leaves in late autumn"


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _act(client, user_id: int, action: str, lang: str = "en"):
    return post_form(client, f"/{lang}/staff/people", {},
                     action=f"/{lang}/staff/people/{user_id}/{action}")


@pytest.mark.parametrize("visitor, status", [
    ("anonymous", 302), ("company", 404), ("staff", 403), ("admin", 200)])
def test_only_administrators_reach_the_staff_accounts(client, login_as, visitor, status):
    if visitor != "anonymous":
        login_as(visitor)
    response = client.get("/ko/staff/people")
    assert response.status_code == status
    if status == 302:
        assert response.location == "/ko/account/sign-in?next=/ko/staff/people"


@pytest.mark.parametrize("visitor, status", [("anonymous", 302), ("company", 404),
                                             ("staff", 403)])
def test_nobody_but_an_administrator_deactivates_even_with_a_real_form(
        app, client, login_as, visitor, status):
    target = login_as("staff", client=app.test_client())
    if visitor != "anonymous":
        login_as(visitor)
    for action in ("deactivate", "invite-again"):
        # The sign-in page serves the session's CSRF token to anyone.
        response = post_form(client, "/en/account/sign-in", {},
                             action=f"/en/staff/people/{target.id}/{action}")
        assert response.status_code == status, action
    assert _user(app, target.email).is_active
    assert mails(app) == []


def test_an_administrator_invites_a_staff_member_who_joins(app, client, login_as):
    admin = login_as("admin")
    page = client.get("/en/staff/people").get_data(as_text=True)
    assert admin.email in page
    response = post_form(client, "/en/staff/people", {"email": NEWCOMER, "name": "Haeun Lee"})
    assert response.status_code == 302
    invited = _user(app, NEWCOMER)
    assert invited.role == Role.STAFF and invited.company_id is None

    path = link_path(mails(app, NEWCOMER)[0])
    newcomer = app.test_client()
    joined = post_form(newcomer, path, {"name": "Haeun Lee", "password": NEWCOMER_PASSWORD,
                                        "confirmation": NEWCOMER_PASSWORD})
    assert joined.status_code == 302
    assert newcomer.get("/en/account/").status_code == 200
    assert sign_in(app.test_client(), NEWCOMER, NEWCOMER_PASSWORD).status_code == 302


def test_an_address_already_in_use_is_explained(app, client, login_as):
    login_as("admin")
    member = login_as("company", client=app.test_client())
    response = post_form(client, "/en/staff/people", {"email": member.email.upper()})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert ("An account with this e-mail address already exists, so it cannot be invited."
            in page)
    assert mails(app) == []


def test_deactivation_ends_the_open_sessions_and_reactivation_lets_them_back(
        app, client, login_as):
    admin = login_as("admin")
    staff_client = app.test_client()
    colleague = login_as("staff", client=staff_client)
    assert staff_client.get("/en/account/").status_code == 200

    assert _act(client, colleague.id, "deactivate").status_code == 302
    assert not _user(app, colleague.email).is_active
    assert staff_client.get("/en/account/").status_code == 302, "signed out by the change"
    assert sign_in(app.test_client(), colleague.email).status_code == 200
    page = client.get("/en/staff/people").get_data(as_text=True)
    assert f"/people/{colleague.id}/reactivate" in page

    assert _act(client, colleague.id, "reactivate").status_code == 302
    assert sign_in(app.test_client(), colleague.email, TEST_PASSWORD).status_code == 302
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.subject_id == colleague.id, AuditEvent.action.like("user.%activate"))
            .order_by(AuditEvent.id)).all()
        assert [(e.action, e.actor_id) for e in events] == [
            ("user.deactivate", admin.id), ("user.reactivate", admin.id)]


def test_an_administrator_cannot_deactivate_themselves(app, client, login_as):
    admin = login_as("admin")
    response = _act(client, admin.id, "deactivate")
    assert "You cannot deactivate your own account." in client.get(
        response.location).get_data(as_text=True)
    assert _user(app, admin.email).is_active


def test_company_accounts_are_not_managed_here(app, client, login_as):
    login_as("admin")
    member = login_as("company", client=app.test_client())
    assert member.email not in client.get("/en/staff/people").get_data(as_text=True)
    assert _act(client, member.id, "deactivate").status_code == 404
    assert _act(client, 999_999, "deactivate").status_code == 404
    assert _user(app, member.email).is_active


def test_an_invitation_is_sent_again_until_the_person_joins(app, client, login_as):
    login_as("admin")
    post_form(client, "/en/staff/people", {"email": NEWCOMER})
    invited = _user(app, NEWCOMER)
    assert _act(client, invited.id, "invite-again").status_code == 302
    assert len(mails(app, NEWCOMER)) == 2
