"""The API documentation page on a phone and a tablet: it fits the screen in any script and
direction, and its index leads to each operation."""

import pytest

from tests.browser.conftest import sideways_overflow

SCREENS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 820, "height": 1180}}


@pytest.mark.parametrize("slug", ["ur", "th", "ko"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_api_page_fits_the_screen(page, live_server, screenshots, slug, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{live_server}/{slug}/api")
    page.screenshot(path=str(screenshots / f"api-{slug}-{screen}.png"))
    assert sideways_overflow(page) == 0
    page.click("a[href='#listProducts']")
    assert page.locator("#listProducts").is_visible()
    page.screenshot(path=str(screenshots / f"api-{slug}-{screen}-products.png"))
