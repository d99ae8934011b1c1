"""Products: the listing, its per-language texts, images, documents and pending revisions."""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.orm.collections import attribute_keyed_dict

from showcase import clock, rules
from showcase.extensions import db
from showcase.models.base import Timestamped, localized_column, pick_localized, utcnow

# The field rules each column is held to; drafts may leave a field empty.
PRODUCT_RULES = {
    "ref": rules.REF,
    "designation_number": rules.DESIGNATION_NUMBER,
    "classification_code": rules.CLASSIFICATION,
    "price_unit": rules.PRICE_UNIT,
    "certifications": rules.CERTIFICATIONS,
}
TEXT_RULES = {
    "name": rules.PRODUCT_NAME,
    "summary": rules.SUMMARY,
    "description": rules.DESCRIPTION,
    "keywords": rules.KEYWORDS,
}


class ProductStatus(enum.StrEnum):
    """The listing lifecycle; only published products are shown to visitors.

    A company writes a draft and submits it; staff publish it, send it back to draft with a
    comment (``review_note``), or reject it. A rejected or withdrawn listing can become a draft
    again.
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


ALLOWED_TRANSITIONS = {
    ProductStatus.DRAFT: {ProductStatus.SUBMITTED},
    ProductStatus.SUBMITTED: {ProductStatus.PUBLISHED, ProductStatus.DRAFT,
                              ProductStatus.REJECTED},
    ProductStatus.PUBLISHED: {ProductStatus.WITHDRAWN},
    ProductStatus.REJECTED: {ProductStatus.DRAFT},
    ProductStatus.WITHDRAWN: {ProductStatus.SUBMITTED, ProductStatus.DRAFT},
}


class LifecycleError(ValueError):
    """A status change the lifecycle does not allow."""

    def __init__(self, current: ProductStatus, wanted: ProductStatus):
        super().__init__(f"cannot go from {current.value} to {wanted.value}")
        self.current = current
        self.wanted = wanted


def designation_expired(valid_until: date | None, today: date | None = None) -> bool:
    """True once a designation valid until ``valid_until`` (None: for ever) has ended."""
    return valid_until is not None and valid_until < (today or clock.today())


def hall_of(booth: str) -> str:
    """The exhibition hall letter of ``booth`` (``A`` for ``A-12``), or ``""``."""
    return booth.split("-")[0] if booth else ""


def text_in(texts: dict, languages: list[str]):
    """Of ``texts`` (language -> a text with a ``name``), the one in the first language of
    ``languages`` that has a name, else any named one; None when none has a name."""
    named = {code: text for code, text in texts.items() if text.name}
    _, language = pick_localized({code: text.name for code, text in named.items()}, languages)
    return named.get(language)


class Product(Timestamped, db.Model):
    """A designated product listed by a company."""

    __tablename__ = "product"
    # The latest change is what public answers' Last-Modified reads (api_lists).
    __table_args__ = (Index("ix_product_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    # Empty only while a draft is being written: submitting needs a category.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    status: Mapped[ProductStatus] = mapped_column(
        Enum(ProductStatus, native_enum=False, length=16), default=ProductStatus.DRAFT, index=True
    )
    designation_type: Mapped[str] = mapped_column(String(32))
    designation_number: Mapped[str] = mapped_column(String(64), default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    classification_code: Mapped[str] = mapped_column(String(8), default="")
    certifications: Mapped[list] = mapped_column(JSON, default=list)
    price_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    price_currency: Mapped[str] = mapped_column(String(3), default="KRW")
    price_unit: Mapped[str] = mapped_column(String(16), default="")
    booth: Mapped[str] = mapped_column(String(8), default="")
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    # Order of featured products on the home page (lowest first); None sorts last.
    featured_position: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the company asked for at the venue ("near the entrance, 2 tables"); staff set booth.
    booth_request: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The staff's latest feedback on a submission, shown to the company in the portal.
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Staff decide per product whether a listing stays visible once its designation expired.
    visible_when_expired: Mapped[bool] = mapped_column(Boolean, default=True,
                                                       server_default=sa_true())
    # Thesaurus concept ids staff found wrong for this product: not shown as its tags.
    hidden_concepts: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # Optimistic locking for editors: every saved edit of the listing (or of its pending
    # revision) increments it; a form carries the number it was drawn with, and a save with an
    # older number is refused (showcase.services.listings).
    edit_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    company = relationship("Company", back_populates="products")
    category = relationship("Category", back_populates="products")
    # Loaded in the order they were written, on every database: search documents (and their
    # digests) join the texts in this order.
    texts = relationship(
        "ProductText",
        cascade="all, delete-orphan",
        collection_class=attribute_keyed_dict("language"),
        order_by="ProductText.id",
        back_populates="product",
    )
    images = relationship(
        "ProductImage",
        cascade="all, delete-orphan",
        order_by="ProductImage.position",
        back_populates="product",
    )
    documents = relationship("ProductDocument", cascade="all, delete-orphan",
                             order_by="ProductDocument.position")
    revisions = relationship(
        "ProductRevision", cascade="all, delete-orphan", order_by="ProductRevision.id"
    )

    @validates(*PRODUCT_RULES)
    def _check_field(self, key, value):
        return PRODUCT_RULES[key].enforce(value, allow_empty=True)

    @validates("booth")
    def _check_booth(self, _key, value: str) -> str:
        return rules.BOOTH.enforce((value or "").strip().upper())

    @validates("price_amount")
    def _check_price_amount(self, _key, value):
        rules.PRICE_AMOUNT.enforce(value)
        return rules.to_decimal(value) if value not in (None, "") else None

    def change_status(self, wanted: ProductStatus) -> None:
        """Move along the lifecycle; raise LifecycleError for a step it does not allow."""
        wanted = ProductStatus(wanted)
        if wanted not in ALLOWED_TRANSITIONS[self.status or ProductStatus.DRAFT]:
            raise LifecycleError(self.status, wanted)
        self.status = wanted
        if wanted == ProductStatus.PUBLISHED:
            self.published_at = utcnow()

    @property
    def is_published(self) -> bool:
        """Visible to visitors."""
        return self.status == ProductStatus.PUBLISHED

    def designation_expired(self, today: date | None = None) -> bool:
        """True once the designation's validity has ended."""
        return designation_expired(self.valid_until, today)

    @property
    def hall(self) -> str:
        """The exhibition hall letter of the booth (``A`` for ``A-12``), or ``""``."""
        return hall_of(self.booth)

    @property
    def languages(self) -> list[str]:
        """Languages this product has texts in, sorted."""
        return sorted(self.texts.keys())

    def text_in(self, languages: list[str]) -> "ProductText | None":
        """The text in the first available language of ``languages``, else any text."""
        return text_in(self.texts, languages)

    def set_text(self, language: str, **fields) -> "ProductText":
        """Create or update the text in ``language`` with ``fields``."""
        text = self.texts.get(language)
        if text is None:
            text = ProductText(language=language)
            self.texts[language] = text
        for name, value in fields.items():
            setattr(text, name, value)
        return text


