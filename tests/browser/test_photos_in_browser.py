"""A company member adds photos and a brochure on a phone with the real file pickers, and a
delegate's browser picks the WebP width that fits its screen on the product page."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import CompanyState, Product, ProductStatus
from showcase.services.accounts import create_user
from tests import factories
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import TEST_PASSWORD
from tests.portal_media import pdf

MEMBER = "photographer@example.test"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def photo_site(demo_template, tmp_path_factory):
    """The demo catalog with an approved company, a draft of theirs and one member; the
    base URL, the draft's reference and a published demo product's reference."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("photos-browser"))
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company(CompanyState.APPROVED)
        draft = factories.add_product(company).ref
        create_user(MEMBER, "company", TEST_PASSWORD, company.registration_number)
        published = db.session.scalar(
            select(Product.ref).where(Product.status == ProductStatus.PUBLISHED,
                                      Product.images.any()).order_by(Product.ref))
    with serving(app) as site:
        yield site, draft, published


def _photo(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_member_adds_and_orders_photos_and_a_brochure_on_a_phone(page, photo_site,
                                                                   screenshots):
    site, draft, _published = photo_site
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/ko/account/sign-in?next=/ko/portal/listings/{draft}/photos")
    page.fill("#email", MEMBER)
    page.fill("#password", TEST_PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{site}/ko/portal/listings/{draft}/photos")

    for colour in ("red", "blue"):
        page.set_input_files("#photo", files=[{"name": f"{colour}.jpg", "mimeType": "image/jpeg",
                                               "buffer": _photo(colour)}])
        page.click(".upload-form [type=submit] >> nth=0")
        page.wait_for_load_state()
    assert page.locator(".photo-item").count() == 2

    first_alt = page.locator(".photo-item >> nth=0").locator("input[lang=ko]")
    first_alt.fill("빨간 시제품")
    page.locator(".photo-item >> nth=0").locator("[type=submit][name$=submit]").click()
    assert page.locator(".photo-item >> nth=0").locator("input[lang=ko]").input_value() == (
        "빨간 시제품")
    page.locator(".photo-item >> nth=1").locator("button[value=up]").click()
    assert page.locator(".photo-item >> nth=1").locator("input[lang=ko]").input_value() == (
        "빨간 시제품")

    page.set_input_files("#brochure", files=[{"name": "sheet.pdf", "mimeType": "application/pdf",
                                              "buffer": pdf()}])
    page.fill("#title", "제품 사양서")
    page.locator(".upload-form").nth(1).locator("[type=submit]").click()
    assert page.is_visible(".brochure-item a:has-text('제품 사양서')")

    buttons = page.locator(".listing-media button, .listing-media [type=submit]")
    assert all(buttons.nth(i).bounding_box()["height"] >= 44 for i in range(buttons.count()))
    assert sideways_overflow(page) <= 0, "the photos page fits a phone"
    page.screenshot(path=str(screenshots / "portal-photos-390.png"), full_page=True)


def test_the_product_page_shows_a_webp_width_that_fits_a_phone(page, photo_site, screenshots):
    site, _draft, published = photo_site
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/en/products/{published}")
    picture = page.locator(".gallery img >> nth=0")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.gallery img').complete")
    source = picture.evaluate("image => image.currentSrc")
    assert source.endswith(".webp"), source
    assert picture.evaluate("image => image.naturalWidth") > 0
    page.screenshot(path=str(screenshots / "product-gallery-390.png"))
