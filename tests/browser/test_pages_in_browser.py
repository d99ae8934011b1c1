"""Pages as a delegate's tablet shows them: every script drawn, layouts that fit, RTL Urdu."""

import re
import subprocess
from functools import cache

import pytest

from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
# The font family that must draw each locale's text (fontconfig names of the Noto fonts).
SCRIPT_FONTS = {"th": "Thai", "km": "Khmer", "lo": "Lao", "my": "Myanmar", "si": "Sinhala",
                "bn": "Bengali", "ur": "Arabic|Nastaliq|Urdu"}
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}


@cache
def _covered_code_points() -> list[tuple[int, int]]:
    """Code point ranges that some installed font can draw, from fontconfig."""
    listing = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                             text=True, check=True).stdout
    ranges = []
    for part in listing.split():
        low, _, high = part.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


def _uncovered(text: str) -> set[str]:
    ranges = _covered_code_points()
    return {char for char in set(text) if not char.isspace() and ord(char) > 0x7F
            and not any(low <= ord(char) <= high for low, high in ranges)}


def _fonts_drawing(page, selector: str) -> list[str]:
    """Names of the fonts Chromium actually used for the element's text."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts if font["glyphCount"]]


@pytest.mark.parametrize("code", list(SCRIPT_FONTS))
def test_home_page_draws_every_glyph(page, live_server, screenshots, code):
    page.set_viewport_size(TABLET)
    page.goto(f"{live_server}/{code}/")
    page.screenshot(path=str(screenshots / f"home-{code}.png"), full_page=True)
    text = page.inner_text("body")
    assert _uncovered(text) == set(), f"no installed font draws these characters on /{code}/"
    fonts = _fonts_drawing(page, "h1")
    assert any(re.search(SCRIPT_FONTS[code], name) for name in fonts), fonts


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_pages_fit_the_screen_without_sideways_scrolling(page, live_server, viewport):
    page.set_viewport_size(viewport)
    record = PUBLISHED[0]
    for path in ("/en/", f"/en/products/{record['ref']}", "/ko/search?q=drone",
                 f"/th/categories/{record['category']['code']}", "/ur/"):
        page.goto(live_server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_urdu_is_mirrored(page, live_server, screenshots):
    page.set_viewport_size(TABLET)
    page.goto(f"{live_server}/ur/")
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher summary").bounding_box()
    assert brand["x"] > switcher["x"], "in RTL the site name sits on the right"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.screenshot(path=str(screenshots / "home-ur-tablet.png"))


def test_language_switcher_keeps_the_product_page(page, live_server):
    record = PUBLISHED[0]
    page.goto(f"{live_server}/en/products/{record['ref']}")
    page.click(".language-switcher summary")
    page.click(".language-switcher a[hreflang='ko']")
    page.wait_for_url(f"**/ko/products/{record['ref']}")
    assert record["texts"]["ko"]["name"] in page.inner_text("h1")


def test_typing_in_the_search_box_offers_completions(page, live_server):
    record = PUBLISHED[0]
    name = record["texts"]["en"]["name"]
    page.goto(f"{live_server}/en/")
    page.fill("#search-q", name[:6])
    # wait_for_function would eval a string, which the site's CSP rightly forbids.
    page.wait_for_selector("#search-suggestions option", state="attached")
    options = page.eval_on_selector_all("#search-suggestions option",
                                        "options => options.map(option => option.value)")
    assert name in options
    page.fill("#search-q", name)  # what choosing the completion does
    page.press("#search-q", "Enter")
    page.wait_for_url("**/en/search?q=*")
    assert record["ref"] in page.locator(".result h2 a").first.get_attribute("href")


def test_pagination_arrows_point_the_way_the_text_reads(page, live_server):
    arrows = {}
    for locale in ("en", "ur"):
        page.goto(f"{live_server}/{locale}/search?q=public")  # more than one page of results
        arrows[locale] = page.evaluate(
            "getComputedStyle(document.querySelector('a[rel=next]'), '::after').content")
    assert arrows == {"en": '" →"', "ur": '" ←"'}
