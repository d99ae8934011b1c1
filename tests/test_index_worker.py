"""Indexing off the request: the outbox a transaction writes, the index worker that applies it,
and drains that stay bounded however much the outbox holds."""

import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, insert, select, update

from showcase.extensions import db
from showcase.models import Category, Company, IndexOutbox, Product, ProductStatus, ProductText
from showcase.search import index, sync
from showcase.search.query import SearchRequest, search
from showcase.services.importer import import_catalog
from tests import databases
from tests.conftest import REPO_ROOT, demo_records, make_app, write_catalog

pytestmark = pytest.mark.usefixtures("app_context")


def _refs(text: str) -> list[str]:
    return [hit.ref for hit in search(SearchRequest(text=text, per_page=50)).hits]


def _imported(tmp_path, count=3) -> list[dict]:
    records = [r for r in demo_records() if r["status"] == "published"][:count]
    assert import_catalog(write_catalog(tmp_path / "in", records), on_batch=db.session.commit).ok
    return records


def _product(ref: str) -> Product:
    return db.session.scalar(select(Product).where(Product.ref == ref))


def _pending() -> list[int]:
    """Product ids of the unprocessed outbox rows, one per row."""
    return list(db.session.scalars(select(IndexOutbox.product_id)
                                   .where(IndexOutbox.processed_at.is_(None))))


def _queue(product_ids: list[int]) -> None:
    """Write outbox rows in bulk, as a large import leaves them."""
    db.session.execute(insert(IndexOutbox), [{"product_id": pid} for pid in product_ids])
    db.session.commit()


def _add_products(count: int, start: int = 0) -> list[int]:
    """``count`` published products of one company and category, inserted in bulk (no flush
    listener sees them: their outbox rows are the test's to write)."""
    company = db.session.scalar(select(Company)) or Company(
        registration_number="104-86-74166", names={"en": "Bulk Works"})
    category = db.session.scalar(select(Category)) or Category(code="bulk",
                                                               names={"en": "Bulk"})
    db.session.add_all([company, category])
    db.session.commit()
    ids = list(db.session.scalars(insert(Product).returning(Product.id), [
        {"ref": f"BULK-{start + i:06d}", "company_id": company.id, "category_id": category.id,
         "status": ProductStatus.PUBLISHED, "designation_type": "innovative-product",
         "classification_code": "25132001"} for i in range(count)]))
    db.session.execute(insert(ProductText), [
        {"product_id": pid, "language": "en", "name": f"Bulk gadget number{start + i}"}
        for i, pid in enumerate(ids)])
    db.session.commit()
    return ids


def test_a_product_changed_five_times_in_one_transaction_is_queued_once(app, tmp_path):
    records = _imported(tmp_path)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    product = _product(records[0]["ref"])
    for number in range(5):
        product.texts["en"].name = f"Ibis pump {number}"
        db.session.flush()
    db.session.commit()
    assert _pending() == [product.id]


def test_reimporting_an_unchanged_catalog_queues_nothing(app, tmp_path):
    records = _imported(tmp_path)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    rows = db.session.scalar(select(func.count()).select_from(IndexOutbox))
    report = import_catalog(write_catalog(tmp_path / "again", records),
                            on_batch=db.session.commit)
    assert report.unchanged == len(records)
    assert db.session.scalar(select(func.count()).select_from(IndexOutbox)) == rows
    product = _product(records[0]["ref"])
    product.texts["en"].name = product.texts["en"].name  # set, but to the same value
    db.session.commit()
    assert _pending() == []


def test_a_company_website_change_does_not_queue_its_products_but_a_new_name_does(
        app, tmp_path):
    records = _imported(tmp_path, count=6)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    company = _product(records[0]["ref"]).company
    company.website = "https://example.org/new-site"
    company.names = dict(company.names)  # the same names, assigned again
    db.session.commit()
    assert _pending() == []

    company.names = {**company.names, "en": "Okapi Robotics"}
    db.session.commit()
    products = sorted(p.id for p in db.session.scalars(
        select(Product).where(Product.company_id == company.id)))
    assert sorted(_pending()) == products
    sync.drain()
    assert records[0]["ref"] in _refs("okapi")


