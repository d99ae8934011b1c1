"""A user who forgot their password asks for a link, chooses a new password from it, and the
link works once and for one hour; the answer never tells whether an address has an account."""

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import AuditEvent, User
from showcase.services import accounts, tokens
from tests import factories
from tests.conftest import TEST_PASSWORD, sign_in
from tests.mailbox import body, link_path, mails, portal_text, post_form

NO_LONGER = "This link no longer works"

NEW_PASSWORD = "seven geese over the lake"


@pytest.fixture
def member(app):
    """A company member who reads Korean: ``(id, e-mail)``."""
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company()
        user = accounts.create_user("minji@maker.example", "company", TEST_PASSWORD,
                                    company.registration_number)
        user.preferred_locale = "ko"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "minji@maker.example"))
        return user.id, user.email


def _ask_for_link(client, email: str, lang: str = "en"):
    return post_form(client, f"/{lang}/account/reset", {"email": email})


def _choose(client, path: str, password: str = NEW_PASSWORD, confirmation: str | None = None):
    return post_form(client, path, {"password": password,
                                    "confirmation": confirmation or password})


def _token_signed_ago(app, user_id: int, purpose: str, seconds: int) -> str:
    """A token of ``purpose`` as the app would have made it ``seconds`` ago."""

    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    with app.app_context():
        user = db.session.get(User, user_id)
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=purpose,
                                            signer=PastSigner)
        return serializer.dumps(tokens.claims(user, purpose))


def test_a_forgotten_password_is_replaced_from_the_mailed_link_which_works_once(
        app, client, member):
    user_id, email = member
    response = _ask_for_link(client, f"  {email.upper()} ")
    assert response.status_code == 302
    assert response.location == "/en/account/reset/sent"
    [mail] = mails(app, email)
    path = link_path(mail)
    assert path.startswith("/ko/account/reset/"), "the link speaks the member's language"

    form = client.get(path)
    assert form.status_code == 200 and email in form.get_data(as_text=True)
    chosen = _choose(client, path)
    assert chosen.status_code == 302, "signed in with the new password"
    assert client.get("/ko/account/").status_code == 200

    other = app.test_client()
    assert sign_in(other, email, TEST_PASSWORD).status_code == 200, "the old one is gone"
    assert sign_in(other, email, NEW_PASSWORD).status_code == 302

    used = app.test_client().get(path)
    assert used.status_code == 200
    page = used.get_data(as_text=True)
    assert portal_text("ko", NO_LONGER) in page
    assert 'href="/ko/account/reset"' in page, "a link to ask again"
    posted_again = post_form(app.test_client(), "/ko/account/reset", action=path,
                             data={"password": "another fine passphrase",
                                   "confirmation": "another fine passphrase"})
    assert portal_text("ko", NO_LONGER) in posted_again.get_data(as_text=True)
    assert sign_in(app.test_client(), email, NEW_PASSWORD).status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.email_confirmed_at is not None, "the link proved the address"
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_id == user_id)
                                    .order_by(AuditEvent.id)).all()
        assert [event.action for event in events] == [
            "user.create", "user.request_password_reset", "user.reset_password",
            "user.confirm_email"]
        token = path.rsplit("/", 1)[1]
        assert all(NEW_PASSWORD not in str(e.details) and token not in str(e.details)
                   for e in events)
    assert NEW_PASSWORD not in body(mail)


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(app, client, member):
    _user_id, email = member
    elsewhere = app.test_client()
    assert sign_in(elsewhere, email, TEST_PASSWORD).status_code == 302
    assert elsewhere.get("/ko/account/").status_code == 200
    _ask_for_link(client, email)
    [mail] = mails(app, email)
    assert _choose(client, link_path(mail)).status_code == 302
    assert client.get("/ko/account/").status_code == 200, "the resetting browser stays in"
    signed_out = elsewhere.get("/ko/account/")
    assert signed_out.status_code == 302 and "/sign-in" in signed_out.location


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client, member):
    _user_id, email = member
    unknown = _ask_for_link(client, "nobody@maker.example")
    known = _ask_for_link(app.test_client(), email)
    assert unknown.status_code == known.status_code == 302
    assert unknown.location == known.location
    assert (client.get(unknown.location).get_data(as_text=True)
            == app.test_client().get(known.location).get_data(as_text=True))
    assert [mail["To"] for mail in mails(app)] == [email]


def test_a_deactivated_account_gets_no_link_and_its_old_link_stops_working(
        app, client, member):
    user_id, email = member
    _ask_for_link(client, email)
    path = link_path(mails(app, email)[0])
    with app.app_context(), unit_of_work.committed():
        db.session.get(User, user_id).is_active = False
    _ask_for_link(client, email)
    assert len(mails(app, email)) == 1
    assert portal_text("ko", NO_LONGER) in client.get(path).get_data(as_text=True)


def test_a_link_older_than_an_hour_is_refused(app, client, member):
    user_id, _email = member
    fresh = _token_signed_ago(app, user_id, tokens.RESET, 59 * 60)
    expired = _token_signed_ago(app, user_id, tokens.RESET, 61 * 60)
    assert 'name="password"' in client.get(f"/en/account/reset/{fresh}").get_data(as_text=True)
    page = client.get(f"/en/account/reset/{expired}").get_data(as_text=True)
    assert NO_LONGER in page
    assert 'name="password"' not in page
    assert _choose(client, f"/en/account/reset/{fresh}").status_code == 302


def test_a_link_for_another_purpose_is_not_a_reset_link(app, client, member):
    user_id, _email = member
    confirmation = _token_signed_ago(app, user_id, tokens.CONFIRM, 0)
    invitation = _token_signed_ago(app, user_id, tokens.INVITE, 0)
    for token in (confirmation, invitation, "garbage", confirmation[:-2]):
        page = client.get(f"/en/account/reset/{token}").get_data(as_text=True)
        assert NO_LONGER in page


@pytest.mark.parametrize("password, confirmation, message", [
    ("short one", "short one", "needs at least 12 characters"),
    ("Password1234", "Password1234", "is one of the most common passwords"),
    (NEW_PASSWORD, NEW_PASSWORD + "?", "The two passwords are not the same."),
])
def test_the_new_password_follows_the_rules_and_the_link_still_works_after_a_mistake(
        app, client, member, password, confirmation, message):
    user_id, email = member
    token = _token_signed_ago(app, user_id, tokens.RESET, 0)
    response = _choose(client, f"/en/account/reset/{token}", password, confirmation)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert password not in page
    assert _choose(client, f"/en/account/reset/{token}").status_code == 302
    assert sign_in(app.test_client(), email, NEW_PASSWORD).status_code == 302


def test_the_reset_pages_speak_korean_and_english_only(client):
    assert client.get("/th/account/reset").location == "/en/account/reset"
    assert client.get("/ko/account/reset").status_code == 200


def test_asking_for_links_is_limited_per_address(app, client):
    app.config["RESET_RATE_LIMIT"] = "2 per minute"
    statuses = [_ask_for_link(client, "nobody@maker.example", "ko").status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert '<html lang="ko"' in _ask_for_link(client, "x@maker.example", "ko").get_data(
        as_text=True)
