"""Settings staff change at run time, kept as JSON under a key."""

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from showcase.extensions import db


class Setting(db.Model):
    """One setting: remembered header mappings of designation-list imports
    (``designations.mapping``), staff-written explanations of designation types
    (``designation-type:<code>``), and the like."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON, default=dict)
