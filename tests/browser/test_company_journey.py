"""A company's whole journey in a real browser, on a phone: sign up in Korean, confirm the
e-mail from the mail folder, get approved by staff, write a draft in Korean and English, upload
photos, preview it in Thai, submit it; once staff publish it, edit the live listing and see the
change wait for review while the public page keeps the live version."""

import io
import re
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PIL import Image
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.i18n import TRANSLATIONS_DIR
from showcase.models import Product, ProductStatus, RevisionState, User
from showcase.services.accounts import create_user
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import TEST_PASSWORD, _registration_number

PHONE = {"width": 390, "height": 844}
STAFF = "curator@example.test"
MEMBER = "ceo@bada-sensors.example.kr"
NAME_KO, NAME_EN = "(주)바다센서", "Bada Sensors Inc."
PRODUCT_KO, PRODUCT_EN = "해양 쓰레기 감시 부표", "Marine litter watch buoy"
RENAMED_EN = "Marine litter watch buoy with solar panel"


@pytest.fixture(scope="module")
def journey_site(demo_template, tmp_path_factory):
    """The demo catalog with one staff member; ``(app, base URL)``."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("company-journey"))
    with app.app_context(), unit_of_work.committed():
        create_user(STAFF, "staff", TEST_PASSWORD)
    with serving(app) as site:
        yield app, site


def _photo(folder: Path, name: str, colour: str) -> Path:
    """A phone-sized JPEG made here, as a company would pick from its gallery."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(buffer, "JPEG", quality=85)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def _mailed_link(app, to: str, path_part: str) -> str:
    """The link containing ``path_part`` in the newest mail sent to ``to``."""
    folder = Path(app.config["DATA_DIR"]) / "outbox-mail"
    mails = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime)
    for path in reversed(mails):
        mail = message_from_bytes(path.read_bytes(), policy=default_policy)
        if mail["To"] == to:
            body = mail.get_body(preferencelist=("plain",)).get_content()
            found = re.search(rf"https?://\S*{re.escape(path_part)}\S*", body)
            if found:
                return found.group(0)
    raise AssertionError(f"no mail to {to} with a link to {path_part}")


def _thai(msgid: str) -> str:
    with (TRANSLATIONS_DIR / "th" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale="th").get(msgid).string


def _product(app, ref: str) -> Product:
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        db.session.expunge_all()
        return product


def _sign_in(page, site: str, email: str, next_path: str) -> None:
    page.goto(f"{site}/en/account/sign-in?next={next_path}")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{site}{next_path}")


