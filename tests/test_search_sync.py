"""The index follows the database: only after commits, through the outbox, one writer at a time."""

import os
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select, update
from whoosh.fields import TEXT

from showcase.extensions import db
from showcase.models import IndexOutbox, Product, ProductStatus
from showcase.search import index, schema, sync, tokens
from showcase.search.query import SearchRequest, search
from showcase.services import listings
from showcase.services.importer import import_catalog
from tests import databases
from tests.conftest import demo_records, make_app, write_catalog

pytestmark = pytest.mark.usefixtures("app_context")


def _refs(text: str, **options) -> list[str]:
    return [hit.ref for hit in search(SearchRequest(text=text, **options)).hits]


def _imported(app, tmp_path, count=3) -> list[dict]:
    records = [r for r in demo_records() if r["status"] == "published"][:count]
    assert import_catalog(write_catalog(tmp_path / "in", records), on_batch=db.session.commit).ok
    return records


def _product(ref: str) -> Product:
    return db.session.scalar(select(Product).where(Product.ref == ref))


def _pending_outbox() -> int:
    return db.session.scalar(select(func.count()).select_from(IndexOutbox)
                             .where(IndexOutbox.processed_at.is_(None)))


def test_publish_edit_withdraw_and_delete_show_at_once(app, tmp_path):
    records = _imported(app, tmp_path)
    ref = records[0]["ref"]
    assert ref in _refs(records[0]["texts"]["en"]["name"])

    product = _product(ref)
    product.texts["en"].name = "Zeppelin lantern"
    db.session.commit()
    assert _refs("zeppelin") == [ref]

    listings.change_status(product, ProductStatus.WITHDRAWN)

    db.session.commit()
    assert _refs("zeppelin") == []

    listings.change_status(product, ProductStatus.SUBMITTED)

    db.session.commit()
    listings.change_status(product, ProductStatus.PUBLISHED)
    db.session.commit()
    assert _refs("zeppelin") == [ref]

    db.session.delete(product)
    db.session.commit()
    assert _refs("zeppelin") == []
    assert sync.check(repair=False).clean


def test_withdrawn_product_leaves_a_search_that_found_it_before(app, tmp_path):
    """Withdrawing one of two products written together hides it inside a segment that stays:
    what searches remember of that segment must not bring it back."""
    first, second = (_product(record["ref"]) for record in _imported(app, tmp_path, count=2))
    for product in (first, second):
        product.texts["en"].name = "Zeppelin mooring mast"
    db.session.commit()
    for text in ("zeppelin", "zeppelin mooring", '"mooring mast"', "zepelin"):
        assert sorted(_refs(text)) == sorted([first.ref, second.ref]), text

    listings.change_status(first, ProductStatus.WITHDRAWN)

    db.session.commit()
    for text in ("zeppelin", "zeppelin mooring", '"mooring mast"', "zepelin"):
        assert _refs(text) == [second.ref], text


def test_rolled_back_change_leaves_no_trace(app, tmp_path):
    records = _imported(app, tmp_path)
    product = _product(records[0]["ref"])
    product.texts["en"].name = "Quokka scanner"
    db.session.flush()
    db.session.rollback()
    db.session.commit()  # the next transaction does not inherit the rolled-back change
    assert _pending_outbox() == 0
    assert _refs("quokka") == []
    assert sync.check(repair=False).clean


def test_change_committed_before_a_crash_waits_for_the_index_worker(app, tmp_path):
    records = _imported(app, tmp_path)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False  # the process "dies" before indexing
    product = _product(records[0]["ref"])
    product.texts["en"].name = "Narwhal buoy"
    db.session.commit()
    assert _refs("narwhal") == [] and _pending_outbox() == 1

    restarted = make_app(app.config["DATA_DIR"])
    with restarted.app_context():
        assert _pending_outbox() == 1  # starting a process applies nothing
        result = restarted.test_cli_runner().invoke(args=["index-worker", "--once"])
        assert result.exit_code == 0, result.output
        assert _refs("narwhal") == [records[0]["ref"]]
        assert _pending_outbox() == 0


