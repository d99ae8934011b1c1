"""A company member reads delegates' inquiries, replies by e-mail, marks them handled, exports
them, and sees how each listing is doing; other companies' inquiries stay out of reach."""

import csv
import email
import io
import re
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import (
    AuditEvent,
    Company,
    Inquiry,
    InquiryKind,
    InquiryState,
    Product,
    ProductStatus,
)
from showcase.services import counters
from tests.factories import add_company, add_product

RECEIVED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ANY_CSRF_FIELD = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _company_product(app, company_id: int, **texts) -> int:
    with app.app_context(), unit_of_work.committed():
        company = db.session.get(Company, company_id)
        company.names = {"en": "Haneul Robotics", "ko": "하늘로보틱스"}
        product = add_product(company, ProductStatus.PUBLISHED, texts=texts or None)
        return product.id


def _other_company_product(app) -> int:
    with app.app_context(), unit_of_work.committed():
        return add_product(add_company(), ProductStatus.PUBLISHED).id


def _inquiry(app, product_id: int, minutes: int = 0, **fields) -> int:
    values = {"name": "Nguyen Van An", "email": "an@example.vn", "organisation": "Hanoi PPC",
              "country": "VN", "message": "Can we meet on Tuesday?", "locale": "vi",
              "kind": InquiryKind.MEETING, "wants_interpreter": True,
              "created_at": RECEIVED + timedelta(minutes=minutes), **fields}
    with app.app_context(), unit_of_work.committed():
        inquiry = Inquiry(product_id=product_id, **values)
        db.session.add(inquiry)
        db.session.flush()
        return inquiry.id


def _load(app, inquiry_id: int) -> Inquiry:
    with app.app_context():
        inquiry = db.session.get(Inquiry, inquiry_id)
        db.session.expunge(inquiry)
        return inquiry


def _token(client, path: str) -> str:
    """The CSRF token of a form on ``path`` (the sign-out button has one on every page)."""
    return ANY_CSRF_FIELD.search(client.get(path).get_data(as_text=True)).group(1)


def _mails(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["DATA_DIR"]) / "outbox-mail"
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(folder.glob("*.eml"))] if folder.exists() else []


@pytest.fixture
def member(app, login_as):
    """A signed-in company member with one live listing."""
    user = login_as("company")
    return user, _company_product(app, user.company_id, en="Firefighting drone",
                                  ko="소방 드론")


def test_a_member_sees_inquiries_on_their_products_newest_first_and_no_one_elses(
        app, client, member):
    _user, product_id = member
    _inquiry(app, product_id, minutes=0, name="First Asker")
    _inquiry(app, product_id, minutes=5, name="Second Asker")
    _inquiry(app, _other_company_product(app), name="Someone Else's Delegate")
    page = client.get("/en/portal/inbox").get_data(as_text=True)
    assert page.index("Second Asker") < page.index("First Asker")
    assert "Someone Else" not in page
    assert "Firefighting drone" in page


def test_an_inquiry_shows_who_asks_what_in_which_language_and_if_an_interpreter_is_wanted(
        app, client, member):
    _user, product_id = member
    _inquiry(app, product_id, locale="th", country="TH", wants_interpreter=True,
             kind=InquiryKind.MEETING, organisation="Bangkok Metro")
    english = client.get("/en/portal/inbox").get_data(as_text=True)
    for shown in ("Nguyen Van An", "Bangkok Metro", "Thailand", "an@example.vn", "Thai",
                  "Meeting", "Interpreter wanted"):
        assert shown in english
    korean = client.get("/ko/portal/inbox").get_data(as_text=True)
    assert "태국어" in korean and "태국" in korean
    assert "소방 드론" in korean


def test_a_message_is_shown_escaped_with_its_line_breaks(app, client, member):
    _user, product_id = member
    _inquiry(app, product_id, message="<script>alert(1)</script>\nSecond line")
    page = client.get("/en/portal/inbox").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert re.search(r'class="inquiry-message"[^>]*>&lt;script&gt;alert\(1\)&lt;/script&gt;'
                     r"\nSecond line</p>", page)


