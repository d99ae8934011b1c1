"""Stored files: random names, whole files or none, and no files without a committed row.

Every image is stored in each size of ``SIZES`` as a JPEG and a WebP; a brochure as one PDF
(``showcase.media.documents``). Each file is written to a temporary name in its final
directory, synced and renamed into place, so a reader (or a crash) never meets a partly
written file. Files written during a database transaction are listed in the session: when the
transaction ends without a commit they are removed again. ``sweep`` removes what a killed
process or a discarded edit left behind: files nothing references, and temporary files.
"""

import io
import logging
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from PIL import Image
from sqlalchemy import event, select

from showcase.extensions import db
from showcase.media.preparing import SIZES, PreparedImage, prepare_image
from showcase.models import OPEN_REVISION_STATES, ProductDocument, ProductImage, ProductRevision

# Encoders and file name extensions of the stored formats; the JPEG goes last, so the
# large JPEG, the last file written, completes an image.
FORMATS = {"webp": "WEBP", "jpg": "JPEG"}
QUALITY = {"thumb": 80, "medium": 82, "large": 85}
WRITTEN_FILES = "media_written_files"  # session.info: files the open transaction wrote
TEMPORARY_MARK = ".tmp-"
STORED_IMAGE_NAME = re.compile(
    rf"(?P<key>[0-9a-f]+)-(?:{'|'.join(SIZES)})\.(?:{'|'.join(FORMATS)})")
STORED_DOCUMENT_NAME = re.compile(r"(?P<key>[0-9a-f]+)\.pdf")
# A file younger than this may belong to a transaction still running: the sweep spares it.
SWEEP_AFTER_SECONDS = 3600

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredImage:
    """An image saved in every derived size and format."""

    key: str
    width: int
    height: int


@dataclass(frozen=True)
class SweepResult:
    """How many files a sweep removed (or, in a dry run, would remove)."""

    unreferenced: int
    temporary: int
    documents: int = 0


def images_dir() -> Path:
    """The folder holding every stored image, one subfolder per first two key characters."""
    return Path(current_app.config["UPLOADS_DIR"]) / "images"


def documents_dir() -> Path:
    """The folder holding every stored brochure, one subfolder per first two key characters."""
    return Path(current_app.config["UPLOADS_DIR"]) / "documents"


def image_file(key: str, size: str, ext: str = "jpg") -> Path:
    """Path of the stored image ``key`` in ``size`` (a key of SIZES) and format ``ext``
    (``jpg`` or ``webp``)."""
    return images_dir() / key[:2] / f"{key}-{size}.{ext}"


def derived_size(width: int, height: int, size: str) -> tuple[int, int]:
    """The width and height of the stored ``size`` of an image of ``width`` x ``height``."""
    scale = min(1.0, SIZES[size] / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def store_image(image: PreparedImage | bytes) -> StoredImage:
    """Save ``image`` (prepared, or bytes to prepare first) in every size and format under
    its random key. The files go again if the current transaction does not commit."""
    prepared = image if isinstance(image, PreparedImage) else prepare_image(image)
    written, encodings = [], {}
    try:
        for size, longest_side in SIZES.items():
            derived = prepared.pixels.copy()
            derived.thumbnail((longest_side, longest_side))
            for ext, encoder in FORMATS.items():
                # A small original is never enlarged: its larger sizes are the same picture,
                # encoded once.
                if (derived.size, ext) not in encodings:
                    encodings[derived.size, ext] = _encoded(derived, encoder, QUALITY[size])
                target = image_file(prepared.key, size, ext)
                written.append(target)
                write_file(target, encodings[derived.size, ext])
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return StoredImage(key=prepared.key, width=prepared.width, height=prepared.height)


def _encoded(image: Image.Image, encoder: str, quality: int) -> bytes:
    # Pillow writing to a file ignores a short write (a full disk, a file size limit) and
    # leaves a truncated image without an error: encode in memory, let Python write it all.
    encoded = io.BytesIO()
    if encoder == "JPEG":
        image.save(encoded, encoder, quality=quality, optimize=True)
    else:
        image.save(encoded, encoder, quality=quality)
    return encoded.getvalue()


def write_file(target: Path, data: bytes) -> None:
    """Write ``data`` at ``target`` by a synced temporary file and a rename; the file goes
    again if the current transaction does not commit."""
    _track(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}{TEMPORARY_MARK}{secrets.token_hex(8)}")
    try:
        with temporary.open("xb") as file:
            file.write(data)
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
    """Remove stored files older than SWEEP_AFTER_SECONDS that no product, and no revision
    awaiting staff, references, and leftover temporary files; with ``dry_run`` only count
    them."""
    image_keys, document_keys = _referenced_keys()
    images = _sweep_folder(images_dir(), STORED_IMAGE_NAME, image_keys, dry_run)
    documents = _sweep_folder(documents_dir(), STORED_DOCUMENT_NAME, document_keys, dry_run)
    return SweepResult(unreferenced=images.unreferenced, documents=documents.unreferenced,
                       temporary=images.temporary + documents.temporary)


def _referenced_keys() -> tuple[set[str], set[str]]:
    """The keys of images and of brochures that products or open revisions name."""
    images = set(db.session.scalars(select(ProductImage.key).distinct()))
    documents = set(db.session.scalars(select(ProductDocument.key).distinct()))
    # A revision's new photos and brochures have no rows until staff approve it.
    for payload in db.session.scalars(select(ProductRevision.payload).where(
            ProductRevision.state.in_(OPEN_REVISION_STATES))):
        images.update(_keys(payload.get("images")))
        documents.update(_keys(payload.get("documents")))
    return images, documents


def _keys(entries: Iterable | None) -> set[str]:
    return {entry["key"] for entry in entries or () if isinstance(entry, dict) and "key" in entry}


def _sweep_folder(folder: Path, stored_name: re.Pattern, referenced: set[str],
                  dry_run: bool) -> SweepResult:
    """Remove (or count) the old unreferenced and temporary files of ``folder``; files named
    otherwise are not ours and stay."""
    if not folder.is_dir():
        return SweepResult(unreferenced=0, temporary=0)
    cutoff = time.time() - SWEEP_AFTER_SECONDS
    unreferenced = temporary = 0
    for path in sorted(folder.glob("*/*")):
        status = path.lstat()  # a symbolic link is not a regular file here
        if not stat.S_ISREG(status.st_mode) or status.st_mtime > cutoff:
            continue
        if path.name.startswith(".") and TEMPORARY_MARK in path.name:
            temporary += 1
        else:
            name = stored_name.fullmatch(path.name)
            if name is None or name["key"] in referenced:
                continue
            unreferenced += 1
        if not dry_run:
            path.unlink(missing_ok=True)
    return SweepResult(unreferenced=unreferenced, temporary=temporary)
