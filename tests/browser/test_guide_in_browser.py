"""The delegate's guide and the open-data page on a phone and a tablet: they fit the screen,
Urdu reads right to left, and a designation badge leads to its guide page."""

import pytest

from tests.browser.conftest import sideways_overflow

SCREENS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 820, "height": 1180}}
PAGES = ("guide/how-it-works", "guide/excellent-procurement", "open-data")


@pytest.mark.parametrize("locale", ["ur", "th", "ko"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_guide_and_open_data_fit_the_screen(page, live_server, screenshots, locale, screen):
    page.set_viewport_size(SCREENS[screen])
    for path in PAGES:
        page.goto(f"{live_server}/{locale}/{path}")
        name = path.replace("/", "-")
        page.screenshot(path=str(screenshots / f"{name}-{locale}-{screen}.png"), full_page=True)
        assert sideways_overflow(page) == 0, f"/{locale}/{path} scrolls sideways on a {screen}"
    if locale == "ur":
        assert page.eval_on_selector("html", "element => getComputedStyle(element).direction") \
            == "rtl"


def test_a_badge_leads_to_its_guide_page(page, live_server):
    page.set_viewport_size(SCREENS["phone"])
    page.goto(f"{live_server}/th/search?q=")
    badge = page.locator("a.badge").first
    code = badge.get_attribute("class").split("badge-")[1]
    badge.click()
    page.wait_for_url(f"**/th/guide/{code}")
    assert page.locator("h1").inner_text().strip()
    assert page.locator(f'a[href="/th/search?type={code}"]').count() == 1
