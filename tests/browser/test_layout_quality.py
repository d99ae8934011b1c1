"""The layout in every script, measured on element boxes: a one-row header on a tablet, no
page wider than the screen, the language panel on a phone's screen, 44 px touch targets,
Nastaliq lines that do not collide, Korean that wraps between words."""

from pathlib import Path

import pytest

from showcase import unit_of_work
from showcase.i18n import LOCALES
from showcase.services.accounts import create_user
from tests.browser.conftest import demo_copy, serving, sideways_overflow
from tests.conftest import TEST_PASSWORD, demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
PRODUCT = PUBLISHED[0]
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
STAFF_EMAIL = "layout-staff@example.test"
# The pages whose texts change most with the language are checked in all 24 locales; the
# other kinds of page in the locales with the longest words and the tallest scripts.
PAGES = ["/", "/search?q=drone", f"/products/{PRODUCT['ref']}"]
MORE_PAGES = [f"/categories/{PRODUCT['category']['code']}", "/shortlist", "/map"]
MORE_PAGES_LOCALES = {"en", "ko", "th", "ur", "fil", "ta"}
# Header items share one row when each one's top lies above every other one's bottom.
HEADER_ITEMS = """() => [...document.querySelectorAll('.site-header > *')]
  .map(item => item.getBoundingClientRect())
  .filter(box => box.width > 0 && box.height > 0)
  .map(box => ({top: box.top, bottom: box.bottom}))"""
# Every link, button and field a finger can reach, with its box.
TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, header summary, header input, main a, main button, main summary,'
    + 'main input:not([type=hidden]), main select, footer a, footer button')]
  .filter(node => node.checkVisibility() && !node.closest('[hidden], .visually-hidden'))
  .map(node => {
    const box = node.getBoundingClientRect();
    return {html: node.outerHTML.slice(0, 120), width: box.width, height: box.height};
  })"""
# The character before each line break of the matched elements' text.
LINE_ENDS = """selector => {
  const ends = [], range = document.createRange();
  for (const element of document.querySelectorAll(selector)) {
    const node = element.firstChild;
    let lastTop = null;
    for (let index = 0; index < node.length; index++) {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const box = range.getClientRects()[0];
      if (!box || !box.width) continue;
      if (lastTop !== null && box.top > lastTop + 2) ends.push(node.data[index - 1]);
      lastTop = box.top;
    }
  }
  return ends;
}"""
# Letters of neighbouring lines that touch: {wrapped: elements measured, collisions: [...]}.
INK_COLLISIONS = (Path(__file__).parent / "ink_collisions.js").read_text()


@pytest.fixture(scope="module")
def page(browser):
    """One tab for the whole module: pages are opened in turn, not in new browsers."""
    context = browser.new_context(viewport=TABLET, service_workers="block")
    tab = context.new_page()
    # Pictures carry their sizes in the markup, so the layout is the same without them.
    tab.route("**/media/images/**", lambda route: route.abort())
    yield tab
    context.close()


def _assert_one_row_header(page, where: str) -> None:
    items = page.evaluate(HEADER_ITEMS)
    lowest_top = max(item["top"] for item in items)
    highest_bottom = min(item["bottom"] for item in items)
    assert lowest_top < highest_bottom, f"the header wraps to a second row on {where}: {items}"
    height = page.locator(".site-header").bounding_box()["height"]
    assert height <= 96, f"the header is {height}px tall on {where}"


@pytest.mark.parametrize("locale", [locale.slug for locale in LOCALES])
def test_header_is_one_row_on_a_tablet_and_no_page_scrolls_sideways(page, live_server, locale):
    for path in PAGES + (MORE_PAGES if locale in MORE_PAGES_LOCALES else []):
        where = f"/{locale}{path}"
        page.set_viewport_size(TABLET)
        # Images have their sizes in the markup: the layout is final before they arrive.
        page.goto(live_server + where, wait_until="domcontentloaded")
        _assert_one_row_header(page, where)
        assert sideways_overflow(page) <= 0, f"{where} scrolls sideways at 820px"
        page.set_viewport_size(PHONE)
        assert sideways_overflow(page) <= 0, f"{where} scrolls sideways at 390px"


@pytest.fixture(scope="module")
def staff_site(demo_template, tmp_path_factory):
    """The demo catalog with a staff account, whose header carries three more buttons."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("layout-staff"))
    with app.app_context(), unit_of_work.committed():
        create_user(STAFF_EMAIL, "staff", TEST_PASSWORD)
    with serving(app) as site:
        yield site


