"""Search and category pages without dead ends: an empty query browses the catalog, zero
results lead somewhere, category pages filter as search does, and prices name their units."""

import re
from collections import Counter
from html import unescape
from urllib.parse import quote

import pytest
from flask_babel import force_locale, gettext

from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
CATEGORIES = Counter(r["category"]["code"] for r in PUBLISHED)
# Known to the thesaurus (drone), but nothing holds the two words together.
NOTHING_IN_THAI = "โดรนบินไม่ได้zz"


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def _count(html: str) -> int:
    return int(re.search(r'class="result-count" role="status">\D*([\d,]+)', html)
               .group(1).replace(",", ""))


def test_an_empty_query_lists_the_whole_catalog_by_name(demo_client):
    html = _html(demo_client, "/en/search")
    assert _count(html) == len(PUBLISHED)
    names = re.findall(r'<h2><a href="/en/products/[^"]+"><span lang="en" dir="auto">(.*?)</span>',
                       html)
    assert len(names) == 20 and names == sorted(names, key=str.casefold)
    assert 'aria-current="true">Name</a>' in html and ">Relevance</a>" not in html
    assert 'class="facet"' in html and 'rel="next" href="/en/search?sort=name&page=2"' in html


def test_results_come_before_the_filters_which_count_the_active_ones(demo_client):
    code = CATEGORIES.most_common(1)[0][0]
    html = _html(demo_client, f"/en/search?q=system&category={code}&expired=0")
    assert html.index('class="results"') < html.index('<details class="filters" open>')
    assert "<summary>Filters (2 active)</summary>" in html
    assert '<a href="/en/search?q=system&sort=relevance">Clear all filters</a>' in html
    assert "<summary>Filters</summary>" in _html(demo_client, "/en/search?q=system")


def test_a_search_thumbnail_links_to_its_product_without_a_second_tab_stop(demo_client):
    html = _html(demo_client, "/en/search")
    link = re.search(r'<a class="result-image" href="(/en/products/[^"]+)" tabindex="-1" '
                     r'aria-hidden="true"><picture>', html)
    assert link and f'<h2><a href="{link.group(1)}">' in html


def test_zero_results_offer_categories_spelling_and_english_and_korean(demo_client):
    html = _html(demo_client, f"/th/search?q={NOTHING_IN_THAI}")
    assert _count(html) == 0
    panel = html.split('<section class="results">')[1].split("</section>")[0]
    assert 'class="no-results"' in panel and 'class="filters"' not in html
    for code in CATEGORIES:
        assert f'href="/th/categories/{code}"' in panel
    assert '<a href="/th/search?q=drone">' in panel
    assert f'<a href="/th/search?q={quote("드론")}">' in panel
    assert 'href="/th/search"' in panel  # every product

    misspelt = _html(demo_client, "/en/search?q=dronne+xqzvk")
    assert 'class="did-you-mean"' in misspelt.split('class="no-results"')[1]


def test_filters_that_together_match_nothing_find_nothing_and_can_be_cleared(demo_client):
    code = CATEGORIES.most_common(1)[0][0]
    html = _html(demo_client, f"/en/search?category={code}&type=no-such-type")
    assert _count(html) == 0
    assert '<a href="/en/search?sort=name">Search again without filters</a>' in html


def test_a_category_page_filters_sorts_and_hides_expired_as_search_does(demo_client):
    code, count = CATEGORIES.most_common(1)[0]
    html = _html(demo_client, f"/en/categories/{code}")
    assert _count(html) == count
    facets = html.split('class="facets"')[1]
    assert "<h2>Category</h2>" not in facets  # the page is the category
    link = re.search(rf'<a href="(/en/categories/{code}\?sort=name&type=([a-z-]+))" >'
                     r'[^<]+</a> <span class="count">(\d+)</span>', facets)
    narrowed = _html(demo_client, link.group(1))
    assert _count(narrowed) == int(link.group(3)) < count
    assert 'aria-current="true"' in narrowed.split('class="facets"')[1]
    newest = _html(demo_client, f"/en/categories/{code}?sort=newest")
    assert 'aria-current="true">Newest</a>' in newest
    hide = f'/en/categories/{code}?sort=name&expired=0'
    assert f'href="{hide}"' in html
    assert _count(_html(demo_client, hide)) <= count


def test_a_category_page_with_nothing_left_leads_back(demo_client):
    code = CATEGORIES.most_common(1)[0][0]
    html = _html(demo_client, f"/en/categories/{code}?hall=zz")
    assert _count(html) == 0
    assert f'<a href="/en/categories/{code}?sort=name">Search again without filters</a>' in html


@pytest.mark.parametrize("lang", ["en", "th", "ko"])
def test_prices_name_their_unit_in_the_visitors_language(demo_app, demo_client, lang):
    record = next(r for r in PUBLISHED if r["price"]["unit"] == "SYSTEM")
    html = _html(demo_client, f"/{lang}/products/{record['ref']}")
    with demo_app.test_request_context(), force_locale(lang):
        before, after = gettext("%(price)s per system", price="\0").split("\0")
    line = re.search("<dd>(" + re.escape(before) + r"[^<]*\d[^<]*" + re.escape(after) + ")</dd>",
                     html)
    assert line and "SYSTEM" not in line.group(1)
    if lang == "en":
        assert re.fullmatch(r"₩[\d,]+ per system", line.group(1))
