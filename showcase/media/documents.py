"""Brochures: PDF files recognised by what they hold, not by their name, stored whole under
random keys with the same discipline as images (temporary file and rename, removed again when
the transaction does not commit, swept when nothing references them).

A brochure is kept byte for byte (a PDF cannot be re-encoded the way a picture is); what keeps
visitors safe is how it is served: always as a download, as ``application/pdf``, never sniffed.
"""

import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import format_decimal

from showcase.i18n import portal_lazy_gettext as _lp
from showcase.media.storage import documents_dir, write_file

PDF_HEADERS = (b"%PDF-1.", b"%PDF-2.")
# The end-of-file marker must lie within the last kilobyte (PDF 1.7, 7.5.5); a file cut
# short in transfer has lost it.
END_MARK = b"%%EOF"
END_WINDOW = 1024
# What would make a browser that ignores the content type read the start of the file as a page.
PAGE_MARKS = (b"<html", b"<!doctype", b"<head", b"<body", b"<script", b"<svg", b"<iframe")
SNIFFED_BYTES = 1024

EMPTY = _lp("The file is empty.")
NOT_A_PDF = _lp("The file is not a PDF document.")
DAMAGED = _lp("The PDF file is damaged or incomplete.")


def megabytes(size_bytes: int) -> str:
    """``size_bytes`` in megabytes of 1024 x 1024 bytes, as the limits are set (``15``,
    ``1.5``), in the request's language."""
    return format_decimal(size_bytes / (1024 * 1024), "#,##0.#")


def too_large_message(limit: int):
    """The message for a file over ``limit`` bytes."""
    return _lp("The file is larger than %(limit)s MB.", limit=megabytes(limit))


class DocumentRejected(ValueError):
    """The file is not a brochure we accept; ``reason`` is a translatable message."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class StoredDocument:
    """A stored brochure: the key naming its file, and its size."""

    key: str
    size_bytes: int


def document_file(key: str) -> Path:
    """Path of the stored PDF named ``key``."""
    return documents_dir() / key[:2] / f"{key}.pdf"


def check_pdf(data: bytes, limit: int) -> None:
    """Raise DocumentRejected unless ``data`` is a complete PDF of at most ``limit`` bytes
    that is nothing else as well (a ZIP, an Office file or a web page)."""
    if not data:
        raise DocumentRejected(EMPTY)
    if len(data) > limit:
        raise DocumentRejected(too_large_message(limit))
    if not data.startswith(PDF_HEADERS):
        raise DocumentRejected(NOT_A_PDF)
    if any(mark in data[:SNIFFED_BYTES].lower() for mark in PAGE_MARKS):
        raise DocumentRejected(NOT_A_PDF)
    if zipfile.is_zipfile(io.BytesIO(data)):
        # A PDF header on a ZIP archive (OOXML, JAR...) read from its end by other programs.
        raise DocumentRejected(NOT_A_PDF)
    if END_MARK not in data[-END_WINDOW:]:
        raise DocumentRejected(DAMAGED)


def store_document(data: bytes, limit: int) -> StoredDocument:
    """Check ``data`` (see :func:`check_pdf`) and store it under a new random key; the file
    goes again if the current transaction does not commit."""
    check_pdf(data, limit)
    key = secrets.token_hex(16)
    write_file(document_file(key), data)
    return StoredDocument(key=key, size_bytes=len(data))
