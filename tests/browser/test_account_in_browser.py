"""Signing in as a visitor does it: a real browser, the real form, on a phone and a tablet."""


import pytest

from showcase import unit_of_work
from showcase.services.accounts import create_user
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import TEST_PASSWORD

EMAIL = "curator@example.test"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}


@pytest.fixture(scope="module")
def account_server(demo_template, tmp_path_factory):
    """The demo catalog with one staff account, served on a loopback port."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("account-browser"))
    with app.app_context(), unit_of_work.committed():
        create_user(EMAIL, "staff", TEST_PASSWORD)
    with serving(app) as site:
        yield site


def test_a_visitor_signs_in_with_the_form_and_lands_signed_in(page, account_server,
                                                             screenshots):
    page.set_viewport_size(PHONE)
    page.goto(f"{account_server}/ur/")
    page.click(".sign-in-link")
    page.fill("#email", EMAIL)
    page.fill("#password", TEST_PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{account_server}/ur/")
    page.screenshot(path=str(screenshots / "signed-in-ur-390.png"))
    assert page.locator(".account-menu button").is_visible()
    assert sideways_overflow(page) <= 0, "the header's account menu fits a phone"
    page.click(".account-menu a[href$='/account/']")
    assert EMAIL in page.inner_text("main")
    page.click(".account-menu button")
    page.wait_for_url(f"{account_server}/ur/")
    assert page.locator(".sign-in-link").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["390", "820"])
@pytest.mark.parametrize("code", ["ur", "th", "ko"])
def test_the_sign_in_form_fits_the_screen_in_every_script(page, account_server, screenshots,
                                                          code, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{account_server}/{code}/account/sign-in")
    page.fill("#email", "someone@example.test")
    page.fill("#password", "not the password")
    page.click("#submit")
    page.wait_for_selector(".form-error")
    page.screenshot(path=str(screenshots / f"sign-in-{code}-{viewport['width']}.png"),
                    full_page=True)
    assert sideways_overflow(page) <= 0
    panel = page.locator(".account-panel").bounding_box()
    for selector in ("#email", "#password", "#submit", ".form-error"):
        box = page.locator(selector).bounding_box()
        assert panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"]
    field = page.locator("#email").bounding_box()
    assert field["width"] >= min(panel["width"] - 80, 300), "fields use the panel's width"
    label = page.locator("label[for=email]").bounding_box()
    if code == "ur":
        assert label["x"] + label["width"] > panel["x"] + panel["width"] / 2, \
            "in RTL the label starts on the right"
