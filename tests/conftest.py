"""Shared fixtures: a fresh app, database and data directory for every test.

The schema is built once per session by running the real migrations, and the demo catalog
is imported once into a template data directory; each test gets its own copy of either.

As in Flask's tutorial, the ``app`` fixtures push no application context: a test that works
with the database directly asks for ``app_context`` (or ``demo_context``), and every test-client
request runs in an application context of its own, so ``g``, the database session and the
locale never leak from the test or from one request into the next.
"""

import itertools
import json
import os
import re
import shutil
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade

from showcase import create_app
from showcase.cli import DEMO_CATALOG
from tests import databases

REPO_ROOT = Path(__file__).resolve().parent.parent
# Every test sees this date as today unless it sets the clock itself: no test may start
# failing on a later date because a designation in its data expired.
PINNED_TODAY = date(2026, 12, 1)


class IsolatedClient(FlaskClient):
    """A test client whose every request gets a fresh application context, as a real server's
    does, even while the test itself holds one."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(data_dir: Path, **settings):
    """An app whose whole state lives in ``data_dir`` (and, on PostgreSQL, a database of its
    own); ``settings`` override the test ones."""
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True, "SECRET_KEY": "test",
                      "TODAY": PINNED_TODAY, "SEARCH_SYNC_ON_COMMIT": True,
                      # Real scrypt at a lower cost: hundreds of sign-ins stay quick.
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
                      **databases.database_settings(data_dir), **settings})
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    """A data directory with a migrated, empty database."""
    data_dir = tmp_path_factory.mktemp("empty-template")
    app = make_app(data_dir)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    databases.release(app)
    return data_dir


@contextmanager
def app_with_catalog(empty_template: Path, data_dir: Path, catalog: Path):
    """Inside the context of an app in ``data_dir`` (a copy of the empty template) with
    ``catalog`` imported: ``(app, import report)``."""
    from showcase.extensions import db
    from showcase.services.importer import import_catalog

    shutil.copytree(empty_template, data_dir)
    app = make_app(data_dir)
    try:
        with app.app_context():
            yield app, import_catalog(catalog, on_batch=db.session.commit)
    finally:
        databases.release(app)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, empty_template) -> Path:
    """A data directory holding the imported demo catalog."""
    data_dir = tmp_path_factory.mktemp("demo-template") / "data"
    with app_with_catalog(empty_template, data_dir, DEMO_CATALOG) as (_app, report):
        assert report.ok, report.errors[:5]
    return data_dir


def copy_data_dir(template: Path, data_dir: Path) -> None:
    """Copy a template data directory. Stored media are hard-linked, not copied: their files
    are written once under a random key and never changed in place (only removed), so a test
    can delete them without touching the template, and thousands of files need no copying."""
    uploads = template / "uploads"

    def link_media(source, target):
        if Path(source).is_relative_to(uploads):
            try:
                return os.link(source, target)
            except OSError:  # another file system: copy instead
                pass
        return shutil.copy2(source, target)

    shutil.copytree(template, data_dir, copy_function=link_media)


def _app_from(template: Path, tmp_path: Path, name: str):
    data_dir = tmp_path / name
    copy_data_dir(template, data_dir)
    return make_app(data_dir)


def _own_app(template: Path, tmp_path: Path, name: str):
    """An app on a copy of ``template``, its database dropped when the test is done."""
    app = _app_from(template, tmp_path, name)
    yield app
    databases.drop(app)


@pytest.fixture
def app(empty_template, tmp_path):
    """An app with an empty, migrated database of its own (no context pushed)."""
    yield from _own_app(empty_template, tmp_path, "data")


@pytest.fixture
def app_context(app):
    """``app`` with an application context pushed, for tests that use the database."""
    with app.app_context():
        yield app


@pytest.fixture
def demo_app(demo_template, tmp_path):
    """An app with its own copy of the demo catalog (no context pushed)."""
    yield from _own_app(demo_template, tmp_path, "demo-data")


@pytest.fixture
def demo_context(demo_app):
    """``demo_app`` with an application context pushed."""
    with demo_app.app_context():
        yield demo_app


class Clock:
    """Sets the date an app treats as today (``showcase.clock.today``)."""

    def __init__(self, *apps):
        self.apps = apps

    def set(self, day: date) -> None:
        for app in self.apps:
            app.config["TODAY"] = day


@pytest.fixture
def clock(request):
    """Moves today's date for whichever of ``app`` and ``demo_app`` the test uses."""
    apps = [request.getfixturevalue(name) for name in ("app", "demo_app")
            if name in request.fixturenames]
    return Clock(*apps)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def demo_records() -> list[dict]:
    """Every record of the demo catalog file, in file order."""
    with DEMO_CATALOG.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_catalog(folder: Path, records: list, lines: list[str] | None = None) -> Path:
    """Write ``records`` (plus raw ``lines``) as an import file in ``folder``, copying the
    demo images they name; return the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        for image in record.get("images", []) if isinstance(record, dict) else []:
            source = DEMO_CATALOG.parent / image
            if source.exists():
                (folder / image).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, folder / image)
    path = folder / "catalog.jsonl"
    text = [json.dumps(record, ensure_ascii=False) for record in records] + (lines or [])
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


TEST_PASSWORD = "correct horse battery staple"
_CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def sign_in(client, email: str, password: str = TEST_PASSWORD, lang: str = "en", next_path=None):
    """Submit the real sign-in form (with the CSRF token it was served with); the response."""
    page = client.get(f"/{lang}/account/sign-in").get_data(as_text=True)
    token = _CSRF_FIELD.search(page).group(1)
    query = {"next": next_path} if next_path else {}
    return client.post(f"/{lang}/account/sign-in", query_string=query,
                       data={"csrf_token": token, "email": email, "password": password})


@pytest.fixture
def login_as(request):
    """``login_as(role, company=None, client=None) -> User``: create a user with ``role``
    ("company", "staff" or "admin") and sign them in through the sign-in form.

    The client is the test's ``demo_client`` or ``client`` unless given. A company member joins
    ``company`` (a Company or a registration number), else a new company of their own. The
    returned user is detached: read its fields, or load it again by id in a session.
    """
    from showcase import unit_of_work
    from showcase.extensions import db
    from showcase.models import Company
    from showcase.services.accounts import create_user

    made = itertools.count(1)

    def login(role: str, company=None, client=None):
        if client is None:
            name = "demo_client" if "demo_client" in request.fixturenames else "client"
            client = request.getfixturevalue(name)
        number = next(made)
        with client.application.app_context():
            with unit_of_work.committed():
                if role == "company" and company is None:
                    company = Company(registration_number=_registration_number(number),
                                      names={"en": f"Member Company {number}"})
                    db.session.add(company)
                    db.session.flush()
                registration = getattr(company, "registration_number", company)
                user = create_user(f"{role}-{number}@example.test", role, TEST_PASSWORD,
                                   registration)
            db.session.refresh(user)
            db.session.expunge(user)
        response = sign_in(client, user.email)
        assert response.status_code == 302, f"{user.email} could not sign in"
        return user

    return login


def _registration_number(serial: int) -> str:
    """A valid Korean business registration number (check digit included) for ``serial``."""
    digits = [int(d) for d in f"{900000000 + serial:09d}"]
    weights = [1, 3, 7, 1, 3, 7, 1, 3, 5]
    total = sum(d * w for d, w in zip(digits, weights, strict=True)) + digits[8] * 5 // 10
    plain = "".join(map(str, digits)) + str((10 - total % 10) % 10)
    return f"{plain[:3]}-{plain[3:5]}-{plain[5:]}"
