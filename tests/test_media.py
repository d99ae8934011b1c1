"""Images are decoded, checked, turned upright, stripped and re-encoded before storage."""

import io
import re

import pytest
from PIL import Image

from showcase import media, templating
from showcase.extensions import db
from showcase.models import Product, ProductStatus


def _jpeg(size=(64, 32), mode="RGB", **save_args) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else 0).save(buffer, "JPEG", **save_args)
    return buffer.getvalue()


def _phone_photo() -> bytes:
    """A landscape JPEG tagged 'rotate 90°' with a GPS position, as phones write them."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise
    gps = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    exif[0x8825] = gps
    return _jpeg((80, 40), exif=exif.tobytes())


def test_phone_photo_is_turned_upright_and_loses_its_gps_position(app_context):
    stored = media.store_image(_phone_photo())
    assert (stored.width, stored.height) == (40, 80)
    for size in media.SIZES:
        for ext, format_name in (("jpg", "JPEG"), ("webp", "WEBP")):
            with Image.open(media.image_file(stored.key, size, ext)) as saved:
                assert saved.format == format_name
                assert saved.size == (40, 80)
                assert dict(saved.getexif()) == {}
                assert not {"icc_profile", "exif", "xmp"} & set(saved.info)


def test_large_images_get_three_smaller_widths_in_jpeg_and_webp(app_context):
    stored = media.store_image(_jpeg((2400, 1200)))
    for size, expected in (("thumb", (480, 240)), ("medium", (960, 480)),
                           ("large", (1600, 800))):
        for ext in ("jpg", "webp"):
            with Image.open(media.image_file(stored.key, size, ext)) as derived:
                assert derived.size == expected
                assert media.derived_size(2400, 1200, size) == expected


def test_small_images_are_never_enlarged(app_context):
    stored = media.store_image(_jpeg((300, 200)))
    for size in media.SIZES:
        with Image.open(media.image_file(stored.key, size, "webp")) as derived:
            assert derived.size == (300, 200)


def test_same_bytes_uploaded_twice_get_their_own_files(app_context):
    data = _jpeg()
    first, second = media.store_image(data), media.store_image(data)
    assert first.key != second.key
    assert media.image_file(first.key, "large", "webp").exists()
    assert media.image_file(second.key, "large").exists()


def test_transparent_png_becomes_rgb_on_white(app_context):
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    stored = media.store_image(buffer.getvalue())
    with Image.open(media.image_file(stored.key, "large")) as saved:
        assert saved.mode == "RGB"
        assert saved.getpixel((5, 5)) == (255, 255, 255)


def test_cmyk_jpeg_is_converted_to_rgb(app_context):
    stored = media.store_image(_jpeg(mode="CMYK"))
    with Image.open(media.image_file(stored.key, "large")) as saved:
        assert saved.mode == "RGB"


@pytest.mark.parametrize("data", [
    pytest.param(_jpeg()[:200], id="truncated-jpeg"),
    pytest.param(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", id="svg"),
    pytest.param(b"", id="empty"),
])
def test_broken_or_foreign_files_are_rejected(app_context, data):
    with pytest.raises(media.ImageRejected):
        media.store_image(data)


def test_decompression_bomb_is_rejected(app_context):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 Mpx in a few kilobytes
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(media.ImageRejected) as error:
        media.store_image(buffer.getvalue())
    assert "pixels" in str(error.value.reason)


def test_stored_image_is_served_and_unknown_sizes_are_not(app_context, client):
    stored = media.store_image(_jpeg())
    db.session.commit()
    for size in media.SIZES:
        for ext, mimetype in (("jpg", "image/jpeg"), ("webp", "image/webp")):
            response = client.get(f"/media/images/{stored.key}-{size}.{ext}")
            assert response.status_code == 200
            assert response.mimetype == mimetype
            assert response.cache_control.max_age >= 30 * 24 * 3600
    assert client.get(f"/media/images/{stored.key}-huge.jpg").status_code == 404
    assert client.get(f"/media/images/{stored.key}-thumb.png").status_code == 404
    assert client.get("/media/images/0000-thumb.jpg").status_code == 404


def test_image_stored_before_medium_and_webp_existed_is_still_shown(app_context, client):
    stored = media.store_image(_jpeg((2000, 1000)))
    db.session.commit()
    # What an earlier version stored: a large and a thumbnail JPEG only.
    for size, ext in (("medium", "jpg"), ("thumb", "webp"), ("medium", "webp"), ("large", "webp")):
        media.image_file(stored.key, size, ext).unlink()
    thumb = client.get(f"/media/images/{stored.key}-thumb.webp")
    assert (thumb.status_code, thumb.mimetype) == (200, "image/jpeg")
    assert thumb.data == media.image_file(stored.key, "thumb").read_bytes()
    medium = client.get(f"/media/images/{stored.key}-medium.webp")
    assert medium.data == media.image_file(stored.key, "large").read_bytes()


def _first_product_with_images():
    return db.session.scalar(
        db.select(Product).where(Product.status == ProductStatus.PUBLISHED,
                                 Product.images.any()).order_by(Product.ref))


@pytest.mark.usefixtures("demo_context")
def test_public_pages_offer_every_width_in_webp_and_jpeg(demo_client):
    product = _first_product_with_images()
    image, ref = product.images[0], product.ref
    name = product.text_in(["en"]).name
    thumb_width, thumb_height = media.derived_size(image.width, image.height, "thumb")
    pages = [demo_client.get(f"/en/products/{ref}"),
             demo_client.get(f"/en/categories/{product.category.code}"),
             demo_client.get("/en/search", query_string={"q": name})]
    for response in pages:
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        webp = re.search(
            rf'<source type="image/webp" srcset="([^"]*{image.key}[^"]*)" sizes="[^"]+">', page)
        jpeg = re.search(rf'<img src="/media/images/{image.key}-thumb.jpg" srcset="([^"]+)" '
                         rf'sizes="[^"]+" alt="[^"]*" width="{thumb_width}" '
                         rf'height="{thumb_height}"', page)
        assert webp and jpeg, page
        for srcset, ext in ((webp.group(1), "webp"), (jpeg.group(1), "jpg")):
            candidates = [candidate.split() for candidate in srcset.split(", ")]
            widths = [int(width.rstrip("w")) for _url, width in candidates]
            assert widths == sorted(set(widths)) and widths[0] == thumb_width
            for url, _width in candidates:
                assert url.endswith(f".{ext}")
                assert demo_client.get(url).status_code == 200


def test_srcset_leaves_out_widths_a_small_image_does_not_have(app):
    with app.test_request_context():
        small = {"key": "ab" * 16, "width": 640, "height": 480}
        assert templating.image_srcset(small) == (
            f"/media/images/{'ab' * 16}-thumb.jpg 480w, /media/images/{'ab' * 16}-medium.jpg 640w")
        wide = {"key": "cd" * 16, "width": 20000, "height": 1}
        assert templating.image_dimensions(wide, "large") == (1600, 1)
