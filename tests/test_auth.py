"""Signing in and out, where sign-in may send a user back to, and who may open which page."""

import re

import pytest
from flask_babel import force_locale, gettext

from showcase import unit_of_work
from showcase.auth import admin_required, require_company_member, staff_required
from showcase.extensions import db
from showcase.models import Company, User
from tests.conftest import TEST_PASSWORD, _app_from, _registration_number, sign_in

WRONG_ANSWER = "The e-mail address or password is not right."


def _signed_in_as(client) -> str | None:
    """The e-mail address the account page shows, or None when it asks to sign in."""
    response = client.get("/en/account/")
    if response.status_code != 200:
        return None
    return re.search(r"<dd dir=\"ltr\">([^<]+)</dd>", response.get_data(as_text=True)).group(1)


def _set_active(app, user_id: int, active: bool) -> None:
    with app.app_context(), unit_of_work.committed():
        db.session.get(User, user_id).is_active = active


def test_a_staff_member_signs_in_and_sees_who_they_are_and_their_role(client, login_as):
    user = login_as("staff")
    page = client.get("/en/account/").get_data(as_text=True)
    assert user.email in page
    assert "Staff" in page
    assert "Sign out" in client.get("/en/").get_data(as_text=True)


def test_a_company_member_sees_their_company_on_the_account_page(client, login_as):
    login_as("company")
    page = client.get("/en/account/").get_data(as_text=True)
    assert "Company member" in page
    assert "Member Company 1" in page


def test_a_visitor_sees_a_sign_in_link_and_the_account_page_asks_them_to_sign_in(client):
    assert 'href="/th/account/sign-in"' in client.get("/th/").get_data(as_text=True)
    response = client.get("/th/account/")
    assert response.status_code == 302
    assert response.location == "/th/account/sign-in?next=/th/account/"


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, login_as):
    user = login_as("admin", client=client.application.test_client())
    wrong_password = sign_in(client, user.email, "not the password at all")
    unknown = sign_in(client, "nobody@example.test", TEST_PASSWORD)
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert WRONG_ANSWER in page
        assert 'name="password"' in page
    assert _signed_in_as(client) is None


def test_the_address_is_matched_whatever_its_case_and_spaces(client, login_as):
    user = login_as("staff", client=client.application.test_client())
    assert sign_in(client, f"  {user.email.upper()} ").status_code == 302
    assert _signed_in_as(client) == user.email


def test_an_empty_form_asks_for_both_fields_and_signs_nobody_in(client):
    response = sign_in(client, "", "")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter your e-mail address." in page
    assert "Enter your password." in page


def test_a_deactivated_account_cannot_sign_in(app, client, login_as):
    user = login_as("staff", client=app.test_client())
    _set_active(app, user.id, False)
    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert WRONG_ANSWER in response.get_data(as_text=True)


def test_an_account_deactivated_while_signed_in_is_signed_out_on_its_next_request(
        app, client, login_as):
    user = login_as("staff")
    assert _signed_in_as(client) == user.email
    _set_active(app, user.id, False)
    assert _signed_in_as(client) is None


def test_a_user_created_on_the_command_line_can_sign_in(app, runner, client, monkeypatch):
    with app.app_context(), unit_of_work.committed():
        db.session.add(Company(registration_number=_registration_number(7),
                               names={"en": "Command Line Co."}))
    monkeypatch.setenv("SHOWCASE_USER_PASSWORD", "a long enough password")
    result = runner.invoke(args=["users", "create", "Maker@Example.test", "--role", "company",
                                 "--company", _registration_number(7)])
    assert result.exit_code == 0, result.output
    assert sign_in(client, "maker@example.test", "a long enough password").status_code == 302
    assert _signed_in_as(client) == "maker@example.test"


HOSTILE_NEXT = ["https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil",
                "javascript:alert(1)", "/%2F%2Fevil.example", "http:/evil", " //evil",
                "\t//evil", "/\t/evil.example", "/%5Cevil.example", "", None]


@pytest.mark.parametrize("next_path", HOSTILE_NEXT)
def test_sign_in_never_sends_the_user_to_another_site(app, client, login_as, next_path):
    user = login_as("staff", client=app.test_client())
    response = sign_in(client, user.email, next_path=next_path)
    assert response.status_code == 302
    assert response.location == "/en/"


def test_sign_in_sends_the_user_back_to_the_page_that_asked(app, client, login_as):
    user = login_as("staff", client=app.test_client())
    asked = client.get("/ko/account/?tab=1")
    assert asked.location == "/ko/account/sign-in?next=/ko/account/?tab%3D1"
    form = client.get(asked.location).get_data(as_text=True)
    assert 'action="/ko/account/sign-in?next=/ko/account/?tab%3D1"' in form
    response = sign_in(client, user.email, lang="ko", next_path="/ko/account/?tab=1")
    assert response.location == "/ko/account/?tab=1"
    assert sign_in(client, user.email, next_path="/en/ok").location == "/en/ok"


def test_sign_in_starts_a_new_session_that_keeps_only_the_language(app, client, login_as):
    user = login_as("staff", client=app.test_client())
    client.get("/th/")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, user.email, lang="th")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["locale"] == "th"
        assert session["_user_id"] == user.get_id()


