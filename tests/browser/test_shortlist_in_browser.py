"""A delegate keeps a shortlist as they would on a tablet: saved from cards and results in
Thai, still there after a reload, opened on a phone by its short link; and a kiosk that starts
over for the next visitor."""

import pytest

from tests.browser.conftest import (
    demo_copy,
    save_first_unsaved,
    serving,
    shortlisted_refs,
    sideways_overflow,
)

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
TAP_TARGETS = (".shortlist-remove button, .shortlist-mail input:not([type='hidden']), "
               ".shortlist-actions a, .shortlist-clear button")


@pytest.fixture(scope="module")
def kiosk_server(demo_template, tmp_path_factory):
    """The demo catalog as a venue kiosk: idle after 2 seconds, a 1-second countdown."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("kiosk-browser"))
    app.config.update(KIOSK_IDLE_MINUTES=2 / 60, KIOSK_COUNTDOWN_SECONDS=1)
    with serving(app) as site:
        yield site


def test_a_delegate_saves_two_in_thai_and_opens_the_list_on_a_phone(
        page, browser, live_server, screenshots):
    page.set_viewport_size(TABLET)
    page.goto(f"{live_server}/th/")
    first = save_first_unsaved(page)
    assert page.inner_text("[data-shortlist-count]") == "1"
    assert page.url == f"{live_server}/th/", "saved without leaving the page"
    page.goto(f"{live_server}/th/search?q=drone")
    second = save_first_unsaved(page)
    assert second != first
    page.reload()
    assert page.inner_text("[data-shortlist-count]") == "2"
    page.click(".shortlist-link")
    page.wait_for_url(f"{live_server}/th/shortlist")
    assert sorted(shortlisted_refs(page)) == sorted([first, second])
    assert page.locator(".shortlist-qr svg").is_visible()
    page.screenshot(path=str(screenshots / "shortlist-th-820.png"), full_page=True)
    short_link = page.get_attribute(".shortlist-link-text a", "href")

    phone = browser.new_context(viewport=PHONE, locale="th-TH", is_mobile=True,
                                has_touch=True, device_scale_factor=2)
    try:
        on_phone = phone.new_page()
        on_phone.goto(short_link)
        assert on_phone.url == f"{live_server}/th/shortlist"
        assert sorted(shortlisted_refs(on_phone)) == sorted([first, second])
        assert sideways_overflow(on_phone) <= 0
        on_phone.screenshot(path=str(screenshots / "shortlist-th-390.png"), full_page=True)
    finally:
        phone.close()


def test_the_shortlist_buttons_are_large_enough_to_tap(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/th/")
    for selector in (".shortlist-button", ".shortlist-link"):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (selector, box)


def test_an_idle_kiosk_counts_down_then_starts_over_in_its_first_language(
        page, kiosk_server, screenshots):
    page.set_viewport_size(TABLET)
    page.goto(f"{kiosk_server}/th/")
    assert page.locator(".sign-in-link").count() == 0
    page.goto(f"{kiosk_server}/en/")
    save_first_unsaved(page)
    dialog = page.locator("#kiosk-dialog")
    dialog.wait_for(state="visible")
    page.screenshot(path=str(screenshots / "kiosk-countdown-en-820.png"))
    page.click("[data-kiosk-stay]")
    assert not dialog.is_visible(), "the delegate can cancel the countdown"
    assert page.url == f"{kiosk_server}/en/"
    page.wait_for_url(f"{kiosk_server}/th/", timeout=20_000)
    assert page.inner_text("[data-shortlist-count]") == "0"


def test_the_shortlist_page_fits_phones_and_tablets_and_prints_a_code_per_product(
        page, live_server, screenshots):
    page.goto(f"{live_server}/ko/")
    saved = {save_first_unsaved(page), save_first_unsaved(page)}
    for code in ("ur", "th", "ko"):
        for viewport in (PHONE, TABLET):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server}/{code}/shortlist")
            page.screenshot(path=str(screenshots / f"shortlist-{code}-{viewport['width']}.png"),
                            full_page=True)
            assert sideways_overflow(page) <= 0, (code, viewport)
            for control in page.locator(TAP_TARGETS).all():
                assert control.bounding_box()["height"] >= 44
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "shortlist-ko-print.png"), full_page=True)
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".shortlist-product-qr svg").count() == len(saved)
    assert all(qr.is_visible() for qr in page.locator(".shortlist-product-qr svg").all())
