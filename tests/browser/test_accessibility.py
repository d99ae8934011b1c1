"""axe-core (through axe-playwright-python) finds no serious or critical violation on the pages a
delegate uses, in English, Korean, Thai and right-to-left Urdu."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
PRODUCT = PUBLISHED[0]
PAGES = {
    "home": "/",
    "search": "/search?q=drone",
    "product": f"/products/{PRODUCT['ref']}",
    "shortlist": "/shortlist",
    "map": "/map",
}
LOCALES = ["en", "ko", "th", "ur"]
BLOCKING = {"serious", "critical"}
# Default rules plus one axe still calls experimental: a control's visible text is part of its
# accessible name (WCAG 2.5.3, "label in name"), which the language button once broke.
AXE_OPTIONS = {"resultTypes": ["violations"],
               "rules": {"label-content-name-mismatch": {"enabled": True}}}


@pytest.fixture(scope="module")
def page(browser, live_server):
    """One tab for the module, with two products on its shortlist so that page has content.
    The page's CSP forbids injected scripts such as axe: this context bypasses it."""
    context = browser.new_context(viewport={"width": 820, "height": 1180}, bypass_csp=True)
    tab = context.new_page()
    tab.goto(f"{live_server}/en/")
    for index in (0, 1):
        button = tab.locator(".card .shortlist-button").nth(index)
        button.click()
        tab.wait_for_function("button => button.getAttribute('aria-pressed') === 'true'",
                              arg=button.element_handle())
    yield tab
    context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["html"][:120] for node in v["nodes"][:3])
        for v in violations)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(page, live_server, axe, name, locale):
    page.goto(f"{live_server}/{locale}{PAGES[name]}")
    results = axe.run(page, options=AXE_OPTIONS)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"/{locale}{PAGES[name]}:\n{_describe(blocking)}"


def test_the_open_language_panel_passes_too(page, live_server, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/ur/")
    page.click(".language-switcher summary")
    results = axe.run(page, context=".site-header", options=AXE_OPTIONS)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], _describe(blocking)
    page.set_viewport_size({"width": 820, "height": 1180})
