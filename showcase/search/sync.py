"""Keeping the index in step with the database.

``drain`` applies pending outbox rows (the index worker calls it, or the committing process
itself when SEARCH_SYNC_ON_COMMIT is on); ``rebuild`` builds a fresh index in a new directory
and swaps it in; ``check`` compares index and database and repairs drift. Indexing failures
are logged, never raised into the request that saved the data: the rows stay in the outbox
and the next drain (or ``showcase check-index``) applies them.

Every statement works on bounded chunks: an outbox may hold millions of rows after a large
import, and databases limit the parameters of one statement.
"""

import logging
import os
import pickle
import struct
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, func, or_, select, update
from sqlalchemy.orm import Session, selectinload
from whoosh.index import IndexError as WhooshIndexError

from showcase import thesaurus
from showcase.extensions import db
from showcase.models import IndexOutbox, Product, ProductStatus
from showcase.models.base import utcnow
from showcase.models.outbox import WRITTEN
from showcase.search import index
from showcase.search.documents import product_document
from showcase.search.schema import analyses_as_built, thesaurus_built_with

log = logging.getLogger(__name__)
DRAIN_WAIT_SECONDS = 5.0
KEEP_PROCESSED = timedelta(hours=1)
DEFERRED = "index_drain_deferred"
# Whoosh keeps postings in memory up to limitmb per process, then sorts runs on disk and
# merges them at commit; each process of a rebuild writes its own segment.
REBUILD_MEMORY_MB = 256
REBUILD_PROCESSES = min(2, os.cpu_count() or 1)
# Below this many products a second process and segment cost searches more than they save.
REBUILD_IN_PARALLEL_FROM = 5000
REBUILD_BATCH = 100  # products handed to the second process at a time
PRODUCTS_PER_QUERY = 500  # ids in one IN list: far below SQLite's and PostgreSQL's limits
RUNS_PER_UPDATE = 200  # id ranges marked processed by one UPDATE (two parameters each)
OUTBOX_READ_BATCH = 20_000
# What a damaged index raises while it is opened or read: a missing or garbled table of
# contents (an empty one raises TypeError), a truncated segment file.
UNREADABLE = (WhooshIndexError, pickle.UnpicklingError, EOFError, struct.error, OSError,
              TypeError, ValueError, KeyError, IndexError, AttributeError, ImportError)

Progress = Callable[[int, int], None]  # (products done, products in all)


def _chunks(ids: Iterable[int], size: int = PRODUCTS_PER_QUERY) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def _published_products(session: Session, product_ids=None):
    query = (
        select(Product)
        .where(Product.status == ProductStatus.PUBLISHED)
        .options(selectinload(Product.texts), selectinload(Product.company),
                 selectinload(Product.category))
    )
    if product_ids is not None:
        query = query.where(Product.id.in_(product_ids))
    return session.scalars(query)


def _published_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Product)
                          .where(Product.status == ProductStatus.PUBLISHED))


def _apply(writer, session: Session, product_ids: Iterable[int]) -> None:
    """Upsert the published products among ``product_ids``; delete the others."""
    for chunk in _chunks(product_ids):
        published = {p.id: p for p in _published_products(session, chunk)}
        for product_id in chunk:
            if product_id in published:
                writer.update_document(**product_document(published[product_id]))
            else:
                writer.delete_by_term("product_id", str(product_id))
        session.expunge_all()  # the products of one chunk are not needed by the next


def _id_runs(ids: Iterable[int]) -> list[list[int]]:
    """Ascending ``ids`` as ``[first, last]`` runs of consecutive ids. Every id of a run was
    seen, so marking the run can touch no row that was not read."""
    runs: list[list[int]] = []
    for row_id in ids:
        if runs and runs[-1][1] == row_id - 1:
            runs[-1][1] = row_id
        else:
            runs.append([row_id, row_id])
    return runs


