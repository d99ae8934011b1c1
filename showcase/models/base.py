"""Column helpers shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class Timestamped:
    """Adds ``created_at`` and ``updated_at`` columns."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


def localized_column():
    """A JSON column holding ``{language code: text}``."""
    return mapped_column(JSON, default=dict, nullable=False)


def pick_localized(values: dict, languages: list[str]) -> tuple[str, str]:
    """Return ``(text, language)`` for the first language of ``languages`` present in
    ``values``, else any value at all; ``("", "")`` when ``values`` is empty."""
    for language in languages:
        if values.get(language):
            return values[language], language
    for language, text in sorted(values.items()):
        if text:
            return text, language
    return "", ""
