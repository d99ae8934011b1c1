"""A company member writes a listing on a phone: language tabs, adding a language, a refused
value shown in its tab, a save, and the preview in another interface language."""


import pytest

from showcase import unit_of_work
from showcase.models import CompanyState
from showcase.services.accounts import create_user
from tests import factories
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import TEST_PASSWORD

MEMBER = "maker@example.test"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def portal_site(demo_template, tmp_path_factory):
    """The demo catalog with an approved company and one of its members; the base URL."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("editor-browser"))
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company(CompanyState.APPROVED,
                                        names={"ko": "바람드론", "en": "Baram Drones"})
        create_user(MEMBER, "company", TEST_PASSWORD, company.registration_number)
    with serving(app) as site:
        yield site


def test_a_member_writes_a_listing_in_tabs_on_a_phone(page, portal_site, screenshots):
    site = portal_site
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/en/account/sign-in?next=/en/portal/")
    page.fill("#email", MEMBER)
    page.fill("#password", TEST_PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{site}/en/portal/")
    page.click("button:has-text('New listing')")
    page.wait_for_url(f"{site}/en/portal/listings/*")

    # One language at a time: Korean first, English a tab away.
    tabs = page.locator("[role=tablist] [role=tab]")
    assert tabs.count() == 2
    assert page.is_visible("#text_ko-name") and not page.is_visible("#text_en-name")
    page.click("[role=tab][href='#lang-en']")
    assert page.get_attribute("[role=tab][href='#lang-en']", "aria-selected") == "true"
    page.fill("#text_en-name", "Wind-proof inspection drone")
    page.fill("#text_en-summary", "Flies in gusts up to 20 m/s.")

    # A language added on the server opens as the current tab, with what was typed kept.
    page.select_option("#new_language", "ur")
    page.click("button[value=add_language]")
    assert page.is_visible("#text_ur-name")
    assert page.get_attribute("#text_ur-name", "dir") == "rtl"
    page.fill("#text_ur-name", "ہوا سے محفوظ ڈرون")

    # A refused value in a hidden tab: the tab with the error opens.
    page.click("[role=tab][href='#lang-ko']")
    page.fill("#classification_code", "1234")
    page.click("button[value=save] >> nth=0")
    assert page.is_visible(".error-summary")
    assert page.is_visible("#classification_code-errors")
    page.click(".error-summary a[href='#classification_code']")
    page.fill("#classification_code", "43211503")
    page.click("[role=tab][href='#lang-en']")
    assert page.input_value("#text_en-name") == "Wind-proof inspection drone"
    assert sideways_overflow(page) <= 0, "the editor fits a phone"
    page.screenshot(path=str(screenshots / "portal-editor-390.png"), full_page=True)

    page.click("button[value=save] >> nth=0")
    assert "Saved." in page.inner_text(".flash-list")
    assert page.locator("[role=tab]").count() == 3
    assert "complete" in page.inner_text("[role=tab][href='#lang-en']")

    page.click("a:has-text('Preview')")
    page.click(".preview-languages summary")
    page.click(".preview-languages a[hreflang=th]")
    assert page.get_attribute("html", "lang") == "th"
    assert "Wind-proof inspection drone" in page.inner_text("h1")
    assert sideways_overflow(page) <= 0, "the preview fits a phone"
    page.screenshot(path=str(screenshots / "portal-preview-th-390.png"), full_page=True)
