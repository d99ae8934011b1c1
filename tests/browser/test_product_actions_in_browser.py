"""A delegate on a phone in Thai acts on a product: looks through its photos in the on-page
viewer (arrow keys, a swipe, Esc), then asks the company for a meeting."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import sideways_overflow
from tests.conftest import demo_records

PHONE = {"width": 390, "height": 844}
PRODUCT = next(r for r in demo_records()
               if r["status"] == "published" and "th" in r["texts"] and len(r["images"]) >= 3)


def _shown(page) -> str:
    return page.get_attribute(".gallery-viewer[open] .viewer-image", "src")


def test_a_delegate_browses_the_photos_and_asks_for_a_meeting_in_thai(
        page, live_server, screenshots):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/th/products/{PRODUCT['ref']}")
    photos = page.locator("a.gallery-link").evaluate_all("links => links.map(l => l.href)")
    assert len(photos) == len(PRODUCT["images"])

    page.click("a.gallery-link >> nth=0")
    page.wait_for_selector(".gallery-viewer[open]")
    assert page.url.endswith(f"/th/products/{PRODUCT['ref']}"), "the viewer opens on the page"
    assert _shown(page) == photos[0]
    page.screenshot(path=str(screenshots / "gallery-viewer-th-390.png"))

    page.keyboard.press("ArrowRight")
    assert _shown(page) == photos[1]
    box = page.locator(".viewer-image").bounding_box()
    middle_y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, middle_y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, middle_y, steps=5)
    page.mouse.up()
    assert _shown(page) == photos[2], "a swipe to the left shows the next photo"
    page.keyboard.press("ArrowLeft")
    assert _shown(page) == photos[1]

    page.keyboard.press("Escape")
    assert page.locator(".gallery-viewer[open]").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('gallery-link')"), (
        "closing returns to the thumbnail")

    page.click("a.action-button.is-primary")
    page.wait_for_url(f"**/th/products/{PRODUCT['ref']}/ask?kind=meeting")
    assert sideways_overflow(page) <= 0
    page.fill("#name", "Somchai Jaidee")
    page.fill("#organisation", "Comptroller General's Department")
    page.select_option("#country", "TH")
    page.fill("#email", "somchai@example.go.th")
    page.check("#wants_interpreter")
    page.select_option("#time_slot", index=1)
    page.fill("#message", "ขอนัดพบที่บูธในช่วงเช้า")
    page.screenshot(path=str(screenshots / "meeting-request-th-390.png"), full_page=True)
    page.click(".ask-form button[type=submit], .ask-form input[type=submit]")
    page.wait_for_url(f"**/th/products/{PRODUCT['ref']}")
    assert PRODUCT["company"]["name"]["en"] in page.inner_text(".flash-list") or (
        PRODUCT["company"]["name"]["ko"] in page.inner_text(".flash-list"))


@pytest.mark.parametrize("locale", ["th", "ur"])
def test_the_request_form_and_the_photo_viewer_pass_axe(browser, live_server, locale):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # the CSP forbids axe
    try:
        tab = context.new_page()
        tab.goto(f"{live_server}/{locale}/products/{PRODUCT['ref']}/ask")
        tab.click(".ask-form [type=submit]")  # empty: every mistake is shown
        tab.wait_for_selector(".field-error")
        problems = _blocking(tab)
        tab.goto(f"{live_server}/{locale}/products/{PRODUCT['ref']}")
        tab.click("a.gallery-link >> nth=1")
        tab.wait_for_selector(".gallery-viewer[open]")
        problems += _blocking(tab)
    finally:
        context.close()
    assert problems == []


def _blocking(tab) -> list[str]:
    """Serious and critical axe violations of the page as it is now."""
    results = Axe().run(tab, options={"resultTypes": ["violations"]})
    return [f"{v['id']}: {node['html'][:120]}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical") for node in v["nodes"]]