def test_marking_an_inquiry_handled_moves_it_from_new_to_handled(app, client, member):
    user, product_id = member
    inquiry_id = _inquiry(app, product_id, name="Handled Asker")
    _inquiry(app, product_id, name="Waiting Asker", minutes=1)
    token = _token(client, "/en/portal/inbox?show=new")
    response = client.post(f"/en/portal/inbox/{inquiry_id}/handled",
                           data={"csrf_token": token, "show": "new"})
    assert response.status_code == 302
    assert response.location == "/en/portal/inbox?show=new"
    inquiry = _load(app, inquiry_id)
    assert inquiry.state == InquiryState.CLOSED and inquiry.handled_at is not None
    flashed = client.get("/en/portal/inbox?show=new").get_data(as_text=True)
    assert "The inquiry from Handled Asker is marked handled." in flashed
    new = client.get("/en/portal/inbox?show=new").get_data(as_text=True)
    assert "Handled Asker" not in new and "Waiting Asker" in new
    assert "Handled Asker" in client.get("/en/portal/inbox?show=handled").get_data(as_text=True)
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="inquiry.handle").one()
        assert (event.actor_id, event.subject_id) == (user.id, inquiry_id)
        assert event.details["before"] == {"state": "new"}
        assert event.details["after"] == {"state": "closed"}
        assert event.details["product_id"] == product_id


def test_a_reply_is_mailed_to_the_delegate_and_marks_the_inquiry_answered(app, client, member):
    user, product_id = member
    inquiry_id = _inquiry(app, product_id, locale="ko", message="가격을 알려 주세요.")
    path = f"/en/portal/inbox/{inquiry_id}"
    response = client.post(path, data={"csrf_token": _token(client, path),
                                       "body": "Our price is 12,000,000 KRW.\nSee you at A-12."})
    assert response.status_code == 302
    assert "Your reply was sent to an@example.vn." in client.get(
        "/en/portal/inbox").get_data(as_text=True)
    [mail] = _mails(app)
    assert mail["To"] == "an@example.vn"
    # The delegate wrote in Korean: the product and company are named in Korean.
    assert "하늘로보틱스" in mail["Subject"] and "소방 드론" in mail["Subject"]
    body = mail.get_content()
    assert "Our price is 12,000,000 KRW.\nSee you at A-12." in body
    assert user.email in body and "하늘로보틱스" in body
    assert "> 가격을 알려 주세요." in body
    inquiry = _load(app, inquiry_id)
    assert inquiry.state == InquiryState.ANSWERED and inquiry.handled_at is not None
    page = client.get(path).get_data(as_text=True)
    assert "Replies sent" in page and "See you at A-12." in page


def test_an_empty_or_overlong_reply_is_refused_and_keeps_what_was_typed(app, client, member):
    _user, product_id = member
    inquiry_id = _inquiry(app, product_id)
    path = f"/en/portal/inbox/{inquiry_id}"
    empty = client.post(path, data={"csrf_token": _token(client, path), "body": "   "})
    assert empty.status_code == 200
    assert "Write your reply first." in empty.get_data(as_text=True)
    long_reply = "Thank you <b>very</b> much. " + "x" * 10_000
    refused = client.post(path, data={"csrf_token": _token(client, path), "body": long_reply})
    page = refused.get_data(as_text=True)
    assert "Keep your reply under 10000 characters." in page
    assert "Thank you &lt;b&gt;very&lt;/b&gt; much." in page
    assert _mails(app) == []
    assert _load(app, inquiry_id).state == InquiryState.NEW


