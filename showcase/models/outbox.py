"""Products whose search documents must be refreshed once their transaction commits.

Flush listeners collect the ids of changed products for the whole transaction; just before
it commits, one row per product is written in that same transaction, so a rollback leaves no
trace and a crash after the commit leaves rows for the index worker to apply. A company or
category queues its products only when a field their search documents hold has changed.
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from showcase.extensions import db
from showcase.models.base import utcnow

QUEUED = "index_outbox_queued"  # session.info: product ids changed in this transaction
WRITTEN = "index_outbox_written"  # session.info: the committing transaction wrote rows
# Fields of a company or category copied into its products' search documents.
INDEXED_FIELDS = {"Company": ("names",), "Category": ("names", "code")}
SELECT_CHUNK = 500  # ids per IN list, well under every database's parameter limit


class IndexOutbox(db.Model):
    """A search-index update for one product; ``processed_at`` is set once it is applied."""

    __tablename__ = "index_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the row must outlive a deleted product so the index drops it too.
    product_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


def _indexed_fields_changed(obj, session: Session) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes()
               for name in INDEXED_FIELDS[type(obj).__name__])


def _changed_product_ids(session: Session) -> set[int]:
    """Ids of products whose indexed content this flush may have changed."""
    from showcase.models import Category, Company, Product, ProductImage, ProductText

    product_ids, company_ids, category_ids = set(), set(), set()
    # An object is "dirty" as soon as an attribute is set, even to the value it had: only
    # those with a net change count (re-importing an unchanged catalog must queue nothing).
    modified = (obj for obj in session.dirty if session.is_modified(obj, include_collections=False))
    for obj in (*session.new, *modified, *session.deleted):
        if isinstance(obj, Product):
            product_ids.add(obj.id)
        elif isinstance(obj, ProductText | ProductImage):
            product_ids.add(obj.product_id or (obj.product and obj.product.id))
        elif isinstance(obj, Company) and _indexed_fields_changed(obj, session):
            company_ids.add(obj.id)
        elif isinstance(obj, Category) and _indexed_fields_changed(obj, session):
            category_ids.add(obj.id)
    for column, ids in ((Product.company_id, company_ids), (Product.category_id, category_ids)):
        ids = sorted(ids - {None})
        for start in range(0, len(ids), SELECT_CHUNK):
            product_ids.update(session.execute(
                select(Product.id).where(column.in_(ids[start:start + SELECT_CHUNK]))).scalars())
    product_ids.discard(None)
    return product_ids


@event.listens_for(Session, "after_flush")
def _collect_changed_products(session: Session, _flush_context) -> None:
    product_ids = _changed_product_ids(session)
    if product_ids:
        session.info.setdefault(QUEUED, set()).update(product_ids)


@event.listens_for(Session, "before_commit")
def _queue_index_updates(session: Session) -> None:
    """Write one outbox row per product changed anywhere in the transaction."""
    if session.in_nested_transaction():
        return  # a savepoint's release: the outer transaction writes the rows
    session.flush()  # commit flushes after this hook: collect the last changes now
    product_ids = session.info.pop(QUEUED, None)
    if product_ids:
        session.execute(insert(IndexOutbox), [{"product_id": pid} for pid in sorted(product_ids)])
        session.info[WRITTEN] = True


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        # Extra ids from a rolled-back savepoint only cost a refresh; a whole transaction's
        # must not reach the next one.
        session.info.pop(QUEUED, None)
        session.info.pop(WRITTEN, None)
