"""What needs the staff's attention: sign-ups to approve, the review queue, designations
about to expire, and published listings missing the languages visitors read."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from showcase import clock
from showcase.extensions import db
from showcase.models import (
    Company,
    CompanyState,
    Product,
    ProductRevision,
    ProductStatus,
    ProductText,
    RevisionState,
)
from showcase.services.listing_payload import snapshot

# The languages of the delegations the event invites (Central, South-East and South Asia), in
# the order of their expected numbers. Each is an interface language of the public catalog,
# so a product without a text in one of them is shown to those visitors in English or Korean.
EVENT_LANGUAGES = ("th", "vi", "mn", "uz", "km", "id", "ur", "ru", "lo", "my", "kk", "ky",
                   "tg", "ne", "bn", "si")
EXPIRY_WINDOW_DAYS = 60
RECENT_DECISIONS = 50
DASHBOARD_ROWS = 10


@dataclass
class QueueItem:
    """One listing waiting for a staff decision: a submission, or a revision of a live
    listing (then ``revision`` is set)."""

    product: Product
    revision: ProductRevision | None
    waiting_since: datetime

    @property
    def kind(self) -> str:
        """ "submission" or "revision"."""
        return "submission" if self.revision is None else "revision"

    @property
    def subject(self) -> Product | ProductRevision:
        """What a decision is taken on."""
        return self.product if self.revision is None else self.revision

    @property
    def age_days(self) -> int:
        """Whole days it has waited (0 on the day it came in)."""
        return max(0, (clock.today() - self.waiting_since.date()).days)

    @property
    def token(self) -> str:
        """``ref:edit version``: what a queue checkbox sends, so that a decision is refused
        if the company changed the listing after the page was drawn."""
        return f"{self.product.ref}:{self.product.edit_version}"

    def live_payload(self) -> dict | None:
        """The listing visitors see now (None for a new submission)."""
        return None if self.revision is None else snapshot(self.product)

    def proposed_payload(self) -> dict:
        """What the company asks to publish."""
        return snapshot(self.product) if self.revision is None else self.revision.payload


@dataclass
class ExpiringDesignation:
    """A live listing whose designation ends soon."""

    product: Product
    days_left: int


@dataclass
class Dashboard:
    """The staff's start page."""

    pending_companies: list[Company]
    queue: list[QueueItem]
    expiring: list[ExpiringDesignation]
    published_count: int
    missing_by_language: list[tuple[str, int]]
    untranslated_count: int
    least_translated: list[tuple[Product, int]]


def review_queue() -> list[QueueItem]:
    """Submitted listings and pending revisions of live listings, oldest first. Revisions sent
    back are with the company and not in the queue."""
    submitted = db.session.scalars(
        select(Product).where(Product.status == ProductStatus.SUBMITTED)
        .options(selectinload(Product.texts), selectinload(Product.company)))
    items = [QueueItem(product, None, product.submitted_at or product.updated_at)
             for product in submitted]
    pending = db.session.execute(
        select(ProductRevision, Product)
        .join(Product, Product.id == ProductRevision.product_id)
        .where(ProductRevision.state == RevisionState.PENDING,
               Product.status == ProductStatus.PUBLISHED)
        .options(selectinload(Product.texts), selectinload(Product.company)))
    items += [QueueItem(product, revision, revision.updated_at or revision.created_at)
              for revision, product in pending]
    return sorted(items, key=lambda item: (item.waiting_since, item.product.ref))


def queue_item(ref: str) -> QueueItem | None:
    """The queue item of the listing ``ref``, or None when it waits for no decision."""
    product = db.session.scalar(select(Product).where(Product.ref == ref))
    if product is None:
        return None
    if product.status == ProductStatus.SUBMITTED:
        return QueueItem(product, None, product.submitted_at or product.updated_at)
    revision = next((revision for revision in product.revisions
                     if revision.state == RevisionState.PENDING), None)
    if product.status == ProductStatus.PUBLISHED and revision is not None:
        return QueueItem(product, revision, revision.updated_at or revision.created_at)
    return None


def pending_companies() -> list[Company]:
    """Companies whose sign-up waits for approval, oldest first."""
    return list(db.session.scalars(
        select(Company).where(Company.state == CompanyState.PENDING)
        .options(selectinload(Company.members)).order_by(Company.created_at, Company.id)))


def recently_decided_companies(limit: int = RECENT_DECISIONS) -> list[Company]:
    """Companies staff approved or rejected, the latest decision first."""
    return list(db.session.scalars(
        select(Company).where(Company.state != CompanyState.PENDING,
                              Company.reviewed_at.is_not(None))
        .options(selectinload(Company.members))
        .order_by(Company.reviewed_at.desc(), Company.id.desc()).limit(limit)))


def expiring_designations(days: int = EXPIRY_WINDOW_DAYS) -> list[ExpiringDesignation]:
    """Live listings whose designation ends between today and ``days`` from now, soonest
    first."""
    today = clock.today()
    products = db.session.scalars(
        select(Product).where(Product.status == ProductStatus.PUBLISHED,
                              Product.valid_until.between(today, today + timedelta(days=days)))
        .options(selectinload(Product.texts), selectinload(Product.company))
        .order_by(Product.valid_until, Product.ref))
    return [ExpiringDesignation(product, (product.valid_until - today).days)
            for product in products]


def missing_translations(languages=EVENT_LANGUAGES) -> list[tuple[str, int]]:
    """``(language, number of live listings without a name in it)`` for each of
    ``languages``, most missing first."""
    published = _published_count()
    having = dict(db.session.execute(
        select(ProductText.language, func.count(ProductText.product_id.distinct()))
        .join(Product, Product.id == ProductText.product_id)
        .where(Product.status == ProductStatus.PUBLISHED, ProductText.name != "",
               ProductText.language.in_(languages))
        .group_by(ProductText.language)).all())
    missing = [(language, published - having.get(language, 0)) for language in languages]
    return sorted(missing, key=lambda pair: -pair[1])


def least_translated(languages=EVENT_LANGUAGES, limit: int = DASHBOARD_ROWS
                     ) -> list[tuple[Product, int]]:
    """Live listings missing some of ``languages``: ``(product, how many of them it has)``,
    fewest first."""
    covered = _covered(languages)
    rows = db.session.execute(
        select(Product, covered).where(Product.status == ProductStatus.PUBLISHED,
                                       covered < len(languages))
        .options(selectinload(Product.texts), selectinload(Product.company))
        .order_by(covered, Product.ref).limit(limit))
    return [(product, covered_count) for product, covered_count in rows]


def untranslated_count(languages=EVENT_LANGUAGES) -> int:
    """How many live listings miss at least one of ``languages``."""
    return db.session.scalar(select(func.count()).select_from(Product).where(
        Product.status == ProductStatus.PUBLISHED, _covered(languages) < len(languages)))


def _covered(languages):
    """For a product row: how many of ``languages`` it has a name in (a scalar subquery)."""
    return (select(func.count()).select_from(ProductText)
            .where(ProductText.product_id == Product.id, ProductText.name != "",
                   ProductText.language.in_(languages))
            .correlate(Product).scalar_subquery())


def dashboard() -> Dashboard:
    """Everything the dashboard shows."""
    return Dashboard(
        pending_companies=pending_companies(),
        queue=review_queue(),
        expiring=expiring_designations(),
        published_count=_published_count(),
        missing_by_language=[pair for pair in missing_translations() if pair[1]],
        untranslated_count=untranslated_count(),
        least_translated=least_translated(),
    )


def _published_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Product)
                             .where(Product.status == ProductStatus.PUBLISHED))