def test_a_category_code_change_queues_its_products(app, tmp_path):
    records = _imported(tmp_path, count=6)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    category = _product(records[0]["ref"]).category
    category.code = "aerial-drones"
    db.session.commit()
    products = sorted(p.id for p in db.session.scalars(
        select(Product).where(Product.category_id == category.id)))
    assert sorted(_pending()) == products


def test_starting_the_app_applies_nothing_however_full_the_outbox(app):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    db.session.execute(IndexOutbox.__table__.insert(),
                       [{"product_id": number % 97 + 1} for number in range(200_000)])
    db.session.commit()
    make_app(app.config["DATA_DIR"])
    assert len(_pending()) == 200_000


def test_a_drain_applies_tens_of_thousands_of_rows_for_a_few_products(app):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    product_ids = _add_products(3)
    _queue([product_ids[n % 3] for n in range(42_000)])
    # Rows processed in between split the pending ones into thousands of id ranges.
    db.session.execute(update(IndexOutbox).where(IndexOutbox.id % 7 == 0)
                       .values(processed_at=func.now()))
    db.session.commit()
    assert sync.drain() == 3
    assert _pending() == []
    assert sorted(_refs("gadget")) == ["BULK-000000", "BULK-000001", "BULK-000002"]


def test_a_drain_indexes_thousands_of_new_products(app):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    product_ids = _add_products(2500)
    _queue(product_ids + product_ids[:100])
    assert sync.drain() == 2500
    assert _pending() == []
    assert search(SearchRequest(text="gadget")).total == 2500
    assert _refs("number2499") == ["BULK-002499"]
    assert sync.check(repair=False).clean


def test_the_index_worker_applies_a_commit_soon_and_stops_on_sigterm(app, tmp_path):
    records = _imported(tmp_path)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    worker = subprocess.Popen([sys.executable, "-m", "showcase.cli", "index-worker"],
                              env=databases.process_env(app), cwd=REPO_ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        product = _product(records[1]["ref"])
        product.texts["en"].name = "Wombat anemometer"
        db.session.commit()
        assert _refs("wombat") == []  # the committing process applied nothing
        deadline = time.monotonic() + 20
        while _refs("wombat") != [records[1]["ref"]]:
            assert time.monotonic() < deadline, "the worker did not apply the change"
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.1)
        assert _pending() == []
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
    assert "index worker stopped" in output


def test_the_index_worker_keeps_going_when_the_index_is_busy(app, runner, tmp_path,
                                                            monkeypatch, caplog):
    """A drain that cannot take the writer lock is logged; the rows wait for the next one."""
    records = _imported(tmp_path)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    _product(records[0]["ref"]).texts["en"].name = "Civet lantern"
    db.session.commit()
    monkeypatch.setattr(sync, "DRAIN_WAIT_SECONDS", 0.1)
    held, release = threading.Event(), threading.Event()

    def hold_the_writer_lock():
        with app.app_context(), index.writer_lock(timeout=5):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold_the_writer_lock)
    holder.start()
    try:
        assert held.wait(10)
        result = runner.invoke(args=["index-worker", "--once"])
    finally:
        release.set()
        holder.join()
    assert result.exit_code == 0, result.output
    assert "search index busy" in caplog.text
    assert len(_pending()) == 1
    assert runner.invoke(args=["index-worker", "--once"]).exit_code == 0
    assert _pending() == [] and _refs("civet") == [records[0]["ref"]]


def test_reindex_and_check_index_print_a_progress_line_per_thousand_products(app, runner):
    """Output that is not a terminal (a log, a pipe) gets plain lines with rate and time left."""
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    _add_products(2500)

    reindex = runner.invoke(args=["reindex"])
    assert reindex.exit_code == 0, reindex.output
    lines = reindex.output.splitlines()
    assert [line.split(",")[0] for line in lines[:-1]] == [
        "indexed: 1000/2500 products", "indexed: 2000/2500 products",
        "indexed: 2500/2500 products"]
    assert all("/s" in line and "s left" in line for line in lines[:-1])
    assert lines[-1] == "indexed 2500 published products"

    check = runner.invoke(args=["check-index"])
    assert check.exit_code == 0, check.output
    assert "checked: 2000/2500 products" in check.output
    assert "index and database agree" in check.output
