"""Hostile and awkward files uploaded through the portal by a company member, all generated
here: each gets a clear message in the member's language, or is stored as a correct,
sanitised picture. Never a 500, never a stored original, never metadata left in what is
stored, nothing stored for a refusal."""

import io
import resource
import struct
import time
import zlib

import pytest
from flask_babel import force_locale
from PIL import Image

from showcase import media
from showcase.media import preparing
from showcase.services import listings
from tests.portal_media import (
    encoded,
    member_with_listing,
    pdf,
    photos_url,
    product,
    stored_files,
    text_of,
    upload_brochure,
    upload_photo,
    zip_archive,
)

SIDE_OF_THE_BOMB = 30_000


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def decompression_bomb() -> bytes:
    """A real 30000 x 30000 PNG of one colour (900 million pixels, 1 bit each), compressed
    row by row into about a hundred kilobytes."""
    header = struct.pack(">IIBBBBB", SIDE_OF_THE_BOMB, SIDE_OF_THE_BOMB, 1, 0, 0, 0, 0)
    row = b"\x00" + bytes((SIDE_OF_THE_BOMB + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(SIDE_OF_THE_BOMB))
    pixels += compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels)
            + _png_chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    photo = encoded(Image.effect_noise((300, 200), 50).convert("RGB"), "JPEG")
    return photo[: len(photo) // 2]


def html_page() -> bytes:
    return b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def gif_that_is_a_script() -> bytes:
    """A GIF whose bytes are also JavaScript: ``GIF89a/*...*/=alert(1);``, the width field
    opening a comment that the trailing bytes close."""
    gif = encoded(Image.new("P", (8, 8), 1), "GIF")
    return gif[:6] + b"/*" + gif[8:] + b"*/=alert(document.domain);//"


def svg_with_a_script() -> bytes:
    return (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' width='10' "
            b"height='10'><script>alert(1)</script><rect width='10' height='10'/></svg>")


def thin_line() -> bytes:
    return encoded(Image.new("RGB", (20_000, 1), "red"), "PNG")


def thousand_frames() -> bytes:
    # A colour of its own for each frame: identical frames would be merged into one.
    frames = [Image.new("RGB", (4, 4), (number % 256, number // 256 * 60, 90))
              for number in range(1000)]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=20)


def cmyk_jpeg() -> bytes:
    return encoded(Image.new("CMYK", (40, 30), (255, 0, 0, 0)), "JPEG", quality=95)


def sixteen_bit_png() -> bytes:
    """A 16-bit grey PNG at half brightness (32768 of 65535)."""
    return encoded(Image.new("I;16", (40, 30), 32768), "PNG")


def phone_photo() -> bytes:
    """A landscape JPEG, red on the left and blue on the right, tagged 'rotate 90°' with a
    GPS position and the camera's make, as phones write them."""
    image = Image.new("RGB", (80, 40), "blue")
    image.paste((255, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to show
    exif[0x010F] = "SECRET-phone-maker"
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    return encoded(image, "JPEG", exif=exif.tobytes(), quality=95)


REFUSED = [
    pytest.param(decompression_bomb, "bomb.png", preparing.TOO_MANY_PIXELS, id="bomb"),
    pytest.param(truncated_jpeg, "cut.jpg", preparing.DAMAGED, id="truncated-jpeg"),
    pytest.param(html_page, "photo.jpg", preparing.NOT_AN_IMAGE, id="html-named-jpg"),
    pytest.param(svg_with_a_script, "logo.svg", preparing.NOT_AN_IMAGE, id="svg-script"),
    pytest.param(thousand_frames, "anim.gif", preparing.TOO_MANY_FRAMES, id="1000-frames"),
    pytest.param(zip_archive, "photo.jpg", preparing.NOT_AN_IMAGE, id="zip-named-jpg"),
    pytest.param(lambda: b"", "empty.jpg", preparing.EMPTY, id="empty"),
]


@pytest.mark.parametrize(("make", "name", "reason"), REFUSED)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_hostile_photo_is_refused_in_the_members_language_and_nothing_is_stored(
        app, client, login_as, make, name, reason, lang):
    ref = member_with_listing(app, login_as)
    data = make()
    with app.test_request_context(), force_locale(lang):
        expected = str(reason)
    if lang == "ko":
        assert expected != str(reason), "the message has a Korean translation"
    response = upload_photo(client, ref, data, name, lang=lang)
    assert response.status_code == 422
    page = text_of(response)
    assert f'id="photo-errors" role="alert">{expected}</p>' in page
    assert stored_files(app) == []
    with app.app_context():
        assert product(ref).images == []


def test_the_bomb_is_refused_without_decoding_its_pixels(app, client, login_as):
    ref = member_with_listing(app, login_as)
    bomb = decompression_bomb()
    assert len(bomb) < 500_000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes
    started = time.monotonic()
    response = upload_photo(client, ref, bomb, "bomb.png")
    # Decoding would take 900 MB (a byte a pixel) and seconds; the header alone is enough.
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 200_000
    assert "The image has too many pixels." in text_of(response)


def _stored_pictures(app, ref: str) -> tuple[dict, dict]:
    """The photo entry of the listing and every stored file of it, opened."""
    with app.app_context():
        [entry] = listings.editable_payload(product(ref))["images"]
        files = {(size, ext): media.image_file(entry["key"], size, ext).read_bytes()
                 for size in media.SIZES for ext in media.FORMATS}
    return entry, files


def _assert_sanitised(files: dict) -> None:
    """Every stored file is a plain RGB JPEG or WebP holding pixels only."""
    for (_size, ext), data in files.items():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[ext]
            assert image.mode == "RGB"
            assert dict(image.getexif()) == {}
            assert not {"icc_profile", "exif", "xmp", "comment", "dpi"} & set(image.info)
        assert b"SECRET" not in data and b"alert" not in data


ACCEPTED = [
    pytest.param(gif_that_is_a_script, "funny.gif", (10799, 8), id="gif-script-polyglot"),
    pytest.param(thin_line, "line.png", (20_000, 1), id="20000x1"),
    pytest.param(cmyk_jpeg, "print.jpg", (40, 30), id="cmyk-jpeg"),
    pytest.param(sixteen_bit_png, "scan.png", (40, 30), id="16-bit-png"),
    pytest.param(phone_photo, "IMG_0001.JPG", (40, 80), id="phone-photo-exif-gps"),
]


@pytest.mark.parametrize(("make", "name", "size"), ACCEPTED)
def test_an_awkward_photo_is_stored_sanitised_in_every_size(app, client, login_as, make,
                                                            name, size):
    ref = member_with_listing(app, login_as)
    original = make()
    response = upload_photo(client, ref, original, name, lang="ko")
    assert response.status_code == 302
    entry, files = _stored_pictures(app, ref)
    assert (entry["width"], entry["height"]) == size
    _assert_sanitised(files)
    assert original not in files.values()  # only the re-encoding is kept
    assert len(stored_files(app)) == len(media.SIZES) * len(media.FORMATS)
    with Image.open(io.BytesIO(files["large", "jpg"])) as large:
        assert large.size == media.derived_size(*size, "large")


def _pixel(files: dict, at=(0.5, 0.5)) -> tuple:
    with Image.open(io.BytesIO(files["large", "jpg"])) as image:
        return image.getpixel((int(image.width * at[0]), int(image.height * at[1])))


def _near(colour: tuple, expected: tuple, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_the_phone_photo_is_turned_upright(app, client, login_as):
    ref = member_with_listing(app, login_as)
    upload_photo(client, ref, phone_photo(), "IMG_0001.JPG")
    _entry, files = _stored_pictures(app, ref)
    assert _near(_pixel(files, (0.5, 0.2)), (255, 0, 0))  # the left half is now on top
    assert _near(_pixel(files, (0.5, 0.8)), (0, 0, 255))


def test_the_cmyk_photo_keeps_its_colour_in_rgb(app, client, login_as):
    ref = member_with_listing(app, login_as)
    upload_photo(client, ref, cmyk_jpeg(), "print.jpg")
    _entry, files = _stored_pictures(app, ref)
    assert _near(_pixel(files), (0, 255, 255))  # full cyan ink


def test_the_16_bit_photo_keeps_its_brightness(app, client, login_as):
    ref = member_with_listing(app, login_as)
    upload_photo(client, ref, sixteen_bit_png(), "scan.png")
    _entry, files = _stored_pictures(app, ref)
    assert _near(_pixel(files), (128, 128, 128), tolerance=3)  # not clipped to white


@pytest.mark.skipif("AVIF" not in media.ACCEPTED_FORMATS, reason="no AVIF in this Pillow")
def test_an_avif_photo_is_accepted_when_pillow_reads_it(app, client, login_as):
    ref = member_with_listing(app, login_as)
    response = upload_photo(client, ref, encoded(Image.new("RGB", (60, 40), "green"), "AVIF"),
                            "photo.avif")
    assert response.status_code == 302
    entry, files = _stored_pictures(app, ref)
    assert (entry["width"], entry["height"]) == (60, 40)
    _assert_sanitised(files)


BROCHURES_REFUSED = [
    pytest.param(zip_archive, "catalogue.pdf", "The file is not a PDF document.",
                 id="zip-named-pdf"),
    pytest.param(lambda: b"%PDF-1.4\n" + zip_archive()[4:], "sheet.pdf",
                 "The file is not a PDF document.", id="pdf-header-on-a-zip"),
    pytest.param(lambda: pdf() + zip_archive(), "sheet.pdf",
                 "The file is not a PDF document.", id="pdf-with-a-zip-appended"),
    pytest.param(lambda: b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF",
                 "sheet.pdf", "The file is not a PDF document.", id="html-in-a-pdf-header"),
    pytest.param(html_page, "sheet.pdf", "The file is not a PDF document.", id="html"),
    pytest.param(lambda: pdf()[:-40], "sheet.pdf", "The PDF file is damaged or incomplete.",
                 id="truncated-pdf"),
    pytest.param(phone_photo, "sheet.pdf", "The file is not a PDF document.", id="jpeg"),
]


@pytest.mark.parametrize(("make", "name", "reason"), BROCHURES_REFUSED)
def test_a_file_that_is_not_a_pdf_is_refused_as_a_brochure(app, client, login_as, make, name,
                                                           reason):
    ref = member_with_listing(app, login_as)
    english = upload_brochure(client, ref, make(), name, title="Spec sheet")
    assert english.status_code == 422
    page = text_of(english)
    assert reason in page
    assert 'value="Spec sheet"' in page  # what was typed stays
    korean = upload_brochure(client, ref, make(), name, title="사양서", lang="ko")
    assert korean.status_code == 422
    assert 'id="brochure-errors" role="alert">' in korean.get_data(as_text=True)
    assert stored_files(app) == []
    with app.app_context():
        assert product(ref).documents == []


def test_no_hostile_upload_ever_answers_with_a_server_error(app, client, login_as):
    ref = member_with_listing(app, login_as)
    makers = [make for make, *_rest in (case.values for case in REFUSED + ACCEPTED)]
    for make in makers:
        assert upload_photo(client, ref, make(), "x.jpg").status_code < 500
        assert upload_brochure(client, ref, make(), "x.pdf").status_code < 500
    assert client.get(photos_url(ref)).status_code == 200
