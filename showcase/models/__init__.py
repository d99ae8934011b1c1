"""Database models, one module per aggregate. Models validate; they never commit."""

from showcase.models.audit import AuditEvent
from showcase.models.catalog import DESIGNATION_TYPES, Category, DesignationType
from showcase.models.company import Company, CompanyState, is_valid_registration_number
from showcase.models.outbox import IndexOutbox
from showcase.models.people import Role, User
from showcase.models.product import (
    LifecycleError,
    Product,
    ProductDocument,
    ProductImage,
    ProductRevision,
    ProductStatus,
    ProductText,
    RevisionState,
)
from showcase.models.venue import Inquiry, InquiryState, Shortlist, ShortlistItem

__all__ = [
    "AuditEvent",
    "Category",
    "Company",
    "CompanyState",
    "DESIGNATION_TYPES",
    "DesignationType",
    "IndexOutbox",
    "Inquiry",
    "InquiryState",
    "LifecycleError",
    "Product",
    "ProductDocument",
    "ProductImage",
    "ProductRevision",
    "ProductStatus",
    "ProductText",
    "RevisionState",
    "Role",
    "Shortlist",
    "ShortlistItem",
    "User",
    "is_valid_registration_number",
]
