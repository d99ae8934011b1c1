"""Images: the only code that touches Pillow.

Every image, uploaded or imported, is fully decoded, checked, turned upright, stripped of its
metadata (GPS included) and re-encoded before anything is stored. Stored files are named by a
hash of the original bytes, so importing the same picture twice stores it once.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app, send_from_directory
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
SIZES = {"large": 1600, "thumb": 480}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_FRAMES = 200


class ImageRejected(ValueError):
    """The file is not an image we accept; ``reason`` is a translatable message."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class StoredImage:
    """An image saved in every derived size."""

    key: str
    width: int
    height: int


def _images_dir() -> Path:
    return Path(current_app.config["UPLOADS_DIR"]) / "images"


def image_file(key: str, size: str) -> Path:
    """Path of the stored JPEG for ``key`` in ``size`` (``large`` or ``thumb``)."""
    return _images_dir() / key[:2] / f"{key}-{size}.jpg"


def _decode(data: bytes) -> Image.Image:
    """Open and fully decode ``data``; raise ImageRejected for anything unsafe or broken."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(_l("The image is larger than 15 MB."))
    Image.MAX_IMAGE_PIXELS = current_app.config["MAX_IMAGE_PIXELS"]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between the limit and twice the limit; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            if getattr(image, "n_frames", 1) > MAX_FRAMES:
                raise ImageRejected(_l("The animation has too many frames."))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(_l("The image has too many pixels.")) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRejected(
            _l("The file is not a readable JPEG, PNG, WebP or GIF image.")
        ) from error
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    """Upright RGB pixels, colour-managed to sRGB when the file embeds a profile."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to the plain conversion below
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def check_image(data: bytes) -> None:
    """Raise ImageRejected unless ``data`` decodes as an image we accept."""
    _to_rgb(_decode(data))


def store_image(data: bytes) -> StoredImage:
    """Decode, clean and re-encode ``data`` into every size; return what was stored."""
    key = hashlib.sha256(data).hexdigest()[:32]
    image = _to_rgb(_decode(data))
    for size, longest_side in SIZES.items():
        target = image_file(key, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        derived = image.copy()
        derived.thumbnail((longest_side, longest_side))
        # Saving without exif/icc arguments drops all metadata, GPS positions included.
        derived.save(target, "JPEG", quality=85 if size == "large" else 80, optimize=True)
    return StoredImage(key=key, width=image.width, height=image.height)


def init_app(app: Flask) -> None:
    """Serve stored images at ``/media/images/<key>-<size>.jpg``."""

    @app.get("/media/images/<key>-<size>.jpg")
    def media_image(key: str, size: str):
        if size not in SIZES or not key.isalnum():
            abort(404)
        path = image_file(key, size)
        return send_from_directory(path.parent, path.name, max_age=365 * 24 * 3600)
