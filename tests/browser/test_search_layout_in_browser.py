"""Search and category pages on a phone and a tablet: results first, filters folded on a phone
and beside the results on a tablet, every control a finger can hit."""

import pytest

from tests.browser.conftest import sideways_overflow
from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
TOUCH = 44


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def _heights(page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector, "links => links.map(link => link.getBoundingClientRect().height)")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_on_a_phone_results_come_first_and_filters_fold(page, live_server, screenshots, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/{lang}/search?q=drone")
    first_result = _box(page, ".result")
    summary = _box(page, "details.filters > summary")
    assert first_result["y"] < summary["y"]
    assert first_result["y"] < PHONE["height"]  # on the first screen
    assert page.eval_on_selector("details.filters", "panel => panel.open") is False
    assert summary["height"] >= TOUCH
    for selector in (".sort a", ".expired-filter a"):
        assert min(_heights(page, selector)) >= TOUCH, selector
    page.click("details.filters > summary")
    assert min(_heights(page, ".facet a")) >= TOUCH
    assert sideways_overflow(page) == 0
    page.screenshot(path=str(screenshots / f"search-phone-{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_on_a_tablet_filters_stand_beside_the_results(page, live_server, screenshots, lang):
    page.set_viewport_size(TABLET)
    code = PUBLISHED[0]["category"]["code"]
    page.goto(f"{live_server}/{lang}/categories/{code}")
    filters, results = _box(page, "details.filters"), _box(page, "section.results")
    assert page.eval_on_selector("details.filters", "panel => panel.open") is True
    assert page.locator("details.filters > summary").is_hidden()
    assert abs(filters["y"] - results["y"]) < 2
    if lang == "ur":  # right to left: the filters on the right
        assert filters["x"] > results["x"] + results["width"] - 1
    else:
        assert filters["x"] + filters["width"] < results["x"] + 1
    assert min(_heights(page, ".facet a")) >= TOUCH
    assert sideways_overflow(page) == 0
    page.screenshot(path=str(screenshots / f"category-tablet-{lang}.png"), full_page=True)
