"""Reading and checking untrusted image files before anything is stored.

``read_image_file`` reads one file of an import folder, refusing anything that resolves
outside the folder and anything too large, without reading it. ``prepare_image`` decodes the
bytes once, checks them, turns the picture upright and keeps its pixels only, in sRGB: what
comes out holds no trace of the original's metadata (comments, EXIF with GPS, XMP, ICC
profiles, text chunks, resolution).
"""

import contextlib
import hashlib
import io
import secrets
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

# AVIF only where this Pillow build decodes it (the 13.0 wheels do).
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF") + (("AVIF",) if features.check("avif") else ())
# Stored sizes, smallest first: the longest side of each, in pixels (never enlarged).
SIZES = {"thumb": 480, "medium": 960, "large": 1600}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_FRAMES = 200
# Modes holding 16 bits per sample: their values run to 65535, not 255.
SIXTEEN_BIT_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I")

OUTSIDE_FOLDER = _l("The image must be a file inside the import folder.")
NOT_FOUND = _l("file not found")
TOO_LARGE = _l("The image is larger than 15 MB.")
EMPTY = _l("The image file is empty.")
NOT_AN_IMAGE = _l("The file is not a readable JPEG, PNG, WebP or GIF image.")
DAMAGED = _l("The image file is damaged or incomplete.")
TOO_MANY_PIXELS = _l("The image has too many pixels.")
TOO_MANY_FRAMES = _l("The animation has too many frames.")


class ImageRejected(ValueError):
    """The file is not an image we accept; ``reason`` is a translatable message."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True, eq=False)
class PreparedImage:
    """A checked image ready to store: upright sRGB pixels without any metadata, no larger
    than the largest stored size; the original's upright ``width`` and ``height``; the random
    key its files will be stored under; the SHA-256 of the bytes it was read from (stored
    files are re-encoded: only this tells that a file was seen before)."""

    pixels: Image.Image = field(repr=False)
    width: int
    height: int
    key: str
    digest: str


def read_image_file(base_dir: Path, relative: str) -> bytes:
    """The bytes of ``base_dir / relative``, which must resolve (symlinks followed) to a
    regular file inside ``base_dir`` no larger than MAX_UPLOAD_BYTES."""
    folder = Path(base_dir).resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        raise ImageRejected(OUTSIDE_FOLDER)
    try:
        status = path.stat()
    except FileNotFoundError as error:
        raise ImageRejected(NOT_FOUND) from error
    except OSError as error:
        raise ImageRejected(OUTSIDE_FOLDER) from error
    if not stat.S_ISREG(status.st_mode):
        # A directory, a FIFO (whose read would block) or a device is never an image.
        raise ImageRejected(OUTSIDE_FOLDER)
    if status.st_size > MAX_UPLOAD_BYTES:
        raise ImageRejected(TOO_LARGE)
    try:
        with path.open("rb") as file:
            # The file may have grown since stat(): never read more than the limit allows.
            data = file.read(MAX_UPLOAD_BYTES + 1)
    except OSError as error:
        raise ImageRejected(NOT_FOUND) from error
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(TOO_LARGE)
    return data


def prepare_image(data: bytes) -> PreparedImage:
    """Decode ``data`` once, check it and keep its upright sRGB pixels; raise ImageRejected
    (and nothing else) for anything we do not accept."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(TOO_LARGE)
    if not data:
        raise ImageRejected(EMPTY)
    try:
        image = _decode(data)
        pixels = _pixels_only(_upright(image))
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(TOO_MANY_PIXELS) from error
    except UnidentifiedImageError as error:
        raise ImageRejected(NOT_AN_IMAGE) from error
    except Exception as error:  # noqa: BLE001 - decoders of hostile input raise anything
        # Truncated data, bad checksums and malformed headers surface as OSError,
        # SyntaxError, ValueError, struct.error, IndexError...: all mean a damaged file.
        raise ImageRejected(DAMAGED) from error
    width, height = pixels.size
    # An import holds a batch of prepared images: keep only the pixels storing will use.
    largest = max(SIZES.values())
    pixels.thumbnail((largest, largest))
    return PreparedImage(pixels=pixels, width=width, height=height,
                         key=secrets.token_hex(16), digest=hashlib.sha256(data).hexdigest())


def _decode(data: bytes) -> Image.Image:
    """Open ``data`` as an accepted format, check its size and frames, decode its first
    frame fully."""
    limit = current_app.config["MAX_IMAGE_PIXELS"]
    # Pillow checks every frame's size against this limit while it reads, too.
    Image.MAX_IMAGE_PIXELS = limit
    with warnings.catch_warnings():
        # Pillow only warns between the limit and twice the limit; refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        if image.width * image.height > limit:
            raise ImageRejected(TOO_MANY_PIXELS)
        if _has_more_frames_than(image, MAX_FRAMES):
            raise ImageRejected(TOO_MANY_FRAMES)
        image.load()
    if image.width < 1 or image.height < 1:
        raise ImageRejected(DAMAGED)
    return image


def _has_more_frames_than(image: Image.Image, limit: int) -> bool:
    """Whether ``image`` has more than ``limit`` frames, found without counting them all:
    a GIF's frame count is only known by walking every frame of the file."""
    if not getattr(image, "is_animated", False):
        return False
    try:
        image.seek(limit)
    except EOFError:
        return False
    else:
        return True
    finally:
        image.seek(0)


def _upright(image: Image.Image) -> Image.Image:
    """``image`` turned as its EXIF orientation says, colour-managed to sRGB when it embeds
    an ICC profile."""
    # A malformed EXIF block only loses the rotation, not the image.
    with contextlib.suppress(Exception):
        image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: the plain conversion follows
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new RGB image holding ``image``'s pixels and nothing else: transparent parts on
    white, no comment, EXIF, XMP, ICC or resolution left for an encoder to copy."""
    canvas = Image.new("RGB", image.size, (255, 255, 255))
    if image.mode in SIXTEEN_BIT_MODES:
        # A plain conversion clips every value above 255 to white: scale to 8 bits first.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
    else:
        canvas.paste(image if image.mode == "RGB" else image.convert("RGB"))
    return canvas
