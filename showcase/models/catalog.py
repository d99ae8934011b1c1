"""Categories and the kinds of government designation a product can hold."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from showcase.extensions import db
from showcase.models.base import localized_column, pick_localized


@dataclass(frozen=True)
class DesignationType:
    """A designation programme: its code, display name and one-sentence explanation."""

    code: str
    label: str
    explanation: str


DESIGNATION_TYPES = {
    item.code: item
    for item in (
        DesignationType(
            "innovative-prototype",
            _l("Innovative prototype"),
            _l(
                "A new product the government buys as a first customer, so that it can be "
                "tried in real public service before it reaches the market."
            ),
        ),
        DesignationType(
            "excellent-rnd",
            _l("Excellent R&D product"),
            _l(
                "A product that grew out of government-funded research and development and "
                "proved its performance in public use."
            ),
        ),
        DesignationType(
            "excellent-procurement",
            _l("Excellent procurement product"),
            _l(
                "A product of proven quality and technology that public agencies may buy "
                "directly, without a competitive tender."
            ),
        ),
        DesignationType(
            "other-innovative",
            _l("Other innovative product"),
            _l(
                "A product recognised as innovative by another ministry's programme and "
                "listed for public buyers."
            ),
        ),
    )
}


def category_name_in(names: dict, code: str, languages: list[str]) -> tuple[str, str]:
    """``(name, language)`` of a category named ``names`` in the first available language of
    ``languages``; its code when it has no name at all."""
    name, language = pick_localized(names, languages)
    return (name or code), language


class Category(db.Model):
    """A product category, identified by a stable code, named per language."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    names: Mapped[dict] = localized_column()

    products = relationship("Product", back_populates="category")

    def name_in(self, languages: list[str]) -> tuple[str, str]:
        """``(name, language)`` in the first available language of ``languages``."""
        return category_name_in(self.names, self.code, languages)