def test_check_index_finds_and_repairs_missing_stale_and_ghost_documents(app, tmp_path):
    records = _imported(app, tmp_path, count=3)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    missing, stale, ghost = (_product(r["ref"]) for r in records)
    listings.change_status(missing, ProductStatus.WITHDRAWN)
    db.session.commit()
    app.config["SEARCH_SYNC_ON_COMMIT"] = True
    sync.drain()
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    listings.change_status(missing, ProductStatus.SUBMITTED)
    db.session.commit()
    listings.change_status(missing, ProductStatus.PUBLISHED)
    db.session.commit()
    stale.texts["en"].name = "Axolotl meter"
    listings.change_status(ghost, ProductStatus.WITHDRAWN)
    db.session.commit()
    # Lose the outbox as a crash with a broken disk might: only check-index can repair now.
    db.session.execute(update(IndexOutbox).values(processed_at=func.now()))
    db.session.commit()

    found = sync.check(repair=False)
    assert (found.missing, found.stale, found.ghosts) == ([missing.id], [stale.id], [ghost.id])
    assert not sync.check(repair=True).clean
    assert sync.check(repair=False).clean
    assert _refs("axolotl") == [stale.ref]
    assert ghost.ref not in _refs(records[2]["texts"]["en"]["name"])


def test_reindex_swaps_in_a_new_index_while_searches_go_on(app, tmp_path):
    records = _imported(app, tmp_path, count=6)
    name = records[0]["texts"]["en"]["name"]
    failures, answers = [], []
    stop = threading.Event()

    def keep_searching():
        with app.app_context():
            while not stop.is_set():
                try:
                    answers.append(records[0]["ref"] in _refs(name))
                except Exception as error:  # noqa: BLE001 - collected and asserted below
                    failures.append(error)

    searcher_thread = threading.Thread(target=keep_searching)
    searcher_thread.start()
    try:
        for _ in range(3):
            assert sync.rebuild() == 6
    finally:
        stop.set()
        searcher_thread.join()
    assert failures == []
    assert answers and all(answers)
    assert sync.check(repair=False).clean


def test_rebuild_marks_what_it_indexed_as_done(app, tmp_path):
    """Changes waiting in the outbox when a rebuild starts are in the new index: the rebuild
    marks them processed, so the next drain does not apply them again."""
    records = _imported(app, tmp_path, count=3)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    product = _product(records[0]["ref"])
    product.texts["en"].name = "Pangolin gauge"
    db.session.commit()
    assert _pending_outbox() == 1 and _refs("pangolin") == []
    assert sync.rebuild() == 3
    assert _refs("pangolin") == [records[0]["ref"]]
    assert _pending_outbox() == 0
    assert sync.drain() == 0
    assert sync.check(repair=False).clean


def test_changes_committed_while_a_rebuild_runs_are_in_the_new_index(app, tmp_path):
    """Products changed after the rebuild read them (it waits for the writer lock to swap its
    index in) are replayed as they are now, not as the build read them."""
    records = _imported(app, tmp_path, count=3)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    counts = []

    def rebuild():
        with app.app_context():
            counts.append(sync.rebuild())

    live = index.live_directory()
    with index.writer_lock(timeout=5):
        thread = threading.Thread(target=rebuild)
        thread.start()
        deadline = time.monotonic() + 60
        while not _built_beside(live, documents=3):
            assert time.monotonic() < deadline and thread.is_alive()
            time.sleep(0.05)
        for number, record in enumerate(records):
            _product(record["ref"]).texts["en"].name = f"Tapir lantern {number}"
        db.session.commit()
    thread.join()
    assert counts == [3]
    assert sorted(_refs("tapir lantern")) == sorted(record["ref"] for record in records)
    assert _pending_outbox() == 0
    assert sync.check(repair=False).clean


