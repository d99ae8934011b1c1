"""A company member manages the photos of a listing in the portal: upload, describe in each
language, reorder, remove; at most eight; never on another company's listing; a live listing's
new photos wait for staff while visitors keep seeing the live ones."""

import io
import re

import pytest
from flask_babel import force_locale

from showcase import media, unit_of_work
from showcase.models import ProductStatus, RevisionState
from showcase.services import listings, photos
from tests.portal_media import (
    form_values,
    jpeg,
    member_with_listing,
    pdf,
    photos_url,
    product,
    stored_files,
    text_of,
    upload_brochure,
    upload_photo,
)

COLOURS = ("red", "green", "blue", "orange", "purple", "teal", "navy", "olive", "maroon")


def _photo_keys(app, ref: str) -> list[str]:
    """The keys of the photos the listing's editable version shows, in order."""
    with app.app_context():
        return [image["key"] for image in listings.editable_payload(product(ref))["images"]]


def _add_photos(app, ref: str, count: int) -> None:
    """Give the listing ``count`` more photos through the service, as its members would."""
    with app.app_context(), unit_of_work.committed():
        listing = product(ref)
        for colour in COLOURS[:count]:
            photos.add_photo(listing, jpeg(colour=colour), listing.edit_version, None)


def test_member_uploads_a_photo_and_sees_it_with_its_description_fields(app, client, login_as):
    ref = member_with_listing(app, login_as)
    response = upload_photo(client, ref, jpeg((2000, 1000)), follow_redirects=True)
    assert response.status_code == 200
    page = text_of(response)
    assert "The photo was added." in page
    [key] = _photo_keys(app, ref)
    assert f"/media/images/{key}-thumb.jpg" in page
    assert 'width="480" height="240"' in page
    assert f'name="photo-{key}-alt_ko"' in page and f'name="photo-{key}-alt_en"' in page
    with app.app_context():
        [image] = product(ref).images
        assert (image.key, image.width, image.height) == (key, 2000, 1000)
        assert image.source_digest


def test_alt_texts_are_saved_per_language_and_shown_again(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 1)
    [key] = _photo_keys(app, ref)
    values = form_values(client, ref)
    response = client.post(photos_url(ref, tail=f"/{key}/alt"), data={
        f"photo-{key}-csrf_token": values["csrf_token"],
        f"photo-{key}-edit_version": values["edit_version"],
        f"photo-{key}-alt_ko": "  회색 드론이 창고 위를 난다 ", f"photo-{key}-alt_en": "",
    }, follow_redirects=True)
    assert "The descriptions were saved." in text_of(response)
    assert 'value="회색 드론이 창고 위를 난다"' in text_of(response)
    with app.app_context():
        assert product(ref).images[0].alt == {"ko": "회색 드론이 창고 위를 난다"}


def test_a_too_long_alt_text_is_refused_and_what_was_typed_stays(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 1)
    [key] = _photo_keys(app, ref)
    values = form_values(client, ref)
    typed = "x" * 301
    response = client.post(photos_url(ref, tail=f"/{key}/alt"), data={
        f"photo-{key}-csrf_token": values["csrf_token"],
        f"photo-{key}-edit_version": values["edit_version"],
        f"photo-{key}-alt_en": typed, f"photo-{key}-alt_ko": "드론",
    })
    assert response.status_code == 422
    page = text_of(response)
    assert "is longer than 300 characters" in page
    assert f'value="{typed}"' in page and 'value="드론"' in page
    with app.app_context():
        assert product(ref).images[0].alt == {}


def test_photos_move_up_and_down_and_the_first_is_shown_first(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 3)
    first, second, third = _photo_keys(app, ref)
    response = client.post(photos_url(ref, tail=f"/{third}/move"),
                           data={**form_values(client, ref), "direction": "up"},
                           follow_redirects=True)
    assert "The photo was moved." in text_of(response)
    assert _photo_keys(app, ref) == [first, third, second]
    client.post(photos_url(ref, tail=f"/{first}/move"),
                data={**form_values(client, ref), "direction": "down"})
    assert _photo_keys(app, ref) == [third, first, second]
    with app.app_context():
        assert [image.position for image in product(ref).images] == [0, 1, 2]


def test_a_removed_photo_leaves_the_listing(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 2)
    first, second = _photo_keys(app, ref)
    response = client.post(photos_url(ref, tail=f"/{first}/delete"),
                           data=form_values(client, ref), follow_redirects=True)
    assert "The photo was removed." in text_of(response)
    assert _photo_keys(app, ref) == [second]


