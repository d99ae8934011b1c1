"""Company members invite colleagues by e-mail, who choose their password from the mailed
link; a member removes a colleague, whose sessions end; no company touches another's people."""

import html

from sqlalchemy import select

from showcase.extensions import db
from showcase.models import AuditEvent, Role, User
from tests.conftest import TEST_PASSWORD, sign_in
from tests.mailbox import body, link_path, mails, post_form

COLLEAGUE = "jiho@maker.example"
COLLEAGUE_PASSWORD = "lanterns along the harbour"


def _invite(client, email: str = COLLEAGUE, name: str = "Jiho Park", lang: str = "en"):
    return post_form(client, f"/{lang}/portal/colleagues", {"email": email, "name": name})


def _accept(app, path: str, name: str = "Jiho Park"):
    """Open the invitation in a browser of the colleague's own; ``(client, response)``."""
    colleague = app.test_client()
    response = post_form(colleague, path, {"name": name, "password": COLLEAGUE_PASSWORD,
                                           "confirmation": COLLEAGUE_PASSWORD})
    return colleague, response


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _registration_number(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).company.registration_number


def _remove(client, user_id: int, lang: str = "en"):
    return post_form(client, f"/{lang}/portal/colleagues", {},
                     action=f"/{lang}/portal/colleagues/{user_id}/remove")


def test_a_member_invites_a_colleague_who_chooses_a_password_and_joins(app, client, login_as):
    member = login_as("company")
    page = client.get("/en/portal/colleagues").get_data(as_text=True)
    assert member.email in page

    response = _invite(client)
    assert response.status_code == 302
    assert COLLEAGUE in client.get(response.location).get_data(as_text=True)
    invited = _user(app, COLLEAGUE)
    assert invited.role == Role.COMPANY and invited.company_id == member.company_id
    assert sign_in(app.test_client(), COLLEAGUE, COLLEAGUE_PASSWORD).status_code == 200, (
        "no password before they choose one")

    [mail] = mails(app, COLLEAGUE)
    path = link_path(mail)
    assert path.startswith("/en/account/welcome/")
    assert "Member Company 1" in body(mail)
    welcome = app.test_client().get(path).get_data(as_text=True)
    assert 'value="Jiho Park"' in welcome

    colleague, accepted = _accept(app, path, name="Jiho Park-Kim")
    assert accepted.status_code == 302
    assert colleague.get("/en/portal/colleagues").status_code == 200, "signed in, in the portal"
    assert sign_in(app.test_client(), COLLEAGUE, COLLEAGUE_PASSWORD).status_code == 302
    joined = _user(app, COLLEAGUE)
    assert joined.name == "Jiho Park-Kim"
    assert joined.email_confirmed_at is not None, "the invitation proved the address"
    assert "This link no longer works" in app.test_client().get(path).get_data(as_text=True)

    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.subject_id == joined.id, AuditEvent.subject_type == "user_account")
            .order_by(AuditEvent.id)).all()
        assert actions == ["user.invite", "user.accept_invitation", "user.confirm_email"]
        invite = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.invite"))
        assert invite.actor_id == member.id
        assert path.rsplit("/", 1)[1] not in str(invite.details)


def test_an_invitation_from_a_korean_page_is_written_in_korean(app, client, login_as):
    login_as("company")
    _invite(client, lang="ko")
    [mail] = mails(app, COLLEAGUE)
    assert link_path(mail).startswith("/ko/account/welcome/")
    assert _user(app, COLLEAGUE).preferred_locale == "ko"


def test_an_address_that_already_has_an_account_is_explained_and_the_form_kept(
        app, client, login_as):
    login_as("company")
    taken = login_as("staff", client=app.test_client())
    response = _invite(client, email=taken.email, name="Someone Else")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert ("An account with this e-mail address already exists, so it cannot be invited."
            in page)
    assert f'value="{taken.email}"' in page and 'value="Someone Else"' in page
    assert mails(app) == []


def test_a_bad_address_is_explained(client, login_as):
    login_as("company")
    response = _invite(client, email="not an address")
    assert response.status_code == 200
    assert "is not an e-mail address" in response.get_data(as_text=True)


def test_an_invitation_sent_again_carries_a_new_link_and_both_work_until_one_is_used(
        app, client, login_as):
    login_as("company")
    _invite(client)
    invited = _user(app, COLLEAGUE)
    again = post_form(client, "/en/portal/colleagues", {},
                      action=f"/en/portal/colleagues/{invited.id}/invite-again")
    assert again.status_code == 302
    first, second = (link_path(mail) for mail in mails(app, COLLEAGUE))
    _colleague, accepted = _accept(app, second)
    assert accepted.status_code == 302
    assert "This link no longer works" in app.test_client().get(first).get_data(as_text=True)


def test_removing_a_colleague_ends_their_session_and_their_sign_in(app, client, login_as):
    member = login_as("company")
    colleague_client = app.test_client()
    colleague = login_as("company", company=_registration_number(app, member.id),
                         client=colleague_client)
    assert colleague_client.get("/en/portal/colleagues").status_code == 200

    response = _remove(client, colleague.id)
    assert response.status_code == 302
    page = client.get("/en/portal/colleagues").get_data(as_text=True)
    assert colleague.email in page, "the confirmation names who was removed"
    assert f"/colleagues/{colleague.id}/remove" not in page, "no longer listed"

    ended = colleague_client.get("/en/portal/colleagues")
    assert ended.status_code == 302
    assert ended.location.startswith("/en/account/sign-in")
    assert sign_in(app.test_client(), colleague.email, TEST_PASSWORD).status_code == 200
    assert not _user(app, colleague.email).is_active
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "user.deactivate"))
        assert (event.subject_id, event.actor_id) == (colleague.id, member.id)


def test_a_member_cannot_remove_themselves(app, client, login_as):
    member = login_as("company")
    assert f"/colleagues/{member.id}/remove" not in client.get(
        "/en/portal/colleagues").get_data(as_text=True)
    response = _remove(client, member.id)
    assert response.status_code == 302
    assert "You cannot deactivate your own account." in client.get(
        response.location).get_data(as_text=True)
    assert _user(app, member.email).is_active


def test_another_company_cannot_see_remove_or_invite_again_our_people(app, client, login_as):
    ours = login_as("company", client=app.test_client())
    our_client = app.test_client()
    sign_in(our_client, ours.email)
    _invite(our_client)
    invited = _user(app, COLLEAGUE)
    theirs = login_as("company")
    assert ours.email not in client.get("/en/portal/colleagues").get_data(as_text=True)
    for target in (ours.id, invited.id):
        assert _remove(client, target).status_code == 404
        assert post_form(client, "/en/portal/colleagues", {},
                         action=f"/en/portal/colleagues/{target}/invite-again"
                         ).status_code == 404
    assert _user(app, ours.email).is_active and _user(app, COLLEAGUE).is_active
    assert len(mails(app, COLLEAGUE)) == 1
    assert theirs.company_id != ours.company_id


def test_a_removed_colleagues_invitation_stops_working(app, client, login_as):
    login_as("company")
    _invite(client)
    path = link_path(mails(app, COLLEAGUE)[0])
    _remove(client, _user(app, COLLEAGUE).id)
    assert "This link no longer works" in app.test_client().get(path).get_data(as_text=True)


def test_staff_and_visitors_do_not_reach_the_colleagues_page(app, client, login_as):
    assert client.get("/en/portal/colleagues").location.startswith("/en/account/sign-in")
    login_as("staff")
    assert client.get("/en/portal/colleagues").status_code == 404