def _mark_processed(session: Session, runs: list[list[int]]) -> None:
    now = utcnow()
    for start in range(0, len(runs), RUNS_PER_UPDATE):
        ranges = [IndexOutbox.id.between(first, last)
                  for first, last in runs[start:start + RUNS_PER_UPDATE]]
        session.execute(update(IndexOutbox)
                        .where(IndexOutbox.processed_at.is_(None), or_(*ranges))
                        .values(processed_at=now))


def _read_outbox(session: Session, *conditions) -> tuple[list[list[int]], set[int]]:
    """The id runs and distinct product ids of the outbox rows matching ``conditions``."""
    rows = session.execute(select(IndexOutbox.id, IndexOutbox.product_id).where(*conditions)
                           .order_by(IndexOutbox.id)
                           .execution_options(yield_per=OUTBOX_READ_BATCH))
    product_ids: set[int] = set()

    def ids():
        for row_id, product_id in rows:
            product_ids.add(product_id)
            yield row_id

    return _id_runs(ids()), product_ids


def pending() -> bool:
    """Whether the outbox holds a row not yet applied (one indexed lookup)."""
    with Session(db.engine) as session:
        return session.scalar(select(IndexOutbox.id).where(IndexOutbox.processed_at.is_(None))
                              .limit(1)) is not None


def drain(wait: float | None = None) -> int:
    """Apply every pending outbox row; return how many products were updated. Waits up to
    ``wait`` seconds (default DRAIN_WAIT_SECONDS) for the writer lock, then raises IndexBusy."""
    with Session(db.engine) as session, \
            index.writer_lock(DRAIN_WAIT_SECONDS if wait is None else wait):
        runs, product_ids = _read_outbox(session, IndexOutbox.processed_at.is_(None))
        if not runs:
            return 0
        writer = index.writer(index.open_live())
        try:
            _apply(writer, session, product_ids)
        except Exception:
            writer.cancel()
            raise
        writer.commit()
        _mark_processed(session, runs)
        # Processed rows are kept a while so a rebuild running meanwhile can replay them.
        session.execute(delete(IndexOutbox)
                        .where(IndexOutbox.processed_at < utcnow() - KEEP_PROCESSED))
        session.commit()
        return len(product_ids)


def drain_quietly() -> None:
    """Drain, logging instead of raising: the data is saved whatever happens to the index."""
    try:
        drain()
    except Exception:  # noqa: BLE001 - any indexing failure must not fail the saved request
        log.exception("search index update failed; the outbox keeps the change for later")


def rebuild(progress: Progress | None = None) -> int:
    """Build a complete index from the database in a new directory and swap it in while
    searches go on; return the number of documents. ``progress(done, total)`` is called
    after each product."""
    with Session(db.engine) as session, index.new_directory() as directory:
        last_outbox_id = session.scalar(select(func.max(IndexOutbox.id))) or 0
        # What waits in the outbox now is read by the build below: done once it is swapped in.
        covered, _ = _read_outbox(session, IndexOutbox.processed_at.is_(None),
                                  IndexOutbox.id <= last_outbox_id)
        # Tokenizing is most of a rebuild's work: a second process halves it. Its segment is
        # kept as it is (multisegment): merging them would cost as much again as it saved.
        total = _published_count(session)
        processes = REBUILD_PROCESSES if total >= REBUILD_IN_PARALLEL_FROM else 1
        writer = index.writer(index.open_at(directory), limitmb=REBUILD_MEMORY_MB,
                              procs=processes, batchsize=REBUILD_BATCH, multisegment=True)
        count = 0
        for product in _published_products(session):
            writer.add_document(**product_document(product))
            count += 1
            if progress:
                progress(count, total)
        writer.commit()
        session.close()
        # A new session: the build's still holds products as they were when it read them.
        with Session(db.engine) as fresh, index.writer_lock(timeout=60):
            # Changes committed while we built went to the old index: replay them here.
            replay, product_ids = _read_outbox(fresh, IndexOutbox.id > last_outbox_id)
            if replay:
                writer = index.writer(index.open_at(directory))
                _apply(writer, fresh, product_ids)
                writer.commit()
            index.swap_in(directory)
            # Rows seen here are in the new index: a drain need not apply them again. Rows
            # committed since (unseen) stay pending for the next drain.
            _mark_processed(fresh, covered + replay)
            fresh.commit()
    return count


