"""A company signs up in Korean or English, confirms its contact's address from the mail, and
waits for staff approval; every mistake in the form is explained in the page's language."""

import html

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from showcase import rules, unit_of_work
from showcase.extensions import db
from showcase.i18n import portal_gettext
from showcase.models import AuditEvent, Company, CompanyState, Role, User
from showcase.services import accounts
from tests import factories
from tests.conftest import TEST_PASSWORD, _registration_number, sign_in
from tests.mailbox import body, link_path, mails, post_form

NUMBER = _registration_number(42)
# The same digits with another check digit.
BAD_NUMBER = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
PASSWORD = "plum tree by the river"


def _form(**changes) -> dict:
    form = {"name_ko": "(주)한빛드론", "name_en": "Hanbit Drone Co., Ltd.",
            "registration_number": NUMBER, "contact_name": "김서연",
            "email": "seoyeon@hanbit.example", "password": PASSWORD, "confirmation": PASSWORD}
    return {**form, **changes}


def _sign_up(client, lang: str = "en", **changes):
    return post_form(client, f"/{lang}/account/sign-up", _form(**changes))


def _in(app, lang: str, message) -> str:
    """``message()`` as the page in ``lang`` shows it."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return str(message())


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_company_signs_up_confirms_its_address_and_waits_for_approval(app, client, lang):
    response = _sign_up(client, lang)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "seoyeon@hanbit.example"))
        assert user.role == Role.COMPANY and user.name == "김서연"
        assert user.preferred_locale == lang
        assert user.password_hash.startswith("scrypt:")
        assert user.email_confirmed_at is None
        assert user.company.state == CompanyState.PENDING
        assert user.company.names == {"ko": "(주)한빛드론", "en": "Hanbit Drone Co., Ltd."}
        assert user.company.registration_number == NUMBER
    # Signed in at once, and told what comes next.
    page = client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "seoyeon@hanbit.example" in page

    [mail] = mails(app, "seoyeon@hanbit.example")
    assert mail["Subject"] == _in(app, lang, lambda: portal_gettext(
        "Confirm your e-mail address"))
    path = link_path(mail)
    assert path.startswith(f"/{lang}/account/confirm/")
    assert PASSWORD not in body(mail)

    confirmed = app.test_client().get(path)  # the link works in any browser, signed in or not
    assert confirmed.status_code == 200
    assert f'<html lang="{lang}"' in confirmed.get_data(as_text=True)
    assert app.test_client().get(path).status_code == 200, "opening it again does no harm"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "seoyeon@hanbit.example"))
        assert user.email_confirmed_at is not None
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [event.action for event in events] == [
            "company.sign_up", "user.sign_up", "user.confirm_email"]
        assert all(PASSWORD not in str(event.details) for event in events)
        assert all(path.rsplit("/", 1)[1] not in str(event.details) for event in events)


def test_the_new_member_can_sign_in_before_confirming(app, client):
    _sign_up(client)
    assert sign_in(app.test_client(), "seoyeon@hanbit.example", PASSWORD).status_code == 302


def test_sign_up_speaks_korean_and_english_only(client):
    response = client.get("/th/account/sign-up")
    assert response.status_code == 302
    assert response.location == "/en/account/sign-up"
    assert client.post("/th/account/sign-up").status_code in (400, 404)


def test_the_sign_in_page_leads_to_sign_up_and_to_a_new_password(client):
    english = client.get("/en/account/sign-in").get_data(as_text=True)
    assert 'href="/en/account/sign-up"' in english
    assert 'href="/en/account/reset"' in english
    thai = client.get("/th/account/sign-in").get_data(as_text=True)
    assert 'href="/th/account/reset"' in thai
    assert "sign-up" not in thai, "sign-up is offered in Korean and English only"


def _existing_company_and_member(app):
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company(registration_number=NUMBER)
        holder = accounts.create_user("holder@hanbit.example", "company", TEST_PASSWORD,
                                      company.registration_number)
        holder.name = "Holder"


def _existing_user(app):
    with app.app_context(), unit_of_work.committed():
        accounts.create_user("seoyeon@hanbit.example", "staff", TEST_PASSWORD)


MISTAKES = {
    "bad check digit": (
        {"registration_number": BAD_NUMBER}, None,
        lambda: rules.REGISTRATION_NUMBER.check(BAD_NUMBER)),
    "registration number already signed up": (
        {}, _existing_company_and_member,
        lambda: portal_gettext(
            "A company with this registration number already has an account. Ask the person "
            "who holds it to invite you: they can do so on the Colleagues page of the "
            "portal.")),
    "e-mail address already used": (
        {"registration_number": _registration_number(43)}, _existing_user,
        lambda: portal_gettext("An account with this e-mail address already exists. Sign in "
                               "with it, or ask for a new password if you forgot it.")),
    "password too short": (
        {"password": "short pass", "confirmation": "short pass"}, None,
        lambda: rules.PASSWORD.check("short pass")),
    "common password": (
        {"password": "Qwerty123456", "confirmation": "Qwerty123456"}, None,
        lambda: portal_gettext(
            "is one of the most common passwords: choose one that is harder to guess")),
    "confirmation differs": (
        {"confirmation": PASSWORD + "!"}, None,
        lambda: portal_gettext("The two passwords are not the same.")),
    "company names missing": (
        {"name_ko": " ", "name_en": ""}, None,
        lambda: portal_gettext("Enter the company's name in Korean.") + "|"
        + portal_gettext("Enter the company's name in English.")),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_mistake_is_explained_in_the_pages_language_and_what_was_typed_stays(
        app, client, lang, mistake):
    changes, before, expected = MISTAKES[mistake]
    if before:
        before(app)
    with app.app_context():
        users_before = _count(User)
        companies_before = _count(Company)
    response = _sign_up(client, lang, **changes)
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert f'<html lang="{lang}"' in page
    for message in _in(app, lang, expected).split("|"):
        assert message in page, message
    typed = _form(**changes)
    for field in ("name_ko", "name_en", "registration_number", "contact_name", "email"):
        if typed[field].strip():
            assert f'value="{typed[field].strip()}"' in page, field
    assert typed["password"] not in page and typed["confirmation"] not in page
    assert "holder@hanbit.example" not in page, "the account's holder is not revealed"
    with app.app_context():
        assert (_count(User), _count(Company)) == (users_before, companies_before)
    assert mails(app) == []


def test_korean_pages_show_the_rules_messages_in_korean(app, client):
    response = _sign_up(client, "ko", password="short pass", confirmation="short pass")
    message = _in(app, "ko", lambda: rules.PASSWORD.check("short pass"))
    assert message != "needs at least 12 characters"
    assert message in response.get_data(as_text=True)


def test_common_passwords_are_refused_whatever_their_case(app_context):
    assert accounts.password_problem("LeaveMeAlone") is not None
    assert accounts.password_problem("leave me alone, river plum") is None
    assert "password" in accounts.common_passwords()
    assert all(len(word) >= 8 and word == word.lower() for word in accounts.common_passwords())


def test_a_signed_in_unconfirmed_member_asks_for_a_new_confirmation_link(app, client):
    _sign_up(client, "ko")
    page = client.get("/ko/account/confirm").get_data(as_text=True)
    assert "seoyeon@hanbit.example" in page
    response = post_form(client, "/ko/account/confirm", {})
    assert response.status_code == 302
    first, second = mails(app, "seoyeon@hanbit.example")
    assert link_path(second).startswith("/ko/account/confirm/")
    assert client.get(link_path(second)).status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "seoyeon@hanbit.example"))
        assert user.email_confirmed_at is not None


def test_a_broken_confirmation_link_says_so_and_offers_a_new_one(client):
    response = client.get("/en/account/confirm/not-a-real-token")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This link no longer works" in page
    assert 'href="/en/account/confirm"' in page


def test_sign_ups_are_limited_per_address_with_a_page_in_the_visitors_language(app, client):
    app.config["SIGNUP_RATE_LIMIT"] = "2 per minute"
    statuses = [_sign_up(client, "ko", name_ko="").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = _sign_up(client, "ko")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert '<html lang="ko"' in page
    assert _in(app, "ko", lambda: gettext("Too many attempts")) in page
    assert client.get("/ko/account/sign-up").status_code == 200, "the form itself stays open"


def test_mailed_links_use_the_sites_public_address(app, client):
    app.config["BASE_URL"] = "https://showcase.example.org"
    _sign_up(client, "ko")
    [mail] = mails(app)
    assert "https://showcase.example.org/ko/account/confirm/" in body(mail)