def _built_beside(live, documents: int) -> bool:
    """Whether an index other than ``live`` holds ``documents`` committed documents."""
    for directory in live.parent.glob(f"{index.link_path().name}-*"):
        # Whoosh renames a generation's table of contents into place: never half-written, but
        # a directory just made has none for a moment.
        if directory.is_dir() and directory != live and any(directory.glob("*.toc")) and \
                index.open_at(directory).doc_count() == documents:
            return True
    return False


def test_check_index_rebuilds_an_index_built_before_trigrams(app, tmp_path, monkeypatch):
    """An index built by an older version (its analyzers pickled without ``longest_gram``)
    is still searched as it was built; check-index reports it and rebuilds it."""
    records = _imported(app, tmp_path, count=3)
    older = tokens.CachedAnalyzer()
    del older.__dict__["longest_gram"]  # as unpickled from such an index
    with monkeypatch.context() as patch:
        patch.setattr(schema, "_text", lambda: TEXT(analyzer=older, phrase=True,
                                                    multitoken_query="phrase"))
        sync.rebuild()
    assert index.searcher().schema["names"].analyzer.longest_gram == 2
    ref = records[0]["ref"]
    assert _refs("장기체공", languages=("ko", "en"))[0] == ref

    found = sync.check(repair=False)
    assert found.outdated and not found.clean and not found.missing
    assert sync.check(repair=True).outdated
    assert sync.check(repair=False).clean
    assert index.searcher().schema["names"].analyzer.longest_gram == 3
    assert _refs("장기체공", languages=("ko", "en"))[0] == ref


def test_rebuild_in_two_processes_gives_the_same_answers(app, tmp_path, monkeypatch):
    """Large catalogs are rebuilt by two processes, one segment each: every product is found
    as after a rebuild in one process, and the answers equal."""
    records = _imported(app, tmp_path, count=12)
    requests = [SearchRequest(text=record["texts"]["en"]["name"]) for record in records]
    requests += [SearchRequest(text="drone"), SearchRequest(text="dron"),
                 SearchRequest(text="sensor", sort="name")]
    sync.rebuild()
    expected = [search(request) for request in requests]
    monkeypatch.setattr(sync, "REBUILD_IN_PARALLEL_FROM", 0)
    monkeypatch.setattr(sync, "REBUILD_PROCESSES", 2)
    monkeypatch.setattr(sync, "REBUILD_BATCH", 4)
    assert sync.rebuild() == 12
    assert len(index.searcher().leaf_searchers()) == 2
    for request, before in zip(requests, expected, strict=True):
        after = search(request)
        assert [hit.ref for hit in after.hits] == [hit.ref for hit in before.hits], request
        assert (after.total, after.facets) == (before.total, before.facets), request
    assert sync.check(repair=False).clean


def test_change_made_by_another_process_is_seen_by_this_one(app, tmp_path):
    records = _imported(app, tmp_path)
    assert _refs("kookaburra") == []  # opens this process's searcher
    script = (
        "from showcase import create_app\n"
        "from showcase.extensions import db\n"
        "from showcase.models import Product\n"
        f"app = create_app({{'DATA_DIR': {app.config['DATA_DIR']!r}, "
        f"'SQLALCHEMY_DATABASE_URI': {app.config['SQLALCHEMY_DATABASE_URI']!r}, "
        "'SEARCH_SYNC_ON_COMMIT': True})\n"
        "with app.app_context():\n"
        f"    p = db.session.scalar(db.select(Product).filter_by(ref={records[1]['ref']!r}))\n"
        "    p.texts['en'].name = 'Kookaburra siren'\n"
        "    db.session.commit()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    assert _refs("kookaburra") == [records[1]["ref"]]


def test_two_processes_importing_at_once_leave_a_complete_index(app, tmp_path):
    published = [r for r in demo_records() if r["status"] == "published"]
    first = write_catalog(tmp_path / "first", published[:10])
    second = write_catalog(tmp_path / "second", published[10:20])
    command = [sys.executable, "-m", "showcase.cli", "import"]
    env = databases.process_env(app, SHOWCASE_INDEX_ON_COMMIT="1")
    processes = [subprocess.Popen([*command, str(path)], env=env) for path in (first, second)]
    assert [process.wait(timeout=300) for process in processes] == [0, 0]
    assert sync.check(repair=False).clean
    everything = search(SearchRequest(text="", per_page=50))
    assert sorted(hit.ref for hit in everything.hits) == sorted(r["ref"] for r in published[:20])


def test_check_index_without_repair_reports_drift_and_changes_nothing(app, tmp_path):
    """Started as a new process would be, with a change waiting in the outbox: the check
    reports the stale document and leaves outbox and index as they were."""
    records = _imported(app, tmp_path)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    _product(records[0]["ref"]).texts["en"].name = "Quokka periscope"
    db.session.commit()
    live = index.live_directory()
    generation = index.open_live().latest_generation()

    result = make_app(app.config["DATA_DIR"]).test_cli_runner().invoke(
        args=["check-index", "--no-repair"])
    assert result.exit_code == 1, result.output
    assert "stale: 1" in result.output
    assert _pending_outbox() == 1
    assert index.live_directory() == live
    assert index.open_live().latest_generation() == generation
    assert _refs("quokka") == []


def _truncate_segment(directory):
    segment = max(directory.glob("*.seg"), key=lambda path: path.stat().st_size)
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])