def test_a_company_signs_up_writes_a_listing_and_revises_it_once_live(
        browser, journey_site, screenshots, tmp_path):
    app, site = journey_site
    company = browser.new_context(viewport=PHONE)
    staff = browser.new_context(viewport=PHONE)
    page, desk = company.new_page(), staff.new_page()

    # Sign-up, in Korean.
    page.goto(f"{site}/ko/account/sign-up")
    page.fill("#name_ko", NAME_KO)
    page.fill("#name_en", NAME_EN)
    page.fill("#registration_number", _registration_number(7071))
    page.fill("#contact_name", "김바다")
    page.fill("#email", MEMBER)
    page.fill("#password", TEST_PASSWORD)
    page.fill("#confirmation", TEST_PASSWORD)
    assert sideways_overflow(page) <= 0, "the sign-up form fits a phone"
    page.screenshot(path=str(screenshots / "company-sign-up-ko-390.png"), full_page=True)
    page.click("#submit")
    page.wait_for_load_state()

    # The e-mail address is confirmed from the link in the mail folder.
    page.goto(_mailed_link(app, MEMBER, "/account/confirm/"))
    with app.app_context():
        member = db.session.scalar(select(User).where(User.email == MEMBER))
        assert member.email_confirmed_at is not None
        assert member.company.names == {"ko": NAME_KO, "en": NAME_EN}

    # Staff approve the company.
    _sign_in(desk, site, STAFF, "/en/staff/companies")
    card = desk.locator("article.company-signup", has_text=NAME_KO)
    card.locator("textarea").fill("Welcome to the showcase.")
    card.locator("input[type=submit][value=Approve]").click()
    desk.wait_for_url(f"{site}/en/staff/companies")

    # A draft with Korean and English texts.
    page.goto(f"{site}/ko/portal/")
    page.click("form[action$='/portal/listings/new'] button")
    page.wait_for_url(re.compile(r".*/ko/portal/listings/[^/]+$"))
    ref = page.url.rsplit("/", 1)[-1]
    page.fill("#text_ko-name", PRODUCT_KO)
    page.fill("#text_ko-summary", "태양광으로 움직이며 해양 쓰레기를 카메라로 감시합니다.")
    page.click("[role=tab][href='#lang-en']")
    page.fill("#text_en-name", PRODUCT_EN)
    page.fill("#text_en-summary", "A solar buoy whose camera watches for floating litter.")
    page.select_option("#designation_type", "innovative-prototype")
    page.fill("#designation_number", "INP-2026-7071")
    page.fill("#valid_from", "2026-03-02")
    page.fill("#valid_until", "2029-03-01")
    page.fill("#classification_code", "41111501")
    page.select_option("#category", "drones")
    page.click("button[value=save] >> nth=0")
    page.wait_for_load_state()
    draft = _product(app, ref)
    assert draft.status == ProductStatus.DRAFT

    # Two photos.
    page.goto(f"{site}/ko/portal/listings/{ref}/photos")
    for name, colour in (("front.jpg", "#1f6f8b"), ("deck.jpg", "#e0a100")):
        page.set_input_files("#photo", str(_photo(tmp_path, name, colour)))
        page.click("form:has(#photo) [type=submit]")
        page.wait_for_load_state()
    with app.app_context():
        stored = db.session.scalar(select(Product).where(Product.ref == ref))
        assert len(stored.images) == 2
    assert sideways_overflow(page) <= 0, "the photos page fits a phone"
    page.screenshot(path=str(screenshots / "company-photos-ko-390.png"), full_page=True)

    # The preview, in Thai, as a Thai delegate will see it.
    page.goto(f"{site}/ko/portal/listings/{ref}/preview?as=th")
    preview = page.inner_text("main")
    assert PRODUCT_EN in preview
    assert _thai("Classification code") in preview
    assert page.locator("main img").count() >= 1
    page.screenshot(path=str(screenshots / "company-preview-th-390.png"), full_page=True)

    # Submitted for review, then published by staff.
    page.goto(f"{site}/ko/portal/listings/{ref}")
    page.click("form[action$='/submit'] button")
    page.wait_for_load_state()
    assert _product(app, ref).status == ProductStatus.SUBMITTED
    desk.goto(f"{site}/en/staff/review/{ref}")
    desk.click("input[type=submit][value='Approve and publish']")
    desk.wait_for_url(f"{site}/en/staff/review")
    assert _product(app, ref).status == ProductStatus.PUBLISHED

    # An edit of the live listing waits for review; the public page keeps the live name.
    page.goto(f"{site}/ko/portal/listings/{ref}")
    page.click("[role=tab][href='#lang-en']")
    page.fill("#text_en-name", RENAMED_EN)
    page.click("button[value=save] >> nth=0")
    page.wait_for_load_state()
    with app.app_context():
        live = db.session.scalar(select(Product).where(Product.ref == ref))
        assert live.texts["en"].name == PRODUCT_EN
        pending = [r for r in live.revisions if r.state == RevisionState.PENDING]
        assert pending and pending[0].payload["texts"]["en"]["name"] == RENAMED_EN
    page.goto(f"{site}/ko/portal/")
    listed = page.locator("main", has_text=PRODUCT_KO)
    assert listed.count() == 1
    page.screenshot(path=str(screenshots / "company-listings-ko-390.png"), full_page=True)
    visitor = browser.new_page()
    visitor.goto(f"{site}/en/products/{ref}")
    assert PRODUCT_EN in visitor.inner_text("h1")
    assert RENAMED_EN not in visitor.inner_text("main")
    for context in (company, staff):
        context.close()
    visitor.close()
