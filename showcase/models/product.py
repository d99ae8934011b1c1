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
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
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
    """The listing lifecycle; only published products are shown to visitors."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


ALLOWED_TRANSITIONS = {
    ProductStatus.DRAFT: {ProductStatus.SUBMITTED},
    ProductStatus.SUBMITTED: {ProductStatus.PUBLISHED, ProductStatus.DRAFT},
    ProductStatus.PUBLISHED: {ProductStatus.WITHDRAWN},
    ProductStatus.WITHDRAWN: {ProductStatus.SUBMITTED, ProductStatus.DRAFT},
}


class LifecycleError(ValueError):
    """A status change the lifecycle does not allow."""

    def __init__(self, current: ProductStatus, wanted: ProductStatus):
        super().__init__(f"cannot go from {current.value} to {wanted.value}")
        self.current = current
        self.wanted = wanted


class Product(Timestamped, db.Model):
    """A designated product listed by a company."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
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
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

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
    documents = relationship("ProductDocument", cascade="all, delete-orphan")
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
        return self.valid_until is not None and self.valid_until < (today or clock.today())

    @property
    def hall(self) -> str:
        """The exhibition hall letter of the booth (``A`` for ``A-12``), or ``""``."""
        return self.booth.split("-")[0] if self.booth else ""

    @property
    def languages(self) -> list[str]:
        """Languages this product has texts in, sorted."""
        return sorted(self.texts.keys())

    def text_in(self, languages: list[str]) -> "ProductText | None":
        """The text in the first available language of ``languages``, else any text."""
        texts = {code: text for code, text in self.texts.items() if text.name}
        _, language = pick_localized({code: t.name for code, t in texts.items()}, languages)
        return texts.get(language)

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


class RevisionState(enum.StrEnum):
    """A company's edit to a live listing waits for staff."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ProductRevision(db.Model):
    """Proposed changes to a published product, in the exchange format's shape."""

    __tablename__ = "product_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[RevisionState] = mapped_column(
        Enum(RevisionState, native_enum=False, length=16), default=RevisionState.PENDING
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
