"""``showcase media sweep``: image and brochure files nothing references and temporary
leftovers go; files of products, of revisions waiting for staff, and files young enough to
belong to a running transaction stay."""

import io
import os
import time

import pytest
from PIL import Image

from showcase import media
from showcase.extensions import db
from showcase.media import storage
from showcase.models import (
    Category,
    Company,
    Product,
    ProductDocument,
    ProductImage,
    ProductRevision,
    RevisionState,
)

pytestmark = pytest.mark.usefixtures("app_context")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def _files(key: str) -> list:
    return [media.image_file(key, size, ext) for size in media.SIZES for ext in media.FORMATS]


def _two_hours_old(*paths) -> None:
    past = time.time() - 2 * 3600
    for path in paths:
        os.utime(path, (past, past))


def _attached_to_a_product(stored) -> str:
    company = Company(registration_number="220-81-62517", names={"en": "Example"})
    category = Category(code="drones", names={"en": "Drones"})
    product = Product(ref="T-1", company=company, category=category,
                      designation_type="innovative-prototype")
    product.set_text("en", name="Test drone")
    product.images.append(ProductImage(position=0, key=stored.key, width=stored.width,
                                       height=stored.height))
    db.session.add(product)
    return stored.key


def _sweep(runner, *options):
    result = runner.invoke(args=["media", "sweep", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_sweep_removes_unreferenced_and_temporary_files_but_keeps_product_images(runner):
    referenced = _attached_to_a_product(media.store_image(_jpeg()))
    forgotten = media.store_image(_jpeg())
    db.session.commit()
    leftover = media.image_file(forgotten.key, "large").with_name(
        f".{forgotten.key}-large.jpg.tmp-0123456789abcdef")
    leftover.write_bytes(b"\xff\xd8 half a JPEG")
    _two_hours_old(*_files(referenced), *_files(forgotten.key), leftover)

    dry_run = _sweep(runner, "--dry-run")
    assert ("would remove 6 unreferenced image file(s), 0 unreferenced brochure file(s) and "
            "1 temporary file(s)") in dry_run
    assert leftover.exists() and all(path.exists() for path in _files(forgotten.key))

    assert ("removed 6 unreferenced image file(s), 0 unreferenced brochure file(s) and "
            "1 temporary file(s)") in _sweep(runner)
    assert not leftover.exists()
    assert not any(path.exists() for path in _files(forgotten.key))
    assert all(path.exists() for path in _files(referenced))


def test_sweep_spares_recent_files_of_a_transaction_still_running(runner):
    running = media.store_image(_jpeg())
    assert ("removed 0 unreferenced image file(s), 0 unreferenced brochure file(s) and "
            "0 temporary file(s)") in _sweep(runner)
    assert all(path.exists() for path in _files(running.key))


def test_sweep_leaves_files_it_does_not_know_alone():
    stored = media.store_image(_jpeg())
    db.session.commit()
    stranger = media.image_file(stored.key, "large").with_name("notes.txt")
    stranger.write_text("kept by an operator")
    _two_hours_old(*_files(stored.key), stranger)
    assert storage.sweep(dry_run=True) == storage.SweepResult(unreferenced=6, temporary=0)
    assert storage.sweep() == storage.SweepResult(unreferenced=6, temporary=0)
    assert stranger.exists()


def _pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_sweep_removes_brochures_nothing_names_and_keeps_those_of_products(runner):
    stored = media.store_document(_pdf(), limit=1024)
    forgotten = media.store_document(_pdf(), limit=1024)
    product = Product(ref="T-2", company=Company(registration_number="220-81-62517",
                                                 names={"en": "Example"}),
                      designation_type="innovative-prototype")
    product.documents.append(ProductDocument(key=stored.key, title="Sheet", language="en",
                                             size_bytes=stored.size_bytes))
    db.session.add(product)
    db.session.commit()
    _two_hours_old(media.document_file(stored.key), media.document_file(forgotten.key))
    assert ("removed 0 unreferenced image file(s), 1 unreferenced brochure file(s) and "
            "0 temporary file(s)") in _sweep(runner)
    assert media.document_file(stored.key).exists()
    assert not media.document_file(forgotten.key).exists()


def test_sweep_keeps_files_that_only_an_open_revision_names(runner):
    photo = media.store_image(_jpeg())
    brochure = media.store_document(_pdf(), limit=1024)
    gone_photo = media.store_image(_jpeg())
    key = _attached_to_a_product(media.store_image(_jpeg()))
    product = db.session.scalar(db.select(Product).where(Product.ref == "T-1"))
    db.session.flush()
    payload = {"images": [{"key": key}, {"key": photo.key}],
               "documents": [{"key": brochure.key}]}
    product.revisions.append(ProductRevision(payload=payload, state=RevisionState.PENDING))
    # A revision staff rejected names a photo nobody will see: its files may go.
    product.revisions.append(ProductRevision(payload={"images": [{"key": gone_photo.key}]},
                                             state=RevisionState.REJECTED))
    db.session.commit()
    _two_hours_old(*_files(key), *_files(photo.key), *_files(gone_photo.key),
                   media.document_file(brochure.key))
    assert storage.sweep() == storage.SweepResult(unreferenced=6, temporary=0, documents=0)
    assert all(path.exists() for path in _files(photo.key) + _files(key))
    assert media.document_file(brochure.key).exists()
    assert not any(path.exists() for path in _files(gone_photo.key))