@dataclass
class IndexCheck:
    """Differences between the database and the index, by product id; whether the index
    analyses text otherwise than this code builds it to (built by an older version); and
    why the index could not be read at all, if it could not."""

    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    ghosts: list[int] = field(default_factory=list)
    outdated: bool = False
    unreadable: str = ""
    # (recorded, current) digests when the index was built with another thesaurus.
    thesaurus: tuple[str, str] | None = None

    @property
    def clean(self) -> bool:
        """True when index and database agree, and the index is built as this code builds."""
        return not (self.missing or self.stale or self.ghosts or self.outdated
                    or self.unreadable or self.thesaurus)


def _indexed_digests() -> tuple[dict[int, str], bool, tuple[str, str] | None]:
    """Digest by product id of every indexed document, whether the index is outdated, and
    (recorded, current) thesaurus digests when it was built with another thesaurus."""
    ix = index.open_live()
    with ix.searcher() as searcher:
        indexed = {int(fields["product_id"]): fields.get("digest")
                   for fields in searcher.all_stored_fields()}
    recorded, current = thesaurus_built_with(ix.schema), thesaurus.digest()
    return (indexed, not analyses_as_built(ix.schema),
            (recorded, current) if recorded != current else None)


def _record_thesaurus(version: str) -> None:
    """Record ``version`` as the index's thesaurus, once the documents it tags otherwise
    were re-tagged (they are stale: their digests cover their concepts)."""
    writer = index.writer(index.open_live())
    writer.schema.thesaurus = version
    writer.commit()


def check(repair: bool = True, progress: Progress | None = None) -> IndexCheck:
    """Find missing, stale and ghost documents and an outdated or unreadable index; fix them
    when ``repair`` is true (an outdated or unreadable index by a rebuild, which fixes
    everything else too). ``progress(done, total)`` is called after each published product
    compared. Without ``repair`` nothing is written, to the index or to the outbox."""
    result = IndexCheck()
    with Session(db.engine) as session, index.writer_lock(timeout=60):
        try:
            indexed, result.outdated, result.thesaurus = _indexed_digests()
        except UNREADABLE as error:
            result.unreadable = f"{type(error).__name__}: {error}"
        if not result.unreadable:
            total, published = _published_count(session), {}
            for product in _published_products(session):
                published[product.id] = product_document(product)["digest"]
                if progress:
                    progress(len(published), total)
            result.missing = sorted(set(published) - set(indexed))
            result.ghosts = sorted(set(indexed) - set(published))
            result.stale = sorted(pid for pid in set(published) & set(indexed)
                                  if published[pid] != indexed[pid])
        if repair and not result.clean and not (result.outdated or result.unreadable):
            writer = index.writer(index.open_live())
            _apply(writer, session, {*result.missing, *result.ghosts, *result.stale})
            writer.commit()
            if result.thesaurus:
                _record_thesaurus(result.thesaurus[1])
    if repair and (result.outdated or result.unreadable):
        rebuild(progress)  # outside the lock: drains go on while it builds
    return result


@event.listens_for(FlaskSession, "after_commit")
def _drain_after_commit(session) -> None:
    if session.info.get(DEFERRED):
        return  # a bulk operation drains once at its end
    if session.info.pop(WRITTEN, False) and current_app.config["SEARCH_SYNC_ON_COMMIT"]:
        drain_quietly()


@contextmanager
def deferred():
    """Skip the drain after each commit inside the block; drain once when it ends."""
    db.session.info[DEFERRED] = True
    try:
        yield
    finally:
        db.session.info.pop(DEFERRED, None)
        if current_app.config["SEARCH_SYNC_ON_COMMIT"]:
            drain_quietly()
