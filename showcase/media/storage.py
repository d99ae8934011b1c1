"""Stored images: random names, whole files or none, and no files without a committed row.

Each derived JPEG is written to a temporary name in its final directory, synced and renamed
into place, so a reader (or a crash) never meets a partly written image. Files written during
a database transaction are listed in the session: when the transaction ends without a commit
they are removed again. ``sweep`` removes what a killed process left behind: files no
ProductImage references, and temporary files.
"""

import io
import logging
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from PIL import Image
from sqlalchemy import event, select

from showcase.extensions import db
from showcase.media.preparing import SIZES, PreparedImage, prepare_image
from showcase.models import ProductImage

QUALITY = {"large": 85, "thumb": 80}
WRITTEN_FILES = "media_written_files"  # session.info: files the open transaction wrote
TEMPORARY_MARK = ".tmp-"
STORED_NAME = re.compile(r"(?P<key>[0-9a-f]+)-(?P<size>[a-z]+)\.jpg")
# A file younger than this may belong to a transaction still running: the sweep spares it.
SWEEP_AFTER_SECONDS = 3600

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredImage:
    """An image saved in every derived size."""

    key: str
    width: int
    height: int


@dataclass(frozen=True)
class SweepResult:
    """How many files a sweep removed (or, in a dry run, would remove)."""

    unreferenced: int
    temporary: int


def images_dir() -> Path:
    """The folder holding every stored image, one subfolder per first two key characters."""
    return Path(current_app.config["UPLOADS_DIR"]) / "images"


def image_file(key: str, size: str) -> Path:
    """Path of the stored JPEG for ``key`` in ``size`` (``large`` or ``thumb``)."""
    return images_dir() / key[:2] / f"{key}-{size}.jpg"


def store_image(image: PreparedImage | bytes) -> StoredImage:
    """Save ``image`` (prepared, or bytes to prepare first) in every size under its random
    key. The files go again if the current transaction does not commit."""
    prepared = image if isinstance(image, PreparedImage) else prepare_image(image)
    written = []
    try:
        # Smallest first: the large size, the last one written, completes the image.
        for size, longest_side in sorted(SIZES.items(), key=lambda item: item[1]):
            derived = prepared.pixels.copy()
            derived.thumbnail((longest_side, longest_side))
            target = image_file(prepared.key, size)
            _track(target)
            written.append(target)
            _write_atomically(target, derived, QUALITY[size])
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return StoredImage(key=prepared.key, width=prepared.width, height=prepared.height)


def _write_atomically(target: Path, image: Image.Image, quality: int) -> None:
    """Write ``image`` as a JPEG at ``target`` by a synced temporary file and a rename."""
    # Pillow writing to a file ignores a short write (a full disk, a file size limit) and
    # leaves a truncated JPEG without an error: encode in memory, let Python write it all.
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=quality, optimize=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}{TEMPORARY_MARK}{secrets.token_hex(8)}")
    try:
        with temporary.open("xb") as file:
            file.write(encoded.getbuffer())
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _sync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _track(path: Path) -> None:
    """Note ``path`` as written by the current transaction, opening one if none is."""
    session = db.session()
    if not session.in_transaction():
        # Without a transaction the files would outlive a session closed uncommitted.
        session.begin()
    session.info.setdefault(WRITTEN_FILES, []).append(str(path))


@event.listens_for(FlaskSession, "after_commit")
def _keep_committed_files(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's release: the outer transaction may still roll back
    session.info.pop(WRITTEN_FILES, None)


@event.listens_for(FlaskSession, "after_transaction_end")
def _remove_uncommitted_files(session, transaction) -> None:
    # A commit has emptied the list already; a rollback, or a session closed without a
    # commit, leaves it here. A savepoint's files wait for the outer transaction's end.
    if transaction.parent is not None:
        return
    for path in session.info.pop(WRITTEN_FILES, ()):
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            # Never fail a rollback over a file: `showcase media sweep` removes what stays.
            log.warning("could not remove %s after a rollback", path, exc_info=True)


def sweep(dry_run: bool = False) -> SweepResult:
    """Remove stored files older than SWEEP_AFTER_SECONDS that no ProductImage references,
    and leftover temporary files; with ``dry_run`` only count them."""
    folder = images_dir()
    if not folder.is_dir():
        return SweepResult(unreferenced=0, temporary=0)
    referenced = set(db.session.scalars(select(ProductImage.key).distinct()))
    cutoff = time.time() - SWEEP_AFTER_SECONDS
    unreferenced = temporary = 0
    for path in sorted(folder.glob("*/*")):
        status = path.lstat()  # a symbolic link is not a regular file here
        if not stat.S_ISREG(status.st_mode) or status.st_mtime > cutoff:
            continue
        if path.name.startswith(".") and TEMPORARY_MARK in path.name:
            temporary += 1
        else:
            name = STORED_NAME.fullmatch(path.name)
            if name is None or name["size"] not in SIZES or name["key"] in referenced:
                continue
            unreferenced += 1
        if not dry_run:
            path.unlink(missing_ok=True)
    return SweepResult(unreferenced=unreferenced, temporary=temporary)
