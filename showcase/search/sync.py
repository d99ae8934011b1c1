"""Keeping the index in step with the database.

``drain`` applies pending outbox rows after a commit; ``rebuild`` builds a fresh index in a
new directory and swaps it in; ``check`` compares index and database and repairs drift.
Indexing failures are logged, never raised into the request that saved the data: the rows
stay in the outbox and the next drain (or ``showcase check-index``) applies them.
"""

import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import Session, selectinload

from showcase.extensions import db
from showcase.models import IndexOutbox, Product, ProductStatus
from showcase.models.base import utcnow
from showcase.search import index
from showcase.search.documents import product_document
from showcase.search.schema import analyses_as_built

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


def _apply(writer, session: Session, product_ids: set[int]) -> None:
    """Upsert the published products among ``product_ids``; delete the others."""
    published = {p.id: p for p in _published_products(session, product_ids)}
    for product_id in product_ids:
        if product_id in published:
            writer.update_document(**product_document(published[product_id]))
        else:
            writer.delete_by_term("product_id", str(product_id))


def drain(wait: float = DRAIN_WAIT_SECONDS) -> int:
    """Apply every pending outbox row; return how many products were updated."""
    with Session(db.engine) as session, index.writer_lock(wait):
        pending = session.execute(
            select(IndexOutbox.id, IndexOutbox.product_id).where(IndexOutbox.processed_at.is_(None))
        ).all()
        if not pending:
            return 0
        product_ids = {row.product_id for row in pending}
        writer = index.open_live().writer()
        try:
            _apply(writer, session, product_ids)
        except Exception:
            writer.cancel()
            raise
        writer.commit()
        now = utcnow()
        session.execute(update(IndexOutbox)
                        .where(IndexOutbox.id.in_([row.id for row in pending]))
                        .values(processed_at=now))
        # Processed rows are kept a while so a rebuild running meanwhile can replay them.
        session.execute(delete(IndexOutbox).where(IndexOutbox.processed_at < now - KEEP_PROCESSED))
        session.commit()
        return len(product_ids)


def drain_quietly() -> None:
    """Drain, logging instead of raising: the data is saved whatever happens to the index."""
    try:
        drain()
    except Exception:  # noqa: BLE001 - any indexing failure must not fail the saved request
        log.exception("search index update failed; the outbox keeps the change for later")


def rebuild() -> int:
    """Build a complete index from the database in a new directory and swap it in while
    searches go on; return the number of documents."""
    with Session(db.engine) as session:
        last_outbox_id = session.scalar(select(func.max(IndexOutbox.id))) or 0
        # What waits in the outbox now is read by the build below: done once it is swapped in.
        covered = set(session.scalars(select(IndexOutbox.id).where(
            IndexOutbox.processed_at.is_(None), IndexOutbox.id <= last_outbox_id)))
        directory = index.create_directory()
        # Tokenizing is most of a rebuild's work: a second process halves it. Its segment is
        # kept as it is (multisegment): merging them would cost as much again as it saved.
        published = session.scalar(select(func.count()).select_from(Product)
                                   .where(Product.status == ProductStatus.PUBLISHED))
        processes = REBUILD_PROCESSES if published >= REBUILD_IN_PARALLEL_FROM else 1
        writer = index.open_at(directory).writer(limitmb=REBUILD_MEMORY_MB, procs=processes,
                                                 batchsize=REBUILD_BATCH, multisegment=True)
        count = 0
        for product in _published_products(session):
            writer.add_document(**product_document(product))
            count += 1
        writer.commit()
    # A new session: the build's still holds products as they were when it read them.
    with Session(db.engine) as session, index.writer_lock(timeout=60):
        # Changes committed while we built went to the old index: replay them here.
        replay = session.execute(select(IndexOutbox.id, IndexOutbox.product_id)
                                 .where(IndexOutbox.id > last_outbox_id)).all()
        if replay:
            writer = index.open_at(directory).writer()
            _apply(writer, session, {row.product_id for row in replay})
            writer.commit()
        index.swap_in(directory)
        # Rows seen here are in the new index: a drain need not apply them again. Rows
        # committed since (unseen) stay pending for the next drain.
        covered.update(row.id for row in replay)
        if covered:
            session.execute(update(IndexOutbox)
                            .where(IndexOutbox.id.in_(covered), IndexOutbox.processed_at.is_(None))
                            .values(processed_at=utcnow()))
            session.commit()
    return count


@dataclass
class IndexCheck:
    """Differences between the database and the index, by product id, and whether the index
    analyses text otherwise than this code builds it to (built by an older version)."""

    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    ghosts: list[int] = field(default_factory=list)
    outdated: bool = False

    @property
    def clean(self) -> bool:
        """True when index and database agree, and the index is built as this code builds."""
        return not (self.missing or self.stale or self.ghosts or self.outdated)


def check(repair: bool = True) -> IndexCheck:
    """Find missing, stale and ghost documents and an outdated index; fix them when ``repair``
    is true (an outdated index by a rebuild, which fixes everything else too)."""
    result = IndexCheck()
    with Session(db.engine) as session, index.writer_lock(timeout=60):
        ix = index.open_live()
        result.outdated = not analyses_as_built(ix.schema)
        with ix.searcher() as searcher:
            indexed = {int(fields["product_id"]): fields.get("digest")
                       for fields in searcher.all_stored_fields()}
        published = {p.id: product_document(p)["digest"] for p in _published_products(session)}
        result.missing = sorted(set(published) - set(indexed))
        result.ghosts = sorted(set(indexed) - set(published))
        result.stale = sorted(pid for pid in set(published) & set(indexed)
                              if published[pid] != indexed[pid])
        if repair and not result.clean and not result.outdated:
            writer = ix.writer()
            _apply(writer, session, {*result.missing, *result.ghosts, *result.stale})
            writer.commit()
    if repair and result.outdated:
        rebuild()  # outside the lock: drains go on while it builds
    return result


@event.listens_for(FlaskSession, "after_commit")
def _drain_after_commit(session) -> None:
    if session.info.get(DEFERRED):
        return  # a bulk operation drains once at its end
    if session.info.pop("index_outbox_written", False) and current_app.config.get(
            "SEARCH_SYNC_ON_COMMIT", True):
        drain_quietly()


@contextmanager
def deferred():
    """Skip the drain after each commit inside the block; drain once when it ends."""
    db.session.info[DEFERRED] = True
    try:
        yield
    finally:
        db.session.info.pop(DEFERRED, None)
        if current_app.config.get("SEARCH_SYNC_ON_COMMIT", True):
            drain_quietly()


@event.listens_for(FlaskSession, "after_rollback")
def _forget_rolled_back(session) -> None:
    session.info.pop("index_outbox_written", None)


def init_app(app: Flask) -> None:
    """Apply what a crash may have left in the outbox before serving."""
    with app.app_context():
        if app.config.get("SEARCH_SYNC_ON_COMMIT", True) and _outbox_pending():
            drain_quietly()


def _outbox_pending() -> bool:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        with Session(db.engine) as session:
            return session.scalar(select(func.count()).select_from(IndexOutbox)
                                  .where(IndexOutbox.processed_at.is_(None))) > 0
    except (OperationalError, ProgrammingError):
        return False  # no database yet: `showcase init` has not run