def test_a_ninth_photo_is_refused_and_the_upload_form_is_gone_at_eight(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 8)
    page = text_of(client.get(photos_url(ref)))
    assert "8 of 8" in page
    assert 'name="photo"' not in page
    assert "A listing has at most 8 photos." in page
    files_before = stored_files(app)
    values = form_values(client, ref)
    response = client.post(photos_url(ref), content_type="multipart/form-data",
                           data={**values, "photo": (io.BytesIO(jpeg()), "9.jpg")})
    assert response.status_code == 422
    assert "A listing has at most 8 photos." in text_of(response)
    assert len(_photo_keys(app, ref)) == 8
    assert stored_files(app) == files_before


def test_a_page_drawn_before_someone_elses_change_cannot_undo_it(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 2)
    first, second = _photo_keys(app, ref)
    stale = form_values(client, ref)
    client.post(photos_url(ref, tail=f"/{first}/delete"), data=stale)
    response = client.post(photos_url(ref, tail=f"/{second}/delete"), data=stale,
                           follow_redirects=True)
    assert "Someone else saved this listing after you opened it." in text_of(response)
    assert _photo_keys(app, ref) == [second]


def test_a_submitted_listing_shows_its_photos_but_cannot_be_changed(app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 1)
    values = form_values(client, ref)  # a page drawn before the listing was submitted
    with app.app_context(), unit_of_work.committed():
        listings.submit(product(ref), None)
    values["edit_version"] = str(int(values["edit_version"]) + 1)  # as if drawn just now
    page = text_of(client.get(photos_url(ref)))
    assert "waiting for review by PPS staff and cannot be changed now" in page
    assert 'name="photo"' not in page and "Remove photo" not in page
    [key] = _photo_keys(app, ref)
    assert f"/media/images/{key}-thumb.jpg" in page
    files_before = stored_files(app)
    response = client.post(photos_url(ref), content_type="multipart/form-data",
                           data={**values, "photo": (io.BytesIO(jpeg()), "x.jpg")},
                           follow_redirects=True)
    assert "This listing is waiting for review. Withdraw it to edit it." in text_of(response)
    assert stored_files(app) == files_before
    response = client.post(photos_url(ref, tail=f"/{key}/delete"), data=values,
                           follow_redirects=True)
    assert "This listing is waiting for review." in text_of(response)
    assert _photo_keys(app, ref) == [key]


def test_a_live_listings_new_photo_waits_for_staff_and_visitors_see_the_old_ones(
        app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 1)
    [live_key] = _photo_keys(app, ref)
    with app.app_context(), unit_of_work.committed():
        listing = product(ref)
        listings.change_status(listing, ProductStatus.SUBMITTED)
        listings.change_status(listing, ProductStatus.PUBLISHED)
    page = text_of(client.get(photos_url(ref)))
    assert "This listing is live." in page
    upload_photo(client, ref, jpeg(colour="yellow"))
    live, new = _photo_keys(app, ref)
    assert live == live_key
    with app.app_context():
        listing = product(ref)
        assert [image.key for image in listing.images] == [live_key]
        revision = listings.open_revision(listing)
        assert revision.state == RevisionState.PENDING
        assert [image["key"] for image in revision.payload["images"]] == [live_key, new]
    public = client.get(f"/en/products/{ref}").get_data(as_text=True)
    assert live_key in public and new not in public
    assert "You are editing changes that wait for approval" in text_of(client.get(photos_url(ref)))


class UnreadableBody(io.RawIOBase):
    """A request body of ``size`` bytes whose every read fails the test."""

    def __init__(self, size: int):
        super().__init__()
        self.size, self.position = size, 0

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        start = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = start + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = readall = read


def test_size_limit_refuses_a_large_body_before_reading_it(app, client, login_as):
    ref = member_with_listing(app, login_as)
    body = UnreadableBody(app.config["MAX_PHOTO_BYTES"] + 1024 * 1024)
    response = client.post(photos_url(ref), input_stream=body,
                           content_type="multipart/form-data; boundary=x")
    assert response.status_code == 302
    page = client.get(response.location)
    assert "The file is larger than 15 MB." in text_of(page)


def test_a_photo_over_the_limit_gets_the_message_in_korean_too(app, client, login_as):
    app.config["MAX_PHOTO_BYTES"] = 1024 * 1024
    ref = member_with_listing(app, login_as)
    big = b"\xff\xd8\xff" + bytes(2 * 1024 * 1024)
    english = upload_photo(client, ref, big, follow_redirects=True)
    assert "The file is larger than 1 MB." in text_of(english)
    korean = upload_photo(client, ref, big, lang="ko", follow_redirects=True)
    assert korean.status_code == 200
    assert re.search(r'<li class="is-error">[^<]+</li>', korean.get_data(as_text=True))
    assert _photo_keys(app, ref) == []
    assert stored_files(app) == []


