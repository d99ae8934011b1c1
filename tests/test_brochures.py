"""Brochures: a company member adds PDF files with a title and a language; delegates see
them on the product page and download them, always as a file, never as a page."""

import io
import re
from urllib.parse import quote

from showcase import media, unit_of_work
from showcase.models import ProductStatus
from showcase.services import brochures, listings
from tests.portal_media import (
    brochures_url,
    form_values,
    member_with_listing,
    pdf,
    pdf_of_size,
    photos_url,
    product,
    stored_files,
    text_of,
    upload_brochure,
)


def _publish(app, ref: str) -> None:
    with app.app_context(), unit_of_work.committed():
        listing = product(ref)
        listings.change_status(listing, ProductStatus.SUBMITTED)
        listings.change_status(listing, ProductStatus.PUBLISHED)


def test_member_adds_a_brochure_and_it_is_listed_with_its_language_and_size(
        app, client, login_as):
    ref = member_with_listing(app, login_as)
    data = pdf_of_size(2500)
    response = upload_brochure(client, ref, data, "spec.pdf", title="사양서 2026",
                               language="ko", follow_redirects=True)
    page = text_of(response)
    assert "The brochure was added." in page
    assert "사양서 2026" in page and "Korean" in page and "2.5 kB" in page
    with app.app_context():
        [document] = product(ref).documents
        assert (document.title, document.language, document.size_bytes) == (
            "사양서 2026", "ko", len(data))
        assert media.document_file(document.key).read_bytes() == data


def test_a_published_products_brochure_is_shown_and_downloaded_as_an_attachment(
        app, client, login_as):
    ref = member_with_listing(app, login_as)
    data = pdf_of_size(2_400_000)
    upload_brochure(client, ref, data, title="제품 소개서 / Product sheet", language="ko")
    _publish(app, ref)
    page = client.get(f"/en/products/{ref}").get_data(as_text=True)
    assert '<h2 id="brochures-title">Brochures</h2>' in page
    link = re.search(r'<a href="(/media/documents/[0-9a-f]+\.pdf)" download>', page).group(1)
    assert "Download (PDF, 2.4 MB)" in page
    assert 'lang="ko"' in page and "제품 소개서 / Product sheet" in page
    response = client.get(link)
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('제품 소개서 - Product sheet.pdf', safe='')}" in disposition
    assert 'filename="' in disposition and "/" not in disposition.split("filename*")[0]


def test_the_product_page_says_brochure_in_the_visitors_language(app, client, login_as):
    ref = member_with_listing(app, login_as)
    upload_brochure(client, ref, pdf_of_size(1_500_000), title="Sheet")
    _publish(app, ref)
    page = client.get(f"/ko/products/{ref}").get_data(as_text=True)
    assert "/media/documents/" in page
    assert "1.5MB" in page  # Korean writes the unit without a space


def test_unknown_brochure_keys_are_not_found(app, client):
    assert client.get("/media/documents/0123456789abcdef0123456789abcdef.pdf").status_code == 404
    assert client.get("/media/documents/..%2f..%2fsecret_key.pdf").status_code == 404


def test_a_brochure_needs_a_title_and_what_was_typed_stays(app, client, login_as):
    ref = member_with_listing(app, login_as)
    response = upload_brochure(client, ref, pdf(), title="   ", language="ja")
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="title-errors" role="alert">is required and must be text</p>' in page
    assert '<option selected value="ja">' in page
    assert stored_files(app) == []


def test_a_brochure_over_the_limit_is_refused_before_it_is_read(app, client, login_as):
    app.config["MAX_BROCHURE_BYTES"] = 1024 * 1024
    ref = member_with_listing(app, login_as)
    big = pdf(b"x" * (2 * 1024 * 1024))
    response = upload_brochure(client, ref, big, follow_redirects=True)
    assert "The file is larger than 1 MB." in text_of(response)
    korean = upload_brochure(client, ref, big, lang="ko", follow_redirects=True)
    assert re.search(r'<li class="is-error">[^<]+</li>', korean.get_data(as_text=True))
    assert stored_files(app) == []


def test_a_brochure_just_over_the_limit_is_refused_too(app, client, login_as):
    app.config["MAX_BROCHURE_BYTES"] = 1024 * 1024 + 512 * 1024
    ref = member_with_listing(app, login_as)
    response = upload_brochure(client, ref, pdf_of_size(1024 * 1024 + 512 * 1024 + 1))
    assert response.status_code == 422
    assert 'id="brochure-errors" role="alert">The file is larger than 1.5 MB.' in text_of(
        response)
    assert stored_files(app) == []
    assert upload_brochure(client, ref, pdf_of_size(1024 * 1024 + 512 * 1024)).status_code == 302


def test_a_sixth_brochure_is_refused(app, client, login_as):
    ref = member_with_listing(app, login_as)
    with app.app_context(), unit_of_work.committed():
        listing = product(ref)
        for number in range(listings.MAX_BROCHURES):
            brochures.add_brochure(listing, pdf(), f"Sheet {number}", "en",
                                   listing.edit_version, None)
    page = text_of(client.get(photos_url(ref)))
    assert "5 of 5" in page and 'name="brochure"' not in page
    values = form_values(client, ref)
    response = client.post(brochures_url(ref), content_type="multipart/form-data", data={
        **values, "title": "One more", "language": "en", "brochure": (io.BytesIO(pdf()), "x.pdf")})
    assert response.status_code == 422
    assert "A listing has at most 5 brochures." in text_of(response)


def test_a_removed_brochure_leaves_the_listing(app, client, login_as):
    ref = member_with_listing(app, login_as)
    upload_brochure(client, ref, pdf(), title="Old sheet")
    with app.app_context():
        key = product(ref).documents[0].key
    response = client.post(brochures_url(ref, tail=f"/{key}/delete"),
                           data=form_values(client, ref), follow_redirects=True)
    assert "The brochure was removed." in text_of(response)
    with app.app_context():
        assert product(ref).documents == []


def test_a_live_listings_new_brochure_waits_for_staff(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _publish(app, ref)
    upload_brochure(client, ref, pdf(), title="New sheet")
    with app.app_context():
        listing = product(ref)
        assert listing.documents == []
        [entry] = listings.open_revision(listing).payload["documents"]
        assert entry["title"] == "New sheet"
    assert "New sheet" in text_of(client.get(photos_url(ref)))
    assert "New sheet" not in client.get(f"/en/products/{ref}").get_data(as_text=True)
