"""Products whose search documents must be refreshed once their transaction commits.

Rows are written by a flush listener in the same transaction as the change, so a rollback
leaves no trace and a crash after the commit leaves rows for the next drain to apply.
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer, event, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from showcase.extensions import db
from showcase.models.base import utcnow


class IndexOutbox(db.Model):
    """A search-index update for one product; ``processed_at`` is set once it is applied."""

    __tablename__ = "index_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the row must outlive a deleted product so the index drops it too.
    product_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


def _changed_product_ids(session: Session) -> set[int]:
    """Ids of products whose indexed content this flush may have changed."""
    from showcase.models import Category, Company, Product, ProductImage, ProductText

    product_ids, company_ids, category_ids = set(), set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Product):
            product_ids.add(obj.id)
        elif isinstance(obj, ProductText | ProductImage):
            product_ids.add(obj.product_id or (obj.product and obj.product.id))
        elif isinstance(obj, Company):
            company_ids.add(obj.id)
        elif isinstance(obj, Category):
            category_ids.add(obj.id)
    if company_ids or category_ids:
        product_ids.update(session.execute(
            select(Product.id).where(
                Product.company_id.in_(company_ids) | Product.category_id.in_(category_ids)
            )
        ).scalars())
    product_ids.discard(None)
    return product_ids


@event.listens_for(Session, "after_flush")
def _queue_index_updates(session: Session, _flush_context) -> None:
    product_ids = _changed_product_ids(session)
    if product_ids:
        session.execute(insert(IndexOutbox), [{"product_id": pid} for pid in product_ids])
        session.info["index_outbox_written"] = True
