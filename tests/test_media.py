"""Images are decoded, checked, turned upright, stripped and re-encoded before storage."""

import io

import pytest
from PIL import Image

from showcase import media

pytestmark = pytest.mark.usefixtures("app_context")


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


def test_phone_photo_is_turned_upright_and_loses_its_gps_position(app):
    stored = media.store_image(_phone_photo())
    assert (stored.width, stored.height) == (40, 80)
    for size in media.SIZES:
        with Image.open(media.image_file(stored.key, size)) as saved:
            assert saved.format == "JPEG"
            assert saved.size == (40, 80)
            assert dict(saved.getexif()) == {}
            assert "icc_profile" not in saved.info


def test_large_images_get_smaller_derived_sizes(app):
    stored = media.store_image(_jpeg((2400, 1200)))
    with Image.open(media.image_file(stored.key, "thumb")) as thumb:
        assert max(thumb.size) == media.SIZES["thumb"]
    with Image.open(media.image_file(stored.key, "large")) as large:
        assert max(large.size) == media.SIZES["large"]


def test_same_bytes_uploaded_twice_get_their_own_files(app):
    data = _jpeg()
    first, second = media.store_image(data), media.store_image(data)
    assert first.key != second.key
    assert media.image_file(first.key, "large").exists()
    assert media.image_file(second.key, "large").exists()


def test_transparent_png_becomes_rgb_on_white(app):
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    stored = media.store_image(buffer.getvalue())
    with Image.open(media.image_file(stored.key, "large")) as saved:
        assert saved.mode == "RGB"
        assert saved.getpixel((5, 5)) == (255, 255, 255)


def test_cmyk_jpeg_is_converted_to_rgb(app):
    stored = media.store_image(_jpeg(mode="CMYK"))
    with Image.open(media.image_file(stored.key, "large")) as saved:
        assert saved.mode == "RGB"


@pytest.mark.parametrize("data", [
    pytest.param(_jpeg()[:200], id="truncated-jpeg"),
    pytest.param(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", id="svg"),
    pytest.param(b"", id="empty"),
])
def test_broken_or_foreign_files_are_rejected(app, data):
    with pytest.raises(media.ImageRejected):
        media.store_image(data)


def test_decompression_bomb_is_rejected(app):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 Mpx in a few kilobytes
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(media.ImageRejected) as error:
        media.store_image(buffer.getvalue())
    assert "pixels" in str(error.value.reason)


def test_stored_image_is_served_and_unknown_sizes_are_not(app, client):
    stored = media.store_image(_jpeg())
    response = client.get(f"/media/images/{stored.key}-thumb.jpg")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert client.get(f"/media/images/{stored.key}-huge.jpg").status_code == 404
    assert client.get("/media/images/0000-thumb.jpg").status_code == 404
