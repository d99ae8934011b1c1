"""Images: the only code that touches Pillow.

Every image, uploaded or imported, is read within limits (``read_image_file``), decoded once
and checked (``prepare_image``), then re-encoded from its pixels alone into every size and
stored under a random key (``store_image``). See ``preparing`` and ``storage``.
"""

import click
from flask import Flask, abort, send_from_directory
from flask.cli import AppGroup

from showcase.media.preparing import (
    MAX_UPLOAD_BYTES,
    ImageRejected,
    PreparedImage,
    prepare_image,
    read_image_file,
)
from showcase.media.storage import SIZES, StoredImage, image_file, store_image, sweep

__all__ = [
    "MAX_UPLOAD_BYTES",
    "SIZES",
    "ImageRejected",
    "PreparedImage",
    "StoredImage",
    "image_file",
    "init_app",
    "prepare_image",
    "read_image_file",
    "store_image",
]


media_cli = AppGroup("media", help="Stored images.")


@media_cli.command("sweep")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; remove nothing.")
def sweep_command(dry_run: bool):
    """Remove stored image files that no product references (older than an hour) and
    temporary files left by interrupted writes."""
    result = sweep(dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {result.unreferenced} unreferenced image file(s) and "
               f"{result.temporary} temporary file(s)")


def init_app(app: Flask) -> None:
    """Serve stored images at ``/media/images/<key>-<size>.jpg``; add ``showcase media``."""
    app.cli.add_command(media_cli)

    @app.get("/media/images/<key>-<size>.jpg")
    def media_image(key: str, size: str):
        if size not in SIZES or not key.isalnum():
            abort(404)
        path = image_file(key, size)
        return send_from_directory(path.parent, path.name, max_age=365 * 24 * 3600)
