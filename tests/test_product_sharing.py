"""Taking a product along: its QR codes (which hold its address without a language), link
previews in the visitor's language, schema.org data, the printed spec sheet, the gallery's
accessible names and the staff's A4 booth poster."""

import json
import re
import struct
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest
import segno

from showcase import unit_of_work
from showcase.models import ProductDocument, ProductStatus
from tests.conftest import copy_data_dir, demo_records, make_app
from tests.factories import add_company, add_product

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
THAI = next(r for r in PUBLISHED if "th" in r["texts"] and len(r.get("images", [])) >= 2)
SVG = "{http://www.w3.org/2000/svg}"
QR_BORDER = 4


@pytest.fixture(scope="module")
def demo(demo_template, tmp_path_factory):
    """One copy of the demo catalog for the tests that only read it."""
    data_dir = tmp_path_factory.mktemp("sharing") / "data"
    copy_data_dir(demo_template, data_dir)
    return make_app(data_dir)


class HeadReader(HTMLParser):
    """The ``<meta>`` tags, JSON-LD blocks and stylesheet links of a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self.stylesheets: list[dict] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name")
            self.meta.setdefault(key, []).append(values.get("content"))
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def _head(html: str) -> HeadReader:
    reader = HeadReader()
    reader.feed(html)
    return reader


def _svg_modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules ``(row, column)`` drawn by segno's one-path SVG at scale 1."""
    root = ElementTree.fromstring(svg)
    path = root.find(f"{SVG}path").get("d")
    dark, x, y = set(), 0.0, 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            dark.update((int(y), int(x) + step) for step in range(int(first)))
            x += float(first)
    return dark


def _matrix_modules(url: str) -> set[tuple[int, int]]:
    """The dark modules of a QR code for ``url``, placed inside the quiet zone."""
    matrix = segno.make(url, error="m", micro=False).matrix
    return {(row + QR_BORDER, column + QR_BORDER) for row, line in enumerate(matrix)
            for column, dark in enumerate(line) if dark}