def test_sign_out_is_a_form_post_with_its_token(client, login_as):
    user = login_as("admin")
    assert client.get("/en/account/sign-out").status_code == 405
    assert client.post("/en/account/sign-out").status_code == 400
    assert _signed_in_as(client) == user.email
    home = client.get("/th/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    response = client.post("/th/account/sign-out", data={"csrf_token": token})
    assert response.location == "/th/"
    with client.session_transaction() as session:
        assert session["locale"] == "th"
    assert _signed_in_as(client) is None


# --- Access checks, on pages that exist only in these tests ---

VISITORS = ["anonymous", "member of another company", "member", "staff", "admin"]
# What each visitor gets from each page: 302 to sign in, 403, or the page.
EXPECTED = {
    "staff": [302, 403, 403, 200, 200],
    "admin": [302, 403, 403, 403, 200],
    "company-by-id": [302, 403, 200, 200, 200],
    "company-object": [302, 403, 200, 200, 200],
}


@pytest.fixture
def guarded_app(app):
    """``app`` with one page behind each access check and an owning company."""
    with app.app_context(), unit_of_work.committed():
        owner = Company(registration_number=_registration_number(500), names={"en": "Owner"})
        db.session.add(owner)
        db.session.flush()
        app.config["OWNER_ID"] = owner.id

    def by_id(company_id):
        require_company_member(company_id)
        return "company page"

    def by_object(company_id):
        require_company_member(db.session.get(Company, company_id))
        return "company page"

    app.add_url_rule("/<lang>/test/staff", "test_staff", staff_required(lambda: "staff page"))
    app.add_url_rule("/<lang>/test/admin", "test_admin", admin_required(lambda: "admin page"))
    app.add_url_rule("/<lang>/test/company-by-id/<int:company_id>", "test_by_id", by_id)
    app.add_url_rule("/<lang>/test/company-object/<int:company_id>", "test_object", by_object)
    return app


@pytest.mark.parametrize("visitor", VISITORS)
def test_each_access_check_lets_in_only_who_it_should(guarded_app, client, login_as, visitor):
    owner_id = guarded_app.config["OWNER_ID"]
    if visitor == "member":
        login_as("company", company=_registration_number(500))
    elif visitor == "member of another company":
        login_as("company")
    elif visitor != "anonymous":
        login_as(visitor)
    for page, expected in EXPECTED.items():
        path = f"/ko/test/{page}" + (f"/{owner_id}" if page.startswith("company") else "")
        response = client.get(path)
        status = expected[VISITORS.index(visitor)]
        assert response.status_code == status, (page, visitor)
        if status == 302:
            assert response.location == f"/ko/account/sign-in?next={path}"
        if status == 403:
            assert '<html lang="ko"' in response.get_data(as_text=True)


# --- Rate limit on sign-in ---

def test_the_eleventh_failed_sign_in_within_a_minute_is_refused_in_the_visitors_language(
        app, client):
    for _ in range(10):
        assert sign_in(client, "nobody@example.test", "guess", lang="th").status_code == 200
    refused = sign_in(client, "nobody@example.test", "guess", lang="th")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert '<html lang="th"' in page
    with app.test_request_context(), force_locale("th"):
        title = gettext("Too many attempts")
    assert title != "Too many attempts" and title in page
    assert client.get("/th/account/sign-in").status_code == 200, "the form itself stays open"


def test_signing_in_successfully_does_not_use_up_the_limit(app, client, login_as):
    user = login_as("staff", client=app.test_client())
    for _ in range(12):
        assert sign_in(client, user.email).status_code == 302


def test_each_app_counts_sign_in_attempts_afresh(app, client, empty_template, tmp_path):
    for _ in range(10):
        sign_in(client, "nobody@example.test", "guess")
    assert sign_in(client, "nobody@example.test", "guess").status_code == 429
    other = _app_from(empty_template, tmp_path, "other")
    assert sign_in(other.test_client(), "nobody@example.test", "guess").status_code == 200


def test_the_limit_is_a_setting(empty_template, tmp_path):
    app = _app_from(empty_template, tmp_path, "strict")
    app.config["SIGNIN_RATE_LIMIT"] = "2 per minute"
    client = app.test_client()
    statuses = [sign_in(client, "nobody@example.test", "guess").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


# --- Cookies ---

def _session_cookie(response) -> str:
    return next(header for header in response.headers.getlist("Set-Cookie")
                if header.startswith("session="))


def test_the_session_cookie_is_http_only_and_same_site_lax_but_not_secure_over_http(client):
    cookie = _session_cookie(client.get("/en/account/sign-in"))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_when_the_request_came_over_https(client):
    cookie = _session_cookie(client.get("/en/account/sign-in", base_url="https://localhost"))
    assert "Secure" in cookie
    assert "HttpOnly" in cookie


def test_the_session_cookie_is_secure_when_the_setting_says_so(empty_template, tmp_path):
    app = _app_from(empty_template, tmp_path, "secure")
    app.config["SESSION_COOKIE_SECURE"] = True
    cookie = _session_cookie(app.test_client().get("/en/account/sign-in"))
    assert "Secure" in cookie
