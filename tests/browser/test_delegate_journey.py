"""The delegate's whole visit on a tablet, as the venue sees it: switch to Thai, search, narrow
the results with a filter, open a product, save two products, ask for a meeting, then carry
the shortlist away on a phone by its short link."""

from tests.browser.conftest import save_first_unsaved, shortlisted_refs, sideways_overflow

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}


def test_a_delegate_finds_saves_asks_and_takes_the_list_to_a_phone(browser, live_server):
    tablet = browser.new_context(viewport=TABLET, has_touch=True, locale="en-US")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = tablet.new_page()
        page.goto(f"{live_server}/en/")
        page.click(".language-switcher summary")
        page.click(".language-switcher a[hreflang='th']")
        page.wait_for_url(f"{live_server}/th/")

        page.fill("#search-q", "โดรน")
        page.press("#search-q", "Enter")
        page.wait_for_url("**/th/search?q=*")
        found = page.locator(".result").count()
        assert found > 1

        category = page.locator(".facet").first.locator("a").first
        category.click()
        page.wait_for_url("**/th/search?*")
        assert 0 < page.locator(".result").count() <= found
        assert sideways_overflow(page) <= 0

        first = save_first_unsaved(page)
        page.locator(".result h2 a").first.click()
        page.wait_for_url("**/th/products/*")
        product_ref = page.url.rsplit("/", 1)[1]
        if product_ref == first:
            page.go_back()
            page.wait_for_url("**/th/search?*")
            second = save_first_unsaved(page)
        else:
            second = save_first_unsaved(page)
        assert second != first

        page.goto(f"{live_server}/th/products/{product_ref}")
        page.click("a.action-button.is-primary")
        page.wait_for_url(f"**/th/products/{product_ref}/ask?kind=meeting")
        page.fill("#name", "Malee Srisuk")
        page.fill("#organisation", "Department of Disaster Prevention and Mitigation")
        page.select_option("#country", "TH")
        page.fill("#email", "malee@example.go.th")
        page.select_option("#time_slot", index=1)
        page.fill("#message", "ขอนัดพบเพื่อดูการสาธิตโดรน")
        page.click(".ask-form [type=submit]")
        page.wait_for_url(f"**/th/products/{product_ref}")
        assert page.locator(".flash-list").is_visible()

        page.click(".shortlist-link")
        page.wait_for_url(f"{live_server}/th/shortlist")
        assert sorted(shortlisted_refs(page)) == sorted([first, second])
        short_link = page.get_attribute(".shortlist-link-text a", "href")

        on_phone = phone.new_page()
        on_phone.goto(short_link)
        on_phone.wait_for_url("**/shortlist")
        assert sorted(shortlisted_refs(on_phone)) == sorted([first, second])
        assert sideways_overflow(on_phone) <= 0
    finally:
        phone.close()
        tablet.close()
