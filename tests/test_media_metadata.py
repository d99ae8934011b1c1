"""Nothing of an original's metadata survives storing: no comment, EXIF (GPS), XMP, ICC
profile, PNG text chunk or resolution reaches any stored JPEG or WebP."""

import io
import struct

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from showcase import media

pytestmark = pytest.mark.usefixtures("app_context")

SECRET = b"SECRET-"
# What a stored JPEG may hold before its image data: start, JFIF header, quantization and
# Huffman tables, frame header, restart interval, scan start. No APPn other than JFIF, no
# comment (0xFE).
ALLOWED_MARKERS = {0xD8, 0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD, 0xDA}


def _markers(jpeg: bytes) -> set[int]:
    """The markers of ``jpeg``'s header segments, up to the start of its image data."""
    found, position = set(), 2
    assert jpeg[:2] == b"\xff\xd8"
    found.add(0xD8)
    while position < len(jpeg):
        assert jpeg[position] == 0xFF
        marker = jpeg[position + 1]
        found.add(marker)
        if marker == 0xDA:
            return found
        (length,) = struct.unpack(">H", jpeg[position + 2:position + 4])
        position += 2 + length
    return found


def _webp_chunks(webp: bytes) -> set[bytes]:
    """The kinds of chunk in a WebP file (EXIF, XMP and ICCP would hold metadata)."""
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP"
    found, position = set(), 12
    while position + 8 <= len(webp):
        kind = webp[position:position + 4]
        (length,) = struct.unpack("<I", webp[position + 4:position + 8])
        found.add(kind)
        position += 8 + length + (length & 1)
    return found


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _tagged_jpeg() -> bytes:
    """A photo with a comment, a GPS position, XMP, an ICC profile and 300 dpi."""
    exif = Image.Exif()
    exif[0x010E] = "SECRET-description"
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "orange").save(
        buffer, "JPEG", comment=b"SECRET-comment", exif=exif.tobytes(),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>SECRET-xmp</x:xmpmeta>",
        icc_profile=_srgb_profile(), dpi=(300, 300))
    return buffer.getvalue()


def _tagged_png() -> bytes:
    """A PNG with tEXt (a comment), iTXt and zTXt chunks, an ICC profile and a resolution."""
    chunks = PngInfo()
    chunks.add_text("comment", "SECRET-text")
    chunks.add_itxt("Description", "SECRET-itxt", lang="en")
    chunks.add_text("Author", "SECRET-ztxt", zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "green").save(buffer, "PNG", pnginfo=chunks,
                                              icc_profile=_srgb_profile(), dpi=(300, 300))
    return buffer.getvalue()


def _commented_gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (120, 80), 3).save(buffer, "GIF", comment=b"SECRET-gif")
    return buffer.getvalue()


def _tagged_webp() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "SECRET-webp"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "purple").save(buffer, "WEBP", exif=exif.tobytes(),
                                               xmp=b"SECRET-webp-xmp")
    return buffer.getvalue()


ORIGINALS = [
    pytest.param(_tagged_jpeg, id="jpeg-comment-gps-xmp-icc"),
    pytest.param(_tagged_png, id="png-text-itxt-ztxt"),
    pytest.param(_commented_gif, id="gif-comment"),
    pytest.param(_tagged_webp, id="webp-exif-xmp"),
]


@pytest.mark.parametrize("original", ORIGINALS)
def test_originals_metadata_is_in_the_test_file_and_in_no_stored_file(original):
    data = original()
    with Image.open(io.BytesIO(data)) as opened:
        assert opened.info or opened.getexif(), "the test file must carry metadata"
    stored = media.store_image(data)
    for size in media.SIZES:
        saved = media.image_file(stored.key, size).read_bytes()
        webp = media.image_file(stored.key, size, "webp").read_bytes()
        assert SECRET not in webp
        assert _webp_chunks(webp) <= {b"VP8 ", b"VP8L"}
        assert SECRET not in saved
        assert _markers(saved) <= ALLOWED_MARKERS
        with Image.open(io.BytesIO(saved)) as image:
            assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density"}
            assert image.info.get("jfif_unit", 0) == 0  # no resolution: an aspect ratio only
            assert dict(image.getexif()) == {}


def test_prepared_pixels_carry_nothing_an_encoder_could_copy():
    prepared = media.prepare_image(_tagged_jpeg())
    assert prepared.pixels.info == {}
    assert dict(prepared.pixels.getexif()) == {}
    assert (prepared.width, prepared.height) == (120, 80)
