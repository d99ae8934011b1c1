"""``showcase media sweep``: files nothing references and temporary leftovers go; files of
products and files young enough to belong to a running transaction stay."""

import io
import os
import time

import pytest
from PIL import Image

from showcase import media
from showcase.extensions import db
from showcase.media import storage
from showcase.models import Category, Company, Product, ProductImage

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