def test_a_signed_in_header_takes_a_second_row_rather_than_widening_the_page(
        browser, staff_site):
    context = browser.new_context(viewport=TABLET, service_workers="block")
    page = context.new_page()
    page.goto(f"{staff_site}/en/account/sign-in")
    page.fill("#email", STAFF_EMAIL)
    page.fill("#password", TEST_PASSWORD)
    page.click("#submit")
    page.wait_for_selector(".account-menu button")
    for locale in ("vi", "ta", "ur"):
        page.set_viewport_size(TABLET)
        page.goto(f"{staff_site}/{locale}/", wait_until="domcontentloaded")
        assert sideways_overflow(page) <= 0, f"/{locale}/ signed in, at 820px"
        page.set_viewport_size(PHONE)
        assert sideways_overflow(page) <= 0, f"/{locale}/ signed in, at 390px"
    context.close()


@pytest.mark.parametrize("locale", ["en", "ur"])
def test_language_panel_is_on_a_phones_screen_and_every_language_tappable(
        page, live_server, locale):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/{locale}/")
    page.click(".language-switcher summary")
    links = page.locator(".language-list a")
    assert links.count() == len(LOCALES)
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["height"] >= 44, box
    assert sideways_overflow(page) <= 0
    page.keyboard.press("Escape")
    assert not page.locator(".language-list").is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.click(".language-switcher summary")
    page.locator(".language-list a[hreflang='th']").click()
    page.wait_for_url(f"{live_server}/th/")


def test_language_button_names_the_language_it_shows(page, live_server):
    page.goto(f"{live_server}/ko/")
    summary = page.locator(".language-switcher summary")
    # Named by its content (no aria-label): what it does, then the language it shows.
    assert summary.get_attribute("aria-label") is None
    name = " ".join(summary.text_content().split())
    assert name.endswith("한국어") and len(name) > len("한국어"), name


@pytest.mark.parametrize(("locale", "viewport"), [
    ("en", PHONE), ("th", PHONE), ("ur", PHONE), ("en", TABLET), ("ur", TABLET),
], ids=["en-phone", "th-phone", "ur-phone", "en-tablet", "ur-tablet"])
def test_every_link_and_button_is_a_44px_touch_target(page, live_server, locale, viewport):
    page.set_viewport_size(viewport)
    small = []
    for path in PAGES + MORE_PAGES:
        page.goto(f"{live_server}/{locale}{path}", wait_until="domcontentloaded")
        small += [(path, target) for target in page.evaluate(TARGETS)
                  if target["width"] < 43.5 or target["height"] < 43.5]
    assert small == []


def test_the_whole_card_opens_the_product_and_its_tags_stay_tappable(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/en/")
    card = page.locator(".card").first
    card.locator(".company").scroll_into_view_if_needed()
    box = card.locator(".company").bounding_box()
    href = card.locator(".card-link").get_attribute("href")
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] / 2)  # the company line: no link
    page.wait_for_url(f"{live_server}{href}")
    page.goto(f"{live_server}/en/")
    tag = page.locator(".card .concept-tags a").first
    tag_href = tag.get_attribute("href")
    tag.click()
    page.wait_for_url(f"{live_server}{tag_href}")


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_urdu_letters_of_neighbouring_lines_never_touch(browser, live_server, viewport,
                                                        screenshots):
    # The page's CSP rightly forbids the canvas drawing script: a context of its own.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    selector = (".intro p, .designations dt, .designations dd, .site-footer p, .facts dt, "
                ".facts dd, .categories a, h1, h2, .card h3, .summary, .description")
    wrapped = 0
    for path in ("/", f"/products/{PRODUCT['ref']}"):
        page.goto(f"{live_server}/ur{path}")
        measured = page.evaluate(INK_COLLISIONS, selector)
        assert measured["collisions"] == [], f"/ur{path}"
        wrapped += measured["wrapped"]
    assert wrapped >= 3, "too little wrapped Urdu text was measured"
    page.screenshot(path=str(screenshots / f"layout-ur-{viewport['width']}.png"), full_page=True)
    context.close()


def test_korean_wraps_between_words(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/ko/")
    style = page.eval_on_selector(
        ".intro p", "p => [getComputedStyle(p).wordBreak, getComputedStyle(p).overflowWrap]")
    assert style == ["keep-all", "anywhere"]
    ends = page.evaluate(LINE_ENDS, ".intro p, .designations dd")
    assert len(ends) >= 3, "no wrapped Korean text was measured"
    assert all(char == " " for char in ends), f"lines broken inside a word: {ends}"
