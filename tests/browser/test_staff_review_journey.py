"""Staff in a real browser: approve a company's sign-up, read its first listing beside nothing
live, publish it, and find it in the public catalog's search."""


import pytest
from sqlalchemy import select

from showcase import media, unit_of_work
from showcase.cli import DEMO_CATALOG
from showcase.extensions import db
from showcase.models import CompanyState, Product
from showcase.services import listings
from showcase.services.accounts import create_user
from tests import factories
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import TEST_PASSWORD

STAFF = "reviewer@example.test"
PHONE = {"width": 390, "height": 844}
LISTING = "Numbat reef monitoring buoy"


@pytest.fixture(scope="module")
def staff_site(demo_template, tmp_path_factory):
    """The demo catalog with a staff member and a company waiting for approval that has a
    complete draft with a photo; ``(app, base URL)``."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("staff-browser"))
    with app.app_context(), unit_of_work.committed():
        create_user(STAFF, "staff", TEST_PASSWORD)
        company = factories.add_company(CompanyState.PENDING,
                                        names={"ko": "넘뱃해양", "en": "Numbat Marine"})
        draft = factories.add_product(company, ref="NUMBAT-1",
                                      texts={"en": LISTING, "ko": "넘뱃 산호초 감시 부이"})
        photo = media.store_image(next((DEMO_CATALOG.parent / "images").glob("*.jpg"))
                                  .read_bytes())
        payload = listings.editable_payload(draft)
        payload["images"] = [{"key": photo.key, "width": photo.width, "height": photo.height,
                              "alt": {"en": "The buoy at sea"}, "source_digest": ""}]
        listings.save(draft, payload, draft.edit_version, None)
    with serving(app) as site:
        yield app, site


def _submit_as_company(app) -> None:
    """The company, now approved, submits its draft (in the portal, which it shares no page
    with here)."""
    with app.app_context(), unit_of_work.committed():
        draft = db.session.scalar(select(Product).where(Product.ref == "NUMBAT-1"))
        listings.submit(draft, None)


def test_staff_approve_a_company_publish_its_listing_and_visitors_find_it(page, staff_site,
                                                                        screenshots):
    app, site = staff_site
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/en/account/sign-in?next=/en/staff/")
    page.fill("#email", STAFF)
    page.fill("#password", TEST_PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{site}/en/staff/")
    assert "Numbat Marine" in page.inner_text("main")
    page.screenshot(path=str(screenshots / "staff-dashboard-390.png"), full_page=True)

    # The sign-up: approved with a welcome note.
    page.click("nav .work-nav >> text=Companies")
    card = page.locator("article.company-signup", has_text="넘뱃해양")
    card.locator("textarea").fill("Welcome to the showcase.")
    card.locator("input[type=submit][value=Approve]").click()
    page.wait_for_url(f"{site}/en/staff/companies")
    assert "Approved: Numbat Marine" in page.inner_text(".flash-list")
    assert sideways_overflow(page) <= 0

    _submit_as_company(app)

    # The queue, then the listing beside nothing live, with its photo.
    page.click("nav .work-nav >> text=Review")
    row = page.locator("tr", has_text="NUMBAT-1")
    assert row.is_visible()
    row.locator("a").first.click()
    page.wait_for_url(f"{site}/en/staff/review/NUMBAT-1")
    assert "A new listing: nothing of it is live yet." in page.inner_text("main")
    english = page.locator("#language-en")
    assert LISTING in english.locator(".diff-after").first.inner_text()
    photo = page.locator(".diff-photos li img")
    photo.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=photo.element_handle(), timeout=5000)
    assert sideways_overflow(page) <= 0, "the diff fits a phone"
    page.screenshot(path=str(screenshots / "staff-review-390.png"), full_page=True)

    page.click("input[type=submit][value='Approve and publish']")
    page.wait_for_url(f"{site}/en/staff/review")
    assert f"Published: {LISTING}" in page.inner_text(".flash-list")
    assert "NUMBAT-1" not in page.inner_text("main")

    # A visitor searching the public catalog finds it.
    page.goto(f"{site}/en/")
    page.fill("#search-q", "numbat reef")
    page.press("#search-q", "Enter")
    page.wait_for_url(f"{site}/en/search?q=numbat+reef*")
    page.click(f"a:has-text('{LISTING}')")
    page.wait_for_url(f"{site}/en/products/NUMBAT-1")
    assert LISTING in page.inner_text("h1")
