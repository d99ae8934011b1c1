"""How pages and files travel: gzip for text, hashed static names cached for a year, the
favicon, and a description of every page for search engines and link previews."""

import gzip
import re
from html import unescape

import pytest
from flask import Response

from showcase.assets import StaticDigests
from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def _stylesheet_url(client) -> str:
    page = client.get("/en/").data.decode()
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)


def _description(html: bytes) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', html.decode())
    assert len(found) == 1, found
    return unescape(found[0])


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(demo_client):
    plain = demo_client.get("/en/")
    packed = demo_client.get("/en/", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(packed.data)
    # The same page, up to the per-visitor form tokens it carries.
    assert page.startswith(b"<!doctype html>") and page.rstrip().endswith(b"</html>")
    assert abs(len(page) - len(plain.data)) < 200
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 3
    assert "Content-Encoding" not in plain.headers
    for response in (plain, packed):
        assert "Accept-Encoding" in response.vary


@pytest.mark.parametrize("accept", ["gzip;q=0, identity", "br", "identity"])
def test_a_browser_that_refuses_gzip_gets_the_plain_page(client, accept):
    response = client.get("/en/", headers={"Accept-Encoding": accept})
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"<!doctype html>")


def test_images_and_tiny_bodies_are_sent_as_they_are(demo_client):
    page = demo_client.get("/en/").data.decode()
    image = re.search(r'<img src="(/media/images/[^"]+)"', page).group(1)
    for url in (image, "/favicon.ico", "/api/v1/suggest?lang=en&q=zz"):
        response = demo_client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response.headers, url


def test_a_streamed_body_is_sent_uncompressed_and_whole(app):
    lines = [f"line {number}\n" * 40 for number in range(50)]
    app.add_url_rule("/stream-check", "stream_check",
                     lambda: Response((line for line in lines), mimetype="text/plain"))
    response = app.test_client().get("/stream-check", headers=GZIP)
    assert "Content-Encoding" not in response.headers
    assert response.data.decode() == "".join(lines)


def test_the_stylesheet_has_a_hashed_name_and_a_years_immutable_cache(client):
    url = _stylesheet_url(client)
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{10}\.css", url), url
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert response.cache_control.max_age == 31536000
    assert response.cache_control.immutable and response.cache_control.public
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == client.get("/static/css/site.css").data
    assert "Accept-Encoding" in response.vary
    # The same file for every visitor: a changed session cookie must not refetch it.
    assert "Cookie" not in response.vary and "Set-Cookie" not in response.headers


def test_a_gzipped_file_still_answers_a_conditional_request(client):
    first = client.get("/static/css/site.css", headers=GZIP)
    etag, weak = first.get_etag()
    assert etag and weak, "the compressed bytes differ from the file: only a weak ETag fits"
    again = client.get("/static/css/site.css", headers={**GZIP, "If-None-Match": f'W/"{etag}"'})
    assert again.status_code == 304 and not again.data


def test_a_byte_range_of_a_static_file_is_never_compressed(client):
    response = client.get("/static/css/site.css", headers={**GZIP, "Range": "bytes=0-99"})
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers and len(response.data) == 100


def test_an_outdated_or_plain_name_is_served_but_revalidated(client):
    for url in ("/static/css/site.0123456789.css", "/static/css/site.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cache_control.immutable and not response.cache_control.max_age
    assert client.get("/static/css/nothing.0123456789.css").status_code == 404


def test_a_changed_file_gets_a_new_name(tmp_path):
    (tmp_path / "js").mkdir()
    script = tmp_path / "js" / "app.js"
    script.write_text("one();")
    digests = StaticDigests(str(tmp_path))
    first = digests.hashed_name("js/app.js")
    assert re.fullmatch(r"js/app\.[0-9a-f]{10}\.js", first)
    assert digests.hashed_name("js/app.js") == first
    script.write_text("two(); // a longer script")
    assert digests.hashed_name("js/app.js") != first
    assert digests.hashed_name("js/missing.js") == "js/missing.js"
    assert digests.hashed_name("../outside.js") == "../outside.js"


def test_the_site_has_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00", "an ICO file"
    assert response.cache_control.max_age == 7 * 24 * 3600
    page = client.get("/en/").data.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    svg = client.get(icon)
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


def test_every_public_page_describes_itself_in_the_visitors_language(demo_client):
    record = PUBLISHED[0]
    code, company_name = record["category"]["code"], record["company"]["name"]
    home_en = _description(demo_client.get("/en/").data)
    home_th = _description(demo_client.get("/th/").data)
    assert "Korean government" in home_en and home_th != home_en
    assert re.search(r"[\u0e00-\u0e7f]", home_th), "a Thai description on a Thai page"
    category_page = demo_client.get(f"/en/categories/{code}").data
    category_name = unescape(re.search(r"<h1[^>]*>(.*?)</h1>", category_page.decode()).group(1))
    assert _description(category_page).startswith(category_name)
    company_link = re.search(r'href="(/en/companies/\d+)"',
                             demo_client.get(f"/en/products/{record['ref']}").data.decode())
    company = _description(demo_client.get(company_link.group(1)).data)
    assert company_name.get("en", company_name.get("ko", "")) in company
    search = _description(demo_client.get("/en/search?q=drone").data)
    assert "drone" in search and "found" in search
    assert len({home_en, _description(category_page), company, search}) == 4
