"""Images and brochures: the only code that touches Pillow.

Every image, uploaded or imported, is read within limits (``read_image_file``), decoded once
and checked (``prepare_image``), then re-encoded from its pixels alone into every size and
format and stored under a random key (``store_image``). A brochure is checked to be a PDF and
nothing else and stored whole (``store_document``). See ``preparing``, ``storage`` and
``documents``.
"""

import re
import unicodedata
from urllib.parse import quote

import click
from flask import Flask, abort, send_from_directory
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.http import dump_options_header

from showcase.extensions import db
from showcase.media.documents import (
    DocumentRejected,
    StoredDocument,
    check_pdf,
    document_file,
    megabytes,
    store_document,
    too_large_message,
)
from showcase.media.preparing import (
    ACCEPTED_FORMATS,
    MAX_UPLOAD_BYTES,
    ImageRejected,
    PreparedImage,
    prepare_image,
    read_image_file,
)
from showcase.media.storage import (
    FORMATS,
    SIZES,
    StoredImage,
    derived_size,
    image_file,
    store_image,
    sweep,
)
from showcase.models import ProductDocument

__all__ = [
    "ACCEPTED_FORMATS",
    "FORMATS",
    "MAX_UPLOAD_BYTES",
    "SIZES",
    "DocumentRejected",
    "ImageRejected",
    "PreparedImage",
    "StoredDocument",
    "StoredImage",
    "check_pdf",
    "derived_size",
    "document_file",
    "image_file",
    "init_app",
    "megabytes",
    "prepare_image",
    "read_image_file",
    "store_document",
    "store_image",
    "too_large_message",
]

STORED_KEY = re.compile(r"[0-9a-f]{8,64}")
CACHE_SECONDS = 365 * 24 * 3600  # a key names one file's content forever
DOWNLOAD_NAME_LENGTH = 100

media_cli = AppGroup("media", help="Stored images and brochures.")


@media_cli.command("sweep")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; remove nothing.")
def sweep_command(dry_run: bool):
    """Remove stored image and brochure files that no product or open revision references
    (older than an hour) and temporary files left by interrupted writes."""
    result = sweep(dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {result.unreferenced} unreferenced image file(s), {result.documents} "
               f"unreferenced brochure file(s) and {result.temporary} temporary file(s)")


def stored_image_file(key: str, size: str, ext: str):
    """The file to serve for ``key`` in ``size`` and ``ext``. Images stored before the
    medium size and WebP existed have a large and a thumbnail JPEG only: a browser shows
    the nearest of those for a WebP or medium request."""
    for candidate in ((size, ext), (size, "jpg"), ("large", "jpg")):
        path = image_file(key, *candidate)
        if path.is_file():
            return path
    return None


def download_name(title: str) -> str:
    """A file name for a brochure titled ``title``: no path separators or control
    characters, of a sensible length, ending in .pdf."""
    name = "".join("-" if char in "/\\" else char for char in title
                   if not unicodedata.category(char).startswith("C")).strip(" .")
    return f"{name[:DOWNLOAD_NAME_LENGTH] or 'brochure'}.pdf"


def content_disposition(name: str) -> str:
    """``attachment`` with ``name`` for every browser: an ASCII ``filename`` and the exact
    UTF-8 ``filename*`` (RFC 6266)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return dump_options_header("attachment", {
        "filename": plain if plain.strip(" .") != "pdf" else "brochure.pdf",
        "filename*": f"UTF-8''{quote(name, safe='')}",
    })


def _is_key(key: str) -> bool:
    """A stored file's key: lower-case hex of a bounded length (anything else names no file,
    and must not reach the file system: a path value can be kilobytes long)."""
    return STORED_KEY.fullmatch(key) is not None


def init_app(app: Flask) -> None:
    """Serve stored images at ``/media/images/<key>-<size>.<jpg|webp>`` and brochures at
    ``/media/documents/<key>.pdf``; add ``showcase media``."""
    app.cli.add_command(media_cli)

    @app.get("/media/images/<key>-<size>.<any(jpg, webp):ext>")
    def media_image(key: str, size: str, ext: str):
        path = stored_image_file(key, size, ext) if size in SIZES and _is_key(key) else None
        if path is None:
            abort(404)
        return send_from_directory(path.parent, path.name, max_age=CACHE_SECONDS)

    @app.get("/media/documents/<key>.pdf")
    def media_document(key: str):
        path = document_file(key) if _is_key(key) else None
        if path is None or not path.is_file():
            abort(404)
        title = db.session.scalar(
            select(ProductDocument.title).where(ProductDocument.key == key).limit(1))
        response = send_from_directory(path.parent, path.name, mimetype="application/pdf",
                                       max_age=CACHE_SECONDS)
        response.headers["Content-Disposition"] = content_disposition(
            download_name(title or ""))
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
