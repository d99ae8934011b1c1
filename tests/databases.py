"""A database of its own for every test app: SQLite inside the data directory, or, when the
suite runs with ``DATABASE_URL`` naming a PostgreSQL server, a database on that server.

Test data directories are copied from templates (an empty migrated one, one with the demo
catalog). With SQLite the copy holds the database file. With PostgreSQL the data directory holds
a file naming its database and the directory it belongs to; an app made for a copied directory
gets a new database cloned from the one named there (``CREATE DATABASE ... TEMPLATE``), so every
test still starts from the template's state and leaves it untouched.
"""

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

# Read once and removed from the environment: every app, and every process a test starts, must
# use its own database, never the server's default one.
SERVER_URL = os.environ.pop("DATABASE_URL", None)
NAME_FILE = "test-database"


def database_settings(data_dir: Path) -> dict:
    """Settings that give an app in ``data_dir`` its database (none: SQLite in the dir).

    A directory that names its own database (a second app on the same data, as a restarted
    process would be) keeps it; a copy of another directory gets a clone of that one's database.
    """
    if not SERVER_URL:
        return {}
    data_dir = Path(data_dir).resolve()
    name_file = data_dir / NAME_FILE
    name, owner = name_file.read_text().split("\n") if name_file.exists() else ("", "")
    if owner != str(data_dir):
        template, name = name, f"showcase_test_{uuid.uuid4().hex[:12]}"
        _execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        data_dir.mkdir(parents=True, exist_ok=True)
        name_file.write_text(f"{name}\n{data_dir}")
    url = make_url(SERVER_URL).set(database=name)
    return {"SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False)}


def release(app) -> None:
    """Close the app's connections: a PostgreSQL database is cloned only while none are open."""
    from showcase.extensions import db

    with app.app_context():
        db.engine.dispose()


def drop(app) -> None:
    """Close the app's connections and drop its PostgreSQL database."""
    release(app)
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if SERVER_URL and url.get_backend_name() == "postgresql":
        _execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def process_env(app, **extra) -> dict:
    """The environment for a ``showcase`` process working on ``app``'s data and database."""
    env = {"SHOWCASE_DATA_DIR": app.config["DATA_DIR"], "SECRET_KEY": "test",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), **extra}
    if SERVER_URL:
        env["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
    return env


_admin = None


def _execute(statement: str) -> None:
    global _admin
    if _admin is None:
        _admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with _admin.connect() as connection:
        connection.execute(text(statement))
