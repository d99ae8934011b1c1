"""The venue map on a phone and a tablet, and the site on Wi-Fi that comes and goes: a visited
page read offline, an unvisited one answered by the offline page, a meeting request kept until
the connection returns."""

import pytest
from sqlalchemy import select

from showcase.extensions import db
from showcase.models import Inquiry
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
BOOTH = PUBLISHED[0]["booth"]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
# True once the service worker controls the page and has saved ``url``.
SAVED = "async url => !!navigator.serviceWorker.controller && !!(await caches.match(url))"


@pytest.fixture(scope="module")
def venue_site(demo_template, tmp_path_factory):
    """The demo catalog served on a loopback port: (app, base URL)."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("venue-browser"))
    with serving(app) as site:
        yield app, site


@pytest.fixture
def context(browser):
    """A fresh browser profile: no service worker and no saved pages yet."""
    context = browser.new_context(viewport=TABLET)
    yield context
    context.close()


def test_a_visited_product_reads_offline_and_an_unvisited_page_says_so(context, venue_site,
                                                                      screenshots):
    _app, site = venue_site
    visited, unvisited = PUBLISHED[0], PUBLISHED[1]
    page = context.new_page()
    page.goto(f"{site}/en/products/{visited['ref']}")
    page.wait_for_function("() => !!navigator.serviceWorker.controller", polling=100)
    page.reload()  # read again, through the worker now
    page.wait_for_function(SAVED, arg=page.url, polling=100)
    page.wait_for_function(SAVED, arg=f"{site}/en/offline", polling=100)

    context.set_offline(True)
    page.reload()
    banner = page.locator(".offline-banner")
    assert banner.is_visible()
    assert banner.inner_text().startswith("You are offline. This is a copy saved on")
    assert page.locator("h1").inner_text() == visited["texts"]["en"]["name"]
    page.screenshot(path=str(screenshots / "offline-product-en-820.png"))

    page.goto(f"{site}/en/products/{unvisited['ref']}")
    assert page.locator("h1").inner_text() == "You are offline"
    saved = page.locator("[data-saved-pages] a")
    saved.first.wait_for()
    assert saved.all_inner_texts() == [visited["texts"]["en"]["name"]]
    assert not page.locator(".offline-banner").is_visible()
    page.screenshot(path=str(screenshots / "offline-page-en-820.png"))


def test_a_meeting_request_made_offline_is_sent_when_the_connection_returns(context,
                                                                           venue_site):
    app, site = venue_site
    product = PUBLISHED[2]
    email = "offline.delegate@example.test"
    page = context.new_page()
    page.goto(f"{site}/th/products/{product['ref']}/ask")
    page.fill("#name", "Somchai Delegate")
    page.fill("#organisation", "Comptroller General's Department")
    page.select_option("#country", "TH")
    page.fill("#email", email)
    page.fill("#message", "Could we meet on the first morning?")

    context.set_offline(True)
    page.click("#submit")
    banner = page.locator(".offline-banner[data-kind='queued']")
    banner.wait_for()
    assert page.url.endswith("/ask"), "the form stays on screen while offline"
    assert _inquiries_from(app, email) == 0

    context.set_offline(False)
    page.locator(".offline-banner[data-kind='sent']").wait_for()
    assert _inquiries_from(app, email) == 1
    assert page.evaluate("localStorage.getItem('showcase-offline-requests')") is None


def test_a_kiosk_starting_over_forgets_the_pages_kept_for_the_last_visitor(browser,
                                                                          demo_template,
                                                                          tmp_path_factory):
    app = demo_copy(demo_template, tmp_path_factory.mktemp("kiosk-offline"))
    app.config["KIOSK_IDLE_MINUTES"] = 10
    context = browser.new_context(viewport=TABLET)
    try:
        with serving(app) as site:
            page = context.new_page()
            product = f"{site}/en/products/{PUBLISHED[0]['ref']}"
            page.goto(product)
            page.wait_for_function(SAVED, arg=product, polling=100)
            page.wait_for_function(SAVED, arg=f"{site}/en/offline", polling=100)
            with page.expect_navigation():
                page.evaluate("document.querySelector('form[data-kiosk-reset]').submit()")
            page.wait_for_function("async url => !(await caches.match(url))", arg=product,
                                   polling=100)
            # The offline page stays on the device (kept again by the next page if a worker
            # update replaced the caches meanwhile): waited for, not read at one instant.
            page.wait_for_function("async () => !!(await caches.match('/en/offline'))",
                                   polling=100)
    finally:
        context.close()


def _inquiries_from(app, email: str) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Inquiry).where(Inquiry.email == email)).all())


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["390", "820"])
@pytest.mark.parametrize("code", ["ur", "th", "ko"])
def test_the_hall_plan_fits_the_screen_with_the_booth_readable(context, venue_site, screenshots,
                                                                code, viewport):
    _app, site = venue_site
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(f"{site}/{code}/map/{BOOTH[0]}?booth={BOOTH}")
    assert sideways_overflow(page) <= 0
    booth = page.locator(f"#booth-{BOOTH}")
    booth.scroll_into_view_if_needed()
    box = booth.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["width"] >= 30, "a booth stays big enough to tap and read on a phone"
    label = page.locator(".is-highlighted .booth-label")
    assert label.bounding_box()["height"] >= 10
    page.screenshot(path=str(screenshots / f"hall-{code}-{viewport['width']}.png"), full_page=True)
    page.goto(f"{site}/{code}/map")
    assert sideways_overflow(page) <= 0
    page.screenshot(path=str(screenshots / f"map-{code}-{viewport['width']}.png"), full_page=True)
