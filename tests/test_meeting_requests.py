"""A delegate asks a company for a meeting or for information on a product's page: the request
reaches the company's inbox and mailbox, the delegate gets a confirmation in their language,
and mistakes are shown beside the fields in the page's language with nothing typed lost."""

import re
from dataclasses import replace

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Inquiry, InquiryKind, ProductStatus, User
from showcase.services import inquiries
from showcase.services.accounts import create_user
from tests.conftest import TEST_PASSWORD, sign_in
from tests.factories import add_company, add_product
from tests.mailbox import body, mails, post_form

DELEGATE = "somchai@example.go.th"


def _valid(**changes) -> dict:
    values = {"kind": "meeting", "name": "Somchai Jaidee", "organisation": "Bangkok PPC",
              "country": "TH", "email": DELEGATE, "language": "th", "wants_interpreter": "y",
              "interpreter_language": "th", "time_slot": "2026-12-15-am",
              "message": "ขอนัดพบที่บูธ", "homepage": ""}
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


@pytest.fixture
def product(app):
    """A published product of a company with a Korean-speaking member and a contact address;
    ``(ref, member e-mail)``."""
    with app.app_context(), unit_of_work.committed():
        company = add_company(names={"en": "Haneul Robotics", "ko": "하늘로보틱스"})
        company.email = "contact@haneul.example"
        found = add_product(company, ProductStatus.PUBLISHED,
                            texts={"en": "Firefighting drone", "ko": "소방 드론",
                                   "th": "โดรนดับเพลิง"})
        member = create_user("member@haneul.example", "company", TEST_PASSWORD,
                             company.registration_number)
        member.preferred_locale = "ko"
        return found.ref, member.email


def _inquiries(app) -> list[Inquiry]:
    with app.app_context():
        found = list(db.session.scalars(select(Inquiry)))
        for inquiry in found:
            db.session.expunge(inquiry)
        return found


def _translated(app, locale: str, message: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message)


def test_delegate_asks_for_a_meeting_and_company_and_delegate_are_told(app, client, product):
    ref, member_email = product
    sent = post_form(client, f"/th/products/{ref}/ask", _valid())

    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/th/products/{ref}")
    assert "Haneul Robotics" in client.get(sent.headers["Location"]).get_data(as_text=True)
    [stored] = _inquiries(app)
    assert (stored.kind, stored.name, stored.organisation, stored.country) == (
        InquiryKind.MEETING, "Somchai Jaidee", "Bangkok PPC", "TH")
    assert (stored.email, stored.locale, stored.wants_interpreter) == (DELEGATE, "th", True)
    assert (stored.interpreter_language, stored.time_slot) == ("th", "2026-12-15-am")
    assert stored.message == "ขอนัดพบที่บูธ"

    [to_member] = mails(app, member_email)
    member_text = body(to_member)
    assert "소방 드론" in to_member["Subject"]
    assert "12월 15일 화요일" in member_text  # the slot, as a Korean reader writes dates
    assert "태국어" in member_text  # Thai, named in Korean
    assert f"/ko/portal/inbox/{stored.id}" in member_text
    assert "Somchai Jaidee" in member_text and "ขอนัดพบที่บูธ" in member_text
    [to_contact] = mails(app, "contact@haneul.example")
    assert "소방 드론" in to_contact["Subject"]

    [confirmation] = mails(app, DELEGATE)
    text = body(confirmation)
    assert "โดรนดับเพลิง" in confirmation["Subject"]
    assert "15 ธันวาคม" in text  # the slot in Thai
    assert f"/th/products/{ref}" in text
    assert "> ขอนัดพบที่บูธ" in text


def test_confirmation_speaks_the_language_chosen_not_the_page_language(app, client, product):
    ref, _member = product
    sent = post_form(client, f"/en/products/{ref}/ask", _valid(language="ur", message=""))

    assert sent.status_code == 302
    [confirmation] = mails(app, DELEGATE)
    assert f"/ur/products/{ref}" in body(confirmation)
    assert "دسمبر" in body(confirmation)  # December, in Urdu
    assert _inquiries(app)[0].locale == "ur"


