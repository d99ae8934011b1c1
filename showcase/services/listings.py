"""Changing product listings on behalf of companies and staff."""

from showcase.extensions import db
from showcase.models import Product, ProductStatus
from showcase.services import audit


def change_status(product: Product, wanted: ProductStatus, actor=None) -> Product:
    """Move ``product`` along its lifecycle, audit it and commit; raises LifecycleError."""
    previous = product.status
    product.change_status(wanted)
    audit.record("product.status", product, actor, previous=previous.value, status=wanted.value)
    db.session.commit()
    return product
