"""``INSERT ... ON CONFLICT`` for the database in use: SQLite and PostgreSQL spell it alike, but
SQLAlchemy builds it from each dialect's own ``insert``."""

from sqlalchemy.dialects import postgresql, sqlite

from showcase.extensions import db

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def insert(table):
    """An insert into ``table`` that offers ``on_conflict_do_update`` and
    ``on_conflict_do_nothing`` on the session's database."""
    return _INSERTS[db.session.get_bind().dialect.name](table)
