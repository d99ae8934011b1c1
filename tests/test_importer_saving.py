"""Saving an import: batches, one SAVEPOINT per line, no commit of its own, audit events with
before and after, the lifecycle for published products, and two imports at once."""

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.models import AuditEvent, Category, Company, Product, ProductStatus
from showcase.services.importer import import_catalog
from tests.conftest import PINNED_TODAY, REPO_ROOT, demo_records, write_catalog

pytestmark = pytest.mark.usefixtures("app_context")


def _records(count: int, status: str = "draft") -> list[dict]:
    """``count`` demo records without images, in the given status."""
    records = copy.deepcopy(demo_records()[:count])
    for record in records:
        record.update(images=[], status=status)
    return records


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _product(ref: str) -> Product:
    return db.session.scalar(select(Product).where(Product.ref == ref))


def test_the_import_flushes_and_leaves_the_commit_to_its_caller(tmp_path):
    report = import_catalog(write_catalog(tmp_path / "in", _records(3)))
    assert report.created == 3 and _count(Product) == 3
    db.session.rollback()
    assert _count(Product) == 0 and _count(AuditEvent) == 0


def test_each_batch_is_handed_to_the_caller_and_then_let_go(tmp_path):
    batches = []

    def commit_batch():
        batches.append(_count(Product))
        db.session.commit()

    report = import_catalog(write_catalog(tmp_path / "in", _records(5)), batch_size=2,
                            on_batch=commit_batch)
    assert report.created == 5 and batches == [2, 4, 5]
    assert len(db.session.identity_map) == 0  # nothing of the import stays in memory
    db.session.rollback()
    assert _count(Product) == 5


def test_a_line_failing_inside_a_batch_loses_nothing_of_the_others(tmp_path):
    records = _records(3, status="published")
    import_catalog(write_catalog(tmp_path / "first", records))
    for record in records:
        record["texts"]["en"]["name"] += " (2027)"
    records[1]["status"] = "draft"  # a published product cannot go back to draft
    report = import_catalog(write_catalog(tmp_path / "second", records))
    assert [(e.line, e.field) for e in report.errors] == [(2, "status")]
    assert (report.updated, report.unchanged) == (2, 0)
    names = {ref: _product(ref).texts["en"].name for ref in (r["ref"] for r in records)}
    assert names[records[0]["ref"]].endswith("(2027)")
    assert not names[records[1]["ref"]].endswith("(2027)")
    assert names[records[2]["ref"]].endswith("(2027)")


def test_a_line_the_image_store_refuses_is_reported_and_the_rest_of_its_batch_is_saved(
        app, tmp_path):
    images_dir = Path(app.config["UPLOADS_DIR"]) / "images"
    shutil.rmtree(images_dir, ignore_errors=True)
    images_dir.parent.mkdir(parents=True, exist_ok=True)
    images_dir.write_text("a file where the image folder should be")
    before, with_image, after = copy.deepcopy(demo_records()[:3])
    before["images"] = after["images"] = []
    report = import_catalog(write_catalog(tmp_path / "in", [before, with_image, after]))
    assert [(e.line, e.field) for e in report.errors] == [(2, "line")]
    assert report.created == 2
    assert {before["ref"], after["ref"]} == set(db.session.scalars(select(Product.ref)))
    images_dir.unlink()  # a folder again, for the clean-up of the files never written
    images_dir.mkdir()


def test_a_published_product_is_created_through_the_lifecycle(tmp_path):
    published, withdrawn, draft = _records(3)
    published["status"], withdrawn["status"] = "published", "withdrawn"
    assert import_catalog(write_catalog(tmp_path / "in", [published, withdrawn, draft])).ok
    assert _product(published["ref"]).status == ProductStatus.PUBLISHED
    assert _product(published["ref"]).published_at is not None
    assert _product(withdrawn["ref"]).status == ProductStatus.WITHDRAWN
    assert _product(draft["ref"]).published_at is None


def test_import_audit_events_carry_what_was_created_and_what_changed(tmp_path):
    record = _records(1)[0]
    import_catalog(write_catalog(tmp_path / "first", [record]))
    created = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "product.import.created"))
    assert created.details["after"]["ref"] == record["ref"]
    assert created.details["after"]["status"] == "draft"
    assert created.details["after"]["company"] == record["company"]["registration_number"]

    old_name = record["texts"]["en"]["name"]
    record["texts"]["en"]["name"] = "A new name"
    record["booth"] = "B-7"
    import_catalog(write_catalog(tmp_path / "second", [record]))
    updated = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "product.import.updated"))
    assert updated.details["before"]["texts.en.name"] == old_name
    assert updated.details["after"]["texts.en.name"] == "A new name"
    assert updated.details["after"]["booth"] == "B-7"


def test_two_imports_of_the_same_file_at_once_both_finish_and_the_catalog_is_complete(
        app, tmp_path):
    records = demo_records()[:24]
    path = write_catalog(tmp_path / "in", records)
    env = {**os.environ, "SHOWCASE_DATA_DIR": app.config["DATA_DIR"],
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test",
           "SHOWCASE_INDEX_ON_COMMIT": "1", "SHOWCASE_TODAY": PINNED_TODAY.isoformat()}
    command = [sys.executable, "-m", "showcase.cli", "import", str(path)]
    runs = [subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all("0 problem(s)" in output for output in outputs), outputs
    db.session.rollback()
    assert _count(Product) == len(records)
    assert _count(Company) == len({r["company"]["registration_number"] for r in records})
    assert _count(Category) == len({r["category"]["code"] for r in records})


def _picture(path: Path, colour: str) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), colour).save(path, "PNG")


def test_a_picture_imported_again_is_recognised_and_a_new_one_of_the_same_size_is_not(tmp_path):
    folder = tmp_path / "in"
    record = dict(_records(1)[0], images=["images/photo.png"])
    _picture(folder / "images" / "photo.png", "navy")
    path = write_catalog(folder, [record])
    assert import_catalog(path).created == 1
    db.session.commit()
    first_keys = [image.key for image in _product(record["ref"]).images]

    again = import_catalog(path)
    db.session.commit()
    assert (again.unchanged, again.updated) == (1, 0)
    assert [image.key for image in _product(record["ref"]).images] == first_keys

    _picture(folder / "images" / "photo.png", "orange")  # same size, another picture
    replaced = import_catalog(path)
    db.session.commit()
    assert replaced.updated == 1
    assert [image.key for image in _product(record["ref"]).images] != first_keys