@pytest.mark.parametrize("locale", ["th", "ur"])
def test_mistakes_are_shown_beside_their_fields_and_nothing_typed_is_lost(
        app, client, product, locale):
    ref, _member = product
    page = post_form(client, f"/{locale}/products/{ref}/ask", _valid(
        kind="information", name="", email="not-an-address", message="",
        organisation="กรมบัญชีกลาง", wants_interpreter="y", interpreter_language=""))

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'lang="{locale}' in html
    for field, message in (("name", "Enter your name."),
                           ("email", "Enter an e-mail address such as name@example.org."),
                           ("message", "Tell the company what you would like to know."),
                           ("interpreter_language", "Choose the interpreter's language.")):
        error = re.search(rf'<p class="field-error" id="{field}-errors">([^<]*)</p>', html)
        assert error, f"no error beside {field}"
        assert error.group(1) == _translated(app, locale, message)
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html) or re.search(
            rf'aria-invalid="true"[^>]*id="{field}"', html), field
    assert 'value="กรมบัญชีกลาง"' in html
    assert 'value="not-an-address"' in html
    assert _inquiries(app) == [] and mails(app) == []


def test_a_filled_honeypot_is_thanked_but_nothing_is_kept_or_sent(app, client, product):
    ref, _member = product
    sent = post_form(client, f"/th/products/{ref}/ask", _valid(homepage="http://spam.example"))

    assert sent.status_code == 302
    assert _inquiries(app) == [] and mails(app) == []


def test_a_request_without_the_form_token_is_refused(app, client, product):
    ref, _member = product
    refused = client.post(f"/th/products/{ref}/ask", data=_valid())

    assert refused.status_code == 400
    assert _inquiries(app) == [] and mails(app) == []


def test_requests_from_one_address_are_limited(app, client, product):
    ref, _member = product
    app.config["INQUIRY_RATE_LIMIT"] = "2 per minute"
    statuses = [post_form(client, f"/en/products/{ref}/ask", _valid()).status_code
                for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert len(_inquiries(app)) == 2


def test_the_form_opens_in_the_kind_asked_for_with_the_page_language_preselected(
        client, product):
    ref, _member = product
    html = client.get(f"/th/products/{ref}/ask?kind=information").get_data(as_text=True)

    assert re.search(r'value="information"[^>]*checked|checked[^>]*value="information"', html)
    assert re.search(r'<option selected value="th">|<option value="th" selected>', html)
    assert 'value="2026-12-16-pm"' in html  # the event's last slot is offered
    assert '<option value="KR">' in html  # countries by ISO code


def test_products_not_in_the_catalog_take_no_requests(app, client):
    with app.app_context(), unit_of_work.committed():
        draft = add_product(add_company(), ProductStatus.DRAFT).ref
    assert client.get(f"/en/products/{draft}/ask").status_code == 404


def test_service_keeps_a_slot_only_for_meetings_on_the_event_days(app_context, product):
    ref, _member = product
    from showcase.queries.catalog import published_product

    request = inquiries.InquiryRequest(
        kind=InquiryKind.INFORMATION, name="An", organisation="Hanoi PPC", country="vn",
        email="an@example.vn", locale="vi", interpreter_language="",
        time_slot="2026-12-15-am", message="Price for 20 units?")
    with app_context.test_request_context():
        information = inquiries.submit(published_product(ref), request)
        unknown_slot = inquiries.submit(published_product(ref), replace(
            request, kind=InquiryKind.MEETING, time_slot="2031-01-01-am"))
        assert (information.time_slot, information.country) == ("", "VN")
        assert information.wants_interpreter is False
        assert unknown_slot.time_slot == ""
        db.session.rollback()


def test_company_inbox_shows_the_interpreter_language_and_preferred_time(app, client, product):
    ref, member_email = product
    post_form(client, f"/th/products/{ref}/ask", _valid())
    member_client = app.test_client()
    assert sign_in(member_client, member_email).status_code == 302

    inbox = member_client.get("/en/portal/inbox").get_data(as_text=True)
    assert "wanted, from Korean into Thai" in inbox
    assert "Tue, Dec 15" in inbox
    export = member_client.get("/en/portal/inbox.csv").get_data(as_text=True)
    assert "Interpreter language" in export and "Thai" in export


def test_inquiries_count_in_the_company_figures(app, client, product):
    ref, member_email = product
    post_form(client, f"/th/products/{ref}/ask", _valid())
    with app.app_context():
        member = db.session.scalar(select(User).where(User.email == member_email))
        from showcase.queries.inbox import listing_figures

        [figures] = listing_figures(member.company_id)
        assert (figures.inquiries, figures.new_inquiries) == (1, 1)
        assert db.session.scalar(select(func.count()).select_from(Inquiry)) == 1
