"""Hostile and broken files are refused with a message that says what is wrong, and
``prepare_image`` lets no exception but ImageRejected escape, whatever the bytes."""

import io
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from showcase import media

pytestmark = pytest.mark.usefixtures("app_context")

NOT_AN_IMAGE = "The file is not a readable JPEG, PNG, WebP or GIF image."
DAMAGED = "The image file is damaged or incomplete."
TOO_MANY_PIXELS = "The image has too many pixels."


def _encoded(image: Image.Image, format_name: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format_name, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body)))


def _png_header_only(width: int, height: int) -> bytes:
    """A 60-byte PNG whose header claims ``width`` x ``height`` RGB pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + _png_chunk(b"IEND", b""))


def _rejection(data: bytes) -> str:
    with pytest.raises(media.ImageRejected) as error:
        media.prepare_image(data)
    return str(error.value.reason)


def test_gif_of_a_thousand_frames_is_refused_for_its_frames():
    # A colour of its own for each frame: identical frames would be merged into one.
    frames = [Image.new("RGB", (4, 4), (number % 256, number // 256 * 60, 90))
              for number in range(1000)]
    data = _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=20)
    with Image.open(io.BytesIO(data)) as animation:
        assert animation.n_frames == 1000
    assert _rejection(data) == "The animation has too many frames."


def test_short_animation_keeps_its_first_frame():
    frames = [Image.new("RGB", (30, 20), colour) for colour in ("red", "blue", "green")]
    data = _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    prepared = media.prepare_image(data)
    assert prepared.pixels.getpixel((0, 0)) == (255, 0, 0)


def test_decompression_bomb_is_refused_for_its_pixels():
    bomb = _encoded(Image.new("1", (9000, 9000)), "PNG")  # 81 Mpx in a few kilobytes
    assert len(bomb) < 100_000
    assert _rejection(bomb) == TOO_MANY_PIXELS


def test_image_just_over_the_pixel_limit_is_refused_too(app):
    app.config["MAX_IMAGE_PIXELS"] = 1_000_000
    assert _rejection(_encoded(Image.new("L", (1001, 1000)), "PNG")) == TOO_MANY_PIXELS
    assert media.prepare_image(_encoded(Image.new("L", (1000, 1000)), "PNG")).width == 1000


def test_tiny_file_claiming_huge_dimensions_is_refused_for_its_pixels():
    data = _png_header_only(100_000, 100_000)
    assert len(data) < 100
    assert _rejection(data) == TOO_MANY_PIXELS


def test_truncated_jpeg_is_refused_as_damaged():
    photo = _encoded(Image.effect_noise((200, 200), 50).convert("RGB"), "JPEG")
    assert _rejection(photo[: len(photo) // 2]) == DAMAGED


def test_png_with_garbled_pixel_data_is_refused_as_damaged():
    data = bytearray(_encoded(Image.effect_noise((64, 64), 50), "PNG"))
    pixels_at = data.index(b"IDAT") + 4
    data[pixels_at + 10:pixels_at + 40] = bytes(30)
    assert _rejection(bytes(data)) == DAMAGED


def test_empty_file_is_refused_as_empty():
    assert _rejection(b"") == "The image file is empty."


@pytest.mark.parametrize("data", [
    pytest.param(b"Booth A12: bring brochures\n", id="text-renamed-jpg"),
    pytest.param(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", id="svg"),
    pytest.param(_encoded(Image.new("RGB", (8, 8)), "BMP"), id="bmp-not-accepted"),
    pytest.param(_encoded(Image.new("RGB", (8, 8)), "TIFF"), id="tiff-not-accepted"),
])
def test_file_of_another_kind_is_refused_as_not_an_image(data):
    assert _rejection(data) == NOT_AN_IMAGE


def test_file_over_the_upload_limit_is_refused_before_decoding():
    data = b"\xff\xd8\xff" + bytes(media.MAX_UPLOAD_BYTES)
    assert _rejection(data) == "The image is larger than 15 MB."


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "I;16", "RGBA", "CMYK"])
def test_every_pixel_format_of_accepted_files_becomes_rgb(mode):
    image = Image.new(mode, (12, 10))
    data = _encoded(image, "JPEG" if mode == "CMYK" else "PNG")
    prepared = media.prepare_image(data)
    assert (prepared.pixels.mode, prepared.width, prepared.height) == ("RGB", 12, 10)


SAMPLES = [
    _encoded(Image.effect_noise((24, 16), 40).convert("RGB"), "JPEG", comment=b"c"),
    _encoded(Image.new("RGBA", (16, 12), (10, 20, 30, 128)), "PNG"),
    _encoded(Image.new("P", (16, 12), 7), "GIF", save_all=True,
             append_images=[Image.new("P", (16, 12), 9)]),
    _encoded(Image.new("RGB", (16, 12), "olive"), "WEBP"),
]


@st.composite
def mutated_samples(draw) -> bytes:
    """A real small image with some bytes changed, cut short or doubled."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data)))
        data[start:start] = data[start:start + draw(st.integers(0, 64))]
    return bytes(data)


@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=512), mutated_samples()))
def test_no_bytes_make_preparing_fail_other_than_by_rejection(data):
    try:
        prepared = media.prepare_image(data)
    except media.ImageRejected as rejected:
        assert str(rejected.reason)
    else:
        assert prepared.pixels.mode == "RGB"
        assert prepared.pixels.info == {}
        assert prepared.width * prepared.height >= 1