def test_the_csv_export_holds_the_inbox_row_for_row_and_opens_in_excel(app, client, member):
    _user, product_id = member
    first = _inquiry(app, product_id, name="김민수", organisation="서울시청", locale="ko",
                     country="KR", kind=InquiryKind.INFORMATION, wants_interpreter=False,
                     message="자료를 보내 주세요.\n감사합니다.")
    second = _inquiry(app, product_id, minutes=10)
    _inquiry(app, _other_company_product(app), name="Someone Else's Delegate")
    response = client.get("/en/portal/inbox.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert header[:6] == ["Received", "State", "Kind", "Product reference", "Product", "Name"]
    columns = {name: index for index, name in enumerate(header)}
    assert len(rows) == 2
    expected = [_load(app, second), _load(app, first)]
    for row, inquiry in zip(rows, expected, strict=True):
        assert row[columns["Name"]] == inquiry.name
        assert row[columns["E-mail"]] == inquiry.email
        assert row[columns["Organisation"]] == inquiry.organisation
        assert row[columns["Message"]] == inquiry.message
    assert rows[1][columns["Language"]] == "Korean"
    assert rows[1][columns["Country"]] == "South Korea"
    assert rows[1][columns["Kind"]] == "Information"
    assert rows[1][columns["Received"]] == "2026-11-20 09:30"
    assert rows[0][columns["Received"]] == "2026-11-20 09:40"
    assert rows[1][columns["Interpreter wanted"]] == "no"
    assert rows[0][columns["Interpreter wanted"]] == "yes"


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(app, client, member):
    _user, product_id = member
    _inquiry(app, product_id, name="=HYPERLINK(\"http://evil.example\",\"Click\")",
             organisation="+1 234", message="@SUM(A1:A9)", email="-x@example.test")
    response = client.get("/en/portal/inbox.csv")
    header, row = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["Name"] == "'=HYPERLINK(\"http://evil.example\",\"Click\")"
    assert cells["Organisation"] == "'+1 234"
    assert cells["Message"] == "'@SUM(A1:A9)"
    assert cells["E-mail"] == "'-x@example.test"


def test_another_company_cannot_see_or_touch_an_inquiry(app, client, login_as, member):
    _owner, product_id = member
    inquiry_id = _inquiry(app, product_id, name="Private Asker")
    rival = app.test_client()
    login_as("company", client=rival)
    token = _token(rival, "/en/portal/inbox")
    assert rival.get(f"/en/portal/inbox/{inquiry_id}").status_code == 404
    assert rival.post(f"/en/portal/inbox/{inquiry_id}",
                      data={"csrf_token": token, "body": "Hello"}).status_code == 404
    assert rival.post(f"/en/portal/inbox/{inquiry_id}/handled",
                      data={"csrf_token": token}).status_code == 404
    assert rival.get("/en/portal/inbox/999999").status_code == 404
    assert "Private Asker" not in rival.get("/en/portal/inbox").get_data(as_text=True)
    assert "Private Asker" not in rival.get("/en/portal/inbox.csv").data.decode("utf-8-sig")
    assert _load(app, inquiry_id).state == InquiryState.NEW
    assert _mails(app) == []


def test_staff_get_404_and_visitors_are_sent_to_sign_in(app, client, login_as, member):
    _owner, product_id = member
    inquiry_id = _inquiry(app, product_id)
    visitor = app.test_client()
    for path in ("/en/portal/inbox", "/en/portal/inbox.csv", f"/en/portal/inbox/{inquiry_id}",
                 "/en/portal/figures"):
        response = visitor.get(path)
        assert response.status_code == 302 and "/en/account/sign-in" in response.location
    staff = app.test_client()
    login_as("staff", client=staff)
    assert staff.get("/en/portal/inbox").status_code == 404


def _figures_row(page: str, ref: str) -> dict:
    row = re.search(rf'<tr data-ref="{ref}">(.*?)</tr>', page, re.S).group(1)
    return {name: int(re.search(rf'class="number {name}">(\d+)<', row).group(1))
            for name in ("views", "shortlist-adds", "inquiries", "new-inquiries")}


def test_figures_count_views_shortlist_adds_and_inquiries_of_each_listing(app, client, member,
                                                                          login_as):
    user, product_id = member
    with app.app_context(), unit_of_work.committed():
        product = db.session.get(Product, product_id)
        ref = product.ref
        counters.count_shortlist_add(product)
        quiet = add_product(db.session.get(Company, user.company_id), ProductStatus.DRAFT)
        quiet_ref = quiet.ref
    visitor = app.test_client()
    visitor.get(f"/en/products/{ref}")
    visitor.get(f"/th/products/{ref}")
    _inquiry(app, product_id)
    _inquiry(app, product_id, state=InquiryState.ANSWERED)
    page = client.get("/en/portal/figures").get_data(as_text=True)
    assert _figures_row(page, ref) == {"views": 2, "shortlist-adds": 1, "inquiries": 2,
                                       "new-inquiries": 1}
    assert _figures_row(page, quiet_ref) == {"views": 0, "shortlist-adds": 0, "inquiries": 0,
                                             "new-inquiries": 0}
    rival = app.test_client()
    login_as("company", client=rival)
    rival_page = rival.get("/en/portal/figures")
    assert rival_page.status_code == 200
    assert f'data-ref="{ref}"' not in rival_page.get_data(as_text=True)
