"""Finding the booth: halls and plans read from data/venue, the map pages, and the booth line on
every card, result and product page."""

import io
import math
import re
from collections import defaultdict
from html import unescape

import pytest

from showcase.venue import VENUE_DIR, extract_hall_names, load_venue, venue
from tests.conftest import copy_data_dir, demo_records, make_app

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
WITH_BOOTH = [r for r in PUBLISHED if r.get("booth")]


@pytest.fixture(scope="module")
def map_client(demo_template, tmp_path_factory):
    """One copy of the demo catalog for the whole module: these tests only read pages."""
    data_dir = tmp_path_factory.mktemp("venue") / "data"
    copy_data_dir(demo_template, data_dir)
    return make_app(data_dir).test_client()


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def _booth_number(code: str) -> int:
    return int(code.split("-")[1])


def test_every_demo_booth_is_drawn_on_its_halls_plan():
    halls = venue().halls
    assert list(halls) == ["A", "B", "C", "D"]
    for record in WITH_BOOTH:
        booth = venue().booth(record["booth"])
        assert booth is not None, record["booth"]
        assert booth.hall == record["booth"][0]
    # Booths sit apart: no two rects share a centre.
    for hall in halls.values():
        centres = {(booth.x, booth.y) for booth in hall.booths.values()}
        assert len(centres) == len(hall.booths) >= 100


def test_plans_keep_shapes_and_labels_only(tmp_path):
    (tmp_path / "halls.json").write_text(
        '{"halls": [{"letter": "Z", "name": "Test hall", "plan": "z.svg"}]}')
    (tmp_path / "z.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 100 100" onload="alert(1)">'
        '<script>alert(2)</script><style>rect{fill:red}</style>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'
        '<a x:href="javascript:alert(3)"><rect id="booth-Z-9" width="1" height="1"/></a>'
        '<g class="booth"><rect id="booth-Z-1" x="10" y="20" width="30" height="40" '
        'style="fill:red" onclick="alert(4)"/><text class="booth-label">1</text></g></svg>')
    hall = load_venue(tmp_path).halls["Z"]
    assert list(hall.booths) == ["Z-1"]
    assert (hall.booths["Z-1"].x, hall.booths["Z-1"].y) == (25, 40)
    markup = hall.plan
    for gone in ("alert", "script", "style", "foreignObject", "href", "onload", "onclick"):
        assert gone not in markup
    assert 'id="booth-Z-1"' in markup and ">1</text>" in markup


def test_hall_names_are_collected_for_translation():
    with open(VENUE_DIR / "halls.json", "rb") as halls:
        content = halls.read()
    extracted = list(extract_hall_names(io.BytesIO(content), ["_", "_l"], [], {}))
    assert list(extract_hall_names(io.BytesIO(content), ["_p", "_lp"], [], {})) == []
    assert [message for _line, _function, message, _comments in extracted] == [
        hall.name for hall in venue().halls.values()]


def _nearest_expected(code: str) -> tuple[list[str], list[str]]:
    """Refs at booth ``code``, and the refs the map should list around it (6 at most)."""
    booth = venue().booth(code)
    occupied = defaultdict(list)
    for record in WITH_BOOTH:
        occupied[record["booth"]].append(record["ref"])
    others = sorted((other for other in venue().halls[booth.hall].booths.values()
                     if other.code != code and other.code in occupied),
                    key=lambda other: (math.dist((booth.x, booth.y), (other.x, other.y)),
                                       other.number))
    nearby = [ref for other in others[:6] for ref in sorted(occupied[other.code])][:6]
    return sorted(occupied[code]), nearby


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_hall_map_highlights_the_booth_and_lists_the_products_around_it(map_client, lang):
    code = WITH_BOOTH[0]["booth"]
    hall = code[0]
    page = _html(map_client, f"/{lang}/map/{hall}?booth={code}")
    if lang == "ur":
        assert '<html lang="ur" dir="rtl">' in page
    highlighted = re.findall(r'<g class="([^"]*is-highlighted[^"]*)"><rect id="booth-([A-Z]-\d+)"',
                             page)
    assert highlighted == [("booth is-occupied is-highlighted", code)]
    assert re.search(r'<svg [^>]*role="img" aria-label="[^"]*"', page)
    at_booth, nearby = _nearest_expected(code)
    sections = page.split('class="booth-products"')
    assert len(sections) == 3
    assert re.findall(rf'href="/{lang}/products/([^"]+)"', sections[1]) == at_booth
    assert re.findall(rf'href="/{lang}/products/([^"]+)"', sections[2]) == nearby
    assert len(nearby) == 6


def test_hall_map_without_a_booth_or_with_another_halls_booth_highlights_nothing(map_client):
    for url in ("/en/map/B", "/en/map/b?booth=A-5", "/en/map/B?booth=nonsense"):
        page = _html(map_client, url)
        assert "is-highlighted" not in page and "booth-products" not in page
        assert 'id="booth-B-1"' in page
    assert map_client.get("/en/map/Q").status_code == 404


def test_map_lists_every_halls_exhibitors_sorted_by_booth(map_client):
    page = _html(map_client, "/en/map")
    expected = defaultdict(set)
    for record in WITH_BOOTH:
        expected[record["booth"][0]].add((record["booth"], record["company"]["name"]["en"]))
    sections = re.split(r'<section class="hall-overview" id="hall-', page)[1:]
    assert [section[0] for section in sections] == ["A", "B", "C", "D"]
    for section in sections:
        listed = re.findall(r'<span class="visually-hidden">Booth </span>([A-Z]-\d+)</a>\s*'
                            r'<a class="exhibitor-name"[^>]*>([^<]+)</a>', section)
        assert set(listed) == expected[section[0]]
        assert [_booth_number(code) for code, _name in listed] == sorted(
            _booth_number(code) for code, _name in listed)
        assert f'aria-label="Floor plan of hall {section[0]}"' in section


def test_cards_results_and_product_pages_link_the_booth_on_the_map(map_client):
    record = WITH_BOOTH[0]
    code, ref = record["booth"], record["ref"]
    link = f'href="/en/map/{code[0]}?booth={code}"'
    product = _html(map_client, f"/en/products/{ref}")
    header = product.split('<article class="product">')[1].split("</header>")[0]
    assert re.search(r'<p class="booth-callout">\s*<a ' + re.escape(link), header)
    assert venue().halls[code[0]].name in header
    category = _html(map_client, f"/en/categories/{record['category']['code']}")
    cards = category.split('<li class="card">')[1:]
    card = next(card for card in cards if f"/en/products/{ref}" in card)
    assert f'<p class="booth-line"><a {link}>Booth {code}, hall {code[0]}</a></p>' in card
    results = _html(map_client, "/en/search?q=" + record["texts"]["en"]["name"])
    result = next(item for item in results.split('<li class="result">')[1:]
                  if f"/en/products/{ref}" in item)
    assert f'<p class="booth-line"><a {link}>' in result


def test_header_links_the_map_in_every_locale(map_client):
    for lang in ("en", "th", "ur"):
        assert f'class="map-link" href="/{lang}/map"' in _html(map_client, f"/{lang}/")
