"""Changing product listings on behalf of companies and staff."""

from showcase.models import Product, ProductStatus
from showcase.services import audit


def change_status(product: Product, wanted: ProductStatus, actor=None) -> Product:
    """Move ``product`` along its lifecycle and audit it; raises LifecycleError. The caller's
    unit of work commits."""
    previous = product.status
    product.change_status(wanted)
    audit.record("product.status", product, actor,
                 before={"status": previous.value}, after={"status": product.status.value})
    return product