def _garble_toc(directory):
    for toc in directory.glob("*.toc"):
        toc.write_bytes(b"\x80\x04not a table of contents" * 4)


def _empty_toc(directory):
    for toc in directory.glob("*.toc"):
        toc.write_bytes(b"")


def _remove_toc(directory):
    for toc in directory.glob("*.toc"):
        toc.unlink()


@pytest.mark.parametrize("damage", [_truncate_segment, _garble_toc, _empty_toc,
                                    _remove_toc])
def test_check_index_reports_a_damaged_index_and_rebuilds_it(app, runner, tmp_path, damage):
    records = _imported(app, tmp_path)
    damage(index.live_directory())

    report = runner.invoke(args=["check-index", "--no-repair"])
    assert report.exit_code == 1, report.output
    assert "unreadable" in report.output and "Traceback" not in report.output

    repair = runner.invoke(args=["check-index"])
    assert repair.exit_code == 0, repair.output
    assert "rebuilt" in repair.output
    assert sync.check(repair=False).clean
    assert _refs(records[0]["texts"]["en"]["name"])[0] == records[0]["ref"]


def test_reindex_after_a_killed_one_keeps_the_previous_index_and_removes_the_orphan(
        app, tmp_path):
    _imported(app, tmp_path)
    previous = index.live_directory()
    # What a killed build leaves: a newer directory and its (no longer held) build lock.
    orphan = previous.with_name(f"{index.link_path().name}-0123456789ab")
    orphan.mkdir()
    (orphan / "MAIN_x.seg").write_bytes(b"half written")
    orphan.with_name(orphan.name + index.BUILDING).touch()
    later = previous.stat().st_mtime + 600
    os.utime(orphan, (later, later))

    with index.new_directory() as building:  # another build still running
        sync.rebuild()
        assert building.is_dir()
    assert index.live_directory() not in (previous, orphan, building)
    assert previous.is_dir()
    assert not orphan.exists()
    assert not orphan.with_name(orphan.name + index.BUILDING).exists()
    assert sync.check(repair=False).clean


def test_the_index_is_written_in_blocks_of_1024_postings(tmp_path):
    """Writers write a term's postings in blocks of POSTINGS_PER_BLOCK (Whoosh's own 128 cost
    searches an unpickling and a decompression for every 128)."""
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    built = whoosh_index.create_in(str(tmp_path), Schema(product_id=ID, body=TEXT))
    writer = index.writer(built)
    for number in range(1500):
        writer.add_document(product_id=str(number), body="drone")
    writer.commit()
    with built.reader() as reader:
        postings = reader.postings("body", "drone")
        assert postings.block_max_id() == index.POSTINGS_PER_BLOCK - 1 == 1023
