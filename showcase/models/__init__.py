"""Database models, one module per aggregate. Models validate; they never commit."""

from showcase.models.audit import AuditEvent
from showcase.models.catalog import DESIGNATION_TYPES, Category, DesignationType
from showcase.models.company import Company, CompanyState, is_valid_registration_number
from showcase.models.outbox import IndexOutbox
from showcase.models.people import Role, User
from showcase.models.product import (
    OPEN_REVISION_STATES,
    LifecycleError,
    Product,
    ProductDocument,
    ProductImage,
    ProductRevision,
    ProductStatus,
    ProductText,
    RevisionState,
)
from showcase.models.setting import Setting
from showcase.models.venue import (
    Inquiry,
    InquiryKind,
    InquiryState,
    ProductCounter,
    Shortlist,
    ShortlistItem,
)

__all__ = [
    "AuditEvent",
    "Category",
    "Company",
    "CompanyState",
    "DESIGNATION_TYPES",
    "DesignationType",
    "IndexOutbox",
    "Inquiry",
    "InquiryKind",
    "InquiryState",
    "OPEN_REVISION_STATES",
    "LifecycleError",
    "Product",
    "ProductDocument",
    "ProductCounter",
    "ProductImage",
    "ProductRevision",
    "ProductStatus",
    "ProductText",
    "RevisionState",
    "Role",
    "Setting",
    "Shortlist",
    "ShortlistItem",
    "User",
    "is_valid_registration_number",
]