def test_a_refused_image_is_explained_in_korean(app, client, login_as):
    ref = member_with_listing(app, login_as)
    with app.test_request_context(), force_locale("ko"):
        expected = str(media.preparing.NOT_AN_IMAGE)
    assert expected != str(media.preparing.NOT_AN_IMAGE)
    response = upload_photo(client, ref, b"<html><body>hello</body></html>", "page.jpg",
                            lang="ko")
    assert response.status_code == 422
    assert expected in text_of(response)


ROUTES = [
    ("get", "/photos", {}),
    ("post", "/photos", {"photo": "jpeg"}),
    ("post", "/photos/{key}/alt", {"photo-{key}-alt_en": "Mine now"}),
    ("post", "/photos/{key}/move", {"direction": "up"}),
    ("post", "/photos/{key}/delete", {}),
    ("post", "/brochures", {"title": "Sheet", "language": "en", "brochure": "pdf"}),
    ("post", "/brochures/{document}/delete", {}),
]


@pytest.mark.parametrize(("method", "tail", "extra"), ROUTES,
                         ids=[f"{method}{tail}" for method, tail, _extra in ROUTES])
def test_another_companys_member_gets_a_404_on_every_photo_and_brochure_route(
        app, client, login_as, method, tail, extra):
    owner_ref = member_with_listing(app, login_as, client=app.test_client())
    with app.app_context(), unit_of_work.committed():
        listing = product(owner_ref)
        photos.add_photo(listing, jpeg(), listing.edit_version, None)
    owner = app.test_client()
    login_as("company", company=_company_of(app, owner_ref), client=owner)
    upload_brochure(owner, owner_ref, pdf())
    [key] = _photo_keys(app, owner_ref)
    with app.app_context():
        document = product(owner_ref).documents[0].key
        version = product(owner_ref).edit_version
    own_ref = member_with_listing(app, login_as)  # the intruder, with a listing of their own
    files = {"jpeg": (io.BytesIO(jpeg()), "x.jpg"), "pdf": (io.BytesIO(pdf()), "x.pdf")}
    data = {**form_values(client, own_ref), "edit_version": str(version),
            f"photo-{key}-edit_version": str(version)}
    for name, value in extra.items():
        data[name.format(key=key)] = files.get(value, value)
    url = f"/en/portal/listings/{owner_ref}{tail.format(key=key, document=document)}"
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 404
    with app.app_context():
        assert [image.key for image in product(owner_ref).images] == [key]
        assert [doc.key for doc in product(owner_ref).documents] == [document]
        assert product(owner_ref).edit_version == version


def _company_of(app, ref: str) -> str:
    with app.app_context():
        return product(ref).company.registration_number


def test_a_photo_key_no_longer_in_the_listing_gets_a_clear_message(app, client, login_as):
    ref = member_with_listing(app, login_as)
    response = client.post(photos_url(ref, tail="/0123456789abcdef/delete"),
                           data=form_values(client, ref), follow_redirects=True)
    assert "This photo is no longer part of the listing." in text_of(response)


def test_photos_page_of_an_unknown_listing_is_a_404(app, client, login_as):
    member_with_listing(app, login_as)
    assert client.get(photos_url("NO-SUCH-REF")).status_code == 404


def test_files_of_an_upload_refused_by_the_save_are_not_kept(app, client, login_as):
    ref = member_with_listing(app, login_as)
    stale = form_values(client, ref)
    _add_photos(app, ref, 1)  # someone else's change moves the edit version on
    files_before = stored_files(app)
    response = client.post(photos_url(ref), content_type="multipart/form-data",
                           data={**stale, "photo": (io.BytesIO(jpeg()), "x.jpg")})
    assert response.status_code == 422
    assert "Someone else saved this listing" in text_of(response)
    assert stored_files(app) == files_before
    with app.app_context():
        assert len(product(ref).images) == 1


def test_a_description_typed_while_someone_else_saved_stays_on_the_page_with_the_reason(
        app, client, login_as):
    ref = member_with_listing(app, login_as)
    _add_photos(app, ref, 2)
    first, second = _photo_keys(app, ref)
    stale = form_values(client, ref)
    client.post(photos_url(ref, tail=f"/{second}/delete"), data=stale)
    response = client.post(photos_url(ref, tail=f"/{first}/alt"), data={
        f"photo-{first}-csrf_token": stale["csrf_token"],
        f"photo-{first}-edit_version": stale["edit_version"],
        f"photo-{first}-alt_en": "A drone over a warehouse", f"photo-{first}-alt_ko": "",
    })
    assert response.status_code == 422
    page = text_of(response)
    assert 'class="work-banner is-error" role="alert">Someone else saved this listing' in page
    assert 'value="A drone over a warehouse"' in page
    with app.app_context():
        assert product(ref).images[0].alt == {}