class ProductText(db.Model):
    """A product's name, summary, description and keywords in one language."""

    __tablename__ = "product_text"
    __table_args__ = (UniqueConstraint("product_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    language: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    # Written or corrected by staff (translation grid), not by the company: the public page
    # says so beside the language note.
    staff_written: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    product = relationship("Product", back_populates="texts")

    @validates(*TEXT_RULES)
    def _check_field(self, key, value):
        return TEXT_RULES[key].enforce(value, allow_empty=True)

    @validates("language")
    def _check_language(self, _key, value: str) -> str:
        # Texts are kept under the canonical code only, so each language has one text.
        return rules.STORED_LANGUAGE.enforce(value)


class ProductImage(db.Model):
    """A stored, re-encoded image; ``key`` names its files in the uploads directory."""

    __tablename__ = "product_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the file the image was made from: stored files have random keys, so this is
    # how an import recognises a picture it has stored before.
    source_digest: Mapped[str] = mapped_column(String(64), default="", server_default="")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    alt: Mapped[dict] = localized_column()

    product = relationship("Product", back_populates="images")

    def alt_in(self, languages: list[str]) -> str:
        """Alternative text in the first available language of ``languages``."""
        return pick_localized(self.alt, languages)[0]


class ProductDocument(db.Model):
    """A brochure or data sheet (PDF) attached to a product."""

    __tablename__ = "product_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)


class RevisionState(enum.StrEnum):
    """A company's edit to a live listing waits for staff; at most one is open per product
    (pending, or sent back to the company for changes)."""

    PENDING = "pending"
    SENT_BACK = "sent_back"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN_REVISION_STATES = (RevisionState.PENDING, RevisionState.SENT_BACK)


class ProductRevision(db.Model):
    """Proposed changes to a published product: ``payload`` is a whole listing in the shape of
    :func:`showcase.services.listing_payload.snapshot`; ``base_version`` is the product's
    ``edit_version`` it was written against. Images in the payload name stored files by key."""

    __tablename__ = "product_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[RevisionState] = mapped_column(
        Enum(RevisionState, native_enum=False, length=16), default=RevisionState.PENDING
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The staff's comment to the company (why sent back or rejected).
    note: Mapped[str] = mapped_column(Text, default="")
    base_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), onupdate=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