def test_qr_svg_holds_the_address_without_a_language(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "BASE_URL", "https://showcase.example.org")
    response = demo.test_client().get(f"/products/{THAI['ref']}/qr.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.cache_control.max_age >= 365 * 24 * 3600
    assert response.cache_control.public
    address = f"https://showcase.example.org/products/{THAI['ref']}"
    assert _svg_modules(response.data) == _matrix_modules(address)
    assert _svg_modules(response.data) != _matrix_modules(address + "x")


def test_qr_png_is_a_valid_png_of_the_same_code(demo):
    from showcase.media import prepare_image

    response = demo.test_client().get(f"/products/{THAI['ref']}/qr.png")

    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.cache_control.max_age >= 365 * 24 * 3600
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", response.data[16:24])
    expected = _matrix_modules(f"http://localhost/products/{THAI['ref']}")
    size = max(max(row, column) for row, column in expected) + 1 + QR_BORDER
    assert width == height == size * 10
    with demo.app_context():
        pixels = prepare_image(response.data).pixels.convert("L")
    dark = {(row, column) for row in range(size) for column in range(size)
            if pixels.getpixel((column * 10 + 5, row * 10 + 5)) < 128}
    assert dark == expected


def test_qr_codes_exist_only_for_products_in_the_catalog(app):
    with app.app_context(), unit_of_work.committed():
        draft = add_product(add_company(), ProductStatus.DRAFT).ref
    client = app.test_client()
    for kind in ("svg", "png"):
        assert client.get(f"/products/{draft}/qr.{kind}").status_code == 404
        assert client.get(f"/products/NO-SUCH-REF/qr.{kind}").status_code == 404


def test_the_address_without_a_language_opens_in_the_scanners_language(demo):
    client = demo.test_client()
    thai_phone = client.get(f"/products/{THAI['ref']}", headers={"Accept-Language": "th-TH"})
    assert thai_phone.status_code == 302
    assert thai_phone.headers["Location"] == f"/th/products/{THAI['ref']}"

    client.get("/ur/")  # the visitor chose Urdu before
    assert client.get(f"/products/{THAI['ref']}", headers={"Accept-Language": "th"}
                      ).headers["Location"] == f"/ur/products/{THAI['ref']}"


def test_link_previews_speak_the_visitors_language(demo):
    html = demo.test_client().get(f"/th/products/{THAI['ref']}").get_data(as_text=True)
    head = _head(html)
    thai = THAI["texts"]["th"]

    assert head.meta["og:title"] == [thai["name"]]
    assert head.meta["og:locale"] == ["th_TH"]
    assert "en_US" in head.meta["og:locale:alternate"]
    assert "ur_PK" in head.meta["og:locale:alternate"]
    assert len(head.meta["og:locale:alternate"]) == 23
    assert head.meta["og:url"] == [f"http://localhost/th/products/{THAI['ref']}"]
    [image] = head.meta["og:image"]
    assert re.fullmatch(r"http://localhost/media/images/[0-9a-f]+-large\.jpg", image)
    description = (thai.get("summary") or thai["description"])[:40]
    assert head.meta["og:description"][0].startswith(description)
    assert head.meta["description"] == head.meta["og:description"]


def test_schema_org_product_data_names_the_product_company_and_reference(demo):
    html = demo.test_client().get(f"/ko/products/{THAI['ref']}").get_data(as_text=True)
    [data] = [json.loads(block) for block in _head(html).json_ld]

    assert data["@type"] == "Product" and data["@context"] == "https://schema.org"
    assert data["name"] == THAI["texts"]["ko"]["name"]
    assert data["sku"] == data["productID"] == THAI["ref"]
    assert data["brand"]["name"] == data["manufacturer"]["name"] == (
        THAI["company"]["name"]["ko"])
    assert data["url"] == f"http://localhost/ko/products/{THAI['ref']}"
    assert data["offers"]["priceCurrency"] == THAI["price"]["currency"]
    assert len(data["image"]) == len(THAI["images"])


def test_a_long_description_is_cut_at_a_space_for_previews():
    from showcase.catalog.previews import short_description

    assert short_description("word " * 60) == ("word " * 31).strip() + "…"
    assert len(short_description("ก" * 400)) == 160
    assert short_description("  two\nlines ") == "two lines"


def test_a_name_that_closes_the_script_cannot_break_out_of_the_json_ld(app):
    hostile = 'Drone </script><script>alert("x")</script> & <!-- more'
    with app.app_context(), unit_of_work.committed():
        ref = add_product(add_company(), ProductStatus.PUBLISHED,
                          texts={"en": hostile, "ko": "드론"}).ref
    html = app.test_client().get(f"/en/products/{ref}").get_data(as_text=True)

    assert '<script>alert("x")' not in html
    [data] = [json.loads(block) for block in _head(html).json_ld]
    assert data["name"] == hostile


def test_product_page_links_the_print_sheet_and_names_its_photos(demo):
    html = demo.test_client().get(f"/th/products/{THAI['ref']}").get_data(as_text=True)

    assert any(re.search(r"/print(\.[0-9a-f]+)?\.css$", sheet["href"])
               and sheet["media"] == "print" for sheet in _head(html).stylesheets)
    links = re.findall(r'<a class="gallery-link"[^>]*>(.*?)</a>', html, re.DOTALL)
    assert len(links) == len(THAI["images"])
    for number, link in enumerate(links, start=1):
        hidden = re.search(r'<span class="visually-hidden">([^<]+)</span>', link)
        assert hidden and str(number) in hidden.group(1)
    assert f'src="/products/{THAI["ref"]}/qr.svg"' in html
    assert f'href="/th/products/{THAI["ref"]}/ask?kind=meeting"' in html


def test_brochures_are_offered_beside_the_facts_before_the_description(app):
    with app.app_context(), unit_of_work.committed():
        product = add_product(add_company(), ProductStatus.PUBLISHED)
        product.documents.append(ProductDocument(key="ab12" * 8, title="Specifications",
                                                 language="en", size_bytes=2_400_000))
        ref = product.ref
    html = app.test_client().get(f"/en/products/{ref}").get_data(as_text=True)

    details = html[html.index('class="product-details"'):html.index('class="description"')]
    assert 'class="facts"' in details
    assert f'href="/media/documents/{"ab12" * 8}.pdf" download' in details
    assert "2.4 MB" in details


@pytest.fixture
def live_product(app):
    with app.app_context(), unit_of_work.committed():
        return add_product(add_company(), ProductStatus.PUBLISHED, booth="B-7", texts={
            "ko": "소방 드론", "en": "Firefighting drone", "th": "โดรนดับเพลิง",
            "ur": "آگ بجھانے والا ڈرون"}).ref


def test_visitors_are_sent_to_sign_in_for_the_booth_poster(client, live_product):
    response = client.get(f"/en/staff/products/{live_product}/poster")
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_company_members_do_not_see_the_booth_poster(client, login_as, live_product):
    login_as("company")
    assert client.get(f"/en/staff/products/{live_product}/poster").status_code == 404


def test_staff_print_a_poster_with_korean_english_and_two_chosen_languages(
        client, login_as, live_product):
    login_as("staff")
    page = client.get(f"/ko/staff/products/{live_product}/poster?first=th&second=ur")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    names = re.findall(r'<li lang="([^"]+)"[^>]*>([^<]+)</li>',
                       html[html.index('class="poster-names"'):])
    assert names[:4] == [("ko", "소방 드론"), ("en", "Firefighting drone"),
                         ("th", "โดรนดับเพลิง"), ("ur", "آگ بجھانے والا ڈرون")]
    assert f'src="/products/{live_product}/qr.svg"' in html
    assert "B-7" in html
    assert re.search(r'href="[^"]*/poster(\.[0-9a-f]+)?\.css"', html)


def test_poster_languages_default_when_the_choice_is_not_offered(client, login_as,
                                                                 live_product):
    login_as("staff")
    html = client.get(f"/en/staff/products/{live_product}/poster?first=ko&second=xx"
                      ).get_data(as_text=True)
    invitations = html[html.index('class="poster-invitations"'):]
    assert re.findall(r'<li lang="([^"]+)"', invitations) == ["ko", "en", "zh-Hans", "vi"]
